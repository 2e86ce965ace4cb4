"""Shared helpers: write small portrait folders and build sites from them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def image_bytes(fmt: str = "JPEG", color: int = 0, size: tuple[int, int] = (4, 3), note: str = "") -> bytes:
    """A real (tiny) image: `check` reads images from their bytes. A PNG may carry a `note`
    (a text chunk), which tests find in the served bytes."""
    from io import BytesIO

    from PIL import Image, PngImagePlugin

    out = BytesIO()
    extra = {}
    if note:
        extra["pnginfo"] = PngImagePlugin.PngInfo()
        extra["pnginfo"].add_text("note", note)
    Image.new("RGB", size, (color, color, color)).save(out, format=fmt, **extra)
    return out.getvalue()


def portrait_data(name: str = "Zoé Lefèbvre", published: str = "2024-03-15", **fields) -> dict:
    data = {"name": name, "published": date.fromisoformat(published)}
    data.update(fields)
    data.setdefault("interview", [{"question": "Comment as-tu commencé ?", "answer": "Par hasard."}])
    return data


def write_portrait(folder: Path, slug: str, **fields) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{slug}.yml"
    path.write_text(yaml.safe_dump(portrait_data(**fields), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


SITE_CONFIG = """\
site_name: Test site
site_url: https://example.org/
theme:
  name: material
plugins:
  - search
  - portraits
"""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """An empty site folder: mkdocs.yml, docs/ and portraits/."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "portraits").mkdir()
    (tmp_path / "mkdocs.yml").write_text(SITE_CONFIG, encoding="utf-8")
    return tmp_path


def mkdocs(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=folder, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=300)


def portraits_cli(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=folder, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=300)


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> Path:
    """The repository's example site, built once with `mkdocs build --strict`."""
    folder = tmp_path_factory.mktemp("example")
    for name in ("mkdocs.yml", "docs", "portraits", "templates"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name)
        else:
            shutil.copy(source, folder / name)
    result = mkdocs(folder, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return folder


@pytest.fixture(scope="session")
def engine_sites(tmp_path_factory) -> dict[str, Path]:
    """The example site built by MkDocs, ProperDocs and Zensical (see tests/engine_sites.py)."""
    from engine_sites import ENGINES, build

    return {engine: build(engine, tmp_path_factory.mktemp(f"engine-{engine}"))[0] for engine in ENGINES}
