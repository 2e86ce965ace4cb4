"""The one configuration of a build, with each default written once.

Every front end fills a `Settings` (the MkDocs adapter from mkdocs.yml, the command line from
its options) and the core reads only this. A default changes here and nowhere else: the
adapter's options and the command line's take theirs from `DEFAULTS`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .comments import Comments

DEFAULT_LANGUAGE = "fr"
PORTRAITS_DIR = "portraits"  # beside mkdocs.yml, or in the working folder for the command line
TEMPLATES_DIR = "templates"


@dataclass(frozen=True)
class Limits:
    """Above these, `check` warns (0 turns a check off)."""

    answer_words: int = 1500  # ~7 minutes of reading for one answer
    question_chars: int = 200  # two lines of a heading


@dataclass(frozen=True)
class Settings:
    portraits_dir: Path = Path(PORTRAITS_DIR)
    templates_dir: Path | None = None  # templates overriding the built-in ones (used if the folder exists)
    language: str = DEFAULT_LANGUAGE  # the site's language, and the default of each portrait
    site_name: str = ""  # "": the locale's title
    site_url: str = ""  # absolute base URL, "" when unknown (then no feed, no absolute links)
    site_description: str = ""
    preview: bool = False  # show drafts and scheduled portraits (a live preview)
    reuse: bool = False  # keep parsed files and converted texts for the next build (a live preview)
    today: date | None = None  # build the site as of another day; None: today
    search: bool = False  # a Pagefind search page and box (the index is built after the site)
    search_batch: int = 1000  # portraits per Pagefind run: a larger series is indexed in batches (memory), then merged
    workers: int = 1  # processes that load, link and render (see parallel.default_workers)
    per_page: int = 24  # cards on the home page and each older page
    feed_size: int = 100  # newest portraits in the feed
    comments: Comments | None = None  # the comment server (loaded on the reader's request); None: no comments
    limits: Limits = Limits()  # very long answers and questions are warnings
    spelling: bool = False  # spelling warnings (portraits check --spelling)

    @property
    def template_dirs(self) -> tuple[Path, ...]:
        """Folders searched for templates before the built-in ones."""
        return (self.templates_dir,) if self.templates_dir and self.templates_dir.is_dir() else ()


DEFAULTS = Settings()
