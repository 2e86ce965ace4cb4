"""The search index: Pagefind over the portrait pages only, so a reader downloads a few small
chunks per query instead of one index of the whole site."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import search_merge
from .site import SEARCH_BUNDLE, search_bundle
from .typography import typeset


class SearchIndexError(RuntimeError):
    pass


MEMORY_FOLDER = Path("/dev/shm")  # Linux's folder in memory
MEMORY_ROOM = 1 << 30  # free bytes it needs: two batches of documents (0.1 MB a portrait) and the batches' indexes


def scratch_folder() -> Path:
    """Where a build writes the search documents that Pagefind reads once before they are
    removed: the folder in memory when there is one with room (on this project's test
    machine, writing and removing 10,000 of them took 9 s on disk, 1.5 s in memory); else
    the temporary folder. TMPDIR, when set, wins."""
    if "TMPDIR" not in os.environ and MEMORY_FOLDER.is_dir() and os.access(MEMORY_FOLDER, os.W_OK):
        try:
            if shutil.disk_usage(MEMORY_FOLDER).free >= MEMORY_ROOM:
                return MEMORY_FOLDER
        except OSError:
            pass
    return Path(tempfile.gettempdir())


# Material's magnifier icon, for the header button.
SEARCH_ICON = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true"><path d="M9.5 3A6.5 6.5 0 0 1 '
               '16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 '
               '0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5"/></svg>')


# In a portrait template, what follows this comment (backlinks, related portraits, the pager)
# is not indexed: Pagefind would skip it anyway (data-pagefind-ignore) but only after parsing it.
SEARCH_END = "<!-- portraits: not searched below -->"


NAME_WEIGHT = 10  # the name (the page's h1) outweighs any word of the text (Pagefind's h1 default: 7)

_FIRST_H1 = re.compile(r"<h1(?=[\s>])")
_HEADLINE = re.compile(r"""<(\w+)(?=[^>]*\sclass=["'][^"']*\bportrait-headline\b)""")
_FIRST_TIME = re.compile(r"<time(?=[^>]*\sdatetime=)")
# Tags that end one item of a list of names (chips, list items, cells): without a space after
# them, Pagefind reads "<a>Hootsuite</a><a>Canva</a>" as the one word "HootsuiteCanva".
_ITEM_END = re.compile(r"(</(?:a|li|dd|dt|span|td|th|strong|em)>)(?=<)")


def search_document(body: str) -> str:
    """The part of a portrait page that is indexed, marked up for Pagefind: the name weighs
    most, the headline and the date are kept as metadata (results show the headline; browsing
    without a query sorts by date), and adjacent items are separate words."""
    body = body.split(SEARCH_END, 1)[0]
    body = _FIRST_H1.sub(f'<h1 data-pagefind-weight="{NAME_WEIGHT}"', body, count=1)
    body = _HEADLINE.sub(r'<\1 data-pagefind-meta="headline"', body, count=1)
    body = _FIRST_TIME.sub('<time data-pagefind-sort="date[datetime]"', body, count=1)
    return _ITEM_END.sub(r"\1 ", body)


_SORT_VALUE = re.compile(r'<time data-pagefind-sort="date\[datetime\]"[^>]*?\sdatetime="([^"]*)"')


def sort_values(document: str) -> dict[str, str]:
    """The sort values of a search document, as Pagefind reads them: merging indexes needs
    them (`search_merge`), and Pagefind's files keep only each index's order."""
    found = _SORT_VALUE.search(document)
    return {"date": html.unescape(found.group(1)).strip()} if found else {}


def write_document(folder: Path, url: str, body: str, language: str, typeset_body: bool = True) -> dict[str, str]:
    """The search document of the page at site path `url` (its body), under `folder`, in the
    site's typography (results show its questions and excerpts). Returns its sort values."""
    target = folder / url / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    document = search_document(typeset(body, language) if typeset_body else body)
    target.write_text(f'<!doctype html><html lang="{language}"><head><meta charset="utf-8"></head>'
                      f"<body><main data-pagefind-body>{document}</main></body></html>",
                      encoding="utf-8")
    return sort_values(document)


def pagefind_command(site: Path, output: Path) -> list[str]:
    """Pagefind over the documents under `site`, its index written to `output`."""
    return [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(output),
            "--exclude-selectors", ".headerlink", "--quiet"]


class SearchIndexer:
    """Pagefind over small documents of our own (each portrait's HTML up to SEARCH_END, its
    language and filters) rather than the themed pages.

    Documents are added as the portraits are rendered, one Pagefind index per batch of
    portraits. When a batch is complete (`batch_done`), its index is built in the background
    while the next batches and the rest of the site are rendered; the indexes are built one
    after another, so the indexer's memory is that of one batch. At the end they are merged
    into one bundle (`search_merge`), or, with a Pagefind whose files the merge does not know,
    each is a bundle (`site.search_bundles`). `wait` returns when the bundles are written under
    `output`."""

    def __init__(self, language: str, output: Path):
        self.language = language  # one index: Pagefind searches only the index of the page's language
        self.output = output
        # the owner in the name, for leftovers (`swap.leftovers`)
        self.folder = Path(tempfile.mkdtemp(prefix=f"portraits-search-{os.getpid()}-", dir=scratch_folder()))
        self.sorts: dict[str, dict[str, str]] = {}  # site path → sort values, of the current batch
        self.batch = 1
        self.process: subprocess.Popen | None = None
        self.log = None
        self.started = 0.0
        self.peak_mb = 0.0

    def add(self, url: str, body: str, typeset_body: bool = True) -> None:
        """The document of the page at site path `url` (`typeset_body`: its body is not yet in
        the site's typography)."""
        values = write_document(self.folder / str(self.batch), url, body, self.language, typeset_body)
        if values:
            self.sorts[url.strip("/")] = values

    def add_batch(self, pages) -> None:
        """A batch of portrait pages as render yields them (objects with `url` and `body`):
        their documents, then their index (in the background)."""
        for page in pages:  # an HTML page's body is typeset already (render)
            self.add(page.url, page.body, typeset_body=not getattr(page, "html", False))
        self.batch_done()

    def batch_done(self) -> None:
        """The documents of the current batch are all added: index them (in the background).
        A batch without documents (a series with no published portrait) has no index: Pagefind
        refuses an empty site."""
        folder = self.folder / str(self.batch)
        if not folder.is_dir() or not any(folder.iterdir()):
            return
        if self.process is None:
            self.start()
        (self.folder / f"{self.batch}.sorts.json").write_text(json.dumps(self.sorts), encoding="utf-8")
        self.sorts = {}
        (self.folder / f"{self.batch}.ready").touch()
        self.batch += 1

    def start(self) -> None:
        self.started = time.perf_counter()
        shutil.rmtree(self.output, ignore_errors=True)
        # The indexes are built by a small process of ours that runs Pagefind on each batch as
        # soon as it is ready, one at a time. Its messages go to a file, not a pipe: nothing
        # has to read them while it runs.
        command = [sys.executable, "-m", "generator.search", str(self.folder), str(self.output), str(os.getpid()),
                   "merge" if search_merge.available() else "apart"]
        self.log = tempfile.TemporaryFile(mode="w+", encoding="utf-8", errors="replace")
        try:
            # a session of its own, so that stopping it stops the Pagefind it runs too
            self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT,
                                            cwd=Path(__file__).resolve().parent.parent, start_new_session=True)
        except OSError as exc:
            raise SearchIndexError(f"the search index could not be built: {exc}") from None

    def wait(self, timeout: float = 3600) -> None:
        """Wait for the indexes; a failure fails the build (and the previous site stays). Sets
        `peak_mb`, the indexer's own peak memory (the largest Pagefind run)."""
        if self.process is None:
            self.close()
            raise SearchIndexError("the search index was not started")
        (self.folder / "end").touch()
        deadline = time.monotonic() + timeout
        try:
            while self.process.poll() is None:
                if time.monotonic() > deadline:
                    raise SearchIndexError("the search index took too long to build")
                time.sleep(0.02)
            self.log.seek(0)
            output = self.log.read()
            if self.process.returncode != 0:
                raise SearchIndexError("the search index could not be built:\n" + output[-2000:])
            self.peak_mb = max((float(line.split()[1]) for line in output.splitlines()
                                if line.startswith("peak-mb ")), default=0.0)
        finally:
            self.close()

    def close(self) -> None:
        """Stop indexing if it runs and remove the documents (the bundles stay)."""
        if self.process is not None and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except (OSError, AttributeError):  # AttributeError: no process groups (Windows)
                self.process.kill()
            self.process.wait()
        if self.log is not None:
            self.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def _index_batches(folder: Path, output: Path, build: int, merge: bool) -> int:
    """The indexing process: Pagefind on batch 1, 2… of `folder` as each is ready, until the
    parent has said "end" and no batch is left; then the batches' indexes merged into one
    bundle (`merge`), or each a bundle of its own. Prints each step's peak memory. Stops if
    the build that started it (process `build`) is gone (interrupted, killed) without saying
    "end"."""
    batch, indexes = 1, []
    while True:
        ready = folder / f"{batch}.ready"
        while not ready.exists():
            if (folder / "end").exists() and not ready.exists():
                return _publish(indexes, output, merge)
            if os.getppid() != build or not folder.is_dir():
                print("the build stopped before the search index was complete", flush=True)
                return 1
            time.sleep(0.05)
        if not merge:
            index = output / search_bundle(batch).rstrip("/")
        else:
            index = folder / f"{batch}.index"
        process = subprocess.Popen(pagefind_command(folder / str(batch), index))
        if hasattr(os, "wait4"):  # wait4: Popen.wait does not tell the peak memory
            _, status, usage = os.wait4(process.pid, 0)
            process.returncode = os.waitstatus_to_exitcode(status)
            peak = usage.ru_maxrss / 1024
        else:  # Windows
            process.wait()
            peak = 0.0
        if process.returncode != 0:
            print(f"Pagefind failed on batch {batch} (exit {process.returncode})", flush=True)
            return 1
        print(f"peak-mb {peak:.0f}", flush=True)
        shutil.rmtree(folder / str(batch), ignore_errors=True)
        indexes.append(index)
        batch += 1


def _publish(indexes: list[Path], output: Path, merge: bool) -> int:
    """The bundle of a merged index: the batches' indexes merged into `output`/pagefind (one
    batch: its index as it is)."""
    if not merge or not indexes:
        return 0
    target = output / SEARCH_BUNDLE.rstrip("/")
    shutil.rmtree(target, ignore_errors=True)
    try:
        search_merge.merge_batches(indexes, target, copy=False)
    except (search_merge.MergeError, OSError) as exc:
        print(exc, flush=True)
        return 1
    print(f"peak-mb {_own_peak_mb():.0f}", flush=True)
    return 0


def _own_peak_mb() -> float:
    """This process's peak memory since it started its program: Linux's VmHWM. (Its
    `ru_maxrss` would count the build's memory at the moment it was forked from it.)"""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


if __name__ == "__main__":
    sys.exit(_index_batches(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "merge"))
