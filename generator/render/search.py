"""The search page (Pagefind's interface; the index itself is built by `generator.search`)."""

from __future__ import annotations

from ..site import SEARCH, src_of
from .output import Page
from .renderer import Renderer


def search_page(r: Renderer) -> list[Page]:
    return [r.page("search.md.j2", src_of(SEARCH), SEARCH, meta={"title": r.locale.label("search")})]
