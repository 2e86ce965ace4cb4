"""The live preview (`mkdocs serve`): after an edit, only the pages whose output changed are
built and written again.

MkDocs' livereload server watches the folders and calls its builder after a change; the
plugin puts `LivePreview.rebuild` in its place. A rebuild runs the core, which keeps what it
made of unchanged files between builds (`pipeline.KeptBetweenBuilds`) and renders only the
pages whose view changed; here, the pages whose output differs from the previous build go
through MkDocs' own page build (`_populate_page`, `_build_page`: the theme, the other plugins'
page hooks) and are written. Anything else (mkdocs.yml, docs_dir, templates, a page added or
removed, a media file, the navigation) makes it a full MkDocs build, as before. The search
index is built in the background, after the first build and again after each edit for the
batches of the changed portraits: the page shows at once, its search a moment later."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Sequence

from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.utils import write_file

from ..render import Page, Rendered
from ..render.reuse import templates_stamp
from ..search import pagefind_command, write_document
from ..site import NAV_SECTIONS, PORTRAITS, SEARCH_BUNDLE, search_bundle

log = logging.getLogger("mkdocs.plugins.portraits")


@dataclass
class BuiltSite:
    """What the last full MkDocs build made, to build single pages again."""

    config: MkDocsConfig
    files: Files
    nav: object
    env: object
    rendered: Rendered
    shape: tuple  # see `shape`
    inputs: tuple  # see `inputs_stamp`


def inputs_stamp(config: MkDocsConfig, templates_dir: Path | None) -> tuple:
    """What besides the portraits folder a build reads: mkdocs.yml, docs_dir, the templates.
    Any change to them makes the next build a full one."""
    folders = [Path(config.docs_dir)] + ([templates_dir] if templates_dir else [])
    config_file = config.config_file_path
    try:
        config_stat = os.stat(config_file) if config_file else None
        config_mark = (config_stat.st_mtime_ns, config_stat.st_size) if config_stat else None
    except OSError:
        config_mark = None
    return config_mark, tuple(str(f) for f in folders if f.is_dir()), templates_stamp(f for f in folders if f.is_dir())


def shape(rendered: Rendered, portraits_dir: Path, redirects: tuple, nav_sources: set[str]) -> tuple:
    """What MkDocs' files and navigation are made from: which pages there are (and whether each
    is HTML only), which files and media (with each media file's date and size), the redirect
    pages, and the front matter of the pages in the navigation (their titles)."""
    media = []
    for uri in rendered.media:
        try:
            stat = (portraits_dir / uri).stat()
            media.append((uri, stat.st_mtime_ns, stat.st_size))
        except OSError:
            media.append((uri, None, None))
    nav_pages = {*NAV_SECTIONS, *nav_sources}
    return (tuple((p.src_uri, p.html) for p in rendered.pages), tuple(media),
            tuple(path for path, _ in rendered.files), redirects,
            tuple(p.front_matter for p in rendered.pages if p.src_uri in nav_pages))


class FullBuild(Exception):
    """The change needs a full build (raised inside `LivePreview.rebuild`)."""


class LivePreview:
    """The live reload server's builder (see the module's docstring)."""

    def __init__(self, plugin, full_build: Callable[[], None]):
        self.plugin, self.full_build = plugin, full_build
        self.search = plugin.search_refresh or SearchRefresh()

    def rebuild(self) -> None:
        started = time.perf_counter()
        # A search refresh under way stops here: this build's pages come first, and the
        # refresh that follows it includes the indexes the stopped one had not finished.
        self.search.cancel()
        try:
            written = self._pages_only()
        except FullBuild as reason:
            log.info(f"portraits: a full build ({reason})")
            self.plugin.built = None  # the full build forgets the search batches (plugin's `on_config`)
            self.full_build()
            if self.plugin.built is not None and self.plugin.settings.search:
                self.search.refresh(self.plugin.built.config.site_dir, self.plugin.settings.language, {})
            return
        log.info(f"portraits: {written} page{'s' if written != 1 else ''} written again "
                 f"in {time.perf_counter() - started:.2f} s")

    def _pages_only(self) -> int:
        plugin, built = self.plugin, self.plugin.built
        if built is None:
            raise FullBuild("the last build did not finish")
        if inputs_stamp(built.config, plugin.settings.templates_dir) != built.inputs:
            raise FullBuild("mkdocs.yml, docs_dir or a template changed")
        try:
            result = plugin.run_core()
        except Exception as error:  # a template fault, say: the full build reports it as MkDocs does
            raise FullBuild(f"{type(error).__name__}") from None
        rendered = result.rendered
        if rendered is None:
            raise FullBuild("nothing was rendered")
        if plugin.shape_of(result) != built.shape:
            raise FullBuild("pages, media or the navigation changed")
        before = {page.src_uri: page for page in built.rendered.pages}
        changed = [page for page in rendered.pages if before.get(page.src_uri) != page]
        plugin.pages.update(rendered)
        plugin.result = replace(result, catalogue=None)
        config, files = built.config, built.files
        doc_files = files.documentation_pages()
        for page in changed:
            file = files.get_file_from_path(page.src_uri)
            if file is None or file.page is None:
                raise FullBuild(f"{page.src_uri} is not in the site")
            file.content_string = page.content if not page.html else (page.front_matter or "\n")
            _populate_page(file.page, config, files)
            _build_page(file.page, config, doc_files, built.nav, built.env)
        previous_files = dict(built.rendered.files)
        for path, content in rendered.files:
            if previous_files.get(path) != content:
                write_file(content if isinstance(content, bytes) else content.encode("utf-8"),
                           str(Path(config.site_dir) / path))
        built.rendered = rendered
        settings = plugin.settings
        if settings.search:
            self.search.refresh(config.site_dir, settings.language, stale_batches(rendered, changed, settings.search_batch))
        return len(changed)


def stale_batches(rendered: Rendered, changed: Sequence[Page], batch: int) -> dict[int, list[Page]]:
    """The batches of the search index (1, 2…) holding a changed portrait page, each with all
    its portrait pages (the portrait pages come first in `rendered.pages`, in index order)."""
    portraits = [page for page in rendered.pages if _is_portrait(page)]
    changed_urls = {page.url for page in changed if _is_portrait(page)}
    stale = {}
    for start in range(0, len(portraits), max(1, batch)):
        pages = portraits[start:start + batch]
        if any(page.url in changed_urls for page in pages):
            stale[start // batch + 1] = pages
    return stale


def _replace(target: Path, new: Path) -> None:
    """`new` moved to `target`, whose previous content is removed after."""
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    shutil.move(str(new), str(target))
    shutil.rmtree(old, ignore_errors=True)


def _is_portrait(page: Page) -> bool:
    return page.src_uri.startswith(PORTRAITS) and page.src_uri.count("/") == 1


def at_low_priority(command: list[str]) -> list[str]:
    """`command` under `nice` where there is one: the refresh of the search index uses both
    cores for seconds, and the next edit's pages come first (at 10,000 portraits, edits made
    while an index was refreshed took 3.2–3.8 s to show instead of 2.3 s)."""
    nice = shutil.which("nice")
    return [nice, "-n", "19", *command] if nice else command


class SearchRefresh:
    """Search indexes built again in a background thread, one Pagefind run per batch of
    portraits; a newer refresh cancels the one under way and takes over the batches it had not
    finished (`pending`). The search documents of each batch are kept in a folder of their own
    for the whole session: a refresh writes those of the changed pages only (the first one
    writes them all).

    A full build (the first one, at start) hands over every batch as render yields it
    (`keep_batch`) and serves its pages without waiting: the refresh that follows writes their
    documents and indexes them all. `kept`: where the batches' indexes stay for the session; the site's one
    index is their merge, made again after a refresh, in a process of its own. Without it (a
    Pagefind whose files `search_merge` does not know), each batch's index is moved into the
    site as a bundle of its own."""

    def __init__(self, kept: Path | None = None, site: str = "") -> None:
        self.kept = kept
        self.site = site  # the site folder of the session
        self.thread: threading.Thread | None = None
        self.process: subprocess.Popen | None = None
        self.cancelled = threading.Event()
        self.lock = threading.Lock()
        self.documents: dict[int, Path] = {}  # batch → folder of its documents
        # batch → page URL → the page's body as written there, compressed as the page keeps it (a
        # body is 110 KB as a string: ten thousand of them would outweigh the rest of the preview)
        self.current: dict[int, dict[str, bytes]] = {}
        self.values: dict[int, dict[str, dict[str, str]]] = {}  # batch → site path → its sort values
        self.pending: dict[int, Sequence[Page]] = {}  # batch → its portrait pages, not in the site yet
        self.unmerged = False  # a batch's index changed since the site's index was merged

    def refresh(self, site_dir: str, language: str, batches: dict[int, list[Page]]) -> None:
        self.cancel()
        with self.lock:
            self.pending.update(batches)
            batches = dict(self.pending)
        if not batches and not self.unmerged:
            return
        self.cancelled = threading.Event()
        self.thread = threading.Thread(target=self._run, args=(Path(site_dir), language, batches, self.cancelled),
                                       name="portraits-search-refresh", daemon=True)
        self.thread.start()

    def _run(self, site: Path, language: str, batches: dict[int, Sequence[Page]], cancelled: threading.Event) -> None:
        for number, pages in batches.items():
            if not self._write_documents(number, language, pages, cancelled):
                return
            folder, values = self.documents[number], self.values[number]
            output = Path(tempfile.mkdtemp(prefix="portraits-search-out-"))
            try:
                if not self._completes(at_low_priority(pagefind_command(folder, output / "bundle")), cancelled):
                    return
                with self.lock:  # a cancelled refresh never replaces the newer one's index
                    if cancelled.is_set():
                        return
                    if self.kept is None:
                        _replace(site / search_bundle(number).rstrip("/"), output / "bundle")
                    else:
                        self.kept.mkdir(parents=True, exist_ok=True)
                        _replace(self.kept / f"{number}.index", output / "bundle")
                        (self.kept / f"{number}.sorts.json").write_text(json.dumps(values), encoding="utf-8")
                        self.unmerged = True
                    if self.pending.get(number) is pages:  # not replaced by a newer version meanwhile
                        del self.pending[number]
            finally:
                shutil.rmtree(output, ignore_errors=True)
        if self.kept is not None and self.unmerged:
            self._merge(site, cancelled)

    def keep_batch(self, number: int, pages: Sequence[Page]) -> None:
        """Batch `number` of a full build, as render yields it: its documents are written and
        indexed after the build (`refresh`), so that the preview starts without waiting for them."""
        with self.lock:
            self.pending[number] = pages

    def _write_documents(self, number: int, language: str, pages: Sequence[Page], cancelled: threading.Event) -> bool:
        """The documents of batch `number`'s pages (only those that changed: an unchanged page is
        not even decompressed); false if the refresh was cancelled meanwhile."""
        folder = self.documents.get(number)
        if folder is None:
            folder = self.documents[number] = Path(tempfile.mkdtemp(prefix="portraits-search-"))
        written = self.current.setdefault(number, {})
        values = self.values.setdefault(number, {})
        for url in set(written) - {page.url for page in pages}:
            shutil.rmtree(folder / url, ignore_errors=True)
            del written[url]
            values.pop(url.strip("/"), None)
        for page in pages:
            if cancelled.is_set():
                return False
            if written.get(page.url) != page.packed:  # an HTML body is typeset already (render)
                values[page.url.strip("/")] = write_document(folder, page.url, page.body, language, not page.html)
                written[page.url] = page.packed
        return True

    def _merge(self, site: Path, cancelled: threading.Event) -> None:
        """The site's index made again from the batches' indexes."""
        indexes = sorted(self.kept.glob("*.index"), key=lambda index: int(index.stem))
        output = Path(tempfile.mkdtemp(prefix="portraits-search-out-"))
        try:
            command = [sys.executable, "-m", "generator.search_merge", str(output / "bundle"), *map(str, indexes)]
            if not self._completes(at_low_priority(command), cancelled):
                return
            with self.lock:
                if not cancelled.is_set():
                    _replace(site / SEARCH_BUNDLE.rstrip("/"), output / "bundle")
                    self.unmerged = False
        finally:
            shutil.rmtree(output, ignore_errors=True)

    def _completes(self, command: list[str], cancelled: threading.Event) -> bool:
        """Runs `command`; whether it succeeded and this refresh was not cancelled meanwhile."""
        with self.lock:
            if cancelled.is_set():
                return False
            self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                            cwd=Path(__file__).resolve().parents[2])
        _, error = self.process.communicate()
        if cancelled.is_set():
            return False
        if self.process.returncode != 0:
            log.warning(f"portraits: the search index was not refreshed: {error.decode(errors='replace')[-500:]}")
            return False
        return True

    def forget(self) -> None:
        """Stop, and drop the batches waiting for a refresh and their indexes (a full build
        hands them all over again): before the build hands over its batches, the refresh's
        thread has ended."""
        self.cancel()
        self.wait()
        with self.lock:
            self.pending.clear()
            self.unmerged = False
            if self.kept is not None:
                shutil.rmtree(self.kept, ignore_errors=True)

    def cancel(self) -> None:
        """Stop the refresh under way, without waiting for its thread (it stops at its next step)."""
        with self.lock:
            self.cancelled.set()
            if self.process is not None and self.process.poll() is None:
                self.process.kill()

    def wait(self, timeout: float = 600) -> None:
        """Until the refresh under way (if any) is over."""
        if self.thread is not None:
            self.thread.join(timeout)

    def close(self) -> None:
        """The end of the session: stop, and remove the documents and the batches' indexes."""
        self.cancel()
        self.wait()
        for folder in self.documents.values():
            shutil.rmtree(folder, ignore_errors=True)
        if self.kept is not None:
            shutil.rmtree(self.kept, ignore_errors=True)
        self.documents.clear()
        self.current.clear()
        self.values.clear()


class PreviewDocuments:
    """A full build's portrait pages, batch by batch as render yields them, for the search
    index of a live preview (`SearchRefresh.keep_batch`)."""

    def __init__(self, refresh: SearchRefresh):
        self.refresh, self.batch = refresh, 0

    def consume(self, pages: Sequence[Page]) -> None:
        self.batch += 1
        self.refresh.keep_batch(self.batch, pages)

    def stop(self) -> None:
        """The run that wrote them failed: the next one writes them again."""
        self.batch = 0
        self.refresh.forget()
