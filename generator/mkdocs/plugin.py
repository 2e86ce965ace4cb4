"""The MkDocs plugin: MkDocs' hooks, each delegating to one module of this package.

It runs the core (load → validate → link → render) once per build, hands the pages to MkDocs
as generated files, indexes the portraits for search while the site is built, and makes
`mkdocs build` replace the previous site only when the new one is complete."""

from __future__ import annotations

import gc
import logging
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files

from .. import search_merge
from ..comments import COMMENT_ASSETS
from ..config import Settings
from ..faults import TEMPLATE_FAULTS, describe, template_problem
from ..i18n import LocaleError, load_locale
from ..pipeline import KeptBetweenBuilds, Result, run
from ..problems import Problem, errors, report, visible, warnings
from ..search import SearchIndexError
from ..site import FEED, relative_url
from ..typography import typeset
from . import config as options
from . import files as site_files
from . import frame, head, preview
from .frames import FramesAhead
from .redirects import add_redirects
from .reports import report_changes
from .config import PortraitsConfig
from .indexer import SearchRun
from .pages import GeneratedPages
from .preview import BuiltSite, LivePreview, PreviewDocuments, SearchRefresh
from .swap import SiteSwap, staging_dir
from .theme_nav import ThemeNavigation

log = logging.getLogger("mkdocs.plugins.portraits")


def redirects_of(catalogue) -> tuple:
    """What the redirect pages are made from: each portrait's old addresses and name."""
    if catalogue is None:
        return ()
    return tuple((p.slug, p.name, tuple(p.aliases)) for p in catalogue.portraits if p.aliases)


