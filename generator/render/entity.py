"""Organisations, tools, platforms and tags: the list of each kind, and one page per entity
with the portraits citing it, paginated."""

from __future__ import annotations

from ..link import Entity
from ..site import kind_url, src_of
from .output import Page
from .pager import paginate
from .renderer import Renderer

REFERENCES_PER_PAGE = 50  # portraits on an entity page


def kind_page(r: Renderer, kind: str, entities: tuple[Entity, ...]) -> list[Page]:
    return [r.page("entities.md.j2", src_of(kind_url(kind)), kind_url(kind), kind=kind, entities=entities)]


def entity_pages(r: Renderer, entity: Entity) -> list[Page]:
    pages = []
    for pager, references in paginate(entity.references, REFERENCES_PER_PAGE, entity.page_url):
        page_url = pager.url(pager.number)
        entries = [(r.catalogue.by_slug[ref.portrait], ref) for ref in references]
        pages.append(r.page("entity.md.j2", src_of(page_url), page_url,
                            meta={"title": entity.name, "description": entity.description or ""},
                            entity=entity, entries=entries, pager=pager))
    return pages
