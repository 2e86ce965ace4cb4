"""The search index: Pagefind, run over the built portrait pages only (the only pages marked
`data-pagefind-body`), so a reader downloads a few small chunks per query instead of one
index of the whole site."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


class SearchIndexError(RuntimeError):
    pass

# Material's magnifier icon, for the header button.
SEARCH_ICON = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true"><path d="M9.5 3A6.5 6.5 0 0 1 '
               '16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 '
               '0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5"/></svg>')


def index_search(site_dir: Path) -> None:
    """Build /pagefind/ inside `site_dir`; a failure fails the build (the old site stays)."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--glob", "portraits/*/index.html",
               "--exclude-selectors", ".headerlink", "--quiet"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=1800)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"the search index could not be built: {exc}") from None
    if result.returncode != 0:
        raise SearchIndexError("the search index could not be built:\n" + (result.stderr or result.stdout)[-2000:])
