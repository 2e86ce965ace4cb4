"""Comments against a real isso server (started here on 127.0.0.1 with a temporary SQLite
database), in Chromium: nothing goes to the comment server before the reader consents; a
comment posted through the page survives a reload; moderation holds new comments back until
approved; a WordPress blog's old addresses redirect to the new portraits and its comments,
migrated with `portraits comments-migrate`, show there. giscus (unreachable here) is checked
through its embed's attributes, with every request outside 127.0.0.1 intercepted."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Page, expect

from .conftest import ROOT, SITE_SOURCES, serve

BIN = Path(sys.executable).parent
WXR = ROOT / "tests" / "import_fixtures" / "export.wxr.xml"
OLD_ADDRESS = "/2012/02/portrait-nadia-bouchard/"
PORTRAIT = "/portraits/camille-ouellet/"
ADMIN_PASSWORD = "test-admin-password"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _build_site(folder: Path, comments: dict, *, with_import: bool = False) -> Path:
    """The example site with `comments` configured (and the WordPress post imported, with
    its old address, published); returns the built site folder."""
    for name in SITE_SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name)
        elif source.is_file():
            shutil.copy2(source, folder / name)
    config = folder / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    # JSON is YAML: the option as an editor would write it under the plugin
    text = text.replace("      language: fr\n", f"      language: fr\n      comments: {json.dumps(comments)}\n")
    config.write_text(text, encoding="utf-8")
    if with_import:
        run = subprocess.run([str(BIN / "portraits"), "import", str(WXR), "--portraits", "portraits", "--publish"],
                             cwd=folder, capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        data = (folder / "portraits" / "nadia-bouchard.yml").read_text(encoding="utf-8")
        assert f"aliases:\n  - {OLD_ADDRESS}" in data and "draft" not in data  # the old address, kept
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=folder, capture_output=True,
                            text=True, timeout=300, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    return folder / "site"


class Isso:
    """A real isso server on 127.0.0.1:`port`, with its own configuration and database."""

    def __init__(self, folder: Path, port: int, site_origin: str, *, moderation: bool = False):
        self.folder, self.port, self.url = folder, port, f"http://127.0.0.1:{port}"
        self.database = folder / "comments.db"
        self.config = folder / "isso.cfg"
        self.config.write_text(
            f"[general]\ndbpath = {self.database}\nhost = {site_origin}\n"
            f"[server]\nlisten = http://127.0.0.1:{port}\n"
            f"[moderation]\nenabled = {'true' if moderation else 'false'}\n"
            f"[admin]\nenabled = true\npassword = {ADMIN_PASSWORD}\n"
            # the tests post several comments a minute from one address
            "[guard]\nenabled = false\n", encoding="utf-8")
        self.process: subprocess.Popen | None = None

    def start(self) -> "Isso":
        self.process = subprocess.Popen([str(BIN / "isso"), "-c", str(self.config), "run"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"isso stopped: {self.process.stderr.read().decode()}")
            try:
                with urllib.request.urlopen(self.url + "/config", timeout=2):
                    return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("isso did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def comments(self) -> list[tuple]:
        with sqlite3.connect(self.database) as db:
            return db.execute("SELECT threads.uri, threads.title, comments.text, comments.mode FROM comments "
                              "JOIN threads ON threads.id = comments.tid").fetchall()

    def approve_all(self) -> int:
        """Approve the moderation queue as an editor does: isso's admin interface (log in,
        then the 'Validate' action of each waiting comment)."""
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        opener.open(self.url + "/login/", data=urllib.parse.urlencode({"password": ADMIN_PASSWORD}).encode())
        admin = opener.open(self.url + "/admin/?mode=2").read().decode()
        waiting = re.findall(r"validate_com\((\d+), '([^']+)'", admin)
        for comment_id, key in waiting:
            opener.open(urllib.request.Request(f"{self.url}/id/{comment_id}/activate/{key}", method="POST"))
        return len(waiting)


@pytest.fixture(scope="module")
def isso_port() -> int:
    return _free_port()


@pytest.fixture(scope="module")
def comments_site(tmp_path_factory, isso_port):
    """The example site configured for isso on `isso_port`, with a post imported from WordPress,
    served on 127.0.0.1; yields (site folder, base URL)."""
    folder = tmp_path_factory.mktemp("comments-site")
    site = _build_site(folder, {"provider": "isso", "isso": {"url": f"http://127.0.0.1:{isso_port}/"}},
                       with_import=True)
    for url in serve(site):
        yield folder, url


@pytest.fixture
def isso_factory(tmp_path, comments_site, isso_port):
    started = []

    def start(moderation: bool = False, folder: Path | None = None) -> Isso:
        server = Isso(folder or tmp_path, isso_port, comments_site[1], moderation=moderation)
        started.append(server)
        return server.start()

    yield start
    for server in started:
        server.stop()


def _isso_requests(page: Page, isso_port: int) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url)
            if urllib.parse.urlsplit(request.url).port == isso_port else None)
    return seen


def _post(page: Page, text: str, author: str = "Lectrice") -> None:
    thread = page.locator("#isso-thread")
    postbox = thread.locator(".isso-postbox").first
    expect(postbox).to_be_visible()
    postbox.locator("textarea").fill(text)
    postbox.locator("input[name=author]").fill(author)
    postbox.locator("input[type=submit]").click()


def _show(page: Page) -> None:
    button = page.get_by_role("button", name=re.compile("Afficher les commentaires"))
    button.focus()
    page.keyboard.press("Enter")  # keyboard-usable


def test_nothing_goes_to_isso_before_consent_then_a_comment_survives_a_reload(page: Page, comments_site, isso_port,
                                                                           isso_factory):
    isso = isso_factory()
    seen = _isso_requests(page, isso_port)
    page.goto(comments_site[1] + PORTRAIT)
    section = page.locator("section.portrait-comments")
    expect(section.get_by_role("heading", name="Commentaires")).to_be_visible()
    button = section.get_by_role("button", name=f"Afficher les commentaires (hébergés sur 127.0.0.1:{isso_port})")
    expect(button).to_be_visible()
    expect(section.get_by_label("Se souvenir de mon choix sur cet appareil")).not_to_be_checked()
    page.wait_for_load_state("networkidle")
    page.mouse.wheel(0, 20000)  # reading to the end of the page loads nothing either
    page.wait_for_timeout(500)
    assert seen == [], "the page contacted the comment server before the reader asked"

    _show(page)
    expect(page.locator("#isso-thread")).to_have_attribute("data-isso-id", PORTRAIT)
    _post(page, "Merci pour cet entretien passionnant.")
    expect(page.locator("#isso-root .isso-comment .isso-text")).to_contain_text("Merci pour cet entretien passionnant.")
    assert seen, "no request reached the comment server after consent"
    assert isso.comments() == [(PORTRAIT, "Camille Ouellet", "Merci pour cet entretien passionnant.", 1)]

    seen.clear()
    page.reload()
    page.wait_for_load_state("networkidle")
    assert seen == [], "consent was not asked for again after a reload (nothing remembered)"
    _show(page)
    expect(page.locator("#isso-root .isso-comment .isso-text")).to_contain_text("Merci pour cet entretien passionnant.")


def test_the_choice_is_remembered_on_this_device_and_can_be_withdrawn(page: Page, comments_site, isso_port,
                                                                      isso_factory):
    isso_factory()
    seen = _isso_requests(page, isso_port)
    page.goto(comments_site[1] + PORTRAIT)
    page.get_by_label("Se souvenir de mon choix sur cet appareil").check()
    _show(page)
    expect(page.locator("#isso-thread .isso-postbox")).to_be_visible()
    seen.clear()
    page.goto(comments_site[1] + "/portraits/ines-benali/")
    expect(page.locator("#isso-thread .isso-postbox")).to_be_visible()  # loaded without asking
    assert seen
    forget = page.get_by_role("button", name="Ne plus les afficher sans demander")
    forget.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text(re.compile("ne s’afficheront plus"))
    seen.clear()
    page.reload()
    page.wait_for_load_state("networkidle")
    assert seen == []
    expect(page.get_by_role("button", name=re.compile("Afficher les commentaires"))).to_be_visible()


def test_with_moderation_a_comment_shows_only_once_approved(page: Page, comments_site, isso_factory):
    isso = isso_factory(moderation=True)
    page.goto(comments_site[1] + PORTRAIT)
    _show(page)
    _post(page, "Un commentaire à modérer.")
    page.wait_for_timeout(500)
    assert [c[2:] for c in isso.comments()] == [("Un commentaire à modérer.", 2)]  # waiting
    page.context.clear_cookies()  # another reader
    page.reload()
    _show(page)
    expect(page.locator("#isso-thread .isso-postbox")).to_be_visible()
    page.wait_for_load_state("networkidle")
    expect(page.locator("#isso-root .isso-comment")).to_have_count(0)

    assert isso.approve_all() == 1
    page.reload()
    _show(page)
    expect(page.locator("#isso-root .isso-comment .isso-text")).to_contain_text("Un commentaire à modérer.")


def test_old_wordpress_addresses_redirect_and_migrated_comments_show(page: Page, comments_site, isso_port,
                                                                     isso_factory, tmp_path):
    folder, base = comments_site
    config = Isso(tmp_path, isso_port, base).config  # writes the configuration the migration reads
    run = subprocess.run([str(BIN / "portraits"), "comments-migrate", str(WXR), "--isso-config", str(config),
                          "--portraits", str(folder / "portraits")], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert f"{OLD_ADDRESS} → /portraits/nadia-bouchard/ (3 comment(s))" in run.stdout
    isso_factory(folder=tmp_path)

    page.goto(base + OLD_ADDRESS)
    page.wait_for_url(base + "/portraits/nadia-bouchard/")
    expect(page.locator("h1")).to_have_text(re.compile("Nadia Bouchard"))
    _show(page)
    texts = page.locator("#isso-root .isso-comment .isso-text")
    expect(texts).to_have_count(2)  # the comment awaiting moderation on WordPress stays hidden
    expect(texts.nth(0)).to_contain_text("le concours de photos était formidable")
    expect(page.locator("#isso-root .isso-follow-up .isso-text")).to_contain_text("on recommence")
    expect(page.locator("#isso-thread")).not_to_contain_text("Achetez")


def test_giscus_loads_only_on_request_with_a_strict_per_path_thread(page: Page, tmp_path_factory):
    folder = tmp_path_factory.mktemp("giscus-site")
    site = _build_site(folder, {"provider": "giscus", "giscus": {
        "repo": "exemple/portraits", "repo_id": "R_kgDOexample", "category": "Commentaires",
        "category_id": "DIC_kwDOexample"}})
    outside: list[str] = []

    def intercept(route):
        host = urllib.parse.urlsplit(route.request.url).hostname
        if host == "127.0.0.1":
            route.continue_()
        elif host == "portraits.example.org":  # the site's own address (site_url): the theme reads its sitemap
            route.abort()
        else:  # the network is unreachable here, and the test must know every request
            outside.append(route.request.url)
            route.fulfill(status=200, content_type="text/javascript", body="")

    page.route("**/*", intercept)
    for base in serve(site):
        page.goto(base + PORTRAIT)
        page.wait_for_load_state("networkidle")
        assert outside == [], "the page contacted a third party before the reader asked"
        button = page.get_by_role("button", name="Afficher les commentaires (hébergés sur giscus.app)")
        button.click()
        script = page.locator("script[src='https://giscus.app/client.js']")
        expect(script).to_have_count(1)
        expected = {"data-repo": "exemple/portraits", "data-repo-id": "R_kgDOexample",
                    "data-category": "Commentaires", "data-category-id": "DIC_kwDOexample",
                    "data-mapping": "specific", "data-term": PORTRAIT, "data-strict": "1", "data-lang": "fr",
                    "data-theme": "preferred_color_scheme"}
        for name, value in expected.items():
            assert script.get_attribute(name) == value, name
        page.wait_for_load_state("networkidle")
        assert outside == ["https://giscus.app/client.js"]
        expect(page.locator("section.portrait-comments .giscus")).to_have_count(1)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_comments_section_passes_axe_in_both_schemes(page: Page, comments_site, scheme):
    from .test_accessibility import AXE

    if not AXE.is_file():
        pytest.skip("axe-core is missing") if os.environ.get("CI", "").lower() not in {"1", "true", "yes"} else \
            pytest.fail("axe-core is missing: run `npm install`", pytrace=False)
    page.emulate_media(color_scheme=scheme)
    page.goto(comments_site[1] + PORTRAIT)
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => await axe.run("section.portrait-comments", {
        runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})""")
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]] == []
    # keyboard: Tab reaches the button, then the checkbox
    page.get_by_role("button", name=re.compile("Afficher les commentaires")).focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "checkbox"
