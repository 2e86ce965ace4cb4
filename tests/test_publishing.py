"""Publishing: feed, structured data, social previews, sitemap, languages and images."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import ROOT, SITE_CONFIG, mkdocs, write_portrait
from PIL import Image

ATOM = "{http://www.w3.org/2005/Atom}"


def jsonld(html: str) -> list[dict]:
    return [json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


def meta(html: str, prop: str) -> str | None:
    match = re.search(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)"', html)
    return match.group(1) if match else None


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """One site built once for the module: two published portraits, a draft, a scheduled one."""
    site = tmp_path_factory.mktemp("publishing")
    (site / "docs").mkdir()
    (site / "mkdocs.yml").write_text(SITE_CONFIG, encoding="utf-8")
    portraits = site / "portraits"
    (portraits / "_media").mkdir(parents=True)
    Image.new("RGB", (800, 600), "teal").save(portraits / "_media" / "ana.jpg")
    (portraits / "_questions.yml").write_text(
        "- id: debuts\n  text: Comment as-tu commencé ?\n  aliases: [How did you start?]\n", encoding="utf-8")
    Image.new("RGB", (640, 400), "orange").save(portraits / "_media" / "desk.png")
    write_portrait(portraits, "ana", name="Ana Lima", published="2024-01-10", headline="Community manager",
                   photo={"src": "_media/ana.jpg", "alt": "Ana"}, intro="Ana anime des communautés. Depuis 2010.",
                   career=[{"organization": "MusiquePlus", "role": "CM", "start": 2010}],
                   links={"Twitter": "@ana", "Site": "https://ana.example"},
                   interview=[{"question": "Comment as-tu commencé ?", "answer": "Par hasard."},
                              {"image": {"src": "_media/desk.png", "alt": "Le bureau", "caption": "Bureau"}}])
    write_portrait(portraits, "bob", name="Bob Smith", published="2023-05-01", language="en",
                   interview=[{"question": "How did you start?", "answer": "By chance & luck < 3."}])
    write_portrait(portraits, "draft", name="Draft Person", published="2023-05-02", draft=True)
    write_portrait(portraits, "future", name="Future Person", published="2999-01-01")
    result = mkdocs(site, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return site / "site"


def test_feed_lists_published_portraits_with_absolute_urls(built):
    feed = ET.parse(built / "feed.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}id").text for e in entries] == [
        "https://example.org/portraits/ana/", "https://example.org/portraits/bob/"]  # newest first
    assert entries[0].find(f"{ATOM}summary").text == "Ana anime des communautés. Depuis 2010."
    assert entries[1].get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "https://example.org/feed.xml"
    for page in ("index.html", "portraits/ana/index.html", "404.html"):
        assert '<link rel="alternate" type="application/atom+xml"' in (built / page).read_text(encoding="utf-8")


def test_portrait_structured_data_previews_and_canonical(built):
    html = (built / "portraits" / "ana" / "index.html").read_text(encoding="utf-8")
    (data,) = jsonld(html)
    assert data["@type"] == "ProfilePage" and data["mainEntity"]["@type"] == "Person"
    person = data["mainEntity"]
    assert person["name"] == "Ana Lima" and person["jobTitle"] == "Community manager"
    assert person["worksFor"] == [{"@type": "Organization", "name": "MusiquePlus"}]
    assert person["image"] == "https://example.org/portraits/_media/ana.jpg"
    assert person["sameAs"] == ["https://x.com/ana", "https://ana.example"]
    assert meta(html, "og:title") == "Ana Lima" and meta(html, "og:type") == "profile"
    assert meta(html, "og:url") == "https://example.org/portraits/ana/"
    assert meta(html, "og:image") == "https://example.org/portraits/_media/ana.jpg"
    assert meta(html, "og:description") == "Ana anime des communautés. Depuis 2010."
    assert meta(html, "twitter:card") == "summary_large_image"
    assert '<link rel="canonical" href="https://example.org/portraits/ana/">' in html


def test_home_and_question_pages_carry_structured_data(built):
    (home,) = jsonld((built / "index.html").read_text(encoding="utf-8"))
    assert home["@type"] == "WebSite" and home["url"] == "https://example.org/"
    (question,) = jsonld((built / "questions" / "debuts" / "index.html").read_text(encoding="utf-8"))
    assert question["@type"] == "QAPage" and question["mainEntity"]["answerCount"] == 2
    answers = question["mainEntity"]["suggestedAnswer"]
    assert answers[0]["url"] == "https://example.org/portraits/ana/#debuts" or \
        answers[0]["url"] == "https://example.org/portraits/ana/#comment-as-tu-commence"
    assert answers[1]["text"] == "By chance & luck < 3." and answers[1]["author"]["name"] == "Bob Smith"


def test_sitemap_has_every_published_page_and_nothing_else(built):
    sitemap = (built / "sitemap.xml").read_text(encoding="utf-8")
    locations = set(re.findall(r"<loc>(.*?)</loc>", sitemap))
    assert "https://example.org/portraits/ana/" in locations and "https://example.org/portraits/bob/" in locations
    assert not any("draft" in loc or "future" in loc for loc in locations)
    everything = " ".join(p.read_text(encoding="utf-8", errors="ignore") for p in built.rglob("*")
                          if p.suffix in (".html", ".xml", ".json"))
    assert "Draft Person" not in everything and "Future Person" not in everything


def test_other_language_portrait_is_marked(built):
    html = (built / "portraits" / "bob" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<article class="md-content__inner md-typeset"[^>]* lang="en"', html)
    assert '<html lang="fr"' in html
    ana = (built / "portraits" / "ana" / "index.html").read_text(encoding="utf-8")
    assert not re.search(r'<article [^>]*lang=', ana)


def test_images_have_sizes_lazy_loading_and_card_thumbnails(built):
    html = (built / "portraits" / "ana" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<img class="portrait-photo" src="../../portraits/_media/ana.jpg" alt="Ana" width="800" height="600">', html)
    assert re.search(r'<img src="../../portraits/_media/desk.png" alt="Le bureau" width="640" height="400" loading="lazy">', html)
    home = (built / "index.html").read_text(encoding="utf-8")
    match = re.search(r'<img src="(portraits/_thumbs/[^"]+)" alt="Ana" width="(\d+)" height="(\d+)" loading="lazy">', home)
    assert match, home
    with Image.open(built / match.group(1)) as thumb:
        assert thumb.size == (int(match.group(2)), int(match.group(3))) and thumb.size[0] <= 360


def test_labels_follow_the_site_language():
    import yaml
    labels = {code: yaml.safe_load((ROOT / "generator" / "locales" / f"{code}.yml").read_text(encoding="utf-8"))
              for code in ("fr", "en")}
    assert labels["fr"]["labels"].keys() == labels["en"]["labels"].keys()
    assert labels["fr"]["labels"]["mentioned_in"] == "Cité dans" and labels["en"]["labels"]["career"] == "Career"


def test_a_language_is_one_translation_file(site):
    (site / "templates" / "locales").mkdir(parents=True)
    (site / "templates" / "locales" / "de.yml").write_text(
        "months: [Januar, Februar, März, April, Mai, Juni, Juli, August, September, Oktober, November, Dezember]\n"
        "date_format: '{day}. {month} {year}'\nlabels:\n  career: Werdegang\n  published_on: Veröffentlicht am {date}\n",
        encoding="utf-8")
    (site / "mkdocs.yml").write_text((site / "mkdocs.yml").read_text().replace("  - portraits", "  - portraits:\n      language: de"))
    write_portrait(site / "portraits", "ana", career=[{"organization": "X", "role": "Y", "start": 2001}])
    assert mkdocs(site, "build", "--strict").returncode == 0
    html = (site / "site" / "portraits" / "ana" / "index.html").read_text(encoding="utf-8")
    assert "Werdegang" in html and "Veröffentlicht am 15. März 2024" in html
    assert "2001 – present" in html  # a label the file lacks falls back to English
