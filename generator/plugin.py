"""The MkDocs adapter: the only module that imports MkDocs.

It runs the core (load → validate → link → render) once per build, hands the pages to MkDocs
as generated files, copies the media, and makes `mkdocs build` replace the previous site only
when the new one is complete."""

from __future__ import annotations

import gc
from contextlib import ExitStack
import logging
import os
import shutil
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import jinja2
from markupsafe import Markup, escape
from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from . import publish
from .faults import TEMPLATE_FAULTS, describe
from .i18n import LocaleError, load_locale
from .parallel import default_workers
from .pipeline import Result, Settings, run
from .problems import errors, report, shorten, visible, warnings
from .render import BUILTIN_TEMPLATES, relative_url
from .search import PORTRAITS_PER_INDEX, SEARCH_ICON, SearchIndexer, SearchIndexError
from .targets import HINT as OUTPUT_HINT, output_conflict

log = logging.getLogger("mkdocs.plugins.portraits")

STYLESHEET = "assets/portraits.css"
SCRIPT = "assets/portraits.js"
BODY_MARKER = "<!-- portraits: page body {}-->"
NAV_SECTIONS = ("search/index.md", "questions/index.md", "organizations/index.md", "tools/index.md", "platforms/index.md",
                "tags/index.md", "overview/index.md")


class PortraitsConfig(Config):
    portraits_dir = opt.Type(str, default="portraits")
    templates_dir = opt.Type(str, default="templates")
    language = opt.Type(str, default="fr")
    preview = opt.Optional(opt.Type(bool))  # drafts and scheduled portraits; default: only in `mkdocs serve`
    today = opt.Optional(opt.Type((str, date)))  # YYYY-MM-DD, to build the site as of another day
    search = opt.Choice(("pagefind", "none"), default="pagefind")  # Material's own search stays usable
    workers = opt.Type(int, default=0)  # processes rendering the pages; 0: one per core (1 in `mkdocs serve`)
    search_index_size = opt.Type(int, default=PORTRAITS_PER_INDEX)  # portraits per search index


