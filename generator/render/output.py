"""What render produces: pages (kept compressed: a large site holds thousands), the sizes of
the images they show, and the whole site's output."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from typing import Callable

# A paragraph that does not start with a tag: at the start, or after a blank line. Two patterns,
# not one alternation: a pattern that starts with "\n" is searched for that character first,
# ten times faster over a page.
_FIRST_BLOCK = re.compile(r"[ \t]*[^<\s]")
_NEXT_BLOCK = re.compile(r"\n\s*\n[ \t]*[^<\s]")


def has_markdown_block(body: str) -> bool:
    return bool(_FIRST_BLOCK.match(body) or _NEXT_BLOCK.search(body))


@dataclass(frozen=True)
class Page:
    src_uri: str  # e.g. "portraits/zoe-lefebvre.md" (see site.py)
    url: str  # directory URL, e.g. "portraits/zoe-lefebvre/"
    front_matter: str  # the YAML front matter block, delimiters included ('' when there is none)
    packed: bytes  # the rest of the content (HTML), compressed: a large site holds thousands
    packed_head: bytes = b""  # extra <head> elements (social previews, JSON-LD), compressed
    language: str | None = None  # the content's language when it differs from the site's
    toc: tuple[tuple[int, str, str], ...] = ()  # (level, id, text) of each heading, in order
    html: bool = True  # the body is HTML only (a site template may write Markdown paragraphs)

    @classmethod
    def of(cls, src_uri: str, url: str, content: str, head: str = "",
           finish: Callable[[str], str] | None = None, **fields) -> "Page":
        """`finish`: what an HTML body gets before it is kept (the site's typography)."""
        end = content.find("\n---\n", 4) if content.startswith("---\n") else -1
        front_matter = content[: end + 5] if end >= 0 else ""
        body = content[len(front_matter):]
        html = not has_markdown_block(body)
        if html and finish is not None:
            body = finish(body)
        return cls(src_uri, url, front_matter, zlib.compress(body.encode("utf-8"), 1),
                   zlib.compress(head.encode("utf-8"), 1) if head else b"", html=html, **fields)

    @property
    def head(self) -> str:
        return zlib.decompress(self.packed_head).decode("utf-8") if self.packed_head else ""

    @property
    def body(self) -> str:
        """The content without its front matter: HTML, ready for a theme."""
        return zlib.decompress(self.packed).decode("utf-8")

    @property
    def content(self) -> str:
        return self.front_matter + self.body


@dataclass(frozen=True)
class ImageInfo:
    width: int
    height: int
    thumbnail: str | None = None  # URI of a small copy for cards, inside the portraits URL space
    thumbnail_size: tuple[int, int] | None = None


@dataclass(frozen=True)
class Batch:
    """Pages as render yields them: the portrait pages a batch at a time (one search index
    each), then every other page with the files and media of the whole site."""

    pages: tuple[Page, ...]
    portraits: bool  # a batch of portrait pages (else: the last batch, the other pages)
    done: int  # portrait pages rendered so far
    total: int  # portrait pages in all
    media: tuple[str, ...] = ()  # (last batch) files the pages use, relative to the portraits folder
    files: tuple[tuple[str, str | bytes], ...] = ()  # (last batch) other files: (site path, content)


@dataclass(frozen=True)
class Rendered:
    pages: tuple[Page, ...]
    media: tuple[str, ...]  # files used by the pages, relative to the portraits folder
    files: tuple[tuple[str, str | bytes], ...] = ()  # other generated files: (site path, content), e.g. the feed
