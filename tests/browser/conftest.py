"""Real-browser fixtures: the example site built once, served over HTTP, and Debian's Chromium.

The browser is the system Chromium (`CHROMIUM_PATH`, default /usr/lib/chromium/chromium), never a
Playwright download. Without it the browser tests are skipped locally, but fail when `CI=true`.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/lib/chromium/chromium")
SITE_SOURCES = ("mkdocs.yml", "docs", "portraits", "templates")


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict:
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        message = (f"Chromium not found at {CHROMIUM} (set CHROMIUM_PATH, or "
                   "`apt-get install -y --no-install-recommends chromium`)")
        if _in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return {
        "executable_path": CHROMIUM,
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    }


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The repository's example site, built once with `mkdocs build --strict`; returns `site/`."""
    folder = tmp_path_factory.mktemp("browser-site")
    for name in SITE_SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name)
        elif source.is_file():
            shutil.copy2(source, folder / name)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=folder,
                            capture_output=True, text=True, timeout=300,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    if result.returncode != 0:
        print(result.stdout)
        print(result.stderr, file=sys.stderr)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr}"
    site = folder / "site"
    assert (site / "index.html").is_file(), f"no index.html in {site}"
    return site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@pytest.fixture(scope="session")
def site_url(built_site: Path):
    """Base URL (no trailing slash) of the built example site, served on 127.0.0.1."""
    yield from serve(built_site)


def serve(folder: Path):
    """Serve `folder` on a free local port; yields the base URL (no trailing slash)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
