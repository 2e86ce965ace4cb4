"""Accessibility: axe-core (WCAG 2.1 A and AA) on every page kind, keyboard and heading order."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ["/", "/portraits/camille-ouellet/", "/portraits/priya-raman/", "/questions/debuts/", "/tools/hootsuite/",
         "/tools/", "/overview/", "/search/"]


@pytest.fixture(scope="module")
def axe_script() -> Path:
    if not AXE.is_file():
        message = "axe-core is missing: run `npm install` at the project root (scripts/test does)"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return AXE


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", [*PAGES, "/questions/", "/a-propos/", "/404.html"])
def test_no_wcag_a_or_aa_violation(page: Page, site_url: str, axe_script: Path, path: str, scheme: str):
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(axe_script))
    result = page.evaluate("""async () => await axe.run(document, {
        runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})""")
    violations = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:5]) for v in result["violations"]]
    assert violations == [], violations


@pytest.mark.parametrize("path", ["/portraits/camille-ouellet/", "/questions/debuts/", "/tools/hootsuite/"])
def test_headings_are_in_order(page: Page, site_url: str, path: str):
    page.goto(site_url + path)
    levels = page.eval_on_selector_all("article h1, article h2, article h3, article h4, article h5, article h6",
                                       "nodes => nodes.map(n => Number(n.tagName[1]))")
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels


def test_every_link_of_a_portrait_is_reachable_by_keyboard(page: Page, site_url: str):
    page.goto(site_url + "/portraits/camille-ouellet/")
    wanted = set(page.eval_on_selector_all("article a[href]", "nodes => nodes.map(n => n.href)"))
    reached = set()
    for _ in range(400):
        page.keyboard.press("Tab")
        href = page.evaluate("document.activeElement && document.activeElement.href")
        if href:
            reached.add(href)
        if wanted <= reached:
            break
    assert wanted <= reached, sorted(wanted - reached)[:5]
