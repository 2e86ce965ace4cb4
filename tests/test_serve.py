"""`mkdocs serve`: live reload of portraits, templates and media; errors shown, server alive."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import image_bytes, write_portrait


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def wait_for(url: str, needle: str, timeout: float = 40) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = fetch(url)
        if needle in body:
            return body
        time.sleep(0.3)
    raise AssertionError(f"{needle!r} never appeared at {url}; last body:\n{body[:2000]}")


@pytest.fixture
def served(site: Path):
    write_portrait(site / "portraits", "zoe", interview=[{"question": "Q ?", "answer": "Première version."}])
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                               cwd=site, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        yield site, f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        output = process.communicate(timeout=20)[0]
        assert "Traceback" not in output, output


def test_serve_reloads_portraits_templates_and_media_and_survives_errors(served):
    site, base = served
    wait_for(base + "portraits/zoe/", "Première version.")

    (site / "portraits" / "zoe.yml").write_text(
        (site / "portraits" / "zoe.yml").read_text(encoding="utf-8").replace("Première version.", "Seconde version."),
        encoding="utf-8")
    wait_for(base + "portraits/zoe/", "Seconde version.")

    (site / "portraits" / "broken.yml").write_text("name: Broken\npublished: 2024-13-45\n", encoding="utf-8")
    home = wait_for(base, "portraits/broken.yml:2:12")
    assert "portraits/zoe/" in home  # the valid portraits stay visible
    assert "Seconde version." in fetch(base + "portraits/zoe/")

    (site / "portraits" / "broken.yml").unlink()
    (site / "templates").mkdir()
    (site / "templates" / "portrait.md.j2").write_text("# {{ p.name }}\n\nGabarit modifié.\n", encoding="utf-8")
    wait_for(base + "portraits/zoe/", "Gabarit modifié.")

    media = site / "portraits" / "_media"
    media.mkdir()
    (media / "z.png").write_bytes(image_bytes("PNG", 1, note="first"))
    write_portrait(site / "portraits", "zoe", photo={"src": "_media/z.png", "alt": "Zoé"})
    (site / "templates" / "portrait.md.j2").unlink()
    wait_for(base + "portraits/_media/z.png", "first")
    (media / "z.png").write_bytes(image_bytes("PNG", 2, note="second"))
    wait_for(base + "portraits/_media/z.png", "second")


def test_serve_shows_drafts(served):
    site, base = served
    write_portrait(site / "portraits", "draft", name="Brouillon Personne", draft=True)
    page = wait_for(base + "portraits/draft/", "Brouillon Personne")
    assert "Brouillon" in page


def test_serve_goes_on_with_the_built_in_templates_while_an_override_fails(served):
    site, base = served
    wait_for(base + "portraits/zoe/", "Première version.")
    portrait = site / "portraits" / "zoe.yml"
    (site / "templates").mkdir()  # made after the server started: a portrait's change rebuilds with it
    (site / "templates" / "portrait.md.j2").write_text("# {{ p.name }}\n\n{{ 1/0 }}\n", encoding="utf-8")
    portrait.write_text(portrait.read_text(encoding="utf-8").replace("Première", "Deuxième"), encoding="utf-8")
    home = wait_for(base, "ZeroDivisionError")  # the fault is listed on the home page, not a hung request
    assert "portrait.md.j2:3" in home
    assert "Deuxième version." in fetch(base + "portraits/zoe/")  # with the built-in template
    (site / "templates" / "portrait.md.j2").write_text("# {{ p.name }}\n\nGabarit réparé.\n", encoding="utf-8")
    portrait.write_text(portrait.read_text(encoding="utf-8").replace("Deuxième", "Troisième"), encoding="utf-8")
    wait_for(base + "portraits/zoe/", "Gabarit réparé.")
    assert "ZeroDivisionError" not in fetch(base)
