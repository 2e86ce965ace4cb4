"""French typography in HTML output: a no-break space (U+00A0) before ":" and a narrow
no-break space (U+202F) before ";", "!", "?" and inside « », so that a lone "?" never wraps to
the next line.

Only text between tags changes, in French parts of the page (the page's language, or an
element's `lang`): never tags and their attributes, comments, code (`code`, `pre`, `kbd`,
`samp`), scripts and styles, nor a URL written in the text. Source files are never touched:
this runs on the rendered pages."""

from __future__ import annotations

import re

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
BEFORE_MARK = re.compile(r"(?:[ \u00a0\u202f]+|(?<=[\w»)\]…]))([;!?])(?=[\s»)\]!?;.,:]|$)")
AFTER_OPEN = re.compile(r"«[ \u00a0\u202f]*")
BEFORE_CLOSE = re.compile(r"[ \u00a0\u202f]*»")


def is_french(language: str | None) -> bool:
    return bool(language) and language.lower().split("-")[0] == "fr"


def french_text(text: str) -> str:
    """One run of text (HTML-escaped, as between tags), set in French typography."""
    if not PUNCTUATION.search(text):
        return text
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
    text = BEFORE_COLON.sub(NBSP + ":", text)
    text = BEFORE_MARK.sub(NNBSP + r"\1", text)
    text = AFTER_OPEN.sub("«" + NNBSP, text)
    return BEFORE_CLOSE.sub(NNBSP + "»", text)


def typeset(html: str, language: str | None) -> str:
    """`html` (a page or a fragment whose language is `language`) with French typography in
    its French text."""
    if not PUNCTUATION.search(html):
        return html
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
