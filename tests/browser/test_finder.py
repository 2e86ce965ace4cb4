"""The home page's search box and facets, and search precision, on the example site in a real
Chromium: queries find exactly the portraits that hold every word asked (accents and
inflections aside), names first; facets filter the cards themselves, with counts that follow,
combined with the query, kept in the address; without JavaScript the home is a full card list.

Expectations about tools are read from the interview files, not from the generator."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import frontmatter
import pytest
import yaml
from playwright.sync_api import Page, expect

ROOT = Path(__file__).resolve().parents[2]
FINDER = "#portrait-finder"
READY = "#portrait-finder[aria-busy=false]"


def published_portraits() -> dict[str, dict]:
    """slug → metadata of each published portrait of the example site."""
    found = {}
    for path in sorted((ROOT / "portraits").iterdir()):
        if path.name.startswith("_") or path.suffix not in {".yml", ".yaml", ".md"}:
            continue
        data = frontmatter.load(path).metadata if path.suffix == ".md" else yaml.safe_load(path.read_text("utf-8"))
        published = data["published"] if isinstance(data["published"], date) else date.fromisoformat(str(data["published"]))
        if not data.get("draft") and published <= date.today():
            found[path.stem] = data
    return found


PORTRAITS = published_portraits()


def using(tool: str) -> set[str]:
    return {slug for slug, data in PORTRAITS.items() if tool in (data.get("tools") or [])}


def slug_of(href: str) -> str:
    return re.search(r"(?:^|/)portraits/([^/]+)/", urlsplit(href).path).group(1)


def open_home(page: Page, base: str, query: str = "") -> None:
    page.goto(base + "/" + query)
    page.wait_for_selector(READY, timeout=15_000)


def search(page: Page, words: str) -> list[str]:
    """Type `words` in the home page's box (after a reset); the slugs of the result cards, in order."""
    page.locator("[data-reset]").click()
    page.wait_for_selector(READY)
    page.locator("#portrait-finder-q").press_sequentially(words, delay=10)
    page.wait_for_selector(READY, timeout=15_000)
    return shown(page)


def shown(page: Page) -> list[str]:
    """Slugs of the cards a reader sees, in order."""
    return [slug_of(a.get_attribute("href")) for a in page.locator(".portrait-card > a:visible").all()]


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).lower()


def is_name(query: str, slug: str) -> bool:
    """Is every word of `query` a word of the portrait's name (accents and case aside)?"""
    name = set(re.findall(r"\w+", fold(PORTRAITS[slug]["name"])))
    return set(re.findall(r"\w+", fold(query))) <= name


# (query, expected first result or None for no result at all); a query made of words of a
# person's name must list that person only, not the portraits that mention them.
QUERIES = [
    # names, with or without accents, first or last name, hyphenated
    ("Camille Ouellet", "camille-ouellet"),
    ("camille", "camille-ouellet"),
    ("OUELLET", "camille-ouellet"),
    ("Ines Benali", "ines-benali"),
    ("benali", "ines-benali"),
    ("Kabore", "samuel-kabore"),
    ("Samuel Kaboré", "samuel-kabore"),
    ("Priya Raman", "priya-raman"),
    ("whitcombe", "hannah-whitcombe"),
    ("Tremblay-Nadeau", "olivier-tremblay-nadeau"),
    ("tremblay nadeau", "olivier-tremblay-nadeau"),
    ("lea fontaine", "lea-fontaine-moreau"),
    ("Mathieu Brassard", "mathieu-brassard"),
    ("Olivier", "olivier-tremblay-nadeau"),
    # nicknames
    ("la vigie", "camille-ouellet"),
    ("Monsieur Detour", "olivier-tremblay-nadeau"),
    # words in no portrait: nothing, not a near miss ("sans", "que", "micro" are on the site)
    ("Sansregret", None),
    ("quebec", None),
    ("microbrasseries", None),
    ("queb", None),
    ("Zoé Marchand", None),
    ("Dupontel", None),
    ("camille xylophone", None),
    ("retroconception", None),
    # inflections and missing accents
    ("strategie", "mathieu-brassard"),
    ("stratégies", "mathieu-brassard"),
    ("ambassadeur", "samuel-kabore"),
    ("ambassadeurs", "samuel-kabore"),
    ("cooperative", "lea-fontaine-moreau"),
    ("verification", "ines-benali"),
    ("librairies", "lea-fontaine-moreau"),
    ("fediverse", "hannah-whitcombe"),
    # several words: each must occur
    ("librairie independante", "lea-fontaine-moreau"),
    ("transport collectif", "olivier-tremblay-nadeau"),
]


