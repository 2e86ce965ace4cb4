"""One search index out of several: the Pagefind indexes of a series' batches of portraits,
merged word chunk by word chunk, so that the merge holds a few chunks in memory whatever the
size of the series.

Why by hand: Pagefind needs about 0.76 MB per portrait in one run (6.9 GB for 10,000), and
the only merge it offers happens in the reader's browser (`mergeIndex`), where each further
index costs one more metadata file and one more chunk per query (40–50 KB). No library merges
its files; their format is Pagefind's own (gzip of b"pagefind_dcd" + CBOR, `pagefind/src/index`
in its source), so the merge reads and writes only the layouts it knows (`layout_of`) and
refuses the others (`MergeError`).

Layouts: up to Pagefind 1.4, a word's pages are numbered as they are; from 1.5, as differences
from the previous page of the list, a word may have variants (its accented spellings, each with
pages of its own), a page has locations in metadata fields too, and the metadata file ends with
the sorted names of those fields (the locations point into it with markers -1, -2…)."""

from __future__ import annotations

import contextlib
import functools
import gzip
import hashlib
import heapq
import json
import multiprocessing
import re
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from importlib import metadata
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Iterator, Mapping, Sequence

import cbor2

from .parallel import default_workers

SIGNATURE = b"pagefind_dcd"
CHUNK_SIZE = 20_000  # word locations per chunk, as Pagefind's `chunk_index(word_map, 20000)`
KNOWN = ((1, 3), (1, 4), (1, 5))  # Pagefind versions whose layout the merge knows


class MergeError(RuntimeError):
    pass


def version_tuple(version: str) -> tuple[int, int]:
    match = re.match(r"(\d+)\.(\d+)", version)
    return (int(match.group(1)), int(match.group(2))) if match else (0, 0)


def can_merge(version: str) -> bool:
    """Whether indexes written by Pagefind `version` can be merged."""
    return version_tuple(version) in KNOWN


@dataclass(frozen=True)
class Layout:
    relative_pages: bool  # page numbers as differences (1.5)
    variants: bool  # words carry their variants (1.5)
    meta_fields: bool  # the metadata file lists the fields with locations (1.5)


def layout_of(version: str) -> Layout:
    if not can_merge(version):
        raise MergeError(f"indexes of Pagefind {version} cannot be merged (known: "
                         + ", ".join(f"{a}.{b}" for a, b in KNOWN) + ")")
    newer = version_tuple(version) >= (1, 5)
    return Layout(relative_pages=newer, variants=newer, meta_fields=newer)


