"""The `comments` option, the comments section of the pages, old addresses (`aliases`) and
their redirect pages, and `portraits comments-migrate` (with isso's own importer)."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, mkdocs, portraits_cli, write_portrait

from generator.comments import CommentsError, parse_comments
from generator.comments_migrate import remap_threads
from generator.site import redirect_file

WXR = ROOT / "tests" / "import_fixtures" / "export.wxr.xml"
ISSO = {"provider": "isso", "isso": {"url": "https://comments.example.org/"}}


def configure(site: Path, **options) -> None:
    config = yaml.safe_load((site / "mkdocs.yml").read_text())
    config["plugins"] = ["search", {"portraits": options}]
    (site / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True))


def page(site: Path, path: str) -> str:
    return (site / "site" / path / "index.html").read_text(encoding="utf-8")


# --- the option -------------------------------------------------------------------------------

def test_comments_are_off_by_default(site):
    write_portrait(site / "portraits", "zoe")
    assert mkdocs(site, "build", "--strict").returncode == 0
    html = page(site, "portraits/zoe")
    assert "portrait-comments" not in html and "comments.js" not in html
    assert not (site / "site" / "assets" / "comments.js").exists()


@pytest.mark.parametrize("option, message", [
    ({"url": "https://c.example.org/"}, "'comments.url': this setting of isso goes under 'comments.isso'"),
    ({"provider": "isso"}, "'comments.isso' is missing"),
    ({"provider": "disqus"}, "'comments.provider': input should be 'isso', 'remark42' or 'giscus'"),
    ({"isso": {"url": "comments.example.org"}}, "'comments.isso.url': expected the address where isso is served"),
    ({"isso": {"ur": "https://c.example.org/"}}, "'comments.isso.ur': unknown setting — did you mean 'url'?"),
    ({"pages": ["home"], **ISSO}, "'comments.pages.0': input should be 'portraits', 'questions' or 'entities'"),
    ({"provider": "giscus", "giscus": {"repo": "owner/name"}}, "'comments.giscus.repo_id' is required"),
    ({"provider": "giscus", "giscus": {"repo": "nope", "repo_id": "R", "category": "C", "category_id": "D"}},
     "'comments.giscus.repo': expected a GitHub repository written owner/name"),
])
def test_mistakes_in_the_option_are_named(option, message):
    with pytest.raises(CommentsError) as caught:
        parse_comments(option)
    assert message in str(caught.value)


def test_a_mistake_in_the_option_stops_the_build_with_its_message(site):
    write_portrait(site / "portraits", "zoe")
    configure(site, comments={"provider": "isso", "isso": {"url": "ftp://comments.example.org"}})
    result = mkdocs(site, "build", "--strict")
    assert result.returncode == 1
    assert "portraits: 'comments.isso.url': expected the address where isso is served" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_portrait_ends_with_a_comments_section_that_loads_nothing(site):
    write_portrait(site / "portraits", "zoe", name="Zoé « Lefèbvre »")
    configure(site, comments=ISSO)
    assert mkdocs(site, "build", "--strict").returncode == 0
    html = page(site, "portraits/zoe")
    section = html[html.index('<section class="portrait-comments"'):html.index("</section>", html.index('class="portrait-comments"'))]
    # nothing of the comment server is on the page: no script, frame, image or style from it
    assert not re.search(r'<(script|iframe|img|link)[^>]+comments\.example\.org', html)
    assert 'data-thread="/portraits/zoe/"' in section  # the path: a new domain keeps the thread
    assert 'data-title="Zoé « Lefèbvre »"' in section
    settings = json.loads(unescape(re.search(r'data-comments="([^"]+)"', section).group(1)))
    assert settings == {"provider": "isso", "language": "fr", "endpoint": "https://comments.example.org",
                        "src": "https://comments.example.org/js/embed.min.js"}
    assert ">Commentaires<" in section
    assert "Afficher les commentaires (hébergés sur comments.example.org)" in section
    assert "Se souvenir de mon choix sur cet appareil" in section
    assert '<button type="button"' in section and 'role="status"' in section
    assert 'src="../../assets/comments.js"' in html and (site / "site" / "assets" / "comments.js").is_file()
    # only the kinds of pages asked for
    assert "portrait-comments" not in page(site, "")


def test_the_section_speaks_the_site_language_and_other_page_kinds_can_have_it(site):
    write_portrait(site / "portraits", "zoe", tools=["Canva"])
    configure(site, language="en", comments={**ISSO, "pages": ["portraits", "entities"]})
    assert mkdocs(site, "build", "--strict").returncode == 0
    assert "Show the comments (hosted on comments.example.org)" in page(site, "portraits/zoe")
    tool = page(site, "tools/canva")
    assert 'data-thread="/tools/canva/"' in tool and "Remember my choice on this device" in tool


def test_giscus_and_remark42_settings_reach_the_page(site):
    write_portrait(site / "portraits", "zoe")
    configure(site, comments={"provider": "giscus", "giscus": {
        "repo": "owner/name", "repo_id": "R_1", "category": "Comments", "category_id": "DIC_1"}})
    assert mkdocs(site, "build", "--strict").returncode == 0
    html = page(site, "portraits/zoe")
    settings = json.loads(unescape(re.search(r'data-comments="([^"]+)"', html).group(1)))
    assert settings["attributes"]["data-mapping"] == "specific" and settings["attributes"]["data-strict"] == "1"
    assert settings["attributes"]["data-lang"] == "fr" and settings["src"] == "https://giscus.app/client.js"
    assert not re.search(r"<(script|iframe)[^>]+giscus", html)
    configure(site, comments={"provider": "remark42", "remark42": {"host": "https://remark.example.org", "site_id": "p"}})
    assert mkdocs(site, "build", "--strict").returncode == 0
    settings = json.loads(unescape(re.search(r'data-comments="([^"]+)"', page(site, "portraits/zoe")).group(1)))
    assert settings["src"] == "https://remark.example.org/web/embed.js" and settings["site_id"] == "p"


# --- old addresses -------------------------------------------------------------------------------

def test_old_addresses_get_redirect_pages(site):
    write_portrait(site / "portraits", "zoe", name="Zoé Lefèbvre",
                   aliases=["/2012/02/portrait-zoe/", "/archives/zo%C3%A9.html", "/blog/zoe"])
    assert mkdocs(site, "build", "--strict").returncode == 0
    built = site / "site"
    html = (built / "2012/02/portrait-zoe/index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../../../portraits/zoe/">' in html
    assert '<link rel="canonical" href="https://example.org/portraits/zoe/">' in html
    assert '<a href="../../../portraits/zoe/">Cette page a déménagé : Zoé Lefèbvre</a>' in html
    assert "url=../portraits/zoe/" in (built / "archives/zoé.html").read_text(encoding="utf-8")
    assert "url=../../portraits/zoe/" in (built / "blog/zoe/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("alias, message", [
    ("2012/02/zoe/", "an alias starts with '/'"),
    ("https://blog.example.org/2012/02/zoe/", "an alias is a path on this site, not a full address"),
    ("/?p=42", "an alias cannot contain"),
    ("/a/../b/", "is not a usable old address"),
    ("/", "is not a usable old address"),
])
def test_unusable_aliases_are_located_errors(site, alias, message):
    write_portrait(site / "portraits", "zoe", aliases=["/ok/", alias])
    result = portraits_cli(site, "check")
    assert result.returncode == 1
    assert re.search(r"portraits/zoe\.yml:\d+:\d+: error: .*" + re.escape(message), result.stderr), result.stderr


def test_aliases_that_clash_are_located_errors(site):
    write_portrait(site / "portraits", "zoe", aliases=["/2012/02/zoe/"])
    write_portrait(site / "portraits", "ines", name="Inès", aliases=["/2012/02/zoe", "/portraits/zoe/"])
    result = portraits_cli(site, "check")
    assert result.returncode == 1
    # the same old address, with or without its last '/': whichever file comes second is told
    assert re.search(r"portraits/zoe\.yml:\d+:\d+: error: the alias '/2012/02/zoe/' is already an alias of "
                     r"\S*portraits/ines\.yml", result.stderr), result.stderr
    assert re.search(r"portraits/ines\.yml:\d+:\d+: error: the alias '/portraits/zoe/' is the address of the "
                     r"portrait", result.stderr)
    assert mkdocs(site, "build").returncode == 1


def test_an_alias_on_a_page_of_the_site_stops_the_build(site):
    (site / "docs" / "a-propos.md").write_text("# À propos\n", encoding="utf-8")
    path = write_portrait(site / "portraits", "zoe", aliases=["/a-propos/"])
    result = mkdocs(site, "build", "--strict")
    assert result.returncode == 1
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if "/a-propos/" in text)
    assert re.search(rf"zoe\.yml:{line}:\d+: error: the alias '/a-propos/' is the address of a page of the site "
                     r"\(a-propos/index\.html\)", result.stderr), result.stderr
    assert "Traceback" not in result.stderr


def test_redirect_file_names():
    assert redirect_file("/2012/02/x/") == "2012/02/x/index.html"
    assert redirect_file("/old/page.HTML") == "old/page.HTML"
    assert redirect_file("/caf%C3%A9") == "café/index.html"


# --- moving a WordPress blog ----------------------------------------------------------------------

def test_import_keeps_the_old_address(tmp_path):
    (tmp_path / "portraits").mkdir()
    result = portraits_cli(tmp_path, "import", str(WXR))
    assert result.returncode == 0, result.stderr
    data = yaml.safe_load((tmp_path / "portraits" / "nadia-bouchard.yml").read_text(encoding="utf-8"))
    assert data["aliases"] == ["/2012/02/portrait-nadia-bouchard/"]
    assert "old address: /2012/02/portrait-nadia-bouchard/ (redirected to the new page)" in result.stdout


def test_import_publish_writes_a_published_portrait_whose_old_address_redirects(site):
    result = portraits_cli(site, "import", str(WXR), "--publish")
    assert result.returncode == 0, result.stderr
    assert "wrote portraits/nadia-bouchard.yml\n" in result.stdout
    assert "draft" not in (site / "portraits" / "nadia-bouchard.yml").read_text(encoding="utf-8")
    assert mkdocs(site, "build", "--strict").returncode == 0
    html = (site / "site" / "2012/02/portrait-nadia-bouchard/index.html").read_text(encoding="utf-8")
    assert 'content="0; url=../../../portraits/nadia-bouchard/"' in html


def _isso_config(folder: Path) -> Path:
    config = folder / "isso.cfg"
    config.write_text(f"[general]\ndbpath = {folder / 'comments.db'}\nhost = https://example.org/\n", encoding="utf-8")
    return config


def _threads(database: Path) -> list[tuple]:
    with sqlite3.connect(database) as db:
        return db.execute("SELECT threads.uri, threads.title, comments.author, comments.mode, comments.parent "
                          "FROM comments JOIN threads ON threads.id = comments.tid ORDER BY comments.id").fetchall()


def test_comments_migrate_files_wordpress_comments_under_the_new_address(tmp_path):
    (tmp_path / "portraits").mkdir()
    assert portraits_cli(tmp_path, "import", str(WXR)).returncode == 0
    config = _isso_config(tmp_path)
    result = portraits_cli(tmp_path, "comments-migrate", str(WXR), "--isso-config", str(config))
    assert result.returncode == 0, result.stderr
    assert "/2012/02/portrait-nadia-bouchard/ → /portraits/nadia-bouchard/ (3 comment(s))" in result.stdout
    assert _threads(tmp_path / "comments.db") == [
        ("/portraits/nadia-bouchard/", "Nadia Bouchard", "Marie-Ève", 1, None),
        ("/portraits/nadia-bouchard/", "Nadia Bouchard", "Nadia Bouchard", 1, 1),  # the reply stays a reply
        ("/portraits/nadia-bouchard/", "Nadia Bouchard", "Pourriel", 2, None)]  # unapproved: still waiting
    again = portraits_cli(tmp_path, "comments-migrate", str(WXR), "--isso-config", str(config))
    assert again.returncode == 1 and "already holds comments" in again.stderr and "--remap-only" in again.stderr
    assert len(_threads(tmp_path / "comments.db")) == 3


def test_comments_migrate_needs_portraits_with_old_addresses(tmp_path):
    write_portrait(tmp_path / "portraits", "zoe")
    result = portraits_cli(tmp_path, "comments-migrate", str(WXR), "--isso-config", str(_isso_config(tmp_path)))
    assert result.returncode == 1 and "no portrait in portraits has 'aliases'" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_thread_already_on_the_new_address_receives_the_old_comments(tmp_path):
    database = tmp_path / "comments.db"
    with sqlite3.connect(database) as db:
        db.executescript("""
            CREATE TABLE threads (id INTEGER PRIMARY KEY, uri VARCHAR(256) UNIQUE, title VARCHAR(256));
            CREATE TABLE comments (tid REFERENCES threads(id), id INTEGER PRIMARY KEY, author VARCHAR);
            INSERT INTO threads VALUES (1, '/portraits/zoe/', 'Zoé'), (2, '/2012/02/zo%C3%A9', 'Old'), (3, '/other/', 'O');
            INSERT INTO comments VALUES (1, 1, 'new'), (2, 2, 'old'), (3, 3, 'elsewhere');""")
    moved, left = remap_threads(database, {"/2012/02/zoé": ("/portraits/zoe/", "Zoé")})
    assert [(m.old, m.new, m.comments) for m in moved] == [("/2012/02/zo%C3%A9", "/portraits/zoe/", 1)]
    assert left == ["/other/"]
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT uri FROM threads ORDER BY id").fetchall() == [("/portraits/zoe/",), ("/other/",)]
        assert db.execute("SELECT tid, author FROM comments ORDER BY id").fetchall() == [
            (1, "new"), (1, "old"), (3, "elsewhere")]
