"""The example site in a real headless Chromium: home, portrait pages, search, keyboard.

Expectations are computed from the interview files in `portraits/` (read here independently
of the generator), so the tests follow the content instead of hard-coding it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import frontmatter
import pytest
import yaml
from playwright.sync_api import Page, expect

ROOT = Path(__file__).resolve().parents[2]
PORTRAITS = ROOT / "portraits"
DOCS = ROOT / "docs"

# What a writer's "@handle" must become, per network (the label names the network).
HANDLE_URLS = {
    "twitter": "https://x.com/{user}",
    "x": "https://x.com/{user}",
    "instagram": "https://www.instagram.com/{user}/",
    "tiktok": "https://www.tiktok.com/@{user}",
    "bluesky": "https://bsky.app/profile/{user}",
    "github": "https://github.com/{user}",
    "mastodon": "https://{server}/@{user}",
}


# --- the source files, read independently of the generator --------------------------------


@dataclass(frozen=True)
class Question:
    text: str
    id: str | None
    answer: str


@dataclass(frozen=True)
class Source:
    slug: str
    path: Path
    name: str
    published: date
    draft: bool
    headline: str | None
    photo_alt: str | None
    questions: tuple[Question, ...]
    captions: tuple[str, ...]
    links: dict = field(default_factory=dict)
    reading: tuple[dict, ...] = ()

    @property
    def url_path(self) -> str:
        return f"/portraits/{self.slug}/"


def squash(text: str) -> str:
    return " ".join(str(text).split())


def fold(text: str) -> str:
    """Accent- and case-insensitive key: 'Élodie' and 'elodie' compare equal."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _markdown_interview(body: str) -> list[dict]:
    """`## question {#id}` headings and the text up to the next one; the intro is skipped."""
    items: list[dict] = []
    in_fence = False
    for line in body.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        heading = None if in_fence else re.match(r"^##\s+(.*?)(?:\s*\{#([A-Za-z0-9_-]+)\})?\s*$", line)
        if heading:
            items.append({"question": heading.group(1), "id": heading.group(2), "answer": []})
        elif items:
            items[-1]["answer"].append(line)
    for item in items:
        item["answer"] = "\n".join(item["answer"])
    return items


def read_source(path: Path) -> Source:
    if path.suffix == ".md":
        post = frontmatter.load(path)
        data = dict(post.metadata)
        data["interview"] = _markdown_interview(post.content)
    else:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    interview = data.get("interview") or []
    questions = tuple(Question(squash(item["question"]), item.get("id"), str(item.get("answer") or ""))
                      for item in interview if "question" in item)
    captions = tuple(squash(item["image"]["caption"]) for item in interview
                     if "image" in item and item["image"].get("caption"))
    photo = data.get("photo") or {}
    return Source(
        slug=path.stem, path=path, name=squash(data["name"]), published=_as_date(data["published"]),
        draft=bool(data.get("draft", False)), headline=squash(data["headline"]) if data.get("headline") else None,
        photo_alt=photo.get("alt"), questions=questions, captions=captions,
        links=dict(data.get("links") or {}), reading=tuple(data.get("reading") or ()),
    )


def portrait_files() -> list[Path]:
    if not PORTRAITS.is_dir():
        return []
    return sorted(p for p in PORTRAITS.iterdir()
                  if p.is_file() and p.suffix in {".yml", ".yaml", ".md"} and not p.name.startswith("_"))


SOURCES = [read_source(path) for path in portrait_files()]
# What `mkdocs build` publishes: not drafts, not scheduled for a later day.
PUBLISHED = [s for s in SOURCES if not s.draft and s.published <= date.today()]
BY_SLUG = {s.slug: s for s in PUBLISHED}
NEWEST_FIRST = sorted(PUBLISHED, key=lambda s: s.published, reverse=True)
IDS = [s.slug for s in PUBLISHED]