class PortraitsPlugin(BasePlugin[PortraitsConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.command = "build"
        self.result: Result | None = None
        self.final_site_dir: Path | None = None
        self.staging_dir: Path | None = None
        self.built = False
        self.heads: dict = {}
        self.html_pages: set[str] = set()
        self.indexer: SearchIndexer | None = None
        self.search_output: Path | None = None
        self.nav_pages: set[int] = set()
        self.nav_urls: list[str] = []
        self.gc_thresholds: tuple[int, ...] = ()
        self.lock = ExitStack()  # one build of a site at a time, until its swap is done

    # --- lifecycle -------------------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        if command != "serve":
            # A build allocates millions of objects that live until it ends: with the default
            # thresholds, the cyclic collector rescans them again and again (an eighth of the
            # CPU of a 10,000-portrait build). `on_shutdown` puts the thresholds back.
            self.gc_thresholds = gc.get_threshold()
            gc.set_threshold(100_000, 50, 100)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        base = Path(config.config_file_path or ".").resolve().parent
        self.portraits_dir = (base / self.config.portraits_dir).resolve()
        self.templates_dir = (base / self.config.templates_dir).resolve()
        sources = (("portraits", self.portraits_dir), ("templates", self.templates_dir), ("docs", Path(config.docs_dir)))
        if conflict := output_conflict(Path(config.site_dir), sources, project=base):
            raise PluginError(f"portraits: {conflict}: a build replaces its output folder whole; {OUTPUT_HINT}")
        serving = self.command == "serve"
        config.theme["language"] = _theme_language(config, self.config.language)
        if self.config.search_index_size < 1:
            raise PluginError("portraits: 'search_index_size' must be a number of portraits (at least 1)")
        if self.config.workers < 0:
            raise PluginError("portraits: 'workers' must be 0 (one process per core) or a number of processes")
        if not config.use_directory_urls:
            raise PluginError("portraits: 'use_directory_urls: false' is not supported; "
                              "portrait pages live at /portraits/<slug>/")
        config.extra_css.append(STYLESHEET)
        self.content_needed = any(name.endswith("search") for name in config.plugins if name != "portraits")
        if self.config.search == "pagefind":
            config.extra_javascript.append(SCRIPT)
        if "attr_list" not in config.markdown_extensions:  # question anchors are written "{#id}"
            config.markdown_extensions.append("attr_list")
        # Generated pages are deliberately left out of the navigation; listing them is noise.
        config.validation.nav.omitted_files = logging.DEBUG
        try:
            self.locale = load_locale(self.config.language, (self.templates_dir / "locales",))
        except LocaleError as exc:
            raise PluginError(f"portraits: {visible(str(exc))}") from None
        settings = Settings(
            portraits_dir=self.portraits_dir,
            template_dirs=(self.templates_dir,) if self.templates_dir.is_dir() else (),
            language=self.config.language,
            site_name=config.site_name,
            site_url=config.site_url or "",
            site_description=config.site_description or "",
            search=self.config.search == "pagefind",
            search_batch=self.config.search_index_size,
            preview=self.config.preview if self.config.preview is not None else serving,
            reuse=serving,
            # serve runs threads (server, watcher), and forking a threaded process is unsafe
            workers=1 if serving else self.config.workers or default_workers(),
            today=_today(self.config.today),
        )
        if self.config.search == "pagefind":
            # Indexed while the rest of the site is built, into a folder MkDocs does not clean.
            self.search_output = publish.staging_dir(Path(config.site_dir).resolve(), "search")
            self.indexer = SearchIndexer(self.config.language, self.search_output)
        if not serving:
            self._stage(config)
        # Validation runs here, before MkDocs cleans the output folder.
        self.result = self._run(settings, serving)
        return config

    def _run(self, settings: Settings, serving: bool) -> Result:
        indexer = self.indexer
        hooks = {} if indexer is None else {
            "portrait_rendered": lambda page: indexer.add(page.url, page.body),
            "portraits_rendered": indexer.batch_done}
        try:
            result = run(settings, render_invalid=serving, progress=log.info, **hooks)
        except SearchIndexError as exc:
            raise PluginError(f"portraits: {exc}") from None
        except (*TEMPLATE_FAULTS, LocaleError, OSError) as exc:
            raise PluginError(f"portraits: {describe(exc)}") from None
        for problem in warnings(result.problems):
            log.info(str(problem))
        if errors(result.problems):
            if not serving:
                raise PluginError("portraits: the site was not built; fix these problems:\n" + report(result.problems))
            for problem in errors(result.problems):
                log.warning(str(problem))
        return result

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.result is not None and self.result.rendered is not None
        rendered = self.result.rendered
        self.html_pages = set()
        for page in rendered.pages:
            if not page.html:
                self._replace(files, File.generated(config, page.src_uri, content=page.content))
            else:
                # HTML pages skip MkDocs' Markdown step: it gets the front matter only (memory).
                self.html_pages.add(page.src_uri)
                self._replace(files, File.generated(config, page.src_uri, content=page.front_matter or "\n"))
        for path, content in rendered.files:
            self._replace(files, File.generated(config, path, content=content))
        self.heads = {page.src_uri: page for page in rendered.pages}
        for uri in rendered.media:
            self._replace(files, File.generated(config, f"portraits/{uri}",
                                                abs_src_path=str(self.portraits_dir / uri)))
        for asset in (STYLESHEET, SCRIPT):
            source = self.templates_dir / Path(asset).name
            if not source.is_file():
                source = BUILTIN_TEMPLATES / Path(asset).name
            self._replace(files, File.generated(config, asset, abs_src_path=str(source)))
        self.result = replace(self.result, catalogue=None)  # from here on only the pages are needed
        if config.nav is None:
            # Navigation that does not grow with the number of portraits: home + the editor's pages.
            generated = {page.src_uri for page in rendered.pages}
            sections = [uri for uri in NAV_SECTIONS if uri in generated]
            own = sorted(f.src_uri for f in files.documentation_pages() if f.src_uri not in generated)
            config.nav = [{self.locale.label("home"): "index.md"}, *sections, *own]
        return files

    @staticmethod
    def _replace(files: Files, file: File) -> None:
        existing = files.get_file_from_path(file.src_uri)
        if existing is not None:
            if not existing.generated_by:
                log.warning(f"portraits: the generated page '{file.src_uri}' replaces the file of the same name in docs_dir")
            files.remove(existing)
        file.inclusion = InclusionLevel.INCLUDED if file.src_uri.endswith(".md") else file.inclusion
        files.append(file)

    def on_nav(self, nav, *, config: MkDocsConfig, files: Files):
        self.nav_pages = {id(page) for page in nav.pages}
        self.nav_urls = sorted({""} | {item.url for item in _walk(nav.items) if getattr(item, "url", None) is not None})
        return nav

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        """Render the theme's navigation once per folder depth, not once per page.

        For a page that is not itself in the navigation (every portrait, question and entity
        page), the theme's navigation differs only by its relative links, so pages whose links
        to the navigation's pages are the same share it. Pages in the navigation are rendered
        as usual (they show as active)."""
        theme_loader, cache = env.loader, {}
        original = "portraits:theme/partials/nav.html"

        def load(name: str):
            if name == "partials/nav.html":
                return "{{ portraits_navigation() }}", None, lambda: True
            if name == original:
                return theme_loader.get_source(env, "partials/nav.html")
            return None

        @jinja2.pass_context
        def navigation(context) -> Markup:
            page = context.get("page")
            if page is None or id(page) in self.nav_pages:
                return Markup(env.get_template(original).render(context.get_all()))
            key = tuple(get_relative_url(url, page.url) for url in self.nav_urls)
            if key not in cache:
                cache[key] = Markup(env.get_template(original).render(context.get_all()))
            return cache[key]

        env.loader = jinja2.ChoiceLoader([jinja2.FunctionLoader(load), theme_loader])
        env.globals["portraits_navigation"] = navigation
        return env

    def on_pre_page(self, page, *, config: MkDocsConfig, files: Files):
        generated = self._html_page(page)
        if generated is not None:
            # What `Page.render` leaves for an empty source, without the Markdown converter MkDocs
            # would build for each page; the anchors let MkDocs check links into the page.
            def render(config: MkDocsConfig, files: Files) -> None:
                page.content, page.toc = "", get_toc([])
                page.present_anchor_ids = {anchor for _, anchor, _ in generated.toc}
            page.render = render
        return page

    def on_page_markdown(self, markdown: str, *, page, config: MkDocsConfig, files: Files) -> str:
        # Generated pages are already HTML: skip the Markdown conversion (the costliest step of a
        # build) and put the HTML and the table of contents back in `on_page_content`. A page
        # from an editor's template written in Markdown goes through MkDocs as usual.
        return "" if self._html_page(page) else markdown

    def _html_page(self, page):
        return self.heads.get(page.file.src_uri) if page.file.src_uri in self.html_pages else None

    def on_page_content(self, html: str, *, page, config: MkDocsConfig, files: Files) -> str:
        generated = self._html_page(page)
        if generated is None:
            return html
        page.toc = get_toc(toc_tokens(generated.toc))
        # MkDocs keeps every page's content until the build ends; with thousands of pages that is
        # most of the memory. A marker stands in until the page is written (`on_post_page`),
        # unless another plugin (Material's search) reads the content in the meantime.
        if self.content_needed:
            return generated.body
        return _body_marker(generated)

    def on_post_page(self, output: str, *, page, config: MkDocsConfig) -> str:
        """Social previews and JSON-LD of generated pages, the feed link on every page, and the
        language of a portrait written in another language than the site's."""
        generated = self.heads.get(page.file.src_uri)
        output = self._add_to_head(output, generated.head if generated else "", config)
        if generated is not None and page.file.src_uri in self.html_pages and not self.content_needed:
            output = output.replace(_body_marker(generated), generated.body, 1)
        article = '<article class="md-content__inner md-typeset"'
        if generated and generated.language:
            output = output.replace(article, f'{article} lang="{escape(generated.language)}"', 1)
        if self.config.search == "pagefind":
            output = self._add_search_button(output, page.url)
        return output

    def _add_search_button(self, output: str, page_url: str) -> str:
        """A search button in Material's header, leading to the Pagefind search page."""
        header = output.find('<nav class="md-header__inner')
        end = output.find("</nav>", header)
        if header < 0 or end < 0:
            return output
        label = escape(self.locale.label("search"))
        button = (f'<a href="{escape(relative_url("search/", page_url))}" class="md-header__button md-icon portrait-search-button" '
                  f'title="{label}" aria-label="{label}">{SEARCH_ICON}<span>{label}</span></a>')
        return output[:end] + button + output[end:]

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        return self._add_to_head(output_content, "", config) if template_name.endswith(".html") else output_content

    def _add_to_head(self, output: str, head: str, config: MkDocsConfig) -> str:
        if self.result and self.result.rendered and any(path == "feed.xml" for path, _ in self.result.rendered.files):
            feed = f"{config.site_url.rstrip('/')}/feed.xml"
            head += f'<link rel="alternate" type="application/atom+xml" title="{escape(config.site_name)}" href="{escape(feed)}">\n'
        return output.replace("</head>", head + "</head>", 1) if head else output

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        for folder in (self.portraits_dir, self.templates_dir):
            if folder.is_dir():
                server.watch(str(folder))
        return server

    # --- never lose the previous site ------------------------------------------------------

    def _stage(self, config: MkDocsConfig) -> None:
        """Build into a sibling folder; `on_shutdown` swaps it in only after a full success."""
        final = Path(config.site_dir).resolve()
        self.final_site_dir = final
        try:
            self.lock.enter_context(publish.build_lock(final))
        except publish.Busy as exc:
            raise PluginError(f"portraits: {exc}") from None
        publish.remove_leftovers(final)  # of builds killed before they could clean up
        self.staging_dir = publish.staging_dir(final)
        shutil.rmtree(self.staging_dir, ignore_errors=True)
        publish.checkpoint("staged")
        config.site_dir = str(self.staging_dir)
        self.built = False

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.indexer is not None and self.indexer.process is None:  # nothing was rendered
            self._stop_search()
        if self.indexer is not None:
            indexer, self.indexer = self.indexer, None
            pages_done = time.perf_counter()
            try:
                indexer.wait()
            except SearchIndexError as exc:
                raise PluginError(f"portraits: {exc}") from None
            bundles = sorted(self.search_output.iterdir())
            for bundle in bundles:
                target = Path(config.site_dir) / bundle.name
                shutil.rmtree(target, ignore_errors=True)
                bundle.rename(target)
            self.search_output.rmdir()
            now = time.perf_counter()
            log.info(f"portraits: search index built ({len(bundles)} index{'es' if len(bundles) > 1 else ''}, "
                     f"{now - indexer.started:.1f} s alongside the pages, then {now - pages_done:.1f} s more; "
                     f"indexer peak memory {indexer.peak_mb:,.0f} MB)")
        self.built = True
        publish.checkpoint("built")

    def on_build_error(self, *, error: Exception) -> None:
        self.built = False  # includes "Aborted with N warnings in strict mode", raised after post_build
        self._stop_search()
        if self.staging_dir:
            shutil.rmtree(self.staging_dir, ignore_errors=True)

    def _stop_search(self) -> None:
        """Stop indexing if it still runs, and remove the bundles not moved into the site."""
        if self.indexer is not None:
            self.indexer.close()
            self.indexer = None
        if self.search_output:
            shutil.rmtree(self.search_output, ignore_errors=True)

    def on_shutdown(self) -> None:
        if self.gc_thresholds:
            gc.set_threshold(*self.gc_thresholds)
        self._stop_search()  # after an interruption: Ctrl-C is no build error for MkDocs
        staging, final = self.staging_dir, self.final_site_dir
        if staging is None or final is None:
            return
        self.staging_dir = None
        with self.lock:
            if not self.built or not staging.is_dir():
                shutil.rmtree(staging, ignore_errors=True)
                return
            publish.swap_in(staging, final)
        log.info(f"portraits: the new site replaces {final}")


def _theme_language(config: MkDocsConfig, language: str) -> str:
    """The theme's language for the site's: the same if the theme has it ('pt-BR'), else its
    base ('fr' for 'fr-CA'), else English. A site may add a language of its own (a locale file
    in templates/locales/) that the theme does not know; its labels still come from that file."""
    dirs = [Path(folder) for folder in getattr(config.theme, "dirs", ())]
    if not any((folder / "partials" / "languages").is_dir() for folder in dirs):
        return language  # a theme without per-language partials takes any code
    for code in (language, language.split("-")[0], "en"):
        if any((folder / "partials" / "languages" / f"{code}.html").is_file() for folder in dirs):
            if code != language:
                log.info(f"portraits: the theme has no '{language}' language; its own labels are in '{code}'")
            return code
    return language


def _today(value: str | date | None) -> date | None:
    """The `today` option: a date, quoted or not (YAML reads 2024-03-01 unquoted as a date)."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise PluginError(f"portraits: 'today' must be a date written YYYY-MM-DD, not '{visible(shorten(value))}'; "
                          "e.g. today: 2024-03-01, or remove it to build as of the current day") from None


def toc_tokens(headings) -> list[dict]:
    """(level, id, text) headings → the nested tokens MkDocs builds a table of contents from."""
    root: list[dict] = []
    stack: list[dict] = []
    for level, anchor, text in headings:
        token = {"level": level, "id": anchor, "name": str(escape(text)), "children": []}
        while stack and stack[-1]["level"] >= level:
            stack.pop()
        (stack[-1]["children"] if stack else root).append(token)
        stack.append(token)
    return root


def _walk(items):
    """Every item of a navigation, sections' children included."""
    for item in items:
        yield item
        yield from _walk(getattr(item, "children", None) or ())


def _body_marker(generated) -> str:
    # Material adds a title when the content has no "<h1": the marker says whether it has.
    return BODY_MARKER.format("<h1>" if any(level == 1 for level, _, _ in generated.toc) else "")
