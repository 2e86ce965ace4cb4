"""Writer texts converted once: the intro and answers as sanitised HTML, kept by digest.

An answer shows on its portrait and on its question page; it is converted once, with its site
links starting with ROOT, and made relative per page. A live preview keeps one `ConvertedTexts`
from build to build, so an unchanged text is not converted again."""

from __future__ import annotations

import hashlib
from typing import Iterable

ROOT = "__portraits_root__/"  # site links in converted texts, made relative per page

# key → (HTML as UTF-8 bytes, media used); bytes: a Python string holding one emoji takes 4
# bytes per character.
Entry = tuple[tuple, tuple[bytes, tuple[str, ...]]]


class ConvertedTexts:
    """A cache of converted texts, bounded to `limit` entries (cleared whole when full)."""

    def __init__(self, limit: int = 500_000):
        self.limit = limit
        self.entries: dict[tuple, tuple[bytes, tuple[str, ...]]] = {}

    @staticmethod
    def key(text: str, *context) -> tuple:
        # keyed by a digest, not the text: the cache must not hold a second copy of every answer
        return (hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest(), *context)

    def get(self, key: tuple) -> tuple[bytes, tuple[str, ...]] | None:
        return self.entries.get(key)

    def put(self, key: tuple, value: tuple[bytes, tuple[str, ...]]) -> None:
        self.entries[key] = value

    def keep(self, entries: Iterable[Entry]) -> None:
        """Entries converted in another process."""
        self.entries.update(entries)

    def trim(self) -> None:
        """Called before a build: a cache grown past its limit starts afresh."""
        if len(self.entries) > self.limit:
            self.entries.clear()
