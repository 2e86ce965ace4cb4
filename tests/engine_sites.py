"""The example site built by each engine, for tests/test_engines.py and the browser test.

- MkDocs 1.6: `mkdocs build --strict` (the plugin);
- ProperDocs: `properdocs build --strict -f mkdocs.yml` (the same plugin, through its
  `mkdocs.plugins` entry point; ProperDocs imports as `properdocs` and aliases `mkdocs` only in
  its own process, so both install in one virtualenv);
- Zensical: `portraits render build/docs --engine-config build/mkdocs.yml`, then
  `zensical build --strict -f build/mkdocs.yml`, then `portraits index build/site`. Zensical
  is a separate program with a virtualenv of its own (`ZENSICAL`, which scripts/test sets up
  in .venv-zensical)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("mkdocs.yml", "docs", "portraits", "templates")
ENGINES = ("mkdocs", "properdocs", "zensical")


def copy_example(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name)
        elif source.is_file():
            shutil.copy2(source, folder / name)
    return folder


def zensical() -> str:
    found = os.environ.get("ZENSICAL") or shutil.which("zensical", path=str(ROOT / ".venv-zensical" / "bin"))
    assert found and os.access(found, os.X_OK), "Zensical not found: run ./scripts/test (it installs it) or set ZENSICAL"
    return found


def _run(folder: Path, *args: str) -> None:
    """A command in `folder`: `zensical …`, or `python -m …` for the others (this environment's)."""
    command = [zensical(), *args[1:]] if args[0] == "zensical" else [sys.executable, "-m", *args]
    result = subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"})
    assert result.returncode == 0, f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"


def build(engine: str, folder: Path) -> tuple[Path, float]:
    """The example site copied into `folder` and built by `engine`: (site folder, seconds)."""
    copy_example(folder)
    started = time.perf_counter()
    if engine == "mkdocs":
        _run(folder, "mkdocs", "build", "--strict")
        site = folder / "site"
    elif engine == "properdocs":
        _run(folder, "properdocs", "build", "--strict", "-f", "mkdocs.yml")
        site = folder / "site"
    elif engine == "zensical":
        _run(folder, "generator", "render", "build/docs", "--engine-config", "build/mkdocs.yml")
        _run(folder, "zensical", "build", "--strict", "-f", "build/mkdocs.yml")
        site = folder / "build" / "site"
        _run(folder, "generator", "index", str(site))
    else:
        raise ValueError(engine)
    assert (site / "index.html").is_file(), f"{engine}: no index.html in {site}"
    return site, time.perf_counter() - started