class PortraitsPlugin(BasePlugin[PortraitsConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.command = "build"
        self.settings: Settings | None = None
        self.result: Result | None = None
        self.swap: SiteSwap | None = None
        self.search: SearchRun | None = None
        self.pages: GeneratedPages | None = None
        self.theme_nav = ThemeNavigation()
        self.nav_items: list = []  # the navigation's top items: the links under the header
        self.kept = KeptBetweenBuilds()  # kept from build to build of `mkdocs serve`
        self.reported: dict[tuple, Problem] | None = None  # problems printed by the previous rebuild (serve)
        self.gc_thresholds: tuple[int, ...] = ()
        # `mkdocs serve`: what the last full build made (a rebuild after an edit builds only the
        # changed pages on it, see preview.py), and the parts of it the hooks hand over.
        self.built: BuiltSite | None = None
        self.preview: LivePreview | None = None
        self.files: Files | None = None
        self.nav = None
        self.env: jinja2.Environment | None = None
        self.redirects: tuple = ()
        self.inputs: tuple = ()
        self.search_refresh: SearchRefresh | None = None  # `mkdocs serve`: the search index, rebuilt apart
        self.ahead: FramesAhead | None = None  # the pages another process writes ahead of MkDocs' loop

    # --- lifecycle -------------------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        # A build allocates millions of objects that live until it ends, and a live preview
        # keeps them from build to build: with the default thresholds, the cyclic collector
        # rescans them again and again (an eighth of the CPU of a 10,000-portrait build, and
        # 1–4 s of an edit's 5–9 s in a preview of that size). `on_shutdown` puts them back.
        self.gc_thresholds = gc.get_threshold()
        gc.set_threshold(100_000, 50, 100)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        serving = self.command == "serve"
        self._stop_ahead()
        settings = self.settings = options.settings(self.config, config, serving=serving)
        options.adapt(config, settings)
        self.content_needed = options.other_search(config)
        try:
            self.locale = load_locale(settings.language, (settings.templates_dir / "locales",))
        except LocaleError as exc:
            raise PluginError(f"portraits: {visible(str(exc))}") from None
        if not serving:  # first: a second build of the same site stops here, before it starts anything
            self.swap = SiteSwap(config.site_dir)
        # MkDocs keeps one plugin object per configuration for the whole process: nothing of a
        # previous build's search may carry over
        self.search, documents = None, None
        if settings.search and not serving:
            self.search = SearchRun(settings.language, config.site_dir)
        elif settings.search:
            # The preview starts once the pages are written; the search documents and their
            # indexes are written after, in the background (`on_serve`).
            if self.search_refresh is None or self.search_refresh.site != config.site_dir:  # a new session
                if self.search_refresh is not None:
                    self.search_refresh.close()
                kept = staging_dir(Path(config.site_dir).resolve(), "search-batches")  # each batch's index
                self.search_refresh = SearchRefresh(kept if search_merge.available() else None, config.site_dir)
            self.search_refresh.forget()  # a full build writes every batch again
            documents = PreviewDocuments(self.search_refresh)
        if self.swap is not None:
            config.site_dir = str(self.swap.staging)
        if serving:
            self.built, self.inputs = None, preview.inputs_stamp(config, settings.templates_dir)
        # Validation runs here, before MkDocs cleans the output folder.
        self.result = self._run(settings, serving, self.search or documents)
        return config

    def run_core(self) -> Result:
        """The core again, for a live preview's rebuild (the search index is refreshed apart)."""
        return self._run(self.settings, True, None)

    def shape_of(self, result: Result) -> tuple:
        return self._shape(result.rendered, redirects_of(result.catalogue))

    def _shape(self, rendered, redirects: tuple) -> tuple:
        """What MkDocs' files and navigation are made from (see preview.shape)."""
        nav_sources = {page.file.src_uri for page in self.nav.pages} if self.nav is not None else set()
        return preview.shape(rendered, self.settings.portraits_dir, redirects, nav_sources)

    def _run(self, settings: Settings, serving: bool, search: SearchRun | PreviewDocuments | None,
             faults: tuple = ()) -> Result:
        try:
            result = run(settings, render_invalid=serving, progress=log.info,
                         portraits=search.consume if search else None,
                         kept=self.kept if settings.reuse else None, faults=faults)
        except SearchIndexError as exc:
            raise PluginError(f"portraits: {exc}") from None
        except (*TEMPLATE_FAULTS, LocaleError, OSError) as exc:  # an editor's template, a locale file, the disk
            if not (serving and settings.template_dirs and not isinstance(exc, LocaleError)
                    and isinstance(exc, TEMPLATE_FAULTS)):
                raise PluginError(f"portraits: {describe(exc)}") from None
            # A live preview goes on with the built-in templates (MkDocs' server would hold every
            # request until the override is fixed) and lists the fault with the portraits' problems.
            if search is not None:  # it may hold the pages of the failed run
                search.stop()
                if search is self.search:
                    self.search = None
            return self._run(replace(settings, templates_dir=None), serving,
                             search if isinstance(search, PreviewDocuments) else None, (*faults, template_problem(exc)))
        if serving:
            self.reported = report_changes(result.problems, self.reported)
            return result
        for problem in warnings(result.problems):
            log.info(str(problem))
        if errors(result.problems):
            raise PluginError("portraits: the site was not built; fix these problems:\n" + report(result.problems))
        return result

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.result is not None and self.result.rendered is not None and self.settings is not None
        rendered = self.result.rendered
        html_pages = site_files.add_site(files, config, rendered, self.settings.portraits_dir,
                                         self.settings.templates_dir or Path(),
                                         COMMENT_ASSETS if self.settings.comments else ())
        add_redirects(files, config, self.result.catalogue.portraits, self.locale, serving=self.command == "serve")
        self.pages = GeneratedPages(rendered, html_pages, self.content_needed)
        self.redirects = redirects_of(self.result.catalogue)
        self.result = replace(self.result, catalogue=None)  # from here on only the pages are needed
        self.files = files
        if config.nav is None:
            config.nav = site_files.default_nav(files, rendered, self.locale.label("home"))
        return files

    def on_nav(self, nav, *, config: MkDocsConfig, files: Files):
        self.theme_nav.read(nav)
        self.nav_items = list(nav.items)  # their titles are known once their pages are read
        self.nav = nav
        return nav

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        # the frame's templates first, so that the theme's navigation is read through them
        self.env = self.theme_nav.install(frame.install(env, self.locale.label))
        self.ahead = FramesAhead.start(self, config, files, self.nav, self.env, serving=self.command == "serve",
                                       generated=lambda page: self.pages.html_page(page) is not None)
        return self.env

    # --- pages -----------------------------------------------------------------------------

    def on_pre_page(self, page, *, config: MkDocsConfig, files: Files):
        self.pages.skip_render(page)
        return page

    def on_page_markdown(self, markdown: str, *, page, config: MkDocsConfig, files: Files) -> str:
        return self.pages.markdown(markdown, page)

    def on_page_content(self, html: str, *, page, config: MkDocsConfig, files: Files) -> str:
        return self.pages.content(html, page)

    def on_post_page(self, output: str, *, page, config: MkDocsConfig) -> str:
        if self.ahead is not None and self.ahead.owns(page):
            return self.ahead.take(page)
        generated = self.pages.get(page)
        output = head.add_to_head(output, (generated.head if generated else "") + self._feed_link(config))
        output = head.add_language(output, generated.language if generated else None)
        if self.settings.search:
            output = head.add_search_button(output, page.url, self.locale.label("search"))
        output = self._finish(output, page.url, lambda target: relative_url(target, page.url))
        return self.pages.body(output, page)  # after the typography: a generated body has it already

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        if not template_name.endswith(".html"):
            return output_content
        output = head.add_to_head(output_content, self._feed_link(config))
        root = urlsplit(config.site_url or "/").path.rstrip("/") + "/"  # the 404 page is shown at any depth
        return self._finish(output, "404", lambda target: root + target)

    def _finish(self, output: str, page_url: str, link) -> str:
        """The frame in the site's language (section links, palette toggle), then French
        typography over the whole page (`link`: a site path → a link from this page)."""
        label = self.locale.label
        sections = frame.section_links([(title, link(url)) for title, url in frame.sections_of(self.nav_items)],
                                       link(page_url),
                                       label("sections"))
        output = frame.add_frame(output, toggle=frame.theme_toggle(label("theme_toggle")), sections=sections)
        return typeset(output, self.settings.language)

    def _feed_link(self, config: MkDocsConfig) -> str:
        rendered = self.result.rendered if self.result else None
        if rendered and any(path == FEED for path, _ in rendered.files):
            return head.feed_link(config.site_url, config.site_name)
        return ""

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        for folder in (self.settings.portraits_dir, self.settings.templates_dir):
            if folder and folder.is_dir():
                server.watch(str(folder))
        # After an edit, the server calls the live preview, which builds only the changed pages
        # (or calls MkDocs' builder for a full build).
        self.preview = LivePreview(self, server.builder)
        server.builder = self.preview.rebuild
        if self.settings.search:  # the first build wrote the search documents: their indexes now
            self.preview.search.refresh(config.site_dir, self.settings.language, {})
        return server

    # --- end of a build --------------------------------------------------------------------

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._stop_ahead()
        if self.search is not None:
            self.search.finish(config.site_dir)
        if self.command == "serve" and self.result is not None and self.result.rendered is not None:
            rendered = self.result.rendered
            self.built = preview.BuiltSite(config, self.files, self.nav, self.env, rendered,
                                           self._shape(rendered, self.redirects), self.inputs)
        if self.swap is not None:
            self.swap.complete()

    def on_build_error(self, *, error: Exception) -> None:
        self.built = None
        self._stop_ahead()
        # includes "Aborted with N warnings in strict mode", raised after post_build
        if self.search is not None:
            self.search.stop()
        if self.swap is not None:
            self.swap.failed()
        if isinstance(error, OSError):  # from MkDocs' own steps (a full disk, an unreadable file): no traceback
            raise PluginError(f"portraits: {describe(error)}") from None

    def _stop_ahead(self) -> None:
        if self.ahead is not None:
            self.ahead.restore()
            self.ahead = None

    def on_shutdown(self) -> None:
        self._stop_ahead()
        if self.preview is not None:
            self.preview.search.close()
        if self.search_refresh is not None:
            self.search_refresh.close()
        if self.gc_thresholds:
            gc.set_threshold(*self.gc_thresholds)
        if self.search is not None:
            self.search.stop()  # after an interruption: Ctrl-C is no build error for MkDocs
        if self.swap is not None:
            self.swap.finish()
            self.swap = None
