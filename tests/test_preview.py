"""The live preview builds only what an edit changed, and what it serves is what a clean build
of the same sources gives, file by file, after any sequence of edits.

The preview runs in this process as `mkdocs serve` runs it (the plugin's `on_serve` puts its
rebuild in the server's place); each clean build runs in a fresh process, as the first build
of a new `mkdocs serve`."""

from __future__ import annotations

import gzip
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bench_lib.corpus import make_corpus, write_full_site  # noqa: E402

SERVE_URL = "http://127.0.0.1:8000/"


class Server:
    """What `mkdocs serve` keeps calling: its builder (the plugin replaces it on `on_serve`)."""

    def __init__(self, builder):
        self.builder = builder

    def watch(self, path, *args, **kwargs) -> None:
        pass


class Preview:
    """A live preview of `folder` into `site_dir`, driven by hand: `rebuild()` after each edit."""

    def __init__(self, folder: Path, site_dir: Path):
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        def get_config():
            config = load_config(config_file=str(folder / "mkdocs.yml"), site_dir=str(site_dir))
            config.site_url = SERVE_URL
            return config

        def builder(config=None):
            build(config or get_config(), serve_url=SERVE_URL)

        self.folder = folder
        config = get_config()
        config.plugins.on_startup(command="serve", dirty=False)
        builder(config)
        self.plugin = config.plugins["portraits"]
        self.server = config.plugins.on_serve(Server(builder), config=config, builder=builder)
        self.plugin.preview.search.wait()  # the search index, built after the first build

    def rebuild(self) -> None:
        self.server.builder()
        self.plugin.preview.search.wait()


def first_build(folder: str, site_dir: str) -> None:
    """A clean build, as a new `mkdocs serve` makes it (run in a fresh process)."""
    os.chdir(folder)
    Preview(Path(folder), Path(site_dir))


