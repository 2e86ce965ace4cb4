"""One core, three engines: the example site built with MkDocs 1.6, ProperDocs and Zensical
(`portraits render` + `zensical build` + `portraits index`) has the same pages, the project's
stylesheet and script on each, what the plugin adds to each page, and the same search index.
The real-browser half is tests/browser/test_engines.py."""

from __future__ import annotations

import functools
import gzip
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, portraits_cli, write_portrait
from engine_sites import ENGINES, copy_example

OTHERS = tuple(engine for engine in ENGINES if engine != "mkdocs")


def pages(site: Path) -> dict[str, Path]:
    """Site path of the directory URL → file, for every page (search bundles aside)."""
    found = {}
    for path in site.rglob("index.html"):
        url = path.parent.relative_to(site).as_posix()
        if not url.startswith("pagefind"):
            found["" if url == "." else url + "/"] = path
    return found


@functools.lru_cache(maxsize=None)
def soup(path: Path) -> BeautifulSoup:
    """A built page, parsed once for all the tests (the sites are built once per session)."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_every_engine_makes_the_same_pages(engine_sites):
    expected = pages(engine_sites["mkdocs"])
    slugs = {path.stem for path in (ROOT / "portraits").iterdir() if path.suffix in (".yml", ".md")
             and not path.name.startswith("_")}
    assert {f"portraits/{slug}/" for slug in slugs} <= set(expected)
    for section in ("", "search/", "questions/", "organizations/", "tools/", "platforms/", "tags/", "overview/",
                    "a-propos/"):
        assert section in expected
    for kind in ("questions", "organizations", "tools", "platforms", "tags"):  # question and entity pages
        assert any(url.startswith(f"{kind}/") and url.count("/") == 2 for url in expected), kind
    for engine in OTHERS:
        assert set(pages(engine_sites[engine])) == set(expected), engine


def test_every_page_has_the_same_title_and_headings(engine_sites):
    def outline(path: Path) -> tuple:
        article = soup(path).select_one("article")
        return tuple((h.name, h.get("id"), h.get_text(" ", strip=True).rstrip("¶").strip())
                     for h in article.find_all(["h1", "h2", "h3"]))

    reference = {url: outline(path) for url, path in pages(engine_sites["mkdocs"]).items()}
    for engine in OTHERS:
        for url, path in pages(engine_sites[engine]).items():
            assert outline(path) == reference[url], (engine, url)


@pytest.mark.parametrize("engine", ENGINES)
def test_stylesheet_and_script_are_on_every_page(engine_sites, engine):
    site = engine_sites[engine]
    for url, path in pages(site).items():
        page = soup(path)
        styles = [link["href"] for link in page.select('head link[rel="stylesheet"]') if "portraits.css" in link["href"]]
        scripts = [script["src"] for script in page.select("script[src]") if "portraits.js" in script["src"]]
        assert len(styles) == 1 and len(scripts) == 1, (engine, url)
        for href in (styles[0], scripts[0]):
            assert (path.parent / href).resolve().is_file(), (engine, url, href)
    assert (site / "assets" / "portraits.css").read_bytes() == (ROOT / "templates" / "portraits.css").read_bytes()


def test_what_the_plugin_adds_to_each_page_is_there_for_every_engine(engine_sites):
    def additions(path: Path) -> tuple:
        page = soup(path)
        social = tuple(sorted((m["property"], m["content"]) for m in page.select("head meta[property^='og:']")))
        jsonld = tuple(sorted(s.get_text() for s in page.select('head script[type="application/ld+json"]')))
        feed = tuple(link["href"] for link in page.select('head link[type="application/atom+xml"]'))
        article = page.select_one("article")
        button = page.select_one(".md-header a.portrait-search-button")
        return social, jsonld, feed, article.get("lang"), button is not None

    reference = {url: additions(path) for url, path in pages(engine_sites["mkdocs"]).items()}
    assert reference["portraits/hannah-whitcombe/"][3] == "en"  # a portrait in English on a French site
    assert reference["portraits/camille-ouellet/"][0] and reference["portraits/camille-ouellet/"][2]
    for engine in OTHERS:
        for url, path in pages(engine_sites[engine]).items():
            assert additions(path) == reference[url], (engine, url)


def test_the_search_index_holds_the_same_documents(engine_sites):
    """Pagefind names each page's fragment by its content: the same names, the same documents."""
    def documents(site: Path) -> tuple[set[str], set[str]]:
        fragments = sorted((site / "pagefind" / "fragment").iterdir())
        urls = {json.loads(gzip.decompress(f.read_bytes())[len(b"pagefind_dcd"):])["url"] for f in fragments}
        return {f.name for f in fragments}, urls

    names, urls = documents(engine_sites["mkdocs"])
    assert urls == {url for url in (f"/{u}" for u in pages(engine_sites["mkdocs"])) if url.startswith("/portraits/")}
    for engine in OTHERS:
        assert documents(engine_sites[engine]) == (names, urls), engine
        assert (engine_sites[engine] / "pagefind" / "pagefind-ui.js").is_file()


