"""Hostile but valid portraits publish with nothing executable in any built file."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

from conftest import image_bytes, mkdocs, write_portrait

EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>"\'><svg onload=alert(2)> {{ 7*7 }} {% raw %}'
# In Markdown, an image the page can show (a missing one is an error), with its handler to strip.
EVIL_MD = EVIL.replace("src=x", "src=_media/p.png") + "\n\n[link](javascript:alert(3)) <a href='data:text/html,x'>d</a> <iframe src=//e></iframe>"


class Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self.in_script = False
        self.script_text: list[tuple[str, str]] = []  # (kind, text) of each script
        self.article_depth = 0  # inside the page content; Material's own chrome has svg icons and a form

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}>")
            if name in ("href", "src", "action", "formaction") and value and \
                    value.strip().lower().startswith(("javascript:", "data:", "vbscript:")):
                self.problems.append(f"<{tag} {name}={value}>")
        if tag == "article":
            self.article_depth += 1
        if self.article_depth and tag in ("iframe", "object", "embed", "form", "svg", "input", "style", "meta"):
            # the overview's charts; the finder's form and its search field
            own = {("svg", "portrait-chart"), ("form", "portrait-finder-form"), ("input", "portrait-finder-q")}
            if (tag, dict(attrs).get("class") or dict(attrs).get("id")) not in own:
                self.problems.append(f"<{tag}>")
        if tag == "script":
            self.in_script = True
            self.script_text.append(("json" if ("type", "application/ld+json") in attrs else "js", ""))

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False
        if tag == "article":
            self.article_depth -= 1

    def handle_data(self, data):
        if self.in_script:
            kind, text = self.script_text[-1]
            self.script_text[-1] = (kind, text + data)


def test_hostile_fields_publish_nothing_executable(site: Path):
    (site / "portraits" / "_media").mkdir()
    (site / "portraits" / "_media" / "p.png").write_bytes(image_bytes("PNG"))
    write_portrait(site / "portraits", "evil", name=EVIL, headline=EVIL, nickname=EVIL, author=EVIL,
                   photo={"src": "_media/p.png", "alt": EVIL},
                   intro=EVIL_MD, career=[{"organization": EVIL, "role": EVIL, "start": 2001}],
                   organizations=[EVIL], tools=[EVIL], platforms=[EVIL], tags=[EVIL],
                   links={EVIL: "https://example.org/?q=<script>"}, reading=[{"title": EVIL, "url": "https://e.example"}],
                   interview=[{"question": EVIL, "answer": EVIL_MD},
                              {"question": "#hashtag 100% < & > 🙂\u00a0?", "answer": "#jeudiconfession\n\nok"},
                              {"image": {"src": "_media/p.png", "alt": EVIL, "caption": EVIL}}])
    write_portrait(site / "portraits", "other", name="Other Person", related=["evil"])
    result = mkdocs(site, "build", "--strict")
    assert result.returncode == 0, result.stderr
    built = site / "site"
    for page in built.rglob("*.html"):
        audit = Audit()
        audit.feed(page.read_text(encoding="utf-8"))
        assert audit.problems == [], (page, audit.problems)
        for kind, text in audit.script_text:
            if kind == "json":  # structured data: writer text, but inert and unable to close the script
                assert "<" not in text and ">" not in text
                json.loads(text)
            else:
                assert "alert" not in text, page
    html = (built / "portraits" / "evil" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;" in html  # shown as text, not dropped silently
    assert "{{ 7*7 }}" in html and "{% raw %}" in html  # never evaluated
    assert "#jeudiconfession" in html and "<h3>jeudiconfession" not in html
    # The search index carries the text, never markup that a results list would run.
    index = json.loads((built / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        for field in ("title", "text"):
            assert "<script" not in doc[field] and "onerror=" not in doc[field].replace("onerror=alert(1)&gt;", "")
