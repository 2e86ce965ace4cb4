"""What a reader sees on every page kind: no sideways scrolling at five widths, both palettes,
no request leaving the site, and screenshots (390 and 1280 px, light and dark) written to
`screenshots/` (git ignores it) for a person to look at."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "screenshots"
KINDS = {
    "home": "/",
    "portrait": "/portraits/camille-ouellet/",
    "portrait-en": "/portraits/hannah-whitcombe/",
    "question": "/questions/debuts/",
    "entity": "/tools/hootsuite/",
    "index-questions": "/questions/",
    "index-tools": "/tools/",
    "overview": "/overview/",
    "search": "/search/",
    "about": "/a-propos/",
    "not-found": "/404.html",
}
WIDTHS = (320, 360, 390, 768, 1280)
SCHEMES = ("light", "dark")


def _open(browser: Browser, url: str, width: int, scheme: str):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return context, page, requests


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", KINDS)
def test_no_sideways_scrolling(browser: Browser, site_url: str, kind: str, width: int):
    context, page, _ = _open(browser, site_url + KINDS[kind], width, "light")
    try:
        overflow = page.evaluate("""() => {
            const width = document.documentElement.clientWidth;
            const wide = [...document.querySelectorAll("body *")].filter(e => {
                const box = e.getBoundingClientRect();
                return box.width > 0 && box.right > width + 1 && getComputedStyle(e).position !== "fixed"
                       && !e.closest(".md-sidebar, [hidden], .md-search");
            }).slice(0, 5).map(e => e.tagName + "." + e.className + " " + Math.round(e.getBoundingClientRect().right));
            return {scroll: document.scrollingElement.scrollWidth, width, wide};
        }""")
        assert overflow["scroll"] <= overflow["width"], overflow
        assert overflow["wide"] == [], overflow
    finally:
        context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("kind", KINDS)
def test_every_request_stays_on_the_site_and_screenshots(browser: Browser, site_url: str, kind: str, scheme: str):
    own = urlsplit(site_url).netloc
    SHOTS.mkdir(exist_ok=True)
    for width in (390, 1280):
        context, page, requests = _open(browser, site_url + KINDS[kind], width, scheme)
        try:
            elsewhere = [url for url in requests if urlsplit(url).scheme in {"http", "https"} and urlsplit(url).netloc != own]
            assert elsewhere == [], elsewhere
            page.screenshot(path=str(SHOTS / f"{kind}-{width}-{scheme}.png"), full_page=True)
        finally:
            context.close()
