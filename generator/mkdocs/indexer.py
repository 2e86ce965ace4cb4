"""The search index over a build: started with the first batch of portrait pages, built
alongside the rest of the site into a folder MkDocs does not clean, moved into the site at
the end, and stopped (its files removed) if the build fails or is interrupted."""

from __future__ import annotations

import logging
import shutil
import time
from pathlib import Path
from typing import Sequence

from mkdocs.exceptions import PluginError

from ..render import Page
from ..search import SearchIndexer, SearchIndexError
from .swap import staging_dir

log = logging.getLogger("mkdocs.plugins.portraits")


class SearchRun:
    def __init__(self, language: str, site_dir: str):
        self.output = staging_dir(Path(site_dir).resolve(), "search")  # a killed build's is a leftover
        self.indexer: SearchIndexer | None = SearchIndexer(language, self.output)
        # seconds of indexing in all ("search"), of it after the pages ("search_wait"), peak memory
        self.times: dict[str, float] = {}

    def consume(self, pages: Sequence[Page]) -> None:
        """One batch of portrait pages, as the core renders it."""
        if self.indexer is not None:
            self.indexer.add_batch(pages)

    def finish(self, site_dir: str) -> None:
        """Wait for the indexes and move them into the site (hook `on_post_build`)."""
        if self.indexer is not None and self.indexer.process is None:  # nothing was rendered
            self.stop()
        if self.indexer is None:
            return
        indexer, self.indexer = self.indexer, None
        pages_done = time.perf_counter()
        try:
            indexer.wait()
        except SearchIndexError as exc:
            raise PluginError(f"portraits: {exc}") from None
        bundles = sorted(self.output.iterdir())
        for bundle in bundles:
            target = Path(site_dir) / bundle.name
            shutil.rmtree(target, ignore_errors=True)
            bundle.rename(target)
        self.output.rmdir()
        now = time.perf_counter()
        self.times = {"search": now - indexer.started, "search_wait": now - pages_done, "search_peak_mb": indexer.peak_mb}
        log.info(f"portraits: search index built ({len(bundles)} index{'es' if len(bundles) > 1 else ''}, "
                 f"{now - indexer.started:.1f} s alongside the pages, then {now - pages_done:.1f} s more; "
                 f"indexer peak memory {indexer.peak_mb:,.0f} MB)")

    def stop(self) -> None:
        """Stop indexing if it still runs, and remove the bundles not moved into the site."""
        if self.indexer is not None:
            self.indexer.close()
            self.indexer = None
        shutil.rmtree(self.output, ignore_errors=True)
