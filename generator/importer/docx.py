"""Reader for Word documents (.docx): mammoth turns the document's structure (headings,
paragraphs, bold, italics, links, lists) into clean HTML, ignoring its looks; the HTML reader
does the rest."""

from __future__ import annotations

import io
import zipfile

from .article import Article, ArticleError
from .html import html_article


def docx_article(raw: bytes) -> Article:
    import mammoth

    try:
        result = mammoth.convert_to_html(io.BytesIO(raw))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ArticleError(f"this Word document cannot be read ({exc}): open it in your word processor "
                           "and save it again as .docx") from None
    return html_article(result.value, kind="docx")