def test_the_example_content_exercises_every_feature_checked_here():
    """Guards against the tests below passing vacuously on thin content."""
    assert len(PUBLISHED) >= 2, f"expected several published portraits in {PORTRAITS}"
    assert {s.path.suffix for s in PUBLISHED} >= {".md", ".yml"}, "both file formats should be published"
    assert any(s.captions for s in PUBLISHED), "no published portrait has an interview image with a caption"
    assert any(str(v).startswith("@") and k.lower() in {"twitter", "x"}
               for s in PUBLISHED for k, v in s.links.items()), "no Twitter/X @handle in any published portrait"
    assert any(s.reading for s in PUBLISHED), "no published portrait has a reading list"


# --- helpers -------------------------------------------------------------------------------


def card_slug(href: str) -> str:
    match = re.search(r"portraits/([^/]+)/$", urlsplit(href).path)
    assert match, f"card link {href!r} is not a /portraits/<slug>/ URL"
    return match.group(1)


HEADING_TEXT = """el => Array.from(el.childNodes)
    .filter(n => !(n.nodeType === 1 && n.classList.contains('headerlink')))
    .map(n => n.textContent).join('').replace(/\\s+/g, ' ').trim()"""


def open_home(page: Page, site_url: str) -> None:
    page.goto(site_url + "/")
    expect(page.locator(".portrait-cards .portrait-card").first).to_be_visible()


# --- 1. home page --------------------------------------------------------------------------


def test_home_shows_cards_newest_first_with_photos(page: Page, site_url: str):
    open_home(page, site_url)
    cards = page.locator("ul.portrait-cards:not(.portrait-cards--small) > li.portrait-card")
    count = cards.count()
    paginated = page.locator(".portrait-pagination").count() > 0
    if not paginated:
        assert count == len(PUBLISHED), "the home page (one page) should show every published portrait"
    assert count >= 1

    shown = []
    for i in range(count):
        card = cards.nth(i)
        link = card.locator("a").first
        slug = card_slug(link.get_attribute("href"))
        assert slug in BY_SLUG, f"card for unknown or unpublished portrait {slug!r}"
        source = BY_SLUG[slug]
        expect(card.locator(".portrait-card-name")).to_have_text(source.name)
        if source.headline:
            expect(card.locator(".portrait-card-headline")).to_have_text(source.headline)
        assert card.locator("time").get_attribute("datetime") == source.published.isoformat()
        expect(card.locator("time")).to_contain_text(str(source.published.year))
        if source.photo_alt is not None:
            img = card.locator("img")
            expect(img).to_have_count(1)
            alt = img.get_attribute("alt")
            assert alt and alt.strip(), f"the photo on {slug}'s card has an empty alt"
            assert squash(alt) == squash(source.photo_alt)
            img.scroll_into_view_if_needed()  # the photos load lazily
            page.wait_for_function("i => i.complete && i.naturalWidth > 0", arg=img.element_handle(),
                                   timeout=5_000)  # fails if the photo is missing or broken
        shown.append(source)

    assert [s.published for s in shown] == [s.published for s in NEWEST_FIRST[:count]], \
        "cards are not ordered newest first"
    assert {s.slug for s in shown} == {s.slug for s in NEWEST_FIRST[:count]}


def test_home_az_index_lists_every_portrait_accent_and_case_insensitively(page: Page, site_url: str):
    open_home(page, site_url)
    entries = page.locator(".portrait-index li > a")
    expect(entries).to_have_count(len(PUBLISHED))
    names = [squash(t) for t in entries.all_inner_texts()]
    assert sorted(names) == sorted(s.name for s in PUBLISHED), "the index should list every published portrait"
    assert names == sorted(names, key=lambda n: (fold(n), n)), \
        f"the A–Z index is not sorted accent- and case-insensitively: {names}"
    # Each name sits under the letter it starts with, accents ignored (É under E).
    for section in page.locator(".portrait-index section").all():
        letter = squash(section.locator("h3").inner_text())
        for name in section.locator("li > a").all_inner_texts():
            first = fold(name)[:1].upper()
            assert letter == (first if first.isascii() and first.isalpha() else "#"), \
                f"{name!r} is filed under {letter!r}"
    # And each entry leads to that portrait.
    for i in range(entries.count()):
        slug = card_slug(entries.nth(i).get_attribute("href"))
        assert BY_SLUG[slug].name == names[i]


