"""Writers' Markdown → sanitised HTML. Everything a writer types passes through here or
through Jinja's autoescape; nothing else reaches a page."""

from __future__ import annotations

import re
from contextvars import ContextVar
from html import escape, unescape
from typing import Callable

import nh3
from cmarkgfm.cmark import Options
from markupsafe import Markup

from .gfm import gfm_to_html
from .names import Matcher

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

_SAFE_CITE = re.compile(r"^(?:https?://|mailto:)", re.IGNORECASE)
_HASHTAG_LINE = re.compile(r"^( {0,3})#(?=[^\s#])", re.MULTILINE)
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")


class Linker:
    """Links the first mention of each known name in one text (an intro or an answer)."""

    def __init__(self, matcher: Matcher, href: Callable[[str], str], exclude: str | None = None):
        self.matcher, self.href, self.seen = matcher, href, {exclude}


_NO_MENTIONS = {"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "kbd", "samp"}
_TAG = re.compile(r"<(/?)([a-zA-Z0-9]+)[^>]*>")
_HEADING = re.compile(r"<(/?)h([1-6])\b")


def link_mentions(html: str, linker: Linker) -> str:
    """Names of people and entities in the text of `html` become links: never inside code,
    links or headings. The names are looked for once, in a copy of `html` where tags and the
    text of such elements are blanked out, so positions match the HTML itself."""
    first_words = linker.matcher.first_words(html)
    if not first_words:
        return html
    masked, last, closed = [], 0, 0  # `closed`: how many elements that take no mentions are open
    for tag in _TAG.finditer(html):
        text = html[last:tag.start()]
        masked += [text if closed <= 0 else " " * len(text), " " * (tag.end() - tag.start())]
        if tag.group(2).lower() in _NO_MENTIONS and not tag.group(0).endswith("/>"):
            closed += -1 if tag.group(1) else 1
        last = tag.end()
    masked.append(html[last:] if closed <= 0 else " " * (len(html) - last))
    out, last = [], 0
    for match in linker.matcher.find("".join(masked), first_words):
        if match.target in linker.seen:
            continue
        linker.seen.add(match.target)
        out += [html[last:match.start], '<a class="portrait-mention" href="', escape(linker.href(match.target)),
                '">', html[match.start:match.end], "</a>"]
        last = match.end
    out.append(html[last:])
    return "".join(out)


def shift_headings(html: str) -> str:
    """Headings inside an answer sit below the question (an h2): h1 → h3, h2 → h4, …"""
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 2, 6)}", html)


def protect_hashtags(text: str) -> str:
    """A line starting with '#word' is a hashtag, not a heading (outside code fences)."""
    out, in_fence = [], False
    for line in text.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
        out.append(line if in_fence else _HASHTAG_LINE.sub(r"\1\\#", line))
    return "\n".join(out)


def markdown_to_html(text: str, resolve_media: MediaResolver | None = None, linker: Linker | None = None) -> Markup:
    """Convert writer Markdown (GitHub-flavoured CommonMark, by cmark-gfm in C) and keep only
    the allowlisted HTML."""
    if not text or not text.strip():
        return Markup("")
    html = gfm_to_html(protect_hashtags(text), Options.CMARK_OPT_UNSAFE)
    clean = sanitize(shift_headings(html), resolve_media)  # raw HTML is kept by cmark, then cleaned here
    return Markup(link_mentions(clean, linker)) if linker is not None else clean


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        if re.match(r"^https?://", value, re.IGNORECASE):
            return value
        resolve_media = _media_resolver.get()
        return resolve_media(value) if resolve_media else None
    if tag == "code" and attribute == "class":
        return value if re.fullmatch(r"language-[\w+-]+", value) else None
    if attribute == "cite":
        # nh3 checks the schemes of href and src only: a quote's source could be javascript:
        return value if _SAFE_CITE.match(value.strip()) else None
    return value


# The media resolver of the text being sanitised: the cleaner is built once (building it for
# each text took two thirds of the time), its attribute filter finds the resolver here.
_media_resolver: ContextVar[MediaResolver | None] = ContextVar("media_resolver", default=None)
_CLEANER = nh3.Cleaner(tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                       link_rel="noopener noreferrer", strip_comments=True, attribute_filter=_filter_attribute)


def sanitize(html: str, resolve_media: MediaResolver | None = None) -> Markup:
    token = _media_resolver.set(resolve_media)
    try:
        return Markup(_CLEANER.clean(html))
    finally:
        _media_resolver.reset(token)


_ANY_TAG = re.compile(r"<[^>]*>")


def html_text(html: str) -> str:
    """Sanitised HTML (never raw writer input) as one line of plain text."""
    return " ".join(unescape(_ANY_TAG.sub(" ", str(html))).split())


def html_text_start(html: str, length: int) -> str:
    """`html_text(html)[:length]`, from as little of `html` as it takes: a part that ends
    before a tag (hence after a whole tag and a whole character reference) gives the start of
    the same text."""
    html = str(html)
    end = html.find("<", 4 * length)
    while end != -1:
        text = html_text(html[:end])
        if len(text) >= length:
            return text[:length]
        end = html.find("<", 2 * end)
    return html_text(html)[:length]
