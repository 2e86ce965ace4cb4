"""Merged search indexes: what Pagefind's indexes of batches give, merged, equals what one
Pagefind run over all the documents gives: the same pages, words with the same locations on
the same pages (and variants, and locations in metadata fields), filters and sort orders."""

import gzip
import json
import random
import subprocess
from pathlib import Path

import pytest

from generator import search_merge
from generator.search import SEARCH_END, pagefind_command, write_document
from generator.search_merge import merge_batches

PORTRAITS = [  # (slug, name, headline or None, date, organisation, words of the text)
    ("alice-martin", "Alice Martin", "Animatrice à Lyon", "2021-05-02", "Fondation Équinoxe",
     "Je modère les forums de la communauté et j'écris la lettre du mois."),
    ("bruno-kane", "Bruno Kane", None, "2019-11-20", "Agence Abidjan",
     "La communauté vit sur Discord ; je prépare les événements et les ateliers."),
    ("david-ng", "David Ng", None, "2020-03-14", "Société Érable",
     "J'ai commencé comme bénévole : la journée type n'existe pas, l'atelier si."),
    ("chloe-roy", "Chloé Roy", "Responsable éditoriale", "2023-01-09", "Fondation Équinoxe",
     "Mes journées commencent par la modération, puis l'atelier d'écriture."),
    ("emma-diaz", "Emma Diaz", "Cheffe de projet", "2021-05-02", "Agence Abidjan",
     "Outils : Discourse, Matrix et beaucoup de café pour les réunions."),
    ("farid-ali", "Farid Ali", "Modérateur", "2018-07-30", "Société Érable",
     "La modération demande de la patience ; la communauté le rend bien."),
]


def long_text(seed: int, words: int = 20000) -> str:
    """Made-up French-looking words, some accented: enough locations for several chunks."""
    rng = random.Random(seed)
    syllables = ["ca", "mé", "ri", "té", "lo", "pha", "zé", "nu", "co", "mu", "è", "ra"]
    return " ".join("".join(rng.choice(syllables) for _ in range(rng.randint(2, 3))) for _ in range(words))


def body(slug, name, headline, day, organisation, text):
    headline_html = f'<p class="portrait-headline">{headline}</p>' if headline else ""
    return (f'<h1>{name}</h1>{headline_html}<p><time datetime="{day}">{day}</time></p>'
            f'<div data-pagefind-filter="Organisations">{organisation}</div><p>{text}</p>'
            f"{SEARCH_END}<p>Non cherché.</p>")


def index(documents: Path, output: Path) -> Path:
    subprocess.run(pagefind_command(documents, output), check=True, capture_output=True)
    return output


def documents(folder: Path, portraits) -> dict:
    values = {}
    for portrait in portraits:
        url = f"portraits/{portrait[0]}/"
        values[url.strip("/")] = write_document(folder, url, body(*portrait), "fr")
    return values


def batch_indexes(tmp_path: Path, batches) -> list[Path]:
    indexes = []
    for number, portraits in enumerate(batches, 1):
        values = documents(tmp_path / f"docs-{number}", portraits)
        (tmp_path / f"{number}.sorts.json").write_text(json.dumps(values), encoding="utf-8")
        indexes.append(index(tmp_path / f"docs-{number}", tmp_path / f"{number}.index"))
    return indexes


def read(path: Path):
    return search_merge.read_file(path)