# --- 2. card → portrait page, questions, table of contents ---------------------------------


@pytest.mark.parametrize("slug", IDS)
def test_card_opens_portrait_with_questions_and_working_toc(page: Page, site_url: str, slug: str):
    source = BY_SLUG[slug]
    open_home(page, site_url)
    card = page.locator("ul.portrait-cards > li.portrait-card").filter(
        has=page.locator(f'a[href$="portraits/{slug}/"]')).first
    if card.count() == 0:
        pytest.skip(f"{slug} is not on the first home page")
    card.locator("a").first.click()
    expect(page).to_have_url(site_url + source.url_path)

    h1 = page.locator("article h1")
    expect(h1).to_have_count(1)
    assert h1.evaluate(HEADING_TEXT) == source.name

    headings = page.locator("article h2")
    texts = [h.evaluate(HEADING_TEXT) for h in headings.all()]
    ids = headings.evaluate_all("els => els.map(e => e.id)")
    by_text = dict(zip(texts, ids))
    expected = [q.text for q in source.questions]
    assert [t for t in texts if t in set(expected)] == expected, \
        f"the questions of {source.path.name} are not all h2 headings, in order"
    for question in source.questions:
        anchor = by_text[question.text]
        assert anchor, f"question {question.text!r} has no id"
        if question.id:
            assert anchor == question.id, f"question {question.text!r}: id {anchor!r}, the file says {question.id!r}"
    question_ids = [by_text[q] for q in expected]
    assert len(set(question_ids)) == len(question_ids), f"duplicate question ids: {question_ids}"

    # The last question is far down: its entry in Material's table of contents takes us there.
    target = question_ids[-1]
    heading = page.locator(f'article h2[id="{target}"]')
    assert page.evaluate("window.scrollY") == 0
    toc_link = page.locator(f'nav.md-nav--secondary a.md-nav__link[href="#{target}"]')
    expect(toc_link).to_be_visible()
    toc_link.click()
    expect(page).to_have_url(site_url + source.url_path + "#" + target)
    expect(heading).to_be_in_viewport()
    assert page.evaluate("window.scrollY") > 0
    assert page.evaluate("decodeURIComponent(location.hash)") == "#" + target


# --- 3. search -----------------------------------------------------------------------------

TOKEN = re.compile(r"[^\s\-,:!=\[\]()\"/.;?«»…*_`#'’|<>{}~+&@]+")


def unique_answer_word() -> tuple[str, Source]:
    """The longest plain word (≥ 8 ASCII letters) in one portrait's answers and nowhere else.

    "Nowhere else": not in that file outside its answers (name, headline, questions, intro…),
    and not in any other file of the corpus; nor does any other file share its first six
    letters, so that no stemmer can make another page match it."""
    corpus = {p: p.read_text(encoding="utf-8") for p in [*PORTRAITS.rglob("*"), *DOCS.rglob("*")]
              if p.is_file() and p.suffix in {".yml", ".yaml", ".md"}}
    folded = {p: fold(text) for p, text in corpus.items()}
    candidates = []
    for source in PUBLISHED:
        answers = "\n".join(q.answer for q in source.questions)
        elsewhere = " ".join(text for p, text in folded.items() if p != source.path)
        answers_folded, own_folded = fold(answers), folded[source.path]
        for word in {t for t in TOKEN.findall(answers) if re.fullmatch(r"[a-z]{8,}", t)}:
            if word[:6] in elsewhere:
                continue
            if own_folded.count(word) != answers_folded.count(word):
                continue  # also outside the answers of its own file
            candidates.append((-len(word), word, source.slug))
    assert candidates, "no word of 8+ letters is unique to one portrait's answers"
    _, word, slug = min(candidates)
    return word, BY_SLUG[slug]


