"""The search index: Pagefind over the portrait pages only, so a reader downloads a few small
chunks per query instead of one index of the whole site."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Iterable


class SearchIndexError(RuntimeError):
    pass

# Material's magnifier icon, for the header button.
SEARCH_ICON = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true"><path d="M9.5 3A6.5 6.5 0 0 1 '
               '16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 '
               '0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5"/></svg>')


class SearchIndexer:
    """Pagefind over small documents of our own (each portrait's HTML, its language and filters)
    rather than the themed pages: it starts as soon as the pages are rendered and runs in its
    own process while MkDocs writes the site, and parses far less HTML."""

    def __init__(self, documents: Iterable[tuple[str, str, str]], output: Path):
        """`documents`: (site path of the page, language, HTML body); `output`: the bundle folder."""
        self.folder = Path(tempfile.mkdtemp(prefix="portraits-search-"))
        for path, language, body in documents:
            target = self.folder / path / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(f'<!doctype html><html lang="{language}"><head><meta charset="utf-8"></head>'
                              f"<body><main data-pagefind-body>{body}</main></body></html>", encoding="utf-8")
        command = [sys.executable, "-m", "pagefind", "--site", str(self.folder), "--output-path", str(output),
                   "--exclude-selectors", ".headerlink", "--quiet"]
        try:
            self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        except OSError as exc:
            self.close()
            raise SearchIndexError(f"the search index could not be built: {exc}") from None

    def wait(self, timeout: float = 1800) -> None:
        """Wait for the index; a failure fails the build (and the previous site stays)."""
        try:
            output, _ = self.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise SearchIndexError("the search index took too long to build") from None
        finally:
            self.close()
        if self.process.returncode != 0:
            raise SearchIndexError("the search index could not be built:\n" + (output or "")[-2000:])

    def close(self) -> None:
        if getattr(self, "process", None) is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)
