"""Builds killed at named steps (as by kill -9 or a power cut), two builds at once, and
leftovers of earlier builds: the site is always the old one or the new one, whole, the sources
are untouched, and the next build leaves nothing behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from conftest import image_bytes, mkdocs, write_portrait
from generator.mkdocs import swap
from generator.search import scratch_folder


def _tree(folder: Path) -> dict[str, bytes]:
    """Every file's bytes; the search index's files, whose names change with each build, by
    name only (and the index must be there)."""
    files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    if folder.name == "site":
        assert "pagefind/pagefind-entry.json" in files
        files = {path: (b"" if path.startswith("pagefind") else data) for path, data in files.items()}
        files = {path: data for path, data in files.items() if not path.startswith("pagefind/")} | \
            {"pagefind/": b"%d" % sum(path.startswith("pagefind/fragment/") for path in files)}
    return files


def _leftovers(site: Path) -> list[str]:
    beside = [p.name for p in site.iterdir() if p.name.startswith(".site.")]
    temp = [p.name for folder in {Path(tempfile.gettempdir()), scratch_folder()} for p in folder.iterdir()
            if (owner := swap._TEMP_LEFTOVER.match(p.name)) and not swap.alive(int(owner.group(1)))]
    return beside + temp


@pytest.fixture
def small_site(site: Path) -> Path:
    (site / "mkdocs.yml").write_text((site / "mkdocs.yml").read_text(encoding="utf-8")
                                     .replace("  - portraits\n", "  - portraits:\n      workers: 2\n"), encoding="utf-8")
    (site / "portraits" / "_media").mkdir()
    (site / "portraits" / "_media" / "zoe.jpg").write_bytes(image_bytes(size=(500, 400)))
    write_portrait(site / "portraits", "zoe", photo={"src": "_media/zoe.jpg", "alt": "Zoé"})
    write_portrait(site / "portraits", "ana", name="Ana Lima")
    write_portrait(site / "portraits", "noe", name="Noé Petit")
    assert mkdocs(site, "build").returncode == 0
    return site


def _build(site: Path, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=site, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}, timeout=300)


@pytest.mark.parametrize("step", ["staged", "built", "swapped"])
def test_a_build_killed_at_a_step_leaves_a_whole_site_and_the_next_build_cleans_up(small_site, step):
    site = small_site
    before, sources = _tree(site / "site"), _tree(site / "portraits")
    result = _build(site, PORTRAITS_KILL_AT=step)
    assert result.returncode == -signal.SIGKILL
    assert _tree(site / "site") == before  # the same sources build the same site: old or new, it is whole
    assert _tree(site / "portraits") == sources
    assert _build(site).returncode == 0
    assert _leftovers(site) == []
    assert _tree(site / "site") == before and _tree(site / "portraits") == sources


def test_leftovers_of_dead_builds_are_removed_and_those_of_live_ones_kept(small_site, tmp_path):
    site = small_site
    dead = subprocess.Popen(["true"])
    dead.wait()
    for name in (f".site.building-{dead.pid}", f".site.search-{dead.pid}", f".site.old-{dead.pid}",
                 f".site.building-{os.getpid()}1"):
        (site / name).mkdir()
        (site / name / "index.html").write_text("stale", encoding="utf-8")
    live = site / f".site.building-{os.getppid()}"
    live.mkdir()
    temp = Path(tempfile.gettempdir())
    (temp / f"portraits-search-{dead.pid}-abc").mkdir(exist_ok=True)
    (scratch_folder() / f"portraits-search-{dead.pid}-def").mkdir(exist_ok=True)
    (temp / f"portraits-worker-{dead.pid}-abc").write_bytes(b"x")
    assert _build(site).returncode == 0
    remaining = sorted(p.name for p in site.iterdir() if p.name.startswith(".site."))
    assert remaining == sorted([live.name] + ([f".site.building-{os.getpid()}1"]
                                                           if swap.alive(int(f"{os.getpid()}1")) else []))
    assert not (temp / f"portraits-search-{dead.pid}-abc").exists()
    assert not (scratch_folder() / f"portraits-search-{dead.pid}-def").exists()
    assert not (temp / f"portraits-worker-{dead.pid}-abc").exists()


def test_two_builds_at_once_never_interleave(small_site):
    site = small_site
    before = _tree(site / "site")
    first = subprocess.Popen([sys.executable, "-m", "mkdocs", "build"], cwd=site, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    deadline = time.monotonic() + 60
    while not list(site.glob(".site.building-*")) and time.monotonic() < deadline and first.poll() is None:
        time.sleep(0.01)
    second = _build(site)
    first.communicate(timeout=300)
    assert first.returncode == 0
    if second.returncode != 0:  # it ran while the first held the lock
        assert "another build" in second.stderr and "Traceback" not in second.stderr
    assert _tree(site / "site") == before
    assert _build(site).returncode == 0 and _leftovers(site) == []


def test_swap_replaces_an_existing_real_folder_and_keeps_hidden_entries(tmp_path):
    final, staging = tmp_path / "site", tmp_path / ".site.building-1"
    final.mkdir()
    (final / "old.html").write_text("old", encoding="utf-8")
    (final / ".git").mkdir()
    staging.mkdir()
    (staging / "new.html").write_text("new", encoding="utf-8")
    swap.swap_in(staging, final)
    assert sorted(p.name for p in final.iterdir()) == [".git", "new.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_swap_without_exchange_falls_back_to_renames(tmp_path, monkeypatch):
    monkeypatch.setattr(swap, "_exchange", lambda a, b: False)
    test_swap_replaces_an_existing_real_folder_and_keeps_hidden_entries(tmp_path)


def test_ctrl_c_during_the_swap_waits_for_it_and_is_not_raised(tmp_path, monkeypatch, caplog):
    final, staging = tmp_path / "site", tmp_path / ".site.building-1"
    final.mkdir()
    (final / "old.html").write_text("old", encoding="utf-8")
    staging.mkdir()
    (staging / "new.html").write_text("new", encoding="utf-8")

    def interrupted(a, b):
        # Ctrl-C in the middle of the swap, to this thread: a thread left by an earlier test would
        # otherwise take a signal sent to the process
        signal.pthread_kill(threading.get_ident(), signal.SIGINT)
        return False

    monkeypatch.setattr(swap, "_exchange", interrupted)
    swap.swap_in(staging, final)  # no KeyboardInterrupt
    assert sorted(p.name for p in final.iterdir()) == ["new.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert "interrupted during the swap" in caplog.text