@pytest.fixture(scope="module")
def home(browser, site_url):
    page = browser.new_page()
    open_home(page, site_url)
    yield page
    page.close()


def test_enough_queries_are_asserted():
    assert len(QUERIES) >= 30
    assert sum(expected is None for _, expected in QUERIES) >= 6
    assert sum(bool(expected) and is_name(query, expected) for query, expected in QUERIES) >= 10


@pytest.mark.parametrize("query,expected", QUERIES, ids=[q for q, _ in QUERIES])
def test_query_finds_its_portrait_first_or_nothing(home: Page, query: str, expected: str | None):
    results = search(home, query)
    status = home.locator("[data-status]")
    if expected is None:
        assert results == [], f"{query!r} is in no portrait, yet lists {results}"
        expect(status).to_have_text("Aucun portrait")
    elif is_name(query, expected):
        assert results == [expected], f"{query!r} names {expected} only, yet lists {results}"
        expect(status).to_have_text("1 portrait")
    else:
        assert results and results[0] == expected, f"{query!r}: first result {results[:3]}, expected {expected}"
        expect(status).to_have_text("1 portrait" if len(results) == 1 else f"{len(results)} portraits")
    assert home.locator(".portrait-cards[data-finder-cards]").is_hidden()


def test_results_show_photo_name_headline_and_the_matching_question(home: Page, site_url: str):
    results = search(home, "ambassadeurs")
    assert results == ["samuel-kabore"]
    card = home.locator("[data-results] > li").first
    expect(card.locator("img")).to_have_attribute("alt", re.compile(r"\S"))
    assert card.locator("img").evaluate("img => img.complete && img.naturalWidth > 0")
    expect(card.locator(".portrait-card-name")).to_have_text(PORTRAITS["samuel-kabore"]["name"])
    expect(card.locator(".portrait-card-headline")).to_have_text(PORTRAITS["samuel-kabore"]["headline"])
    question = card.locator(".portrait-card-match a")
    expect(question).to_have_text(re.compile(r"\?$"))  # a question, not the page's title
    assert "#" in question.get_attribute("href")
    expect(card.locator(".portrait-card-match mark").first).to_have_text(re.compile("ambassadeur", re.I))


def test_the_index_keeps_chips_apart(home: Page):
    contents = home.evaluate("""async () => {
      const pagefind = await import(new URL("pagefind/pagefind.js", document.baseURI).href);
      const search = await pagefind.search("hootsuite");
      return Promise.all(search.results.map(async (r) => (await r.data()).content));
    }""")
    assert contents and not any(re.search(r"Hootsuite(Canva|Figma|Notion|Slack|WordPress)", c) for c in contents)
    assert any("Hootsuite Canva Slack" in c for c in contents)


def test_choosing_a_tool_leaves_exactly_its_portraits(page: Page, site_url: str):
    open_home(page, site_url)
    tool = page.locator("select[name=outil]")
    expect(page.locator("label", has=tool)).to_contain_text("Outil")
    for name in ("Hootsuite", "Canva", "Notion"):
        tool.select_option(name)
        page.wait_for_selector(READY)
        expected = using(name)
        assert expected, name
        assert set(shown(page)) == expected and len(shown(page)) == len(expected)
        expect(page.locator("[data-status]")).to_have_text(f"{len(expected)} portraits")
        assert parse_qs(urlsplit(page.url).query) == {"outil": [name]}
        # the chosen facet's counts stay those of the other choices: every tool stays choosable
        expect(tool.locator(f"option[value='{name}']")).to_have_text(f"{name} ({len(expected)})")


def test_counts_follow_the_choices(page: Page, site_url: str):
    open_home(page, site_url)
    year = page.locator("select[name=annee]")
    before = {o.get_attribute("value"): o.inner_text() for o in year.locator("option").all()}
    page.locator("select[name=outil]").select_option("Canva")
    page.wait_for_selector(READY)
    canva = using("Canva")
    years = {str(PORTRAITS[slug]["published"])[:4] for slug in canva}
    for value, label in ((o.get_attribute("value"), o.inner_text()) for o in year.locator("option").all()):
        if not value:
            continue
        count = sum(str(PORTRAITS[slug]["published"]).startswith(value) for slug in canva)
        assert label == f"{value} ({count})", (label, count)
        assert year.locator(f"option[value='{value}']").is_disabled() == (count == 0)
    after = {o.get_attribute("value"): o.inner_text() for o in year.locator("option").all()}
    assert after != before and years


