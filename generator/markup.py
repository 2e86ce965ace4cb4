"""Writers' Markdown → sanitised HTML. Everything a writer types passes through here or
through Jinja's autoescape; nothing else reaches a page."""

from __future__ import annotations

import re
from html import unescape
from functools import lru_cache
from typing import Callable
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "hr", "h3", "h4", "h5", "h6", "em", "strong", "b", "i", "u", "s", "del", "ins", "mark",
    "small", "sub", "sup", "code", "pre", "kbd", "samp", "var", "blockquote", "q", "cite", "abbr",
    "ul", "ol", "li", "dl", "dt", "dd", "a", "img", "figure", "figcaption", "span",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "th": {"align", "colspan", "rowspan"},
    "td": {"align", "colspan", "rowspan"},
    "ol": {"start"},
    "code": {"class"},
    "q": {"cite"},
}
URL_SCHEMES = {"http", "https", "mailto"}

# A resolver maps a relative media path found in an answer to its site URL, or None to drop it.
MediaResolver = Callable[[str], str | None]

_HASHTAG_LINE = re.compile(r"^( {0,3})#(?=[^\s#])", re.MULTILINE)
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")


class _ShiftHeadings(Treeprocessor):
    """Headings inside an answer sit below the question (an h2): h1 → h3, h2 → h4, …"""

    def run(self, root: Element) -> None:
        for element in root.iter():
            if re.fullmatch(r"h[1-6]", element.tag):
                element.tag = f"h{min(int(element.tag[1]) + 2, 6)}"


class _ShiftHeadingsExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_ShiftHeadings(md), "portraits_shift_headings", 5)


@lru_cache(maxsize=1)
def _converter() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=["tables", "fenced_code", "sane_lists", _ShiftHeadingsExtension()],
        output_format="html",
    )


def protect_hashtags(text: str) -> str:
    """A line starting with '#word' is a hashtag, not a heading (outside code fences)."""
    out, in_fence = [], False
    for line in text.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
        out.append(line if in_fence else _HASHTAG_LINE.sub(r"\1\\#", line))
    return "\n".join(out)


def markdown_to_html(text: str, resolve_media: MediaResolver | None = None) -> Markup:
    """Convert writer Markdown and keep only the allowlisted HTML."""
    if not text or not text.strip():
        return Markup("")
    converter = _converter()
    converter.reset()
    html = converter.convert(protect_hashtags(text))
    return sanitize(html, resolve_media)


def sanitize(html: str, resolve_media: MediaResolver | None = None) -> Markup:
    def filter_attribute(tag: str, attribute: str, value: str) -> str | None:
        if tag == "img" and attribute == "src":
            if re.match(r"^https?://", value, re.IGNORECASE):
                return value
            return resolve_media(value) if resolve_media else None
        if tag == "code" and attribute == "class":
            return value if re.fullmatch(r"language-[\w+-]+", value) else None
        return value

    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=filter_attribute,
    )
    return Markup(clean)


def plain_text(text: str) -> str:
    """Writer Markdown as one line of plain text (for summaries and meta descriptions)."""
    html = str(markdown_to_html(text))
    return " ".join(unescape(nh3.clean(html, tags=set())).split())
