"""The values passed between the importer's steps: what a reader got from a source (`Article`),
what the parser made of it (`Imported`), and the decisions a human should check (`Flag`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

MAX_SOURCE_BYTES = 8 * 1024 * 1024


class ArticleError(Exception):
    """A source that cannot be imported: the message is for the writer."""


@dataclass(frozen=True)
class Article:
    title: str | None
    published: date | None
    markdown: str
    kind: str  # text, markdown, html, wxr, docx, odt
    notes: tuple[str, ...] = ()
    address: str | None = None  # the article's path on its old site, kept as an alias (redirected)


@dataclass(frozen=True)
class Flag:
    """An uncertain decision about one value of the written portrait: `path` locates the value
    (("name",), ("interview", 2, "answer")), the message exists in English (terminal) and in
    French, so the comment beside the value speaks the portrait's language."""
    path: tuple[str | int, ...]
    en: str
    fr: str

    def text(self, language: str | None) -> str:
        return self.fr if (language or "").split("-")[0] == "fr" else self.en


@dataclass
class Imported:
    data: dict[str, Any]
    name_from: str  # "title", "option", "file name", "caption", "text"
    date_found: bool
    notes: list[str] = field(default_factory=list)  # what needs a human look (terminal)
    flags: list[Flag] = field(default_factory=list)  # the same, located, written beside the values
