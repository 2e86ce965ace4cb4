"""The theme's frame around the generated pages, set in two processes.

MkDocs renders its theme's template around each page one after another, in one process: at
1,000 portraits that is about 5 s for 2,345 pages, while the second core waits. So, before the
first page (hook `on_env`), a forked process takes the last pages of MkDocs' loop: for each it
does what MkDocs' `_build_page` would (the page's context, its template, this plugin's
`on_post_page`) and writes the page where MkDocs writes it. MkDocs, reaching one of these
pages, renders a one-line template instead, and `take` gives it the page as written.

Only where nothing else needs those pages' hooks: no other plugin (or hook file) handles the
environment, a page's context or its output (what it did in the other process would be lost
here), and no thread runs (a fork copies locks held by other threads: a live preview's later
builds set every frame here)."""

from __future__ import annotations

import multiprocessing
import os
import threading
from pathlib import Path

from mkdocs.commands.build import get_context
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import InclusionLevel
from mkdocs.utils import write_file

from .. import parallel
from ..faults import describe
from .frame import PREBUILT

AHEAD_SHARE = 0.58  # of the pages: the loop's own work on a page written ahead is a third of a page
MIN_PAGES = 200  # below this, forking costs more than it saves
_HOOKS = ("nav", "env", "page_context", "post_page")


class FramesAhead:
    """The pages a forked process writes ahead of MkDocs' loop, in the loop's order."""

    def __init__(self, pages: list, templates: dict[int, str | None]):
        self.pages = pages
        self.templates = templates  # each page's own template, by id (None: the default)
        self.order = {id(page): n for n, page in enumerate(pages)}
        self.taken = 0
        context = multiprocessing.get_context("fork")
        self.ready = context.Semaphore(0)  # released once per page written
        self.failure_reader, self.failure_writer = context.Pipe(duplex=False)
        self.process = None

    @classmethod
    def start(cls, plugin, config, files, nav, env, *, serving: bool, generated) -> FramesAhead | None:
        """Fork the process that writes the last generated pages, or None when it cannot."""
        if not hasattr(os, "fork") or threading.active_count() > 1 or not _only_ours(config, plugin):
            return None
        inclusion = InclusionLevel.is_in_serve if serving else InclusionLevel.is_included
        doc_files = files.documentation_pages(inclusion=inclusion)  # the list MkDocs' loop goes through
        candidates = [file.page for file in doc_files
                      if file.page is not None and generated(file.page) and not file.inclusion.is_excluded()]
        if len(candidates) < MIN_PAGES:
            return None
        pages = candidates[len(candidates) - int(len(candidates) * AHEAD_SHARE):]
        ahead = cls(pages, {id(page): page.meta.get("template") for page in pages})
        ahead.process = multiprocessing.get_context("fork").Process(
            target=ahead._write, args=(plugin, config, doc_files, nav, env), daemon=True)
        # Forked before the plugin holds it: there, `on_post_page` sets the frame as usual.
        ahead.process.start()
        ahead.failure_writer.close()
        for page in pages:  # MkDocs' loop renders this instead of the theme (`restore` undoes it)
            page.meta["template"] = PREBUILT
        return ahead

    def _write(self, plugin, config, doc_files, nav, env) -> None:
        """In the forked process: each page as MkDocs' `_build_page` makes it, written."""
        try:
            for page in self.pages:
                config._current_page, page.active = page, True
                try:
                    context = get_context(nav, doc_files, config, page)
                    template = env.get_template(self.templates[id(page)] or "main.html")
                    output = plugin.on_post_page(template.render(context), page=page, config=config)
                    write_file(output.encode("utf-8", errors="xmlcharrefreplace"), page.file.abs_dest_path)
                finally:
                    config._current_page, page.active = None, False
                self.ready.release()
            self.failure_writer.send(parallel.own_peak_kb())  # done: its peak memory, for the benchmark
        except BaseException as exc:  # noqa: BLE001 - reported to MkDocs' process, which raises it
            self.failure_writer.send(describe(exc) or f"{type(exc).__name__}: {exc}")
            os._exit(1)
        os._exit(0)

    def owns(self, page) -> bool:
        return id(page) in self.order

    def take(self, page) -> str:
        """The page as the other process wrote it, once it has (the pages are written in the
        order of MkDocs' loop; one the loop skips, with `--dirty`, is written all the same)."""
        while self.taken <= self.order[id(page)]:
            while not self.ready.acquire(timeout=0.5):
                if not self.process.is_alive() and not self.ready.acquire(timeout=0):
                    raise PluginError(f"portraits: the page {page.file.src_uri} could not be built:\n{self._failure()}")
            self.taken += 1
        return Path(page.file.abs_dest_path).read_bytes().decode("utf-8")

    def _failure(self) -> str:
        message = self._message(1)
        return message if isinstance(message, str) else "the process building it stopped"

    def _message(self, timeout: float):
        try:
            return self.failure_reader.recv() if self.failure_reader.poll(timeout) else None
        except (EOFError, OSError):
            return None

    def restore(self) -> None:
        """The pages' own templates back, as MkDocs' loop would leave them; the process gone."""
        for page in self.pages:
            template = self.templates[id(page)]
            if template is None:
                page.meta.pop("template", None)
            else:
                page.meta["template"] = template
        if self.process is not None:
            if self.taken == len(self.pages):  # all written: it says its peak memory as it ends
                peak = self._message(5)
                if isinstance(peak, int):
                    parallel.note_peak(peak)
            if self.process.is_alive():
                self.process.kill()
            self.process.join()
        self.failure_reader.close()


def _only_ours(config, plugin) -> bool:
    """Whether this plugin alone handles the navigation, the environment, a page's context and
    its output."""
    return all(getattr(method, "__self__", None) is plugin
               for event in _HOOKS for method in config.plugins.events.get(event, ()))
