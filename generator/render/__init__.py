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
from .entity import REFERENCES_PER_PAGE, entity_page, kind_page
from .env import BUILTIN_TEMPLATES, make_environment, meta_value
from .feed import feed
from .home import home_pages
from .notice import notice_pages
from .output import Batch, ImageInfo, Page, Rendered
from .pager import paginate
from .overview import overview_page
from .portrait import portrait_and_texts
from .question import ANSWERS_PER_PAGE, question_page, questions_page
from .renderer import Renderer
from .search import search_page
from .reuse import RenderedBefore, Views, templates_stamp
from .texts import ConvertedTexts

__all__ = ["BUILTIN_TEMPLATES", "Batch", "ConvertedTexts", "ImageInfo", "Page", "Rendered", "RenderedBefore",
           "meta_value", "render_site"]


def render_site(catalogue: Catalogue, settings: Settings, *, problems: tuple[Problem, ...] = (),
                images: Mapping[str, ImageInfo] | None = None, texts: ConvertedTexts | None = None,
                before: RenderedBefore | None = None, stale: frozenset[str] = frozenset()) -> Iterator[Batch]:
    """Every page, in batches: the portraits (each writer text converted once, here), then the
    pages that gather them; both spread over `settings.workers` processes, which send back
    their pages only. Converted texts go to `texts` (a live preview passes the same object to
    every build; by default they last one build). In a live preview (`problems` given), each
    portrait page shows the problems of its file: above the last valid version of the portrait
    (its file in `stale`), or alone at the portrait's address when there is no valid version.
    `before` (a live preview's): the pages of the previous build, reused where their view is
    unchanged (see `reuse`)."""
    texts = texts if texts is not None else ConvertedTexts()
    texts.trim()
    images = images or {}
    locale = load_locale(catalogue.language, tuple(d / "locales" for d in settings.template_dirs))
    renderer = Renderer(catalogue, make_environment(settings.template_dirs), locale, settings, images, texts,
                        problems=problems, stale=stale)
    views = Views(catalogue, images, renderer.file_problems, stale, before.views) if before is not None else None
    if before is not None:
        before.start((settings, templates_stamp(settings.template_dirs), catalogue.language, catalogue.today,
                      renderer.fingerprint, renderer.search_bundles))
    portraits, total, done = catalogue.portraits, len(catalogue.portraits), 0
    batch = max(1, settings.search_batch)
    for start in range(0, max(1, total), batch):  # one batch per search index
        tasks = [(("portrait", p.slug), partial(views.portrait, p) if views else None,
                  partial(portrait_and_texts, renderer, p)) for p in portraits[start:start + batch]]
        pages = []
        for made, converted, reused in _run(tasks, before, settings.workers):
            pages += made
            renderer.keep(converted, cached=reused)
        done += len(pages)
        yield Batch(tuple(pages), portraits=True, done=done, total=total)
    others = [page for made, _, _ in _run(_tasks(renderer, problems, views), before, settings.workers) for page in made]
    if before is not None:
        before.views = views
        before.finish()
    files = ((FEED, feed(renderer)),) if settings.site_url else ()
    yield Batch(tuple(others), portraits=False, done=done, total=total, media=tuple(sorted(renderer.media)),
                files=files)


Task = tuple[tuple, Callable[[], object] | None, Callable[[], object]]  # (key, its view, what makes its pages)


def _run(tasks: list[Task], before: RenderedBefore | None, workers: int) -> list[tuple[list[Page], list, bool]]:
    """(pages, converted texts, whether they were kept) of each task, in order: kept from
    `before` when its view is unchanged, else made (in `workers` processes)."""
    results: list = [None] * len(tasks)
    views: list = [None] * len(tasks)
    stale = []
    for n, (key, view, _) in enumerate(tasks):
        if before is not None:
            views[n] = view()
            found = before.find(key, views[n])
            results[n] = None if found is None else (*found, True)
        if results[n] is None:
            stale.append(n)
    made = map_in_processes(lambda task: _pages_of(task()), [tasks[n][2] for n in stale], workers)
    for n, (pages, converted) in zip(stale, made):
        results[n] = (pages, converted, False)
        if before is not None:
            before.keep(tasks[n][0], views[n], pages, converted)
    return results


def _pages_of(made) -> tuple[list[Page], list]:
    """A task's result as (pages, converted texts): a portrait task gives (page, texts), the
    others a list of pages."""
    if isinstance(made, tuple):
        return [made[0]], made[1]
    return made, []


def _listed(make: Callable[..., Page], *args) -> list[Page]:
    return [make(*args)]


def _tasks(r: Renderer, problems: tuple[Problem, ...], views: Views | None) -> list[Task]:
    """The pages other than portraits, as small independent tasks (in page order) that
    processes can share out, each with its key and its view (when pages are reused)."""
    catalogue = r.catalogue

    def view(name: str, *args):
        return partial(getattr(views, name), *args) if views else None

    tasks: list[Task] = [(("home",), view("home", problems), partial(home_pages, r, problems))]
    if catalogue.questions:
        tasks.append((("questions",), view("questions"), partial(questions_page, r)))
        # one task per numbered page: an edited answer renders again only the page showing it
        tasks += [(("question", q.id, pager.number), view("question", q, pager, answers),
                   partial(_listed, question_page, r, q, pager, answers))
                  for q in catalogue.questions
                  for pager, answers in paginate(q.answers, ANSWERS_PER_PAGE, q.page_url)]
    for kind, entities in catalogue.entities.items():
        if entities:
            tasks.append((("kind", kind), view("entity_list", kind, entities), partial(kind_page, r, kind, entities)))
            tasks += [(("entity", kind, e.slug, pager.number), view("entity", e, pager, references),
                       partial(_listed, entity_page, r, e, pager, references))
                      for e in entities
                      for pager, references in paginate(e.references, REFERENCES_PER_PAGE, e.page_url)]
    if catalogue.portraits:
        tasks.append((("overview",), view("overview"), partial(overview_page, r)))
    if r.settings.search:
        tasks.append((("search",), (lambda: ()) if views else None, partial(search_page, r)))
    if r.file_problems:
        tasks.append((("notices",), view("notices"), partial(notice_pages, r)))
    return tasks