def read_file(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise MergeError(f"{path}: not a Pagefind index file")
    return cbor2.loads(data[len(SIGNATURE):])


def encode(value) -> bytes:
    # level 6: within 1 % of Pagefind's level 9 on its chunks, at half the time
    return gzip.compress(SIGNATURE + cbor2.dumps(value), compresslevel=6, mtime=0)


@dataclass
class Bundle:
    """One index to merge, with the place of its pages in the merged one."""
    folder: Path
    entry: dict
    language: str
    meta: list
    offset: int  # its page 0 is page `offset` of the merged index
    fields: list  # its metadata fields with locations (1.5)

    @property
    def pages(self) -> list:
        return self.meta[1]


def open_bundles(folders: Sequence[Path]) -> tuple[list[Bundle], Layout]:
    bundles, offset = [], 0
    for folder in folders:
        entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
        if len(entry["languages"]) != 1:
            raise MergeError(f"{folder}: one language per index expected")
        language, info = next(iter(entry["languages"].items()))
        meta = read_file(folder / f"pagefind.{info['hash']}.pf_meta")
        bundles.append(Bundle(folder, entry, language, meta, offset, meta[5] if len(meta) > 5 else []))
        offset += len(meta[1])
    versions = {bundle.meta[0] for bundle in bundles}
    languages = {bundle.language for bundle in bundles}
    if len(versions) != 1 or len(languages) != 1:
        raise MergeError(f"indexes of different Pagefind versions or languages: {sorted(versions)} {sorted(languages)}")
    return bundles, layout_of(bundles[0].meta[0])


# --- words ---------------------------------------------------------------------------------

# A word's pages in one bundle: (its entries as stored, or with merged page numbers where
# they are stored as they are; its first and last page number in the merged index). With
# differences, the entries stay as Pagefind wrote them but for the first (`_joined`).
Pages = tuple[list, int, int]


def _pages(stored: list, offset: int, relative: bool) -> Pages:
    if not stored:
        return stored, 0, 0
    if relative:
        return stored, offset + stored[0][0], offset + sum(map(itemgetter(0), stored))
    moved = [[page[0] + offset, *page[1:]] for page in stored]
    return moved, moved[0][0], moved[-1][0]


def _joined(parts: list[Pages], relative: bool) -> list:
    """One list of pages from a word's lists in each bundle (in order of page number)."""
    if not relative:
        return [page for entries, _, _ in parts for page in entries]
    joined, last = [], 0
    for entries, first, end in parts:
        if entries:
            joined.append([first - last, *entries[0][1:]])
            joined += entries[1:]
            last = end
    return joined


def _with_fields(pages: list, remap: dict[int, int] | None) -> list:
    """Locations in metadata fields point at the merged list of fields."""
    if not remap:
        return pages
    return [[page[0], page[1], [remap[value] if value < 0 else value for value in page[2]], *page[3:]]
            for page in pages]


# Words from `low` (included) to `high` (excluded); None: no bound.
WordRange = tuple[str | None, str | None]


def _chunks_in(bundle: Bundle, words: WordRange) -> list:
    """The bundle's chunks that may hold words of the range. A chunk's words lie from its
    `from` up to, not including, the next chunk's `from` (a prefix greater than them all)."""
    low, high = words
    chunks = bundle.meta[2]
    return [chunk for chunk, following in zip(chunks, [*chunks[1:], None])
            if (high is None or chunk[0] < high) and (low is None or following is None or following[0] > low)]


def _words(bundle: Bundle, layout: Layout, fields: list, words: WordRange) -> Iterator[tuple[str, Pages, list]]:
    """(word, its pages, its variants: [(spelling, pages)]) in the order of the words, one
    chunk of the bundle in memory at a time."""
    remap = None
    if layout.meta_fields and bundle.fields != fields:
        remap = {-(i + 1): -(fields.index(name) + 1) for i, name in enumerate(bundle.fields)}
    relative, offset = layout.relative_pages, bundle.offset
    low, high = words
    for chunk in _chunks_in(bundle, words):
        for word in read_file(bundle.folder / "index" / f"{chunk[2]}.pf_index")[0]:
            if (low is not None and word[0] < low) or (high is not None and word[0] >= high):
                continue
            variants = []
            if layout.variants:
                variants = [(spelling, _pages(_with_fields(found, remap), offset, relative))
                            for spelling, found in word[2]]
            yield word[0], _pages(_with_fields(word[1], remap), offset, relative), variants


def _merged_words(bundles: list[Bundle], layout: Layout, fields: list, words: WordRange) -> Iterator[list]:
    """Each word of the range once, with the pages of every bundle, encoded as the layout wants."""
    streams = [_words(bundle, layout, fields, words) for bundle in bundles]
    relative = layout.relative_pages
    for word, same in groupby(heapq.merge(*streams, key=itemgetter(0)), key=itemgetter(0)):
        parts, variants = [], {}
        for _, pages, its_variants in same:  # bundles in order: page numbers keep growing
            parts.append(pages)
            for spelling, found in its_variants:
                variants.setdefault(spelling, []).append(found)
        pages = _joined(parts, relative)
        if layout.variants:
            yield [word, pages, [[spelling, _joined(found, relative)] for spelling, found in variants.items()]]
        else:
            yield [word, pages]


def _size(word: list) -> int:
    """A word's locations, as Pagefind counts them to cut its chunks: those of its own pages,
    in the text and in metadata fields, not those of its variants."""
    return sum(len(page[1]) + (len(page[2]) if len(page) > 2 else 0) + 1 for page in word[1])


def _chunks(words: Iterator[list], chunk_size: int) -> Iterator[list[list]]:
    chunk, size = [], 0
    for word in words:
        chunk.append(word)
        size += _size(word)
        if size >= chunk_size:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _prefixes(a: str, b: str) -> tuple[str, str]:
    """The shortest prefixes that still tell two neighbouring chunks apart (Pagefind's
    `get_prefixes`: the common prefix plus one character)."""
    common = 0
    for x, y in zip(b, a):
        if x != y:
            break
        common += 1
    return a[:common + 1], b[:common + 1]


class _Names:
    """Short content hashes as file names, as Pagefind's: the language, then 7 hexadecimal
    digits, more if two different contents would share one (here, or in `folder`, where
    another process of the merge writes too)."""

    def __init__(self, language: str, folder: Path | None = None, suffix: str = ""):
        self.language, self.taken, self.folder, self.suffix = language, {}, folder, suffix

    def claim(self, name: str, data: bytes) -> str:
        """`name` for `data` unless a different content has it already: then a name of its own."""
        digest = hashlib.sha256(data).hexdigest()
        return name if self.taken.setdefault(name, digest) == digest else self.name(data)

    def name(self, data: bytes, length: int = 7) -> str:
        digest = hashlib.sha256(data).hexdigest()
        while True:
            name = f"{self.language}_{digest[:length]}"
            if self.taken.setdefault(name, digest) == digest and not self._elsewhere(name, data):
                return name
            length += 1

    def _elsewhere(self, name: str, data: bytes) -> bool:
        path = self.folder / f"{name}{self.suffix}" if self.folder else None
        return path is not None and path.exists() and path.read_bytes() != data


# --- the merge -----------------------------------------------------------------------------

def merge(folders: Sequence[Path], target: Path, sort_values: Mapping[str, Mapping[str, str]],
          chunk_size: int = CHUNK_SIZE, workers: int = 1) -> int:
    """Merge the Pagefind bundles in `folders` (in order: their pages keep that order) into
    the new bundle `target`. `sort_values`: each page's sort values, by its site path (Pagefind
    keeps only each bundle's order). `workers`: processes, each merging a range of words (the
    chunks then break where the ranges do, not exactly where one Pagefind run would). Returns
    the number of pages."""
    bundles, layout = open_bundles(folders)
    language = bundles[0].language
    target.mkdir(parents=True)
    for kind in ("fragment", "index", "filter"):
        (target / kind).mkdir()
    for item in bundles[0].folder.iterdir():  # the scripts and wasm files, the same in every bundle
        if item.is_file() and item.suffix != ".pf_meta" and item.name != "pagefind-entry.json":
            shutil.copy2(item, target / item.name)

    fields = sorted(set().union(*(bundle.fields for bundle in bundles)))
    ranges = _word_ranges(bundles, workers if "fork" in multiprocessing.get_all_start_methods() else 1)
    with ProcessPoolExecutor(len(ranges), mp_context=multiprocessing.get_context("fork")) \
            if len(ranges) > 1 else contextlib.nullcontext() as pool:
        if pool is not None:  # the word ranges in processes of their own, while this one does the rest
            parts = pool.map(_write_chunks, *zip(*[(folders, target, fields, chunk_size, words) for words in ranges]))
        pages, urls = _copy_fragments(bundles, target, urls=any(bundle.meta[4] for bundle in bundles))
        names, filters = _Names(language), []
        for filter_name, values in _merged_filters(bundles).items():
            data = encode([filter_name, [[value, found] for value, found in values.items()]])
            name = names.name(data)
            (target / "filter" / f"{name}.pf_filter").write_bytes(data)
            filters.append([filter_name, name])
        sorts = _merged_sorts(bundles, urls, sort_values)
        if pool is None:
            parts = [_write_chunks(folders, target, fields, chunk_size, ranges[0])]
        chunks = [chunk for part in parts for chunk in part]
    for before, after in zip(chunks, chunks[1:]):
        before[1], after[0] = _prefixes(before[1], after[0])

    meta = [bundles[0].meta[0], pages, chunks, filters, sorts]
    if layout.meta_fields:
        meta.append(fields)
    data = encode(meta)
    meta_hash = f"{language}_{hashlib.sha256(data).hexdigest()[:10]}"
    (target / f"pagefind.{meta_hash}.pf_meta").write_bytes(data)

    entry = dict(bundles[0].entry)
    entry["languages"] = {language: {**bundles[0].entry["languages"][language], "hash": meta_hash,
                                     "page_count": len(pages)}}
    (target / "pagefind-entry.json").write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                                                encoding="utf-8")
    return len(pages)


