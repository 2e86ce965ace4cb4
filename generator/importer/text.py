"""Reader for plain text and Markdown: the text as it is, with the title and date of a front
matter (Jekyll, Hugo…) when there is one."""

from __future__ import annotations

import re

import yaml

from .article import Article
from .dates import as_date

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


def decode(raw: bytes) -> tuple[str, tuple[str, ...]]:
    """UTF-8 (with or without BOM), else Windows-1252: what Word's "Save as text" writes."""
    try:
        return raw.decode("utf-8-sig"), ()
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), ("the file is not UTF-8: it was read as Windows-1252; check accents",)


def text_article(text: str, kind: str = "text", notes: tuple[str, ...] = ()) -> Article:
    """Plain text or Markdown; a front matter (Jekyll, Hugo, …) may give the title and date."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    title = published = None
    if match := _FRONT_MATTER.match(text):
        try:
            meta = yaml.safe_load(match[1])
        except yaml.YAMLError:
            meta = None
        if isinstance(meta, dict):
            text = text[match.end():]
            title = str(meta["title"]).strip() if meta.get("title") else None
            published = as_date(meta.get("date") or meta.get("published"))
    return Article(title, published, text, kind, notes)