def test_index_twice_changes_nothing_but_the_bundles(engine_sites, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(engine_sites["zensical"], site)
    before = {url: path.read_bytes() for url, path in pages(site).items()}
    result = portraits_cli(copy_example(tmp_path / "sources"), "index", str(site))
    assert result.returncode == 0, result.stderr
    assert "0 page(s) completed" in result.stdout
    assert {url: path.read_bytes() for url, path in pages(site).items()} == before


def test_index_completes_a_site_built_without_the_plugin(site, tmp_path):
    """A page from another engine with nothing of ours: stylesheet, script, head and button added."""
    write_portrait(site / "portraits", "zoe")
    built = tmp_path / "built"
    (built / "portraits" / "zoe").mkdir(parents=True)
    shell = ('<html><head><title>t</title></head><body><header class="md-header"><nav class="md-header__inner md-grid">'
             '</nav></header><article class="md-content__inner md-typeset"><h1>Zoé</h1></article></body></html>')
    (built / "index.html").write_text(shell, encoding="utf-8")
    (built / "search").mkdir()
    (built / "search" / "index.html").write_text(shell, encoding="utf-8")
    (built / "portraits" / "zoe" / "index.html").write_text(shell, encoding="utf-8")
    result = portraits_cli(site, "index", str(built))
    assert result.returncode == 0, result.stderr
    page = soup(built / "portraits" / "zoe" / "index.html")
    assert page.select_one('head link[rel="stylesheet"]')["href"] == "../../assets/portraits.css"
    assert page.select_one('body script[src="../../assets/portraits.js"]') is not None
    assert page.select_one("head meta[property='og:title']")["content"] == "Zoé Lefèbvre"
    assert page.select_one("a.portrait-search-button")["href"] == "../../search/"
    assert (built / "assets" / "portraits.js").is_file() and (built / "pagefind" / "pagefind.js").is_file()


def test_index_splits_the_search_as_the_site_configuration_says(site, tmp_path):
    write_portrait(site / "portraits", "zoe")
    write_portrait(site / "portraits", "paul", name="Paul Girard")
    config = (site / "mkdocs.yml").read_text(encoding="utf-8")
    (site / "mkdocs.yml").write_text(config.replace("  - portraits\n", "  - portraits:\n      search_index_size: 1\n"),
                                     encoding="utf-8")
    built = tmp_path / "built"
    built.mkdir()
    (built / "index.html").write_text("<html><head></head><body></body></html>", encoding="utf-8")
    result = portraits_cli(site, "index", str(built))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in built.iterdir() if p.name.startswith("pagefind")) == ["pagefind"]  # batches merged
    entry = json.loads((built / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["fr"]["page_count"] == 2
    assert "1 search index(es) of 2 portrait(s)" in result.stdout


def test_index_of_a_series_with_nothing_published_removes_the_old_search(site, tmp_path):
    write_portrait(site / "portraits", "later", published="2999-01-01")
    built = tmp_path / "built"
    (built / "pagefind").mkdir(parents=True)
    (built / "index.html").write_text("<html><head></head><body></body></html>", encoding="utf-8")
    result = portraits_cli(site, "index", str(built))
    assert result.returncode == 0, result.stderr
    assert "0 search index(es) of 0 portrait(s)" in result.stdout and not (built / "pagefind").exists()


def test_index_refuses_a_folder_that_is_not_a_built_site(site, tmp_path):
    write_portrait(site / "portraits", "zoe")
    (tmp_path / "empty").mkdir()
    for target, message in ((tmp_path / "missing", "no such folder"), (tmp_path / "empty", "no index.html"),
                            (site / "docs", "is the docs folder"), (site / "portraits", "is the portraits folder")):
        result = portraits_cli(site, "index", str(target))
        assert result.returncode != 0 and message in result.stderr and "Traceback" not in result.stderr, target
    assert not (site / "docs" / "pagefind").exists() and list((tmp_path / "empty").iterdir()) == []


def test_index_reports_a_writer_mistake_and_changes_nothing(site, tmp_path):
    (site / "portraits" / "bad.yml").write_text("name: Bad\npublished: someday\n", encoding="utf-8")
    (tmp_path / "built").mkdir()
    (tmp_path / "built" / "index.html").write_text("<html><head></head><body></body></html>", encoding="utf-8")
    result = portraits_cli(site, "index", str(tmp_path / "built"))
    assert result.returncode == 1 and "portraits/bad.yml:2:" in result.stderr and "Traceback" not in result.stderr
    assert sorted(p.name for p in (tmp_path / "built").iterdir()) == ["index.html"]


def test_render_engine_config_inherits_the_site_configuration(site, tmp_path):
    write_portrait(site / "portraits", "zoe")
    (site / "docs" / "about.md").write_text("# About\n", encoding="utf-8")
    result = portraits_cli(site, "render", "build/docs", "--engine-config", "build/mkdocs.yml")
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load((site / "build" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["INHERIT"] == "../mkdocs.yml" and config["docs_dir"] == "docs"
    assert config["extra_css"] == ["assets/portraits.css"] and config["extra_javascript"] == ["assets/portraits.js"]
    assert config["nav"][:2] == [{"Accueil": "index.md"}, "search/index.md"]
    assert config["nav"][-1] == "about.md"  # the editor's own pages after the generated sections
    docs = site / "build" / "docs"
    assert (docs / "about.md").is_file() and (docs / "search" / "index.md").is_file() and (docs / "feed.xml").is_file()
    assert (docs / "assets" / "portraits.js").is_file()
    outside = portraits_cli(site, "render", str(tmp_path / "elsewhere"), "--engine-config", "build/mkdocs.yml")
    assert outside.returncode != 0 and "inside the folder of --engine-config" in outside.stderr


def test_render_for_an_engine_replaces_its_folder_whole(site, tmp_path):
    write_portrait(site / "portraits", "zoe")
    gone = write_portrait(site / "portraits", "paul", name="Paul Girard")
    assert portraits_cli(site, "render", "build/docs", "--engine-config", "build/mkdocs.yml").returncode == 0
    assert (site / "build" / "docs" / "portraits" / "paul.md").is_file()
    gone.unlink()  # a portrait removed: an engine would still publish a page left behind
    assert portraits_cli(site, "render", "build/docs", "--engine-config", "build/mkdocs.yml").returncode == 0
    assert not (site / "build" / "docs" / "portraits" / "paul.md").exists()
    assert (site / "build" / "docs" / "portraits" / "zoe.md").is_file()
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me", encoding="utf-8")
    result = portraits_cli(site, "render", str(tmp_path / "mine"), "--engine-config", str(tmp_path / "mkdocs.yml"))
    assert result.returncode != 0 and "not empty" in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "mine" / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_render_reports_an_unreadable_site_configuration(site):
    write_portrait(site / "portraits", "zoe")
    (site / "mkdocs.yml").write_text("site_name: [unclosed\n", encoding="utf-8")
    result = portraits_cli(site, "render", "out")
    assert result.returncode == 1 and "mkdocs.yml:2:1: error" in result.stderr and "Traceback" not in result.stderr


def test_the_navigation_is_the_same(engine_sites):
    """Home, the generated sections and the editor's pages, in the plugin's order."""
    def navigation(site: Path) -> list[tuple[str, str]]:
        links = soup(site / "index.html").select("nav.md-nav--primary a.md-nav__link")
        return [(re.sub(r"^\./|^\.$", "", a.get("href", "")), a.get_text(" ", strip=True)) for a in links
                if not a.get("href", "").startswith("#")]  # the page's own table of contents

    reference = navigation(engine_sites["mkdocs"])
    assert [href for href, _ in reference][:3] == ["", "search/", "questions/"] and reference[-1][0] == "a-propos/"
    for engine in OTHERS:
        assert navigation(engine_sites[engine]) == reference, engine


def test_render_engine_config_brings_the_comments_the_site_configures(site):
    """The `comments` option of mkdocs.yml's portraits plugin: each portrait gets its comments
    section, and the engine's configuration the comments' stylesheet and script."""
    write_portrait(site / "portraits", "zoe")
    config = (site / "mkdocs.yml").read_text(encoding="utf-8")
    (site / "mkdocs.yml").write_text(config.replace(
        "  - portraits\n", "  - portraits:\n      comments: {provider: isso, isso: {url: https://comments.example.org/}}\n"),
        encoding="utf-8")
    result = portraits_cli(site, "render", "build/docs", "--engine-config", "build/mkdocs.yml")
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load((site / "build" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["extra_css"] == ["assets/portraits.css", "assets/comments.css"]
    assert config["extra_javascript"] == ["assets/portraits.js", "assets/comments.js"]
    docs = site / "build" / "docs"
    assert (docs / "assets" / "comments.css").is_file() and (docs / "assets" / "comments.js").is_file()
    assert 'data-thread="/portraits/zoe/"' in (docs / "portraits" / "zoe.md").read_text(encoding="utf-8")
    mistaken = (site / "mkdocs.yml").read_text(encoding="utf-8").replace("provider: isso", "provider: disqus")
    (site / "mkdocs.yml").write_text(mistaken, encoding="utf-8")
    wrong = portraits_cli(site, "render", "build/docs", "--engine-config", "build/mkdocs.yml")
    assert wrong.returncode == 1 and "comments.provider" in wrong.stderr and "Traceback" not in wrong.stderr


def test_render_engine_config_writes_the_redirect_pages_of_old_addresses(site, tmp_path):
    """A portrait's `aliases`: the plugin's redirect pages, which an engine copies as they are and
    `portraits index` leaves alone; an alias that is a page of the site stops before anything is written."""
    write_portrait(site / "portraits", "zoe", aliases=["/2012/02/portrait-zoe/", "/archives/zoe.html"])
    result = portraits_cli(site, "render", "build/docs", "--engine-config", "build/mkdocs.yml")
    assert result.returncode == 0, result.stderr
    docs = site / "build" / "docs"
    old = (docs / "2012" / "02" / "portrait-zoe" / "index.html").read_text(encoding="utf-8")
    assert 'content="0; url=../../../portraits/zoe/"' in old
    assert (docs / "archives" / "zoe.html").is_file()
    built = tmp_path / "built"
    shutil.copytree(docs, built, ignore=shutil.ignore_patterns("*.md"))
    (built / "index.html").write_text("<html><head></head><body></body></html>", encoding="utf-8")
    assert portraits_cli(site, "index", str(built)).returncode == 0
    assert (built / "2012" / "02" / "portrait-zoe" / "index.html").read_text(encoding="utf-8") == old
    (site / "docs" / "about.md").write_text("# About\n", encoding="utf-8")
    write_portrait(site / "portraits", "paul", name="Paul Girard", aliases=["/about/"])
    clash = portraits_cli(site, "render", "build/docs", "--engine-config", "build/mkdocs.yml")
    assert clash.returncode == 1 and "the alias '/about/' is the address of a page of the site" in clash.stderr
    assert (docs / "portraits" / "zoe.md").is_file() and not (docs / "portraits" / "paul.md").exists()
