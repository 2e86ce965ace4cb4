"""French typography in HTML output: a no-break space (U+00A0) before ":" and a narrow
no-break space (U+202F) before ";", "!", "?" and inside « », so that a lone "?" never wraps to
the next line.

Only text between tags changes, in French parts of the page (the page's language, or an
element's `lang`): never tags and their attributes, comments, code (`code`, `pre`, `kbd`,
`samp`), scripts and styles, nor a URL written in the text. Source files are never touched:
this runs on the rendered pages."""

from __future__ import annotations

import re
from functools import lru_cache

NBSP, NNBSP = "\u00a0", "\u202f"
# A tag (quoted attribute values may hold ">"), a comment, or a run of text.
TOKEN = re.compile(r"<!--.*?-->|<![^>]*>|<(/?)([a-zA-Z][\w:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>|[^<]+|<", re.S)
LANG = re.compile(r"""\slang\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
VERBATIM = frozenset({"code", "pre", "kbd", "samp", "script", "style", "textarea", "svg", "math"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
PUNCTUATION = re.compile("[:;!?«»]")
URL = re.compile(r"\b(?:[a-z][a-z0-9+.-]*://|www\.|mailto:)\S+", re.I)
ENTITY = re.compile(r"&#?\w+;")
# Spaces (ordinary or no-break) before a mark; a mark glued to a word gets one too, except ":"
# (10:30, "Re:" and the like stay as written).
BEFORE_COLON = re.compile(r"[ \u00a0\u202f]+:(?=\s|$|[»)\]])")
# Each pattern starts with the character it needs (a space or a mark), so that the engine looks
# for that character first instead of trying every position: a third faster over a page.
_MARK_FOLLOWS = r"(?=[\s»)\]!?;.,:]|$)"
SPACED_MARK = re.compile(r"[ \u00a0\u202f]+([;!?])" + _MARK_FOLLOWS)
GLUED_MARK = re.compile(r"([;!?])(?<=[\w»)\]…][;!?])" + _MARK_FOLLOWS)
AFTER_OPEN = re.compile(r"«[ \u00a0\u202f]*")
SPACED_CLOSE = re.compile(r"[ \u00a0\u202f]+»")


def is_french(language: str | None) -> bool:
    return bool(language) and language.lower().split("-")[0] == "fr"


def french_text(text: str) -> str:
    """One run of text (HTML-escaped, as between tags), set in French typography."""
    if not PUNCTUATION.search(text):
        return text
    if "&" not in text and "://" not in text and "www." not in text.lower() and "mailto:" not in text.lower():
        return _set(text)  # nothing to keep as it is (the usual run of text)
    parts, last = [], 0
    for match in _kept(text):  # URLs and character references stay as they are
        parts.append(_set(text[last:match.start()]))
        parts.append(match.group())
        last = match.end()
    parts.append(_set(text[last:]))
    return "".join(parts)


def _kept(text: str):
    spans = sorted([*URL.finditer(text), *ENTITY.finditer(text)], key=lambda m: m.start())
    end = -1
    for match in spans:
        if match.start() >= end:
            end = match.end()
            yield match


def _set(text: str) -> str:
    # each rule only where its mark is (most runs hold one kind of mark)
    if ":" in text:
        text = BEFORE_COLON.sub(NBSP + ":", text)
    if ";" in text or "!" in text or "?" in text:  # a mark after spaces, then one glued to a word
        text = GLUED_MARK.sub(NNBSP + r"\1", SPACED_MARK.sub(NNBSP + r"\1", text))
    if "«" in text:
        text = AFTER_OPEN.sub("«" + NNBSP, text)
    if "»" in text:  # every » gets one narrow space: the spaces before it go first
        text = SPACED_CLOSE.sub("»", text).replace("»", NNBSP + "»")
    return text


# The quick way, for the usual page (French, without another language inside): one pass of the
# regular expression engine over the page finds what is left alone as a whole (a comment, a
# verbatim element) and the runs of text holding a mark, and nothing else reaches Python.
# Tags are skipped by the engine: a run of text follows a ">" and ends before a "<".
# A skipped part leaves its last ">" to the run of text that may follow it. The text before
# the first mark is read once (possessive: a run without a mark is not read again backwards).
QUICK = re.compile(r"<!--.*?--(?=>)|<(script|style|pre|code|kbd|samp|textarea|svg|math)\b[^>]*>.*?</\1\s*(?=>)"
                   r"|>([^<>:;!?«»]*+[:;!?«»][^<>]*)(?=<|$)", re.S | re.I)


def typeset(html: str, language: str | None) -> str:
    """`html` (a page or a fragment whose language is `language`) with French typography in
    its French text."""
    if not PUNCTUATION.search(html):
        return html
    if is_french(language) and all(is_french(next(v for v in m.groups() if v is not None))
                                   for m in LANG.finditer(html)):
        return QUICK.sub(_quick, ">" + html)[1:]  # the ">": a fragment may begin with text
    return _typeset_elements(html, language)


def _quick(match: re.Match) -> str:
    text = match.group(2)
    if text is None:
        return match.group()
    return ">" + (_short_french_text(text) if len(text) <= 200 else french_text(text))


# Short runs come back on page after page: the labels and the table of contents of the frame,
# a bank question's wording on every portrait that answers it.
_short_french_text = lru_cache(maxsize=8192)(french_text)


def _typeset_elements(html: str, language: str | None) -> str:
    """The general way: element by element, following each one's language."""
    out: list[str] = []
    stack: list[tuple[str, bool, bool]] = []  # (tag, French, verbatim) of each open element
    french, verbatim = is_french(language), False
    for match in TOKEN.finditer(html):
        token = match.group()
        name = match.group(2)
        if name is None:  # text, comment, doctype or a stray "<"
            out.append(french_text(token) if french and not verbatim and token[0] != "<" else token)
            continue
        name = name.lower()
        out.append(token)
        if match.group(1):  # an end tag: close up to its element
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == name:
                    del stack[depth:]
                    break
            french, verbatim = (stack[-1][1], stack[-1][2]) if stack else (is_french(language), False)
        elif name not in VOID and not token.endswith("/>"):
            lang = LANG.search(match.group(3) or "")
            if lang:
                french = is_french(next(value for value in lang.groups() if value is not None))
            verbatim = verbatim or name in VERBATIM
            stack.append((name, french, verbatim))
    return "".join(out)
