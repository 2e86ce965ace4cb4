"""The example site built by each engine (MkDocs, ProperDocs, Zensical + `portraits index`), in a
real browser: the project's stylesheet applies, and search finds the expected portrait from the
search page and from the home page's finder, beside its live filters."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from engine_sites import ENGINES

from .conftest import serve


@pytest.fixture(scope="module", params=ENGINES)
def engine_url(request, engine_sites):
    """(engine, base URL) of the example site built by each engine, served on 127.0.0.1."""
    for url in serve(engine_sites[request.param]):
        yield request.param, url


READY = "#portrait-finder[aria-busy=false]"  # the finder has loaded its indexes, or answered


def find(page: Page, url: str, words: str, results: str) -> list[str]:
    """Open `url`, type `words` in the finder; the paths of the `results` links, in order."""
    page.goto(url)
    page.wait_for_selector(READY, timeout=15_000)
    page.locator("#portrait-finder-q").press_sequentially(words, delay=15)
    page.wait_for_selector(READY, timeout=15_000)
    return [re.sub(r"^https?://[^/]+", "", link.evaluate("a => a.href")) for link in page.locator(results).all()]


def test_the_stylesheet_applies(page: Page, engine_url):
    _, base = engine_url
    page.goto(base + "/portraits/camille-ouellet/")
    expect(page.locator(".portrait-header")).to_be_visible()
    style = page.evaluate("""() => ({
        radius: getComputedStyle(document.documentElement).getPropertyValue('--portrait-radius').trim(),
        header: getComputedStyle(document.querySelector('.portrait-header')).display,
        photo: getComputedStyle(document.querySelector('.portrait-photo')).borderRadius,
    })""")
    # the reading design: the hero is a grid, the photo shown whole with rounded corners (not a circle)
    assert style == {"radius": "0.4rem", "header": "grid", "photo": "8px"}


def test_the_search_page_finds_the_portrait(page: Page, engine_url):
    _, base = engine_url
    assert find(page, base + "/search/", "vigie", "[data-results] > li > a")[0] == "/portraits/camille-ouellet/"


def test_the_home_search_box_and_filters_work(page: Page, engine_url):
    engine, base = engine_url
    cards = find(page, base + "/", "vigie", ".portrait-card > a:visible")  # portraits.js ran, the index loaded
    assert cards == ["/portraits/camille-ouellet/"], engine
    expect(page.locator("#portrait-finder select")).to_have_count(6)  # the live filters
    page.locator(".md-header a.portrait-search-button").click()
    expect(page).to_have_url(base + "/search/")
