"""Whole builds through MkDocs: pages, media, strictness, and a site that is never lost."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import yaml
from conftest import ROOT, mkdocs, portraits_cli, write_portrait


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def source_files() -> list[Path]:
    return sorted(p for p in (ROOT / "portraits").iterdir()
                  if p.suffix in (".yml", ".yaml", ".md") and not p.name.startswith("_"))


def test_example_site_builds_every_portrait(example_site):
    site = example_site / "site"
    assert (site / "index.html").is_file()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert len(source_files()) >= 6
    for path in source_files():
        slug = path.stem
        page = site / "portraits" / slug / "index.html"
        assert page.is_file(), slug
        assert f'href="portraits/{slug}/"' in home
        html = page.read_text(encoding="utf-8")
        assert html.count('class="portrait-answer') >= 1
        assert "lang=\"fr\"" in html  # the theme follows the site language


def test_every_navigation_link_of_every_page_leads_to_the_same_page(site):
    """The theme's navigation is rendered once per set of relative links and shared: from a
    page at any depth, each entry must still lead to its page."""
    for n in range(52):  # enough for a second page of cards and of the tool's portraits
        write_portrait(site / "portraits", f"person-{n:02d}", name=f"Person {n:02d}", tools=["Canva"])
    assert mkdocs(site, "build", "--strict").returncode == 0
    built = site / "site"
    pages = sorted(built.rglob("index.html"))
    assert {"page/2/index.html", "tools/canva/page/2/index.html", "portraits/person-00/index.html"} <= {
        page.relative_to(built).as_posix() for page in pages}
    navigations, targets = set(), {}
    for page in pages:
        html = page.read_text(encoding="utf-8")
        nav = html[html.index('<nav class="md-nav md-nav--primary"'):html.index('class="md-sidebar md-sidebar--secondary"')]
        navigations.add(nav)
        links = re.findall(r'<a href="([^"#]*)" class="md-nav__link[^"]*">\s*<span class="md-ellipsis">\s*([^<]+?)\s*<', nav)
        assert len(links) >= 3, page
        for href, label in links:
            target = (page.parent / href).resolve()
            assert (target / "index.html").is_file(), (page.relative_to(built), href)
            targets.setdefault(label, set()).add(target)
    assert all(len(found) == 1 for found in targets.values()), targets  # one page per entry, from anywhere
    assert 3 <= len(navigations) < len(pages) / 2  # shared, yet different where the links differ


def test_search_index_holds_the_portraits_only(example_site):
    entry = json.loads((example_site / "site" / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    published = [path for path in source_files() if "draft: true" not in path.read_text(encoding="utf-8")]
    assert entry["languages"]["fr"]["page_count"] == len(published)
    assert not list(example_site.glob(".site*"))  # the bundle was moved in, nothing left beside the site


def test_a_large_series_is_indexed_in_batches_merged_into_one_index(site):
    for n in range(8):
        write_portrait(site / "portraits", f"person-{n}", name=f"Person {n}", published=f"2024-01-0{n + 1}")
    config = (site / "mkdocs.yml").read_text(encoding="utf-8")
    (site / "mkdocs.yml").write_text(config.replace("  - portraits\n", "  - portraits:\n      search_index_size: 3\n"),
                                     encoding="utf-8")
    result = mkdocs(site, "build", "--strict")
    assert result.returncode == 0, result.stderr
    assert "search index built (1 index" in result.stderr
    built = site / "site"
    entry = json.loads((built / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["fr"]["page_count"] == 8
    assert not (built / "pagefind-2").exists() and not list(site.glob(".site*"))
    assert 'data-merge=""' in (built / "search" / "index.html").read_text(encoding="utf-8")
    (site / "mkdocs.yml").write_text(config.replace("  - portraits\n", "  - portraits:\n      search_index_size: 0\n"),
                                     encoding="utf-8")
    result = mkdocs(site, "build")
    assert result.returncode != 0 and "'search_index_size' must be" in result.stderr


def test_example_site_copies_the_media_it_uses(example_site):
    site = example_site / "site"
    for page in (site / "portraits").glob("*/index.html"):
        for src in re.findall(r'<img[^>]+src="([^"]+)"', page.read_text(encoding="utf-8")):
            if not src.startswith("http"):
                assert (page.parent / src).resolve().is_file(), (page, src)


def test_build_writes_nothing_into_the_sources(site):
    write_portrait(site / "portraits", "zoe")
    before = tree_digest(site / "portraits"), tree_digest(site / "docs")
    result = mkdocs(site, "build", "--strict")
    assert result.returncode == 0, result.stderr
    assert (tree_digest(site / "portraits"), tree_digest(site / "docs")) == before
    assert not list(site.glob(".site*")), "no staging folder is left behind"


def test_markdown_and_yaml_portraits_build_the_same_page(site):
    write_portrait(site / "portraits", "yaml-one", name="Yaml One",
                   interview=[{"question": "Q un ?", "answer": "Réponse un.\n\nSuite."}])
    (site / "portraits" / "md-one.md").write_text(
        "---\nname: Md One\npublished: 2024-03-15\n---\nIntro.\n\n## Q un ? {#q-un}\n\nRéponse un.\n\nSuite.\n",
        encoding="utf-8")
    assert mkdocs(site, "build", "--strict").returncode == 0
    for slug in ("yaml-one", "md-one"):
        html = (site / "site" / "portraits" / slug / "index.html").read_text(encoding="utf-8")
        assert '<h2 id="q-un">Q un\u202f?<a class="headerlink" href="#q-un"' in html
        assert "<p>Réponse un.</p>\n<p>Suite.</p>" in html


def test_writer_error_fails_the_build_and_keeps_the_previous_site(site):
    write_portrait(site / "portraits", "zoe")
    assert mkdocs(site, "build").returncode == 0
    before = tree_digest(site / "site")
    (site / "portraits" / "broken.yml").write_text("name: Broken\npublished: 2024-13-45\nnmae: x\n", encoding="utf-8")
    for command in (["build"], ["build", "--strict"]):
        result = mkdocs(site, *command)
        assert result.returncode != 0
        assert "portraits/broken.yml:2:12:" in result.stderr
        assert "portraits/broken.yml:3:1: error: unknown field 'nmae'" in result.stderr
        assert "Traceback" not in result.stderr
        assert tree_digest(site / "site") == before
    result = portraits_cli(site, "build")
    assert result.returncode == 1 and "portraits/broken.yml:2:12" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(site / "site") == before


def test_late_failure_keeps_the_previous_site(site):
    """A failure after MkDocs has started writing (a strict-mode warning) leaves the site intact."""
    write_portrait(site / "portraits", "zoe")
    assert mkdocs(site, "build").returncode == 0
    before = tree_digest(site / "site")
    (site / "docs" / "about.md").write_text("[broken](missing.md)\n", encoding="utf-8")
    result = mkdocs(site, "build", "--strict")
    assert result.returncode != 0 and "missing.md" in result.stderr
    assert tree_digest(site / "site") == before
    assert not list(site.glob(".site*"))


def test_broken_template_override_is_reported_and_keeps_the_site(site):
    write_portrait(site / "portraits", "zoe")
    assert mkdocs(site, "build").returncode == 0
    before = tree_digest(site / "site")
    (site / "templates").mkdir()
    (site / "templates" / "portrait.md.j2").write_text("# {{ p.name }\n", encoding="utf-8")
    result = mkdocs(site, "build")
    assert result.returncode != 0
    assert "portrait.md.j2:1" in result.stderr and "Traceback" not in result.stderr
    assert tree_digest(site / "site") == before
    assert not list(site.glob(".site*"))  # no staging folder or search bundle left beside it


def test_template_override_is_used(site):
    write_portrait(site / "portraits", "zoe")
    (site / "templates").mkdir()
    (site / "templates" / "portrait.md.j2").write_text("# {{ p.name }}\n\nGabarit maison.\n", encoding="utf-8")
    assert mkdocs(site, "build", "--strict").returncode == 0
    assert "Gabarit maison." in (site / "site" / "portraits" / "zoe" / "index.html").read_text(encoding="utf-8")


def test_site_language_is_configurable(site):
    config = yaml.safe_load((site / "mkdocs.yml").read_text())
    config["plugins"] = ["search", {"portraits": {"language": "en"}}]
    (site / "mkdocs.yml").write_text(yaml.safe_dump(config))
    write_portrait(site / "portraits", "zoe", reading=[{"title": "A book"}])
    assert mkdocs(site, "build", "--strict").returncode == 0
    html = (site / "site" / "portraits" / "zoe" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in html and "Published on March 15, 2024" in html and "Further reading" in html


def test_drafts_and_scheduled_portraits_are_not_built(site):
    write_portrait(site / "portraits", "live", name="Live Person")
    write_portrait(site / "portraits", "draft", name="Draft Person", draft=True)
    write_portrait(site / "portraits", "later", name="Later Person", published="2999-01-01")
    assert mkdocs(site, "build", "--strict").returncode == 0
    built = site / "site"
    assert (built / "portraits" / "live").is_dir()
    assert not (built / "portraits" / "draft").exists() and not (built / "portraits" / "later").exists()
    everything = "".join(p.read_text(encoding="utf-8", errors="ignore") for p in built.rglob("*")
                         if p.is_file() and p.suffix in (".html", ".json", ".xml"))
    assert "Draft Person" not in everything and "Later Person" not in everything


def test_render_command_writes_the_generated_markdown(site, tmp_path):
    write_portrait(site / "portraits", "zoe")
    out = tmp_path / "out"
    result = portraits_cli(site, "render", str(out))
    assert result.returncode == 0, result.stderr
    page = (out / "portraits" / "zoe.md").read_text(encoding="utf-8")
    assert page.startswith("---\n") and '<h1 id="zoe-lefebvre">Zoé Lefèbvre' in page
    assert (out / "index.md").is_file()
    assert portraits_cli(site, "render", str(site / "portraits" / "inside")).returncode != 0


def test_workers_option(site):
    write_portrait(site / "portraits", "zoe")
    config = (site / "mkdocs.yml").read_text(encoding="utf-8")
    (site / "mkdocs.yml").write_text(config.replace("  - portraits\n", "  - portraits:\n      workers: -1\n"), encoding="utf-8")
    result = mkdocs(site, "build")
    assert result.returncode != 0 and "'workers' must be 0" in result.stderr and "Traceback" not in result.stderr
    (site / "mkdocs.yml").write_text(config.replace("  - portraits\n", "  - portraits:\n      workers: 1\n"), encoding="utf-8")
    assert mkdocs(site, "build").returncode == 0
    assert (site / "site" / "portraits" / "zoe" / "index.html").is_file()


def test_a_series_with_nothing_published_yet_builds(site):
    write_portrait(site / "portraits", "zoe", draft=True)
    result = mkdocs(site, "build", "--strict")
    assert result.returncode == 0, result.stderr
    assert (site / "site" / "index.html").is_file() and not (site / "site" / "portraits" / "zoe").exists()
    assert not list(site.glob(".site*"))
