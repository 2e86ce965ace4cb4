"""`read_article`: which reader a source needs, by its name and by what its first bytes look like."""

from __future__ import annotations

import re
import zipfile
from io import BytesIO
from pathlib import Path

from .article import MAX_SOURCE_BYTES, Article, ArticleError
from .docx import docx_article
from .html import html_article
from .odt import odt_article
from .text import decode, text_article
from .wxr import wxr_article


def read_article(raw: bytes, filename: str = "") -> Article:
    if len(raw) > MAX_SOURCE_BYTES:
        raise ArticleError(f"the file is too large ({len(raw):,} bytes); an article is at most a few hundred KB")
    suffix = Path(filename).suffix.lower()
    if suffix == ".doc" or raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise ArticleError("this is an old Word document (.doc): open it in your word processor and save it as .docx")
    if suffix in (".docx", ".odt") or raw.startswith(b"PK\x03\x04"):
        return _office(raw, suffix)
    head = raw[:2000].lstrip().lower()
    if b"wordpress.org/export" in raw[:20000] and b"<rss" in raw[:20000] or suffix == ".wxr":
        return wxr_article(raw)
    # A text or Markdown file may hold some HTML; other files are HTML when they look like it.
    if suffix in (".html", ".htm", ".xhtml") or (suffix not in (".md", ".markdown", ".txt") and (
            head.startswith((b"<!doctype html", b"<html")) or re.search(rb"^<(body|article|div|p|h[1-6])[\s>]", head))):
        return html_article(raw)
    text, notes = decode(raw)
    return text_article(text, "markdown" if suffix in (".md", ".markdown") else "text", notes)


def _office(raw: bytes, suffix: str) -> Article:
    """A DOCX or ODT file (both are zip archives): told apart by their content, whatever the name says."""
    try:
        names = set(zipfile.ZipFile(BytesIO(raw)).namelist())
    except zipfile.BadZipFile:
        raise ArticleError(f"this {suffix or 'file'} is damaged (not a readable document): "
                           "open it in your word processor and save it again") from None
    if "word/document.xml" in names:
        return docx_article(raw)
    if "content.xml" in names:
        return odt_article(raw)
    raise ArticleError("this archive is neither a Word document (.docx) nor an OpenDocument text (.odt)")
