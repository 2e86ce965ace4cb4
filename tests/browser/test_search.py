"""Search and browsing in a real browser, on a site made for it: accents, inflections, names
ranked first, results naming the question, filters without a server, and pagination."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date, timedelta

import pytest
import yaml
from playwright.sync_api import Page, expect

from .conftest import serve

SITE = """\
site_name: Search test
site_url: https://example.org/
theme:
  name: material
  font: false
plugins:
  - portraits:
      search_index_size: 7  # 30 portraits in 5 batches, merged into one index: every search below crosses them
"""

FILLER = "Nous parlons de communauté, de contenus et de patience avec les membres."


def portrait(name: str, published: date, answers: dict[str, str], **fields) -> dict:
    return {"name": name, "published": published, **fields,
            "interview": [{"question": q, "answer": a} for q, a in answers.items()]}


@pytest.fixture(scope="module")
def search_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("search-site")
    (folder / "docs").mkdir()
    (folder / "mkdocs.yml").write_text(SITE, encoding="utf-8")
    portraits = folder / "portraits"
    portraits.mkdir()
    people = {
        "zoe-marchand": portrait("Zoé Marchand", date(2024, 5, 1), {
            "Quel est ton meilleur coup ?": "Une campagne menée en rétroconception des concours de la chaîne.",
            "Comment vois-tu l’avenir ?": "Une stratégie claire, toujours.",
        }, tools=["Hootsuite"], tags=["radio"]),
        "paul-girard": portrait("Paul Girard", date(2023, 4, 1), {
            "Qui admires-tu ?": "J’admire Zoé Marchand depuis longtemps, et aussi les bons outils.",
            "What about managers?": "A good manager listens first.",
        }, tools=["Buffer"], language="en"),
    }
    start = date(2020, 1, 1)
    for index in range(28):  # enough for a second page of cards on the home page
        people[f"filler-{index:02d}"] = portrait(f"Personne Numéro {index:02d}", start + timedelta(days=index),
                                                 {"Comment as-tu commencé ?": FILLER}, tools=["Canva"])
    for slug, data in people.items():
        (portraits / f"{slug}.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=folder, capture_output=True,
                            text=True, timeout=300, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    yield from serve(folder / "site")


READY = "#portrait-finder[aria-busy=false]"


def search(page: Page, base: str, words: str) -> list[str]:
    """Type `words` in the search page; the paths of the results, best first."""
    page.goto(base + "/search/")
    page.wait_for_selector(READY, timeout=15_000)
    page.locator("#portrait-finder-q").press_sequentially(words, delay=15)
    page.wait_for_selector(READY, timeout=15_000)
    return [re.sub(r"^https?://[^/]+", "", a.evaluate("a => a.href"))
            for a in page.locator("[data-results] > li > a").all()]


def test_words_typed_without_accents_find_accented_text(page: Page, search_site: str):
    assert search(page, search_site, "retroconception") == ["/portraits/zoe-marchand/"]


def test_other_inflections_match(page: Page, search_site: str):
    assert search(page, search_site, "strategies") == ["/portraits/zoe-marchand/"]
    assert search(page, search_site, "strategie") == ["/portraits/zoe-marchand/"]
    assert search(page, search_site, "managers") == ["/portraits/paul-girard/"]
    assert search(page, search_site, "manager") == ["/portraits/paul-girard/"]


def test_a_persons_name_finds_that_person(page: Page, search_site: str):
    # Paul Girard's answer names her: her name finds her only (the mention is on her page, "Cité dans")
    assert search(page, search_site, "Zoe Marchand") == ["/portraits/zoe-marchand/"]
    assert search(page, search_site, "admire Zoe") == ["/portraits/paul-girard/"]
    assert search(page, search_site, "Zoe Marchandise") == []  # every word must occur


def test_results_name_the_question_where_the_words_are(page: Page, search_site: str):
    search(page, search_site, "rétroconception")
    sub = page.locator("[data-results] .portrait-card-match a").first
    expect(sub).to_have_text("Quel est ton meilleur coup ?")
    assert sub.get_attribute("href").endswith("/portraits/zoe-marchand/#quel-est-ton-meilleur-coup")


def test_filters_on_the_home_page_filter_the_cards_across_every_index(page: Page, search_site: str):
    page.goto(search_site + "/")
    page.wait_for_selector(READY, timeout=15_000)
    cards = page.locator(".portrait-card-name:visible")
    page.select_option("select[name=outil]", "Hootsuite")
    page.wait_for_selector(READY)
    expect(cards).to_have_count(1)
    expect(cards.first).to_have_text("Zoé Marchand")
    page.select_option("select[name=outil]", "Canva")
    page.select_option("select[name=annee]", "2020")
    page.wait_for_selector(READY)
    expect(page.locator("[data-status]")).to_have_text("28 portraits")
    expect(cards).to_have_count(24)  # a page of cards, then more: from every index
    page.locator("[data-more]").click()
    expect(cards).to_have_count(28)
    # a choice that would leave nothing is shown as such and cannot be made
    expect(page.locator("select[name=langue] option[value=anglais]")).to_have_text("anglais (0)")
    expect(page.locator("select[name=langue] option[value=anglais]")).to_be_disabled()
    page.select_option("select[name=outil]", "")
    page.select_option("select[name=annee]", "")
    page.select_option("select[name=langue]", "anglais")
    page.wait_for_selector(READY)
    expect(cards).to_have_count(1)
    expect(cards.first).to_have_text("Paul Girard")


def test_the_home_page_search_box_searches_every_index(page: Page, search_site: str):
    page.goto(search_site + "/")
    page.wait_for_selector(READY, timeout=15_000)
    page.locator("#portrait-finder-q").press_sequentially("communaute", delay=15)
    page.wait_for_selector(READY)
    expect(page.locator("[data-status]")).to_have_text("28 portraits")
    expect(page.locator(".portrait-pagination")).to_be_hidden()  # the results are the whole series


def test_filters_narrow_a_search(page: Page, search_site: str):
    search(page, search_site, "communauté")
    expect(page.locator("[data-status]")).to_have_text("28 portraits")
    expect(page.locator("select[name=outil] option[value=Hootsuite]")).to_have_text("Hootsuite (0)")
    expect(page.locator("select[name=outil] option[value=Hootsuite]")).to_be_disabled()
    page.select_option("select[name=outil]", "Canva")
    page.wait_for_selector(READY)
    expect(page.locator("[data-status]")).to_have_text("28 portraits")


def test_more_results_than_one_batch_of_cards(page: Page, search_site: str):
    search(page, search_site, "patience")
    expect(page.locator("[data-status]")).to_have_text("28 portraits")
    expect(page.locator("[data-results] > li")).to_have_count(24)
    page.locator("[data-more]").click()
    expect(page.locator("[data-results] > li")).to_have_count(28)
    expect(page.locator("[data-more]")).to_be_hidden()


def test_home_page_paginates_the_cards(page: Page, search_site: str):
    page.goto(search_site + "/")
    cards = page.locator(".portrait-cards > .portrait-card")
    expect(cards).to_have_count(24)
    expect(cards.first).to_contain_text("Zoé Marchand")  # newest first
    page.locator(".portrait-pagination a[rel=next]").click()
    expect(page).to_have_url(search_site + "/page/2/")
    expect(cards).to_have_count(6)
    expect(cards.last).to_contain_text("Personne Numéro 00")
    page.locator(".portrait-pagination a[rel=prev]").click()
    expect(page).to_have_url(search_site + "/")