def _word_ranges(bundles: list[Bundle], workers: int) -> list[WordRange]:
    """`workers` ranges of words of about the same size, cut where the largest bundle cuts
    its chunks."""
    largest = max((bundle.meta[2] for bundle in bundles), key=len)
    cuts = sorted({largest[len(largest) * i // workers][0] for i in range(1, workers)} - {largest[0][0]})
    bounds = [None, *cuts, None]
    return list(zip(bounds, bounds[1:]))


def _write_chunks(folders: Sequence[Path], target: Path, fields: list, chunk_size: int,
                  words: WordRange) -> list[list]:
    """The merged chunks of a range of words, written into `target`/index; returns
    [first word, last word, file name] of each."""
    bundles, layout = open_bundles(folders)
    names, chunks = _Names(bundles[0].language, target / "index", ".pf_index"), []
    for chunk in _chunks(_merged_words(bundles, layout, fields, words), chunk_size):
        data = encode([chunk])
        name = names.name(data)
        (target / "index" / f"{name}.pf_index").write_bytes(data)
        chunks.append([chunk[0][0], chunk[-1][0], name])
    return chunks


def _copy_fragments(bundles: list[Bundle], target: Path, urls: bool) -> tuple[list, list[str]]:
    """The pages of the merged index ([fragment name, word count]), their fragments written
    into `target`, and (`urls`) each page's site path, read from its fragment on the way (the
    sorts need them). A fragment keeps its name unless a different one has it already."""
    names, pages, paths = _Names(bundles[0].language), [], []
    for bundle in bundles:
        for fragment, word_count in bundle.pages:
            data = (bundle.folder / "fragment" / f"{fragment}.pf_fragment").read_bytes()
            name = names.claim(fragment, data)
            destination = target / "fragment" / f"{name}.pf_fragment"
            if not destination.exists():
                destination.write_bytes(data)
            pages.append([name, word_count])
            if urls:
                paths.append(json.loads(gzip.decompress(data)[len(SIGNATURE):])["url"].strip("/"))
    return pages, paths


def _merged_filters(bundles: list[Bundle]) -> dict[str, dict[str, list[int]]]:
    """Filter → value → pages of the merged index (filters are small: read whole)."""
    merged: dict[str, dict[str, list[int]]] = {}
    for bundle in bundles:
        for _, chunk in bundle.meta[3]:
            filter_name, values = read_file(bundle.folder / "filter" / f"{chunk}.pf_filter")
            into = merged.setdefault(filter_name, {})
            for value, found in values:
                into.setdefault(value, []).extend(page + bundle.offset for page in found)
    return merged


_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def _merged_sorts(bundles: list[Bundle], urls: list[str], sort_values: Mapping[str, Mapping[str, str]]) -> list:
    """Each sort's pages in order of its value (`urls`: each page's site path; `sort_values`:
    site path → sort → value; the order across bundles needs the values, which Pagefind's
    files do not keep)."""
    keys = sorted({sort for bundle in bundles for sort, _ in bundle.meta[4]})
    if not keys:
        return []
    expected = {key: sum(len(pages) for bundle in bundles for sort, pages in bundle.meta[4] if sort == key)
                for key in keys}
    values: dict[str, list[tuple[str, int]]] = {key: [] for key in keys}
    for number, url in enumerate(urls):
        page_values = sort_values.get(url, {})
        for key in keys:
            if key in page_values:
                values[key].append((page_values[key], number))
    sorts = []
    for key in keys:
        found = values[key]
        if len(found) != expected[key]:
            raise MergeError(f"the sort {key!r}: {expected[key]} page(s) in the indexes, {len(found)} value(s) given")
        if all(_NUMBER.fullmatch(value) for value, _ in found):
            found.sort(key=lambda item: float(item[0]))  # stable: equal values keep page order
        else:
            found.sort(key=lambda item: item[0])
        sorts.append([key, [number for _, number in found]])
    return sorts


def merge_batches(indexes: Sequence[Path], target: Path, copy: bool) -> None:
    """Batch indexes (each `N.index`, its pages' sort values beside it in `N.sorts.json`) as
    one bundle at `target`; `copy`: the indexes stay (otherwise a lone index is moved)."""
    if len(indexes) == 1:
        (shutil.copytree if copy else shutil.move)(str(indexes[0]), str(target))
        return
    values: dict[str, dict[str, str]] = {}
    for index in indexes:
        values.update(json.loads(index.with_suffix(".sorts.json").read_text(encoding="utf-8")))
    # in two processes from three batches on: the merge of 10,000 portraits takes a minute in one
    merge(indexes, target, values, workers=min(2, default_workers()) if len(indexes) > 2 else 1)


@functools.cache
def available() -> bool:
    """Whether the installed Pagefind writes indexes this module can merge: then a series of
    any size has one search index (`site.search_bundles`)."""
    for package in ("pagefind_bin", "pagefind"):
        try:
            return can_merge(metadata.version(package))
        except metadata.PackageNotFoundError:
            continue
    return False


if __name__ == "__main__":  # a live preview merges in a process of its own: TARGET INDEX…
    import sys
    try:
        merge_batches([Path(index) for index in sys.argv[2:]], Path(sys.argv[1]), copy=True)
    except (MergeError, OSError) as exc:
        print(f"the search indexes could not be merged: {exc}", file=sys.stderr)
        sys.exit(1)