def test_facets_combine_with_the_query_and_survive_a_reload(page: Page, site_url: str):
    open_home(page, site_url)
    words = search(page, "communaute")
    page.locator("[data-reset]").click()
    page.wait_for_selector(READY)
    page.locator("select[name=outil]").select_option("Hootsuite")
    page.wait_for_selector(READY)
    tool = set(shown(page))
    page.locator("#portrait-finder-q").press_sequentially("communaute", delay=10)
    page.wait_for_selector(READY)
    both = shown(page)
    assert both and set(both) == set(words) & tool and set(both) < set(words) | tool
    assert parse_qs(urlsplit(page.url).query) == {"q": ["communaute"], "outil": ["Hootsuite"]}
    page.reload()
    page.wait_for_selector(READY, timeout=15_000)
    expect(page.locator("#portrait-finder-q")).to_have_value("communaute")
    expect(page.locator("select[name=outil]")).to_have_value("Hootsuite")
    assert shown(page) == both


def test_reset_brings_back_every_card(page: Page, site_url: str):
    open_home(page, site_url, "?q=strategie&outil=Notion")
    assert 0 < len(shown(page)) < len(PORTRAITS)
    reset = page.locator("[data-reset]")
    expect(reset).to_be_visible()
    reset.focus()
    page.keyboard.press("Enter")  # keyboard usable
    page.wait_for_selector(READY)
    assert urlsplit(page.url).query == ""
    expect(page.locator("#portrait-finder-q")).to_have_value("")
    expect(page.locator("#portrait-finder-q")).to_be_focused()
    assert sorted(shown(page)) == sorted(PORTRAITS)
    expect(page.locator("[data-results]")).to_be_hidden()
    expect(page.locator("[data-status]")).to_have_text(f"{len(PORTRAITS)} portraits")


def test_one_search_interface_no_empty_panel(page: Page, site_url: str):
    open_home(page, site_url)
    expect(page.locator(".pagefind-ui, .portrait-facets")).to_have_count(0)
    expect(page.locator(FINDER)).to_be_visible()
    expect(page.locator("[data-results]")).to_be_hidden()
    expect(page.locator("[data-status]")).to_have_text(f"{len(PORTRAITS)} portraits")
    assert page.locator(".portrait-card > a:visible").count() == len(PORTRAITS)
    # labelled controls and a live region
    expect(page.get_by_label(re.compile("Chercher"))).to_have_attribute("type", "search")
    for select in page.locator(f"{FINDER} select").all():
        assert select.evaluate("s => s.labels.length === 1 && s.labels[0].textContent.trim().length > 0")
    expect(page.locator("[data-status]")).to_have_attribute("role", "status")
    names = [s.get_attribute("name") for s in page.locator(f"{FINDER} select").all()]
    assert names == ["organisation", "outil", "plateforme", "etiquette", "annee", "langue"]


def test_typing_filters_live_and_the_search_page_works_too(page: Page, site_url: str):
    page.goto(site_url + "/search/")
    page.wait_for_selector(READY, timeout=15_000)
    expect(page.locator("#portrait-finder-q")).to_be_focused()
    page.keyboard.type("Hootsuite Canva", delay=20)
    page.wait_for_selector(READY)
    assert set(shown(page)) == using("Hootsuite") & using("Canva")
    page.keyboard.press("Enter")  # submitting changes nothing, and does not leave the page
    page.wait_for_selector(READY)
    assert urlsplit(page.url).path == "/search/"


def test_home_is_complete_without_javascript(browser, site_url: str):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "/")
    cards = page.locator(".portrait-cards > .portrait-card")
    expect(cards).to_have_count(len(PORTRAITS))
    assert {slug_of(a.get_attribute("href")) for a in page.locator(".portrait-card > a").all()} == set(PORTRAITS)
    expect(page.locator(FINDER)).to_be_hidden()  # no box that cannot work
    context.close()


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_search_panel_passes_axe_with_a_query_typed(page: Page, site_url: str, scheme: str):
    if not AXE.is_file():
        pytest.fail("axe-core is missing: run `npm install` (scripts/test does)", pytrace=False)
    page.emulate_media(color_scheme=scheme)
    open_home(page, site_url)
    search(page, "communaute")
    page.locator("select[name=outil]").select_option("Hootsuite")
    page.wait_for_selector(READY)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => await axe.run("#portrait-finder", {runOnly: {type: "tag",
        values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}})""")
    violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert violations == [], violations


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_the_search_panel_fits_narrow_screens(browser, site_url: str, width: int):
    page = browser.new_page(viewport={"width": width, "height": 800})
    open_home(page, site_url, "?q=communaute&outil=Hootsuite")
    for selector in ("#portrait-finder-q", "select[name=organisation]", "[data-results] > li"):
        box = page.locator(selector).first.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, (selector, box)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.close()
