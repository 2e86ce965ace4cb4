"""The search index: Pagefind over the portrait pages only, so a reader downloads a few small
chunks per query instead of one index of the whole site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


class SearchIndexError(RuntimeError):
    pass

# Material's magnifier icon, for the header button.
SEARCH_ICON = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true"><path d="M9.5 3A6.5 6.5 0 0 1 '
               '16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 '
               '0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5"/></svg>')


# In a portrait template, what follows this comment (backlinks, related portraits, the pager)
# is not indexed: Pagefind would skip it anyway (data-pagefind-ignore) but only after parsing it.
SEARCH_END = "<!-- portraits: not searched below -->"


class SearchIndexer:
    """Pagefind over small documents of our own (each portrait's HTML up to SEARCH_END, its
    language and filters) rather than the themed pages. Documents are added as the portraits
    are rendered (from any render process), Pagefind runs in its own process while the rest of
    the site is built, and `wait` returns the finished bundle."""

    def __init__(self, language: str):
        self.language = language  # one index: Pagefind searches only the index of the page's language
        self.folder = Path(tempfile.mkdtemp(prefix="portraits-search-"))
        self.output: Path | None = None
        self.process: subprocess.Popen | None = None
        self.log = None
        self.started = 0.0
        self.peak_mb = 0.0

    def add(self, url: str, body: str) -> None:
        """The document of the page at site path `url`. Only writes a file: safe in a forked process."""
        target = self.folder / url / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f'<!doctype html><html lang="{self.language}"><head><meta charset="utf-8"></head>'
                          f"<body><main data-pagefind-body>{body.split(SEARCH_END, 1)[0]}</main></body></html>",
                          encoding="utf-8")

    def start(self, output: Path) -> None:
        """Index the documents added so far into the bundle folder `output`, in the background."""
        self.output, self.started = output, time.perf_counter()
        shutil.rmtree(output, ignore_errors=True)
        command = [sys.executable, "-m", "pagefind", "--site", str(self.folder), "--output-path", str(output),
                   "--exclude-selectors", ".headerlink", "--quiet"]
        # Its messages go to a file, not a pipe: nothing has to read them while it runs.
        self.log = tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace")
        try:
            self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT)
        except OSError as exc:
            raise SearchIndexError(f"the search index could not be built: {exc}") from None

    def wait(self, timeout: float = 1800) -> None:
        """Wait for the index; a failure fails the build (and the previous site stays). Sets
        `peak_mb`, the indexer's own peak memory."""
        if self.process is None:
            self.close()
            raise SearchIndexError("the search index was not started")
        deadline = time.monotonic() + timeout
        try:
            # os.wait4 rather than Popen.wait: it also tells the process's peak memory.
            while not (reaped := os.wait4(self.process.pid, os.WNOHANG))[0]:
                if time.monotonic() > deadline:
                    raise SearchIndexError("the search index took too long to build")
                time.sleep(0.02)
            _, status, usage = reaped
            self.process.returncode = os.waitstatus_to_exitcode(status)
            self.peak_mb = usage.ru_maxrss / 1024
            if self.process.returncode != 0:
                self.log.seek(0)
                raise SearchIndexError("the search index could not be built:\n" + self.log.read()[-2000:])
        finally:
            self.close()

    def close(self) -> None:
        """Stop Pagefind if it runs and remove the documents (the bundle stays)."""
        if self.process is not None and self.process.returncode is None:
            self.process.kill()
            self.process.wait()
        if self.log is not None:
            self.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)
