"""The example site built by each engine (MkDocs, ProperDocs, Zensical + `portraits index`), in a
real browser: the project's stylesheet applies, and search finds the expected portrait from the
search page and from the home page's box."""

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


def result_paths(page: Page) -> list[str]:
    titles = page.locator(".pagefind-ui__result-title a")
    expect(titles.first).to_be_visible(timeout=15_000)
    return [re.sub(r"^https?://[^/]+", "", href or "") for href in
            (link.get_attribute("href") for link in titles.all())]


def test_the_stylesheet_applies(page: Page, engine_url):
    _, base = engine_url
    page.goto(base + "/portraits/camille-ouellet/")
    expect(page.locator(".portrait-header")).to_be_visible()
    style = page.evaluate("""() => ({
        radius: getComputedStyle(document.documentElement).getPropertyValue('--portrait-radius').trim(),
        header: getComputedStyle(document.querySelector('.portrait-header')).display,
        photo: getComputedStyle(document.querySelector('.portrait-photo')).borderRadius,
    })""")
    assert style == {"radius": "0.4rem", "header": "flex", "photo": "50%"}


def test_the_search_page_finds_the_portrait(page: Page, engine_url):
    _, base = engine_url
    page.goto(base + "/search/")
    page.locator(".pagefind-ui__search-input").press_sequentially("vigie", delay=15)
    assert result_paths(page)[0] == "/portraits/camille-ouellet/"


def test_the_home_search_box_and_filters_work(page: Page, engine_url):
    engine, base = engine_url
    page.goto(base + "/")
    expect(page.locator("#portrait-facets")).to_be_visible(timeout=15_000)  # portraits.js ran, filters loaded
    page.locator("#portrait-search .pagefind-ui__search-input").press_sequentially("vigie", delay=15)
    assert "/portraits/camille-ouellet/" in result_paths(page), engine
    page.locator(".md-header a.portrait-search-button").click()
    expect(page).to_have_url(base + "/search/")
