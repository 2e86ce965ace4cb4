"""Reader for WordPress exports (WXR): the first post with content, its title and date; its
body goes through the HTML reader once WordPress's paragraphs are restored."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from dataclasses import replace
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from .article import Article, ArticleError
from .dates import as_date
from .html import html_article


def wxr_article(raw: bytes) -> Article:
    """A WordPress export (WXR): the first post, its title and its content:encoded."""
    try:
        channel = ElementTree.fromstring(raw)
    except ElementTree.ParseError as exc:
        raise ArticleError(f"this WordPress export is not well-formed XML ({exc})") from None
    items = channel.findall(".//item")
    if not items:
        raise ArticleError("this WordPress export holds no post (no <item>)")
    item = next((i for i in items if (_child_text(i, "encoded") or "").strip()), items[0])
    published = as_date(_child_text(item, "post_date"))
    if published is None and (pub := _child_text(item, "pubDate")):
        try:
            published = parsedate_to_datetime(pub).date()
        except (TypeError, ValueError):
            published = None
    content = _child_text(item, "encoded") or ""
    title = (_child_text(item, "title") or "").strip() or None
    return replace(html_article(_autop(content), title, published), address=_old_path(_child_text(item, "link")))


def _old_path(link: str | None) -> str | None:
    """The path of a post's old address ('https://blog.example.org/2012/02/nadia/' →
    '/2012/02/nadia/'); None for an address a static site cannot redirect ('/?p=42')."""
    parts = urlsplit((link or "").strip())
    if parts.query or parts.path.strip("/") == "" or any(ch.isspace() for ch in parts.path):
        return None
    return parts.path


def _child_text(item: ElementTree.Element, local_name: str) -> str | None:
    """The text of a child element by its name without namespace (WXR versions differ)."""
    for child in item:
        if child.tag.rsplit("}", 1)[-1] == local_name:
            return child.text
    return None


_BLOCK_START = re.compile(r"^\s*<(p|div|h[1-6]|ul|ol|li|blockquote|figure|table|pre|hr|section|!--)[\s>/]", re.IGNORECASE)


def _autop(content: str) -> str:
    """WordPress stores posts without <p>: blank lines separate paragraphs and a single line
    break is a <br> (what WordPress's wpautop adds when it shows the post)."""
    chunks = re.split(r"\n\s*\n", content.replace("\r\n", "\n").strip())
    return "\n".join(chunk if _BLOCK_START.match(chunk) else "<p>" + chunk.replace("\n", "<br>\n") + "</p>"
                     for chunk in chunks if chunk.strip())