def test_search_finds_the_only_portrait_using_a_word(page: Page, site_url: str):
    word, source = unique_answer_word()
    open_home(page, site_url)
    page.locator(".portrait-search-button").click()  # the header's search button
    field = page.locator("#portrait-finder-q")
    expect(field).to_be_visible(timeout=15_000)
    field.press_sequentially(word, delay=20)
    page.wait_for_selector("#portrait-finder[aria-busy=false]", timeout=15_000)
    results = page.locator("[data-results] > li > a")
    expect(results.first).to_be_visible(timeout=15_000)
    first = results.first
    href = urlsplit(first.evaluate("a => a.href"))
    assert href.path == source.url_path, \
        f"searching {word!r}: first result is {href.path!r}, expected {source.url_path!r}"
    every = {urlsplit(a.evaluate("a => a.href")).path for a in results.all()}
    assert every == {source.url_path}, f"{word!r} is only in {source.slug}, yet results lead to {every}"
    first.click()
    expect(page).to_have_url(re.compile(re.escape(site_url + source.url_path)))
    expect(page.locator("article h1")).to_contain_text(source.name)


# --- 4. photo captions, links with @handles, reading list ----------------------------------


def expected_link(label: str, value: str) -> str:
    value = str(value).strip()
    if not value.startswith("@"):
        return value
    network = label.strip().lower()
    assert network in HANDLE_URLS, f"no profile URL known for a {label!r} handle"
    user, _, server = value[1:].partition("@")
    return HANDLE_URLS[network].format(user=user, server=server)


@pytest.mark.parametrize("slug", [s.slug for s in PUBLISHED if s.captions or s.links or s.reading])
def test_portrait_shows_captions_links_and_reading(page: Page, site_url: str, slug: str):
    source = BY_SLUG[slug]
    page.goto(site_url + source.url_path)
    expect(page.locator("article h1")).to_be_visible()

    captions = page.locator("article figure figcaption")
    expect(captions).to_have_count(len(source.captions))
    for i, caption in enumerate(source.captions):
        expect(captions.nth(i)).to_have_text(caption)
        expect(captions.nth(i)).to_be_visible()

    links = page.locator("article ul.portrait-links > li > a")
    expect(links).to_have_count(len(source.links))
    shown = {squash(a.inner_text()): a.get_attribute("href") for a in links.all()}
    for label, value in source.links.items():
        assert squash(label) in shown, f"link {label!r} is missing"
        assert shown[squash(label)] == expected_link(label, value), f"link {label!r} of {slug}"
    if source.links:
        expect(links.first).to_be_visible()

    reading = page.locator("article ul.portrait-reading > li")
    expect(reading).to_have_count(len(source.reading))
    for i, entry in enumerate(source.reading):
        item = reading.nth(i)
        expect(item).to_have_text(squash(entry["title"]))
        if entry.get("url"):
            expect(item.locator("a")).to_have_attribute("href", entry["url"])
        else:
            expect(item.locator("a")).to_have_count(0)


def test_a_twitter_handle_becomes_an_x_profile_link(page: Page, site_url: str):
    source, label, handle = next((s, k, str(v)) for s in PUBLISHED for k, v in s.links.items()
                                 if str(v).startswith("@") and k.lower() in {"twitter", "x"})
    page.goto(site_url + source.url_path)
    link = page.locator("article ul.portrait-links a", has_text=label)
    expect(link).to_have_attribute("href", f"https://x.com/{handle[1:]}")
    expect(link).to_be_visible()


# --- 5. keyboard ---------------------------------------------------------------------------


def test_tab_reaches_the_first_card_link(page: Page, site_url: str):
    open_home(page, site_url)
    first_href = page.locator("ul.portrait-cards > li.portrait-card a").first.get_attribute("href")
    page.locator("body").focus()
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => {
            const el = document.activeElement;
            return el ? {tag: el.tagName, inCard: !!el.closest('.portrait-card'),
                         href: el.getAttribute('href')} : null;
        }""")
        if focused and focused["inCard"]:
            assert focused["tag"] == "A", f"focus landed on a {focused['tag']} inside a card"
            assert focused["href"] == first_href, "the first card reached by Tab is not the first card"
            break
    else:
        pytest.fail("60 presses of Tab never reached a portrait card link")
    focused_link = page.locator(".portrait-card a:focus")
    expect(focused_link).to_have_count(1)
    page.keyboard.press("Enter")
    expect(page).to_have_url(site_url + "/" + first_href)
