"""Reader for OpenDocument text (.odt, LibreOffice and others): odfdo exports the document as
Markdown (headings, paragraphs, bold, italics, links, lists), which is tidied to the Markdown
the other readers produce. odfdo is maintained (odfpy, the older library, has had no release
since 2020) and resolves the automatic styles that carry a word processor's bold and italics."""

from __future__ import annotations

import io
import re
import zipfile

from .article import Article, ArticleError

# odfdo escapes every "-", "#" and "|" it exports; inside a line they are plain text (only at
# the start of a line could they start a list or a heading).
_NEEDLESS_ESCAPE = re.compile(r"\\([-#|])")
# odfdo writes italics as _text_ (its escaped underscores are \_): the *text* of the other readers
_ITALIC = re.compile(r"(?<![\w\\])_(?=\S)(.+?)(?<=[^\s\\])_(?!\w)")
# odfdo writes list items as " -  item" (and " 1.  item"): the usual "- item"
_LIST_ITEM = re.compile(r"^( *) ([-*]|\d+\.)  +", re.MULTILINE)


def odt_article(raw: bytes) -> Article:
    from odfdo import Document

    try:
        document = Document(io.BytesIO(raw))
        if document.get_type() != "text":
            raise ArticleError(f"this OpenDocument file is a {document.get_type()} document, not a text: "
                               "save the interview as a text document (.odt)")
        markdown = document.to_markdown()
    except ArticleError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, AttributeError) as exc:
        raise ArticleError(f"this OpenDocument text cannot be read ({exc}): open it in your word processor "
                           "and save it again as .odt") from None
    return Article(None, None, tidy(markdown), "odt")


def tidy(markdown: str) -> str:
    """odfdo's Markdown as the importer expects it: no needless escapes, usual list markers."""
    markdown = _LIST_ITEM.sub(lambda m: m[1] + m[2] + " ", markdown)
    return "\n".join(_unescape(line) for line in markdown.split("\n"))


def _unescape(line: str) -> str:
    start = len(line) - len(line.lstrip()) + 2  # an escape opening the line stays
    return _ITALIC.sub(r"*\1*", line[:start] + _NEEDLESS_ESCAPE.sub(r"\1", line[start:]))
