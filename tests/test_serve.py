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


def test_serve_shows_problems_on_the_portrait_page_and_prints_only_changes(site: Path):
    write_portrait(site / "portraits", "zoe", interview=[{"question": "Q ?", "answer": "Première version."}])
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                               cwd=site, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        wait_for(base + "portraits/zoe/", "Première version.")
        zoe = site / "portraits" / "zoe.yml"
        valid = zoe.read_text(encoding="utf-8")
        # A mistake: the page shows it, in the site language, above the last valid version.
        zoe.write_text(valid.replace("published: 2024-03-15", "published: 2024-13-45"), encoding="utf-8")
        page = wait_for(base + "portraits/zoe/", "portraits/zoe.yml:2:12")
        assert "Problèmes dans ce fichier" in page and "dernière version valide" in page
        # French typography: a no-break space before the colon
        assert "erreur\u00a0:" in page and "is not a real date" in page and "conseil\u00a0:" in page
        assert "Première version." in page
        # A new file that never was valid: a notice at its address, not "404 - Not found".
        (site / "portraits" / "broken.yml").write_text("name: Broken\npublished: 2024-13-45\n", encoding="utf-8")
        notice = wait_for(base + "portraits/broken/", "portraits/broken.yml:2:12")
        assert "n’est pas publié" in notice and "missing required field" in notice
        # A rebuild that changes no problem, then the fix.
        write_portrait(site / "portraits", "autre", name="Autre Personne")
        wait_for(base + "portraits/autre/", "Autre Personne")
        zoe.write_text(valid, encoding="utf-8")
        deadline = time.monotonic() + 40
        while "portraits/zoe.yml:2:12" in fetch(base + "portraits/zoe/") and time.monotonic() < deadline:
            time.sleep(0.3)
        page = fetch(base + "portraits/zoe/")
        assert "Première version." in page and "Problèmes dans ce fichier" not in page
        time.sleep(1)
    finally:
        process.terminate()
        output = process.communicate(timeout=20)[0]
    assert "Traceback" not in output, output
    # Each problem printed once, whatever the number of rebuilds; then what was fixed.
    assert output.count("portraits/zoe.yml:2:12: error:") == 1, output
    assert output.count("portraits/broken.yml:2:12: error:") == 1, output
    assert "as before (listed on the home page)" in output, output
    assert "fixed: portraits/zoe.yml:2:12:" in output, output


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
