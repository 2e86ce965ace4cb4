"""The theme's frame set in two processes (generator/mkdocs/frames.py): the pages a forked
process writes ahead of MkDocs' loop are those MkDocs would write, byte for byte; a failure
there fails the build with its message; another plugin's page hooks keep every page in
MkDocs' loop; a live preview builds those pages again after an edit."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from generator.mkdocs import frames
from test_preview import Preview, clean_build, differences, edit_headline, edit_tools, make_series


@pytest.fixture
def taken(monkeypatch):
    """The pages MkDocs' loop took from the other process, in every build of the test; forking
    from a series of a dozen portraits, and beside the threads of other tests' servers (idle)."""
    monkeypatch.setattr(frames, "MIN_PAGES", 10)
    monkeypatch.setattr("generator.mkdocs.frames.threading.active_count", lambda: 1)
    pages: list[str] = []
    take = frames.FramesAhead.take

    def record(self, page):
        pages.append(page.file.src_uri)
        return take(self, page)

    monkeypatch.setattr(frames.FramesAhead, "take", record)
    return pages


def build_site(folder: Path, site: Path, **overrides) -> None:
    config = load_config(config_file=str(folder / "mkdocs.yml"), site_dir=str(site), **overrides)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def test_pages_written_ahead_are_those_mkdocs_writes(tmp_path, monkeypatch, taken):
    folder = make_series(tmp_path / "series", 12, 7)
    monkeypatch.chdir(folder)
    build_site(folder, tmp_path / "ahead")
    generated = sum(1 for _ in (tmp_path / "ahead").rglob("index.html"))
    assert len(taken) > generated / 3, (len(taken), generated)
    assert len(set(taken)) == len(taken)

    monkeypatch.setattr(frames.FramesAhead, "start", classmethod(lambda cls, *args, **kwargs: None))
    build_site(folder, tmp_path / "in-loop")
    assert differences(tmp_path / "ahead", tmp_path / "in-loop") == []


def test_a_failure_while_writing_ahead_fails_the_build_and_keeps_the_site(tmp_path, monkeypatch, taken, caplog):
    folder = make_series(tmp_path / "series", 12, 8)
    monkeypatch.chdir(folder)
    site = tmp_path / "site"
    build_site(folder, site)
    before = {p: p.read_bytes() for p in site.rglob("*.html")}

    def broken(nav, files, config, page):  # in the forked process only: MkDocs' loop has its own
        raise RuntimeError(f"no context for {page.file.src_uri}")

    monkeypatch.setattr(frames, "get_context", broken)
    with pytest.raises(Abort):
        build_site(folder, site)
    errors = [record.getMessage() for record in caplog.records if record.levelname == "ERROR"]
    assert any("could not be built:\nRuntimeError: no context for" in message for message in errors), errors
    assert not any("Traceback" in message for message in errors)
    assert {p: p.read_bytes() for p in site.rglob("*.html")} == before


def test_another_plugins_page_hook_keeps_every_page_in_mkdocs_loop(tmp_path, monkeypatch, taken):
    folder = make_series(tmp_path / "series", 12, 9)
    monkeypatch.chdir(folder)
    (folder / "hooks.py").write_text("def on_post_page(output, page, config):\n"
                                     "    return output.replace('</body>', '<!-- seen by a hook --></body>')\n",
                                     encoding="utf-8")
    build_site(folder, tmp_path / "site", hooks=[str(folder / "hooks.py")])
    assert taken == []
    pages = list((tmp_path / "site").rglob("index.html"))
    assert pages and all("<!-- seen by a hook -->" in p.read_text(encoding="utf-8") for p in pages)


def test_a_preview_builds_pages_written_ahead_again_after_an_edit(tmp_path, monkeypatch, taken):
    """The pages written ahead are the last of MkDocs' loop (the entity pages): an edit of a
    portrait's tools and headline changes some of them, which the preview writes again."""
    folder = make_series(tmp_path / "series", 12, 10)
    monkeypatch.chdir(folder)
    preview = Preview(folder, tmp_path / "served")
    ahead = set(taken)
    assert ahead, "the first build of the preview wrote pages ahead"
    written = set()
    from generator.mkdocs import preview as live

    def record(page, *args, **kwargs):
        written.add(page.file.src_uri)
        return mkdocs_build_page(page, *args, **kwargs)

    mkdocs_build_page = live._build_page
    monkeypatch.setattr(live, "_build_page", record)
    rng = random.Random(10)
    for edit in (edit_tools, edit_headline):
        edit(folder, rng)
        preview.rebuild()
    assert written & ahead, (sorted(written), sorted(ahead))
    clean_build(folder, tmp_path / "clean")  # a fresh process: every page in MkDocs' loop
    assert differences(tmp_path / "served", tmp_path / "clean") == []