def clean_build(folder: Path, site_dir: Path) -> None:
    script = (f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); "
              f"from test_preview import first_build; first_build({str(folder)!r}, {str(site_dir)!r})")
    done = subprocess.run([sys.executable, "-c", script], cwd=folder, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0, done.stdout + done.stderr


def differences(served: Path, clean: Path) -> list[str]:
    """Files that differ between two built sites. Pagefind's files are named by a hash of
    contents it orders differently from run to run: for them, only how many there are is
    compared. A gzip file is compared by its contents (its header holds a time)."""
    def files(site: Path) -> dict[str, Path]:
        return {str(p.relative_to(site)): p for p in site.rglob("*") if p.is_file()}

    def count_by_folder(names) -> dict[str, int]:
        counts: dict[str, int] = {}
        for name in names:
            folder = name.rsplit("/", 1)[0]
            counts[folder] = counts.get(folder, 0) + 1
        return counts

    a, b = files(served), files(clean)
    search = lambda name: name.split("/", 1)[0].startswith("pagefind")  # noqa: E731
    found = [f"only in the preview: {n}" for n in sorted(a.keys() - b.keys()) if not search(n)]
    found += [f"only in the clean build: {n}" for n in sorted(b.keys() - a.keys()) if not search(n)]
    for name in sorted(a.keys() & b.keys()):
        if search(name):
            continue
        left, right = a[name].read_bytes(), b[name].read_bytes()
        if name.endswith(".gz"):
            left, right = gzip.decompress(left), gzip.decompress(right)
        if left != right:
            found.append(f"differs: {name}")
    if count_by_folder(filter(search, a)) != count_by_folder(filter(search, b)):
        found.append("the search indexes differ in size")
    return found


# --- edits a writer makes ----------------------------------------------------------------------

def portraits(folder: Path) -> list[Path]:
    return sorted(p for p in (folder / "portraits").glob("*.yml") if not p.name.startswith("_"))


def edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def edit_answer(folder, rng):
    def change(data):
        item = rng.choice([i for i in data["interview"] if "answer" in i])
        item["answer"] += f" mot{rng.randrange(10**6)}"
    edit_yaml(rng.choice(portraits(folder)), change)


def mention_someone(folder, rng):
    mentioned, mentioning = rng.sample(portraits(folder), 2)
    other = yaml.safe_load(mentioned.read_text(encoding="utf-8"))["name"]

    def change(data):
        data["interview"][0]["answer"] += f" J'ai travaillé avec {other}."
    edit_yaml(mentioning, change)


def edit_date(folder, rng):
    edit_yaml(rng.choice(portraits(folder)),
              lambda data: data.update(published=f"20{rng.randrange(15, 25)}-0{rng.randrange(1, 10)}-1{rng.randrange(10)}"))


MISSPELT = "Discoursx"  # one letter from a tool of the series: a warning while it is written once only


def misspell_tool(folder, rng):
    """The first call writes the misspelling in one file (a warning there); the next one in a
    second file, which takes the warning off the first, an unchanged file."""
    files = portraits(folder)
    has = [path for path in files if MISSPELT in (yaml.safe_load(path.read_text(encoding="utf-8")).get("tools") or [])]
    target = rng.choice([path for path in files if path not in has])
    edit_yaml(target, lambda data: data.update(tools=[*(data.get("tools") or []), MISSPELT, "Discourse"]))


def rename_person(folder, rng):
    edit_yaml(rng.choice(portraits(folder)), lambda data: data.update(name=f"Camille Nouveau{rng.randrange(1000)}"))


def edit_headline(folder, rng):
    edit_yaml(rng.choice(portraits(folder)), lambda data: data.update(headline=f"Animatrice {rng.randrange(1000)}"))


def edit_tools(folder, rng):
    def change(data):
        tools = list(data.get("tools") or [])
        if tools and rng.random() < 0.5:
            tools.pop(rng.randrange(len(tools)))
        else:
            tools.append(rng.choice(["Discourse", "Notion", f"Outil{rng.randrange(100)}"]))
        data["tools"] = tools
    edit_yaml(rng.choice(portraits(folder)), change)


def edit_question_id(folder, rng):
    bank = yaml.safe_load((folder / "portraits" / "_questions.yml").read_text(encoding="utf-8"))
    ids = [q["id"] for q in (bank["questions"] if isinstance(bank, dict) else bank)]

    def change(data):  # an id the portrait does not use yet: two questions with one id is an error
        item = rng.choice([i for i in data["interview"] if "answer" in i])
        free = sorted(set(ids) - {i.get("id") for i in data["interview"]})
        if free:
            item["id"] = rng.choice(free)
    edit_yaml(rng.choice(portraits(folder)), change)


def new_portrait(folder, rng):
    source = rng.choice(portraits(folder))
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    number = rng.randrange(10**6)
    data["name"] = f"Dominique Ajout{number}"
    data.pop("related", None)
    (folder / "portraits" / f"dominique-ajout{number}.yml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def delete_portrait(folder, rng):
    files = portraits(folder)
    if len(files) > 4:
        victim = rng.choice(files)
        victim.unlink()
        slug = victim.stem
        for path in portraits(folder):  # a `related` naming it would be an error
            edit_yaml(path, lambda data: data.update(related=[s for s in data.get("related") or [] if s != slug]))


def rename_file(folder, rng):
    path = rng.choice(portraits(folder))
    slug = path.stem
    path.rename(path.with_name(f"{slug}-bis.yml"))
    for other in portraits(folder):
        edit_yaml(other, lambda data: data.update(related=[f"{slug}-bis" if s == slug else s
                                                           for s in data.get("related") or []]))


def edit_bank(folder, rng):
    path = folder / "portraits" / "_questions.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    questions = data["questions"] if isinstance(data, dict) else data
    question = rng.choice(questions)
    text = question["text"]
    if isinstance(text, dict):
        language = next(iter(text))
        text[language] = text[language].rstrip(" ?") + " aujourd'hui ?"
    else:
        question["text"] = text.rstrip(" ?") + " aujourd'hui ?"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def edit_registry(folder, rng):
    path = folder / "portraits" / "_entities.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    kind = rng.choice([k for k, v in data.items() if v])
    entry = rng.choice(data[kind])
    entry["description"] = f"Description {rng.randrange(1000)}."
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


EDITS = [edit_answer, edit_answer, edit_answer, mention_someone, rename_person, edit_headline, edit_tools,
         edit_question_id, edit_date, misspell_tool, new_portrait, delete_portrait, rename_file, edit_bank,
         edit_registry]


def make_series(folder: Path, size: int, seed: int) -> Path:
    write_full_site(folder, make_corpus(size, seed), seed)
    return folder


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_after_random_edits_the_preview_equals_a_clean_build(tmp_path, monkeypatch, seed):
    folder = make_series(tmp_path / "series", 12, seed)
    monkeypatch.chdir(folder)
    preview = Preview(folder, tmp_path / "served")
    rng = random.Random(seed)
    for step in range(6):
        edit = rng.choice(EDITS)
        edit(folder, rng)
        preview.rebuild()
        clean = tmp_path / f"clean-{step}"
        clean_build(folder, clean)
        assert differences(tmp_path / "served", clean) == [], f"after step {step}: {edit.__name__}"


def test_each_kind_of_edit_in_turn_keeps_the_preview_equal_to_a_clean_build(tmp_path, monkeypatch):
    """The edits that keep the same pages (no full build), one of each kind in turn: what other
    pages show of the edited portrait (its card, its mentions, its entities, its answers on a
    question page) changes there too."""
    folder = make_series(tmp_path / "series", 12, 6)
    monkeypatch.chdir(folder)
    preview = Preview(folder, tmp_path / "served")
    rng = random.Random(6)
    for step, edit in enumerate((edit_headline, mention_someone, edit_answer, edit_tools, edit_question_id,
                                 edit_date, misspell_tool, misspell_tool, edit_bank, edit_registry, rename_person,
                                 edit_headline, mention_someone, edit_date)):
        edit(folder, rng)
        preview.rebuild()
        clean = tmp_path / f"clean-{step}"
        clean_build(folder, clean)
        assert differences(tmp_path / "served", clean) == [], f"after step {step}: {edit.__name__}"


def test_an_answer_edit_writes_only_the_pages_it_changes(tmp_path, monkeypatch, caplog):
    folder = make_series(tmp_path / "series", 30, 4)
    monkeypatch.chdir(folder)
    preview = Preview(folder, tmp_path / "served")
    total = sum(1 for _ in (tmp_path / "served").rglob("index.html"))
    target = portraits(folder)[3]
    slug = target.stem
    edit_yaml(target, lambda data: data["interview"][0].update(answer=data["interview"][0]["answer"] + " motunique"))
    written = {}
    from mkdocs.commands import build as mkdocs_build
    original = mkdocs_build._build_page

    def record(page, *args, **kwargs):
        written[page.file.src_uri] = True
        return original(page, *args, **kwargs)

    monkeypatch.setattr("generator.mkdocs.preview._build_page", record)
    caplog.set_level("INFO")
    preview.rebuild()
    assert f"portraits/{slug}.md" in written
    assert 1 <= len(written) < total / 4, sorted(written)
    assert "motunique" in (tmp_path / "served" / "portraits" / slug / "index.html").read_text(encoding="utf-8")
    assert any("written again" in message for message in caplog.messages), caplog.messages
    assert not any("a full build" in message for message in caplog.messages), caplog.messages
    clean_build(folder, tmp_path / "clean")
    assert differences(tmp_path / "served", tmp_path / "clean") == []


def test_the_preview_starts_before_its_search_index_is_built(tmp_path, monkeypatch):
    """`mkdocs serve` serves the pages as soon as they are written: the search documents are
    written with them, and their index is built after, in the background."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    folder = make_series(tmp_path / "series", 12, 4)
    monkeypatch.chdir(folder)
    site = tmp_path / "served"
    config = load_config(config_file=str(folder / "mkdocs.yml"), site_dir=str(site))
    config.site_url = SERVE_URL
    config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url=SERVE_URL)
    plugin = config.plugins["portraits"]
    try:
        assert (site / "index.html").is_file() and not (site / "pagefind").exists()
        config.plugins.on_serve(Server(lambda: None), config=config, builder=lambda: None)
        plugin.preview.search.wait()
        entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
        published = [p for p in (site / "portraits").iterdir() if (p / "index.html").is_file()]
        assert entry["languages"]["fr"]["page_count"] == len(published) > 0
    finally:
        config.plugins.on_shutdown()


def test_two_hundred_portraits_after_edits(tmp_path, monkeypatch):
    folder = make_series(tmp_path / "series", 200, 5)
    monkeypatch.chdir(folder)
    preview = Preview(folder, tmp_path / "served")
    rng = random.Random(5)
    for edit in (edit_answer, mention_someone, edit_tools, edit_answer):
        edit(folder, rng)
        preview.rebuild()
    clean_build(folder, tmp_path / "clean")
    assert differences(tmp_path / "served", tmp_path / "clean") == []


def search_page(url: str, word: str):
    from generator.render import Page
    return Page.of(url.rstrip("/") + ".md", url, f'<h2 id="q">Question</h2><p>{word} répond ici.</p>')


def bundle_words(bundle: Path) -> set[str]:
    from generator.search_merge import read_file
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = read_file(bundle / f"pagefind.{entry['languages']['fr']['hash']}.pf_meta")
    return {word[0] for _, _, chunk in meta[2] for word in read_file(bundle / "index" / f"{chunk}.pf_index")[0]}


def test_a_search_refresh_cut_short_by_an_edit_is_finished_by_the_next_one(tmp_path):
    """An edit stops the refresh under way (its pages come first); the next refresh builds the
    batches of both edits, not only those of the last one, and merges them into the site's
    one index."""
    from generator.mkdocs.preview import SearchRefresh

    kept, site = tmp_path / "kept", tmp_path / "site"
    kept.mkdir()
    site.mkdir()
    refresh = SearchRefresh(kept)
    try:
        refresh.refresh(str(site), "fr", {1: [search_page("portraits/alpha/", "alphamot")]})
        refresh.cancel()  # as the next edit's build does when it starts
        refresh.refresh(str(site), "fr", {2: [search_page("portraits/beta/", "betamot")]})
        refresh.wait()
        assert sorted(p.name for p in site.iterdir()) == ["pagefind"]
        assert {"alphamot", "betamot"} <= bundle_words(site / "pagefind")
        assert refresh.pending == {} and not refresh.unmerged
        # a later edit of one batch: its index is built again, the other batch's is kept
        refresh.refresh(str(site), "fr", {2: [search_page("portraits/beta/", "gammamot")]})
        refresh.wait()
        words = bundle_words(site / "pagefind")
        assert "gammamot" in words and "alphamot" in words and "betamot" not in words
    finally:
        refresh.close()


def test_without_a_known_pagefind_each_batch_is_a_bundle_of_the_site(tmp_path):
    from generator.mkdocs.preview import SearchRefresh

    refresh = SearchRefresh(None)
    try:
        refresh.refresh(str(tmp_path), "fr", {1: [search_page("portraits/alpha/", "alphamot")],
                                              2: [search_page("portraits/beta/", "betamot")]})
        refresh.wait()
        assert sorted(p.name for p in tmp_path.iterdir()) == ["pagefind", "pagefind-2"]
        assert "betamot" in bundle_words(tmp_path / "pagefind-2")
    finally:
        refresh.close()
