"""In a live preview, the address of a portrait file that has problems and no version to show:
a page with its problems instead of "not found"."""

from __future__ import annotations

from pathlib import PurePosixPath

from ..model import SLUG
from ..site import portrait_src, portrait_url
from .output import Page
from .renderer import Renderer

PORTRAIT_SUFFIXES = (".yml", ".yaml", ".md")


def notice_pages(r: Renderer) -> list[Page]:
    shown = {portrait.source for portrait in r.catalogue.portraits}
    pages = []
    for path, problems in r.file_problems.items():
        file = PurePosixPath(path)
        slug = file.stem
        # Only a portrait file whose address is free: not a bank or registry (`_…`), not a slug in use.
        if path in shown or file.suffix.lower() not in PORTRAIT_SUFFIXES or not SLUG.match(slug) \
                or slug in r.catalogue.by_slug or any(part.startswith("_") for part in file.parts):
            continue
        pages.append(r.page("notice.md.j2", portrait_src(slug), portrait_url(slug),
                            meta={"title": slug}, slug=slug, file=path, problems=problems))
    return pages
