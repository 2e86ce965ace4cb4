"""Faults a writer or an editor can cause, each ending in a located message and a non-zero
exit: never a traceback, never a half-built site."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest
from PIL import Image

from conftest import image_bytes, mkdocs, portraits_cli, write_portrait
from generator.i18n import LocaleError, load_locale
from generator.load import load_folder, parse_yaml
from generator.markup import markdown_to_html
from generator.problems import Problem
from generator.validate import validate


def _check(site: Path):
    return portraits_cli(site, "check", "portraits")


def _no_traceback(result) -> None:
    assert "Traceback" not in result.stdout + result.stderr, result.stderr


# --- bounded work -----------------------------------------------------------------------------

@pytest.mark.parametrize("field", ["organizations", "tools", "platforms", "tags"])
def test_a_name_of_100000_characters_is_checked_in_linear_memory(tmp_path, field):
    root = tmp_path / "portraits"
    write_portrait(root, "zoe", **{field: ["x" * 100_000 + "a"]})
    write_portrait(root, "ana", name="Ana", **{field: ["x" * 100_000 + "b"]})
    tracemalloc.start()
    started = time.perf_counter()
    validate(load_folder(root), root)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 50_000_000 and time.perf_counter() - started < 10


def test_a_long_list_is_refused_without_blaming_aliases():
    text = "name: Zoé\ntags:\n" + "".join(f"  - t{i}\n" for i in range(50_000))
    problems = parse_yaml(text, "zoe.yml")[3]
    assert len(problems) == 1 and "alias" not in str(problems[0]) and "more than 20,000" in problems[0].message
    assert problems[0].line == 2


def test_aliases_are_still_blamed_when_there_are_some():
    text = "a: &x [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n" + "".join(f"k{i}: [*x, *x, *x, *x]\n" for i in range(600))
    assert "alias" in parse_yaml(text, "zoe.yml")[3][0].message


# --- terminal-safe output ---------------------------------------------------------------------

def test_control_characters_are_shown_escaped():
    problem = Problem("p\x1b[2K\x1b[1A\r.yml", 1, 2, "unknown field 'a\x1b[8m'", "hint \x9b\u202e")
    text = str(problem)
    assert "\x1b" not in text and "\r" not in text and "\x9b" not in text and "\u202e" not in text
    assert "p\\x1b[2K\\x1b[1A\\x0d.yml:1:2" in text and "'a\\x1b[8m'" in text


def test_an_escape_code_in_a_key_reaches_neither_check_nor_the_build_log(site):
    write_portrait(site / "portraits", "zoe")
    path = site / "portraits" / "zoe.yml"
    path.write_text(path.read_text(encoding="utf-8") + '"\\e[2K\\e[1A\\rok": 1\n', encoding="utf-8")
    for result in (_check(site), mkdocs(site, "build")):
        _no_traceback(result)
        assert result.returncode != 0
        assert "\x1b" not in result.stdout + result.stderr and "\\x1b[2K" in result.stderr


# --- sanitiser, hints ---------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "vbscript:x"])
def test_a_quote_cite_with_a_script_url_is_removed(url):
    html = str(markdown_to_html(f'Voici <q cite="{url}">une citation</q>.'))
    assert "cite" not in html and "<q>une citation</q>" in html


def test_a_quote_cite_with_a_web_address_is_kept():
    assert 'cite="https://example.org/a"' in str(markdown_to_html('<q cite="https://example.org/a">x</q>'))


def test_the_slug_hint_does_not_propose_a_name_already_taken(site):
    write_portrait(site / "portraits", "zoe")
    (site / "portraits" / "Zoe.yml").write_text((site / "portraits" / "zoe.yml").read_text(encoding="utf-8"),
                                                 encoding="utf-8")
    if (site / "portraits" / "zoe.yml").samefile(site / "portraits" / "Zoe.yml"):
        pytest.skip("a case-insensitive file system")  # pragma: no cover
    result = _check(site)
    assert result.returncode == 1
    assert "rename it 'zoe.yml'" not in result.stderr and "'zoe.yml' already exists" in result.stderr


# --- images -----------------------------------------------------------------------------------

def _photo_site(site: Path, name: str, content: bytes) -> None:
    media = site / "portraits" / "_media"
    media.mkdir(parents=True, exist_ok=True)
    (media / name).write_bytes(content)
    write_portrait(site / "portraits", "zoe", photo={"src": f"_media/{name}", "alt": "Zoé"})


def _bomb(tmp_path: Path, side: int) -> bytes:
    path = tmp_path / "bomb.png"
    Image.new("1", (side, side)).save(path)
    return path.read_bytes()


@pytest.mark.parametrize("name, content, message", [
    ("zoe.jpg", b"<html><body>not a photo</body></html>", "not an image"),
    ("zoe.jpg", b"just some text\n", "not an image"),
    ("zoe.jpg", image_bytes(size=(200, 200))[:300], "cannot be decoded"),
    ("zoe.png", image_bytes(size=(200, 200))[:-300], "is a JPEG image named '.png'"),
    ("zoe.png", image_bytes("PNG", size=(200, 200))[:-40], "cannot be decoded"),
    ("zoe.png", image_bytes("JPEG"), "is a JPEG image named '.png'"),
])
def test_an_image_that_is_not_what_its_name_says_is_refused_at_the_portrait_line(site, name, content, message):
    _photo_site(site, name, content)
    result = _check(site)
    _no_traceback(result)
    assert result.returncode == 1 and message in result.stderr
    assert "portraits/zoe.yml:" in result.stderr and "'src'" in result.stderr


@pytest.mark.parametrize("side", [13_000, 30_000])
def test_a_decompression_bomb_is_refused_by_check_and_never_published(site, tmp_path, side):
    _photo_site(site, "zoe.png", _bomb(tmp_path, side))
    started = time.perf_counter()
    result = _check(site)
    assert time.perf_counter() - started < 20
    _no_traceback(result)
    assert result.returncode == 1 and "too large" in result.stderr and "portraits/zoe.yml:" in result.stderr
    assert "DecompressionBomb" not in result.stderr
    built = mkdocs(site, "build")
    assert built.returncode != 0 and not (site / "site").exists()


def test_a_real_image_passes(site):
    _photo_site(site, "zoe.jpg", image_bytes(size=(800, 600)))
    assert _check(site).returncode == 0


@pytest.mark.parametrize("answer, message", [
    ("Mon bureau : ![bureau](_media/absent.jpg)", "image file not found: _media/absent.jpg"),
    ('Mon bureau : <img src="_media/absent.png" alt="bureau">', "image file not found: _media/absent.png"),
    ("![bureau](_media/fake.jpg)", "_media/fake.jpg: the file is not an image"),
    ("![bureau](../outside.jpg)", "image outside the portraits folder"),
    ("![bureau](/etc/x.jpg)", "nor in the portraits folder"),
    ("![bureau](data:image/png;base64,AAAA)", "nor in the portraits folder"),
])
def test_an_image_in_an_answer_that_the_page_could_not_show_is_reported(site, answer, message):
    media = site / "portraits" / "_media"
    media.mkdir(parents=True)
    (media / "fake.jpg").write_text("<html>not a photo</html>", encoding="utf-8")
    write_portrait(site / "portraits", "zoe", interview=[{"question": "Q ?", "answer": answer}])
    result = _check(site)
    _no_traceback(result)
    assert result.returncode == 1 and message in result.stderr and "portraits/zoe.yml:" in result.stderr


def test_an_image_in_an_answer_of_a_markdown_portrait_is_reported_at_its_line(site):
    (site / "portraits" / "zoe.md").write_text(
        "---\nname: Zoé\npublished: 2024-03-15\n---\n\n## Q ?\n\nPremière ligne.\n\n![bureau](_media/absent.jpg)\n",
        encoding="utf-8")
    result = _check(site)
    assert result.returncode == 1 and "portraits/zoe.md:10:" in result.stderr and "absent.jpg" in result.stderr


def test_images_in_answers_that_are_shown_or_in_code_pass(site):
    media = site / "portraits" / "_media"
    media.mkdir(parents=True)
    (media / "desk.png").write_bytes(image_bytes("PNG"))
    answer = ("![bureau](_media/desk.png) ![web](https://example.org/x.jpg) `![code](absent.jpg)`\n\n"
              "```\n<img src=\"absent.png\">\n```")
    write_portrait(site / "portraits", "zoe", interview=[{"question": "Q ?", "answer": answer}])
    assert _check(site).returncode == 0
    assert mkdocs(site, "build").returncode == 0
    assert "_media/desk.png" in (site / "site" / "portraits" / "zoe" / "index.html").read_text(encoding="utf-8")


# --- site configuration: today, language, locale files ----------------------------------------

def _configure(site: Path, options: str) -> None:
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - portraits\n", f"  - portraits:\n{options}"),
                      encoding="utf-8")


@pytest.mark.parametrize("value, ok", [("2024-03-01", True), ('"2024-03-01"', True), ('"tomorrow"', False),
                                       ("3", False), ('"2024-02-30"', False)])
def test_today_option(site, value, ok):
    write_portrait(site / "portraits", "zoe")
    _configure(site, f"      today: {value}\n")
    result = mkdocs(site, "build")
    _no_traceback(result)
    assert (result.returncode == 0) is ok, result.stderr
    if not ok:
        assert "today" in result.stderr


@pytest.mark.parametrize("language, with_locale, theme", [("fr-CA", False, "fr"), ("qc", True, "en"), ("de-AT", False, "de")])
def test_a_site_language_the_theme_lacks_builds(site, language, with_locale, theme):
    write_portrait(site / "portraits", "zoe")
    if with_locale:
        (site / "templates" / "locales").mkdir(parents=True)
        (site / "templates" / "locales" / f"{language}.yml").write_text("labels:\n  home: Accueil du Québec\n",
                                                                         encoding="utf-8")
    _configure(site, f"      language: {language}\n")
    result = mkdocs(site, "build")
    _no_traceback(result)
    assert result.returncode == 0, result.stderr
    assert f'<html lang="{theme}"' in (site / "site" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("content, message", [
    ("", "empty"), ("labels: [", "invalid YAML"), ("labels: 3", "'labels' in the locale file must be a mapping"),
    ("- a list", "not a mapping"), ("months: [a, b]", "12 months"), (b"labels:\n  home: \xe9t\xe9\n", "not UTF-8"),
    ("singular: 1", "'singular' in the locale file must be a list"),
])
def test_a_broken_locale_file_is_reported(site, content, message):
    write_portrait(site / "portraits", "zoe")
    mkdocs(site, "build")
    before = sorted(p.relative_to(site) for p in (site / "site").rglob("*"))
    locales = site / "templates" / "locales"
    locales.mkdir(parents=True)
    (locales / "qc.yml").write_bytes(content if isinstance(content, bytes) else content.encode())
    _configure(site, "      language: qc\n")
    result = mkdocs(site, "build")
    _no_traceback(result)
    assert result.returncode != 0 and message in result.stderr and "qc.yml:" in result.stderr
    assert sorted(p.relative_to(site) for p in (site / "site").rglob("*")) == before
    with pytest.raises(LocaleError):
        load_locale("qc", (locales,))


# --- template overrides failing at run time ---------------------------------------------------

@pytest.mark.parametrize("body, message", [
    ("{{ 1/0 }}", "ZeroDivisionError"),
    ("{{ nothing_here.at_all }}", "undefined variable"),
    ('{{ 1 + "a" }}', "TypeError"),
    ("{% include 'portrait.md.j2' %}", "calls itself"),
    ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "calls itself"),
    (b"\xe9t\xe9 {{ page }}", "not UTF-8"),
])
def test_a_failing_template_override_is_reported_with_its_file(site, body, message):
    from generator.render import BUILTIN_TEMPLATES

    write_portrait(site / "portraits", "zoe")
    assert mkdocs(site, "build").returncode == 0
    index = (site / "site" / "index.html").read_bytes()
    templates = site / "templates"
    templates.mkdir()
    original = (BUILTIN_TEMPLATES / "portrait.md.j2").read_bytes()
    (templates / "portrait.md.j2").write_bytes(original + (body if isinstance(body, bytes) else body.encode()))
    for result in (mkdocs(site, "build"), portraits_cli(site, "render", str(site / "out"))):
        _no_traceback(result)
        assert result.returncode != 0 and message in result.stderr, result.stderr
        assert "portrait.md.j2" in result.stderr
    assert (site / "site" / "index.html").read_bytes() == index


# --- silent losses ------------------------------------------------------------------------------

@pytest.mark.parametrize("answer", ["Début. <!-- TODO relire\n\nLa suite cachée.", "<!-- TODO", "a <!-- x --> b <!-- y"])
def test_an_unclosed_comment_in_an_answer_is_reported(site, answer):
    write_portrait(site / "portraits", "zoe", interview=[{"question": "Q ?", "answer": answer}])
    result = _check(site)
    assert result.returncode == 1 and "'<!--' is never closed" in result.stderr and "zoe.yml:" in result.stderr


def test_a_closed_comment_is_fine(site):
    write_portrait(site / "portraits", "zoe", interview=[{"question": "Q ?", "answer": "a <!-- note --> b"}])
    assert _check(site).returncode == 0


def test_an_unreadable_sub_folder_is_reported(tmp_path, monkeypatch):
    import os

    root = tmp_path / "portraits"
    write_portrait(root / "2024", "zoe")
    write_portrait(root, "ana", name="Ana")
    real = os.scandir

    def scandir(path="."):
        if Path(path) == root / "2024":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    loaded = load_folder(root)
    assert [p.path.endswith("2024") and "cannot read this folder" in p.message for p in loaded.problems] == [True]


def test_an_unreadable_image_is_reported(site, monkeypatch):
    from generator import media

    _photo_site(site, "zoe.jpg", image_bytes())

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(media.Image, "open", refuse)
    media._problem.cache_clear()
    assert media.image_problem(site / "portraits" / "_media" / "zoe.jpg")[0] == "cannot read the image (Permission denied)"


# --- registries linked outside ----------------------------------------------------------------

@pytest.mark.parametrize("name", ["_entities.yml", "_questions.yml"])
def test_a_registry_linked_outside_the_folder_is_refused(site, tmp_path, name):
    write_portrait(site / "portraits", "zoe")
    secret = tmp_path / "secret.yml"
    secret.write_text("tools:\n  - name: SECRET-VALUE\n    aliases: [x]\n", encoding="utf-8")
    (site / "portraits" / name).symlink_to(secret)
    result = _check(site)
    assert result.returncode == 1 and "link leading outside" in result.stderr and "SECRET" not in result.stderr


# --- writers' commands: long names, nested HTML -----------------------------------------------

def test_new_with_a_name_too_long_for_a_file(site):
    result = portraits_cli(site, "new", "Zoé " * 200)
    _no_traceback(result)
    assert result.returncode == 2 and "too long" in result.stderr
    assert list((site / "portraits").iterdir()) == []


def test_import_with_a_name_too_long_for_a_file(site, tmp_path):
    article = tmp_path / "a.md"
    article.write_text("# Entretien\n\n## Question ?\n\nRéponse.\n", encoding="utf-8")
    result = portraits_cli(site, "import", str(article), "--name", "Zoé " * 200)
    _no_traceback(result)
    assert result.returncode == 2 and "too long" in result.stderr


def test_import_of_deeply_nested_html(site, tmp_path):
    article = tmp_path / "a.html"
    article.write_text("<html><body><h1>Zoé</h1>" + "<div>" * 100_000 + "x" + "</div>" * 100_000 + "</body></html>",
                       encoding="utf-8")
    result = portraits_cli(site, "import", str(article))
    _no_traceback(result)
    assert list((site / "portraits").iterdir()) == [] or result.returncode == 0


# --- disk full --------------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["portraits", "mkdocs"])
def test_disk_full_while_copying_media_keeps_the_previous_site(site, monkeypatch, command):
    import errno
    import os
    import shutil

    from click.testing import CliRunner
    from mkdocs.__main__ import cli as mkdocs_main

    from generator.cli import main

    _photo_site(site, "zoe.jpg", image_bytes())
    monkeypatch.chdir(site)
    program = main if command == "portraits" else mkdocs_main
    assert CliRunner().invoke(program, ["build"]).exit_code == 0
    before = {p.relative_to(site): p.read_bytes() for p in (site / "site").rglob("*") if p.is_file()}
    sources = {p: p.read_bytes() for p in (site / "portraits").rglob("*") if p.is_file()}

    def full(src, dst, *args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), src, None, dst)

    monkeypatch.setattr(shutil, "copyfile", full)
    result = CliRunner().invoke(program, ["build"])
    assert result.exit_code == 1 and "disk is full" in result.output and "Traceback" not in result.output
    assert ".site.building-" in result.output  # the file being written, not the one read
    monkeypatch.undo()
    assert {p.relative_to(site): p.read_bytes() for p in (site / "site").rglob("*") if p.is_file()} == before
    assert {p: p.read_bytes() for p in (site / "portraits").rglob("*") if p.is_file()} == sources
    assert not [p for p in site.iterdir() if p.name.startswith(".site.")]


def test_disk_full_while_rendering_pages_is_one_line(site, monkeypatch):
    import errno
    import os

    from click.testing import CliRunner

    from generator.cli import main

    write_portrait(site / "portraits", "zoe")
    monkeypatch.chdir(site)

    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(Path, "write_text", full)
    result = CliRunner().invoke(main, ["render", "out"])
    assert result.exit_code == 1 and "disk is full while writing into" in result.output
    assert "Traceback" not in result.output and "previous site" not in result.output
