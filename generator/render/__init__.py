"""Step 4, render: the catalogue → the site's pages (HTML in Markdown files with a front
matter), through Jinja2 templates. One module per page kind; `renderer` holds what they share.

Pages are returned, not written: an engine adapter hands them over as files (the MkDocs
adapter as virtual ones) and `portraits render` writes them out. Writer text reaches a page
only escaped (Jinja autoescape) or sanitised (`markup.markdown_to_html`).

`render_site` yields the pages in batches: the portraits first, `search_batch` at a time
(whoever builds a search index consumes each batch as it comes), then every other page."""

from __future__ import annotations

from functools import partial
from typing import Callable, Iterator, Mapping

from ..config import Settings
from ..i18n import load_locale
from ..link import Catalogue
from ..parallel import map_in_processes
from ..problems import Problem
from ..site import FEED
from .entity import entity_pages, kind_page
from .env import BUILTIN_TEMPLATES, make_environment, meta_value
from .feed import feed
from .home import home_pages
from .notice import notice_pages
from .output import Batch, ImageInfo, Page, Rendered
from .overview import overview_page
from .portrait import portrait_and_texts
from .question import question_pages, questions_page
from .renderer import Renderer
from .search import search_page
from .texts import ConvertedTexts

__all__ = ["BUILTIN_TEMPLATES", "Batch", "ConvertedTexts", "ImageInfo", "Page", "Rendered",
           "meta_value", "render_site"]


def render_site(catalogue: Catalogue, settings: Settings, *, problems: tuple[Problem, ...] = (),
                images: Mapping[str, ImageInfo] | None = None, texts: ConvertedTexts | None = None,
                stale: frozenset[str] = frozenset()) -> Iterator[Batch]:
    """Every page, in batches: the portraits (each writer text converted once, here), then the
    pages that gather them; both spread over `settings.workers` processes, which send back
    their pages only. Converted texts go to `texts` (a live preview passes the same object to
    every build; by default they last one build). In a live preview (`problems` given), each
    portrait page shows the problems of its file: above the last valid version of the portrait
    (its file in `stale`), or alone at the portrait's address when there is no valid version."""
    texts = texts if texts is not None else ConvertedTexts()
    texts.trim()
    locale = load_locale(catalogue.language, tuple(d / "locales" for d in settings.template_dirs))
    renderer = Renderer(catalogue, make_environment(settings.template_dirs), locale, settings, images or {}, texts,
                        problems=problems, stale=stale)
    portraits, total, done = catalogue.portraits, len(catalogue.portraits), 0
    batch = max(1, settings.search_batch)
    for start in range(0, max(1, total), batch):  # one batch per search index
        pages = []
        for page, converted in map_in_processes(partial(portrait_and_texts, renderer),
                                                portraits[start:start + batch], settings.workers):
            pages.append(page)
            renderer.keep(converted)
        done += len(pages)
        yield Batch(tuple(pages), portraits=True, done=done, total=total)
    others = [page for task in map_in_processes(lambda task: task(), _tasks(renderer, problems), settings.workers)
              for page in task]
    files = ((FEED, feed(renderer)),) if settings.site_url else ()
    yield Batch(tuple(others), portraits=False, done=done, total=total, media=tuple(sorted(renderer.media)),
                files=files)


def _tasks(r: Renderer, problems: tuple[Problem, ...]) -> list[Callable[[], list[Page]]]:
    """The pages other than portraits, as small independent tasks (in page order) that
    processes can share out."""
    catalogue = r.catalogue
    tasks: list[Callable[[], list[Page]]] = [partial(home_pages, r, problems)]
    if catalogue.questions:
        tasks.append(partial(questions_page, r))
        tasks += [partial(question_pages, r, question) for question in catalogue.questions]
    for kind, entities in catalogue.entities.items():
        if entities:
            tasks.append(partial(kind_page, r, kind, entities))
            tasks += [partial(entity_pages, r, entity) for entity in entities]
    if catalogue.portraits:
        tasks.append(partial(overview_page, r))
    if r.settings.search:
        tasks.append(partial(search_page, r))
    if r.file_problems:
        tasks.append(partial(notice_pages, r))
    return tasks