def canonical(bundle: Path) -> dict:
    """An index with page numbers replaced by the pages' URLs, page lists as plain numbers and
    field markers by field names: equal for two indexes that answer every query alike."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    (language, info), = entry["languages"].items()
    meta = read(bundle / f"pagefind.{info['hash']}.pf_meta")
    layout = search_merge.layout_of(meta[0])
    signature = len(search_merge.SIGNATURE)
    urls = [json.loads(gzip.decompress((bundle / "fragment" / f"{name}.pf_fragment").read_bytes())[signature:])["url"]
            for name, _ in meta[1]]
    fields = meta[5] if layout.meta_fields else []

    def pages(found):
        out, number = {}, 0
        for page in found:
            number = number + page[0] if layout.relative_pages else page[0]
            in_fields = tuple(fields[-value - 1] if value < 0 else value for value in page[2]) if len(page) > 2 else ()
            out[urls[number]] = (tuple(page[1]), in_fields)
        return out

    words = {}
    for first, last, name in meta[2]:
        for word in read(bundle / "index" / f"{name}.pf_index")[0]:
            assert word[0] not in words
            assert first <= word[0][:len(first)] and word[0][:len(last)] <= last  # in its chunk's range
            words[word[0]] = (pages(word[1]), {spelling: pages(found) for spelling, found in word[2]}
                              if layout.variants else {})
    filters = {}
    for _, name in meta[3]:
        filter_name, values = read(bundle / "filter" / f"{name}.pf_filter")
        filters[filter_name] = {value: sorted(urls[page] for page in found) for value, found in values}
    return {"version": meta[0], "language": language, "count": info["page_count"],
            "pages": sorted(zip(urls, (count for _, count in meta[1]))), "words": words, "filters": filters,
            "sorts": {key: [urls[page] for page in found] for key, found in meta[4]}, "fields": fields}


@pytest.mark.parametrize("sizes", [(1, 2, 3), (1, 5), (5, 1)])  # (1, 2, 3): a batch without headlines
def test_merged_batches_equal_one_index_of_everything(tmp_path, sizes):
    batches, start = [], 0
    for size in sizes:
        batches.append(PORTRAITS[start:start + size])
        start += size
    indexes = batch_indexes(tmp_path, batches)
    merge_batches(indexes, tmp_path / "merged", copy=True)
    documents(tmp_path / "docs-all", PORTRAITS)
    whole = canonical(index(tmp_path / "docs-all", tmp_path / "whole"))
    merged = canonical(tmp_path / "merged")
    assert merged == whole
    assert whole["count"] == 6 and len(whole["words"]) > 40 and whole["sorts"]["date"][0] == "/portraits/farid-ali/"
    assert all(index.is_dir() for index in indexes)  # copy=True: the batch indexes stay


def chunk_ranges(bundle: Path) -> list[tuple[str, str]]:
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = read(bundle / f"pagefind.{entry['languages']['fr']['hash']}.pf_meta")
    return [(first, last) for first, last, _ in meta[2]]


def test_words_are_cut_into_the_chunks_pagefind_would_make(tmp_path):
    """The word ranges of the chunks (each ends and starts with the shortest prefixes that
    tell two neighbours apart) are those of one Pagefind run over everything: a query loads
    the same chunks."""
    portraits = [(*portrait[:5], portrait[5] + " " + long_text(number)) for number, portrait in enumerate(PORTRAITS)]
    indexes = batch_indexes(tmp_path, [portraits[:2], portraits[2:]])
    merge_batches(indexes, tmp_path / "merged", copy=True)
    documents(tmp_path / "docs-all", portraits)
    whole = index(tmp_path / "docs-all", tmp_path / "whole")
    assert canonical(tmp_path / "merged") == canonical(whole)
    assert len(chunk_ranges(whole)) > 1
    assert chunk_ranges(tmp_path / "merged") == chunk_ranges(whole)


def test_fragments_sharing_a_short_name_keep_apart(tmp_path):
    indexes = batch_indexes(tmp_path, [PORTRAITS[:3], PORTRAITS[3:]])
    # give a fragment of the second index the name of a different one of the first
    first = sorted((indexes[0] / "fragment").iterdir())[0]
    second = sorted((indexes[1] / "fragment").iterdir())[0]
    entry = json.loads((indexes[1] / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta_file = indexes[1] / f"pagefind.{entry['languages']['fr']['hash']}.pf_meta"
    meta = read(meta_file)
    meta[1] = [[first.stem if name == second.stem else name, count] for name, count in meta[1]]
    meta_file.write_bytes(search_merge.encode(meta))
    second.rename(second.with_name(first.name))
    merge_batches(indexes, tmp_path / "merged", copy=True)
    merged = canonical(tmp_path / "merged")
    assert len({url for url, _ in merged["pages"]}) == 6  # six pages, six fragments


def test_unknown_versions_are_refused(tmp_path):
    assert search_merge.can_merge("1.3.0") and search_merge.can_merge("1.5.2")
    assert not search_merge.can_merge("1.6.0") and not search_merge.can_merge("2.0.0")
    with pytest.raises(search_merge.MergeError, match="cannot be merged"):
        search_merge.layout_of("2.0.0")


def test_a_merge_in_two_processes_gives_the_same_index(tmp_path):
    portraits = [(*portrait[:5], portrait[5] + " " + long_text(number)) for number, portrait in enumerate(PORTRAITS)]
    indexes = batch_indexes(tmp_path, [portraits[:3], portraits[3:]])
    bundles, _ = search_merge.open_bundles(indexes)
    assert len(search_merge._word_ranges(bundles, 2)) == 2  # the words are shared out indeed
    values = {}
    for number in (1, 2):
        values.update(json.loads((tmp_path / f"{number}.sorts.json").read_text(encoding="utf-8")))
    search_merge.merge(indexes, tmp_path / "merged", values, workers=2)
    documents(tmp_path / "docs-all", portraits)
    whole = index(tmp_path / "docs-all", tmp_path / "whole")
    assert canonical(tmp_path / "merged") == canonical(whole)  # every word within its chunk's range, too
    ranges = chunk_ranges(tmp_path / "merged")
    assert len(ranges) > 2 and all(first <= last for first, last in ranges)
    assert all(before[1] < after[0] for before, after in zip(ranges, ranges[1:]))
