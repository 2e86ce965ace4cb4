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
from markdown.util import AtomicString
from markupsafe import Markup

from .names import Matcher

ALLOWED_TAGS = {
    "p", "br", "hr", "h3", "h4", "h5", "h6", "em", "strong", "b", "i", "u", "s", "del", "ins", "mark",
    "small", "sub", "sup", "code", "pre", "kbd", "samp", "var", "blockquote", "q", "cite", "abbr",
    "ul", "ol", "li", "dl", "dt", "dd", "a", "img", "figure", "figcaption", "span",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "class"},
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


class Linker:
    """Links the first mention of each known name in one text (an intro or an answer)."""

    def __init__(self, matcher: Matcher, href: Callable[[str], str], exclude: str | None = None):
        self.matcher, self.href, self.seen = matcher, href, {exclude}

    def split(self, text: str) -> tuple[str, list[Element]]:
        """(text before the first link, [<a> elements whose tails carry the rest])."""
        lead, links, last = text, [], 0
        for match in self.matcher.find(text):
            if match.target in self.seen:
                continue
            self.seen.add(match.target)
            link = Element("a", {"href": self.href(match.target), "class": "portrait-mention"})
            link.text = text[match.start:match.end]
            if links:
                links[-1].tail = text[last:match.start]
            else:
                lead = text[:match.start]
            links.append(link)
            last = match.end
        if links:
            links[-1].tail = text[last:]
        return lead, links


_NO_MENTIONS = {"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "kbd", "samp"}


class _LinkMentions(Treeprocessor):
    """Names of people and entities become links: never inside code, links or headings."""

    def run(self, root: Element) -> None:
        linker = getattr(self.md, "portraits_linker", None)
        if linker is not None:
            self._walk(root, linker)

    def _walk(self, element: Element, linker: Linker) -> None:
        if element.tag in _NO_MENTIONS:
            return
        if element.text and not isinstance(element.text, AtomicString):
            element.text, links = linker.split(element.text)
            for index, link in enumerate(links):
                element.insert(index, link)
        for child in list(element):
            self._walk(child, linker)
            if child.tail and not isinstance(child.tail, AtomicString):
                child.tail, links = linker.split(child.tail)
                position = list(element).index(child) + 1
                for offset, link in enumerate(links):
                    element.insert(position + offset, link)


class _PortraitsExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_ShiftHeadings(md), "portraits_shift_headings", 5)
        md.treeprocessors.register(_LinkMentions(md), "portraits_mentions", 15)  # after inline (20)


@lru_cache(maxsize=1)
def _converter() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=["tables", "fenced_code", "sane_lists", _PortraitsExtension()],
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


def markdown_to_html(text: str, resolve_media: MediaResolver | None = None, linker: Linker | None = None) -> Markup:
    """Convert writer Markdown and keep only the allowlisted HTML."""
    if not text or not text.strip():
        return Markup("")
    converter = _converter()
    converter.reset()
    converter.portraits_linker = linker
    try:
        html = converter.convert(protect_hashtags(text))
    finally:
        converter.portraits_linker = None
    return sanitize(html, resolve_media)


def sanitize(html: str, resolve_media: MediaResolver | None = None) -> Markup:
    def filter_attribute(tag: str, attribute: str, value: str) -> str | None:
        if tag == "img" and attribute == "src":
            if re.match(r"^https?://", value, re.IGNORECASE):
                return value
            return resolve_media(value) if resolve_media else None
        if tag == "code" and attribute == "class":
            return value if re.fullmatch(r"language-[\w+-]+", value) else None
        if tag == "a" and attribute == "class":
            return value if value == "portrait-mention" else None
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
    return html_text(markdown_to_html(text))


def html_text(html: str) -> str:
    """Sanitised HTML as one line of plain text."""
    return " ".join(unescape(nh3.clean(str(html), tags=set())).split())
