"""The search indexer on its own: batches become bundles; a failure is an error, not a hang."""

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from generator import search
from generator.search import SEARCH_END, SearchIndexer, SearchIndexError, scratch_folder
from generator.site import search_bundles


def page_count(bundle) -> int:
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())


def test_search_bundles():
    assert search_bundles(7, 3) == ("pagefind/",)  # the batches' indexes merged into one
    assert search_bundles(0, 3, merged=False) == ("pagefind/",)
    assert search_bundles(3, 3, merged=False) == ("pagefind/",)
    assert search_bundles(7, 3, merged=False) == ("pagefind/", "pagefind-2/", "pagefind-3/")


def index_two_batches(indexer: SearchIndexer) -> None:
    for batch in (["a", "b"], ["c"]):
        for slug in batch:
            indexer.add(f"portraits/{slug}/", f"<h1>{slug}</h1><p>Des mots cherchés.</p>{SEARCH_END}<p>Liés.</p>")
        indexer.batch_done()


def test_the_batches_indexes_become_one_bundle(tmp_path):
    indexer = SearchIndexer("fr", tmp_path / "out")
    index_two_batches(indexer)
    folder = indexer.folder
    indexer.wait()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["pagefind"]
    assert page_count(tmp_path / "out" / "pagefind") == 3
    assert indexer.peak_mb > 0
    assert not folder.exists()  # the documents are removed


def test_with_a_pagefind_the_merge_does_not_know_each_batch_is_a_bundle(tmp_path, monkeypatch):
    from generator import search_merge
    monkeypatch.setattr(search_merge, "available", lambda: False)
    indexer = SearchIndexer("fr", tmp_path / "out")
    index_two_batches(indexer)
    indexer.wait()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["pagefind", "pagefind-2"]
    assert page_count(tmp_path / "out" / "pagefind") == 2 and page_count(tmp_path / "out" / "pagefind-2") == 1


def test_the_documents_go_to_memory_when_it_has_room_unless_tmpdir_says_otherwise(tmp_path, monkeypatch):
    memory = tmp_path / "shm"
    memory.mkdir()
    monkeypatch.setattr(search, "MEMORY_FOLDER", memory)
    monkeypatch.delenv("TMPDIR", raising=False)
    assert scratch_folder() == memory
    indexer = SearchIndexer("fr", tmp_path / "out")
    assert indexer.folder.parent == memory and indexer.folder.name.startswith(f"portraits-search-{os.getpid()}-")
    indexer.close()
    assert not any(memory.iterdir())
    monkeypatch.setattr(search, "MEMORY_ROOM", shutil.disk_usage(memory).free + 1)  # too little room
    assert scratch_folder() == Path(tempfile.gettempdir())
    monkeypatch.setattr(search, "MEMORY_ROOM", 0)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    assert scratch_folder() == Path(tempfile.gettempdir())
    monkeypatch.setattr(search, "MEMORY_FOLDER", tmp_path / "none")
    monkeypatch.delenv("TMPDIR")
    assert scratch_folder() == Path(tempfile.gettempdir())


def test_a_failing_index_fails_with_a_message(tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the bundles' folder should be")
    indexer = SearchIndexer("fr", blocker / "out")
    indexer.add("portraits/a/", "<h1>A</h1><p>Mots.</p>")
    indexer.batch_done()
    with pytest.raises(SearchIndexError, match="could not be built"):
        indexer.wait(timeout=120)


def test_closing_stops_indexing_and_removes_the_documents(tmp_path):
    indexer = SearchIndexer("fr", tmp_path / "out")
    indexer.add("portraits/a/", "<h1>A</h1>")
    indexer.batch_done()  # the indexing process now waits for more batches or the end
    process, folder = indexer.process, indexer.folder
    indexer.close()
    assert process.poll() is not None and not folder.exists()


def test_indexing_stops_when_the_build_is_gone(tmp_path):
    """A build interrupted before it says "end" (Ctrl-C, killed) leaves no indexer running."""
    import os
    import subprocess
    import sys
    import time
    script = ("import sys; from pathlib import Path; from generator.search import SearchIndexer\n"
              "i = SearchIndexer('fr', Path(sys.argv[1]))\n"
              "i.add('portraits/a/', '<h1>A</h1><p>Mots.</p>'); i.batch_done()\n"
              "print(i.process.pid, i.folder, flush=True)\n"
              "import os; os._exit(0)\n")
    result = subprocess.run([sys.executable, "-c", script, str(tmp_path / "out")], capture_output=True, text=True,
                            timeout=60, cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    pid, folder = result.stdout.split()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        os.kill(int(pid), 9)
        pytest.fail("the indexing process outlived the build")
    import shutil
    shutil.rmtree(folder, ignore_errors=True)


def test_the_indexed_document_weighs_the_name_keeps_headline_and_date_and_separates_chips():
    from generator.search import NAME_WEIGHT, SEARCH_END, search_document
    body = ('<h1 id="zoe">Zoé</h1><p class="portrait-headline">Rédactrice</p><p><time datetime="2024-05-01">1er mai</time></p>'
            '<dd class="portrait-chips"><a href="a">Hootsuite</a><a href="b">Canva</a></dd><h2 id="q">Question ?</h2>'
            f'<p>Réponse</p>{SEARCH_END}<ul data-pagefind-ignore><li>Autres portraits</li></ul>')
    document = search_document(body)
    assert document.startswith(f'<h1 data-pagefind-weight="{NAME_WEIGHT}" id="zoe">Zoé</h1>')
    assert '<p data-pagefind-meta="headline" class="portrait-headline">Rédactrice</p>' in document
    assert '<time data-pagefind-sort="date[datetime]" datetime="2024-05-01">' in document
    assert "Hootsuite</a> <a" in document and "Canva</a> </dd>" in document
    assert "Autres portraits" not in document and document.count("data-pagefind-weight") == 1
