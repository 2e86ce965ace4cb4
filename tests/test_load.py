"""Step 1, load: finding portrait files, decoding them, parsing YAML and Markdown with the
position of every value, and refusing hostile YAML before anything is constructed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator import load
from generator.load import load_file, load_folder, scan_folder
from conftest import image_bytes

PORTRAIT_YML = """\
name: Zoé Lefèbvre
published: 2024-03-15
career:
  - organization: Média Ricochet
    role: Journaliste web
    start: 2018
  - {organization: Agence Boréale, role: Stagiaire, start: "2016-09"}
interview:
  - question: Comment as-tu commencé ?
    id: debuts
    answer: |
      Par hasard.
"""

PORTRAIT_MD = """\
---
name: Zoé Lefèbvre
published: 2024-03-15
tags: [médias, réseaux]
---

Une intro
sur deux lignes.

## Comment as-tu commencé ? {#debuts}

Par hasard.

## Et ensuite ?
Ensuite.
"""


def load_one(folder: Path, name: str, content: str | bytes):
    """(Source or None, problems) for one file written into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return load_file(path, folder)


def only_problem(folder: Path, name: str, content: str | bytes):
    source, problems = load_one(folder, name, content)
    assert source is None and len(problems) == 1, problems
    return problems[0]


# --- YAML positions -----------------------------------------------------------------------

def test_yaml_values_and_keys_keep_their_line_and_column(tmp_path):
    source, problems = load_one(tmp_path, "zoe.yml", PORTRAIT_YML)
    assert problems == []
    assert source.slug == "zoe" and source.relative == "zoe.yml"
    assert source.data["career"][1]["start"] == "2016-09"
    assert source.positions[("name",)] == (1, 7)
    assert source.positions[("career", 0, "role")] == (5, 11)
    assert source.positions[("career", 1, "start")] == (7, 60)
    assert source.positions[("interview", 0, "answer")] == (11, 13)
    assert source.key_positions[("interview", 0, "id")] == (10, 5)
    # an unknown location falls back to its closest known parent
    assert source.position(("career", 1, "end")) == (7, 5)


@pytest.mark.parametrize("encode", [
    pytest.param(lambda text: text.encode("utf-8"), id="utf8-lf"),
    pytest.param(lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"), id="bom-lf"),
    pytest.param(lambda text: text.replace("\n", "\r\n").encode("utf-8"), id="crlf"),
    pytest.param(lambda text: ("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8"), id="bom-crlf"),
])
@pytest.mark.parametrize("name, text", [("zoe.yml", PORTRAIT_YML), ("zoe.md", PORTRAIT_MD)])
def test_bom_and_crlf_give_the_same_data_and_positions(tmp_path, encode, name, text):
    reference, _ = load_one(tmp_path / "lf", name, text)
    source, problems = load_one(tmp_path / "other", name, encode(text))
    assert problems == []
    assert dict(source.data) == dict(reference.data)
    assert "\r" not in repr(dict(source.data)) and "\ufeff" not in repr(dict(source.data))
    assert dict(source.positions) == dict(reference.positions)
    assert dict(source.key_positions) == dict(reference.key_positions)


def test_crlf_and_bom_errors_point_at_the_right_place(tmp_path):
    text = "\ufeffname: Zoé\r\npublished: 2024-03-15\r\nheadline: Journaliste: web\r\n"
    problem = only_problem(tmp_path, "zoe.yml", text.encode("utf-8"))
    assert (problem.line, problem.column) == (3, 22)


# --- decoding -----------------------------------------------------------------------------

def test_latin1_bytes_are_located_in_characters(tmp_path):
    # "é" is two bytes in UTF-8 before the bad byte: the column still counts characters
    raw = "name: Zoé\nheadline: Zoé à Lyon\n".encode("utf-8").replace("à".encode("utf-8"), "à".encode("latin-1"))
    problem = only_problem(tmp_path, "zoe.yml", raw)
    assert (problem.line, problem.column) == (2, 15)
    assert "not valid UTF-8" in problem.message and "0xE0" in problem.message
    assert "UTF-8" in problem.hint


@pytest.mark.parametrize("encoding, label", [("utf-16", "UTF-16"), ("utf-32", "UTF-32"),
                                             ("utf-16-be", None), ("utf-16-le", None)])
def test_utf16_and_utf32_are_clear_errors(tmp_path, encoding, label):
    problem = only_problem(tmp_path, "zoe.yml", PORTRAIT_YML.encode(encoding))
    expected = f"encoded as {label}" if label else "NUL bytes"
    assert expected in problem.message
    assert problem.line == 1 and "UTF-8" in problem.hint


def test_control_character_is_located(tmp_path):
    problem = only_problem(tmp_path, "zoe.yml", "name: Zoé\nheadline: ééé\x1b[31m\n")
    assert (problem.line, problem.column) == (2, 14)
    assert "U+001B" in problem.message


def test_file_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(load, "MAX_FILE_BYTES", 100)
    small = "name: " + "x" * 93 + "\n"
    assert len(small) == 100
    source, problems = load_one(tmp_path, "ok.yml", small)
    assert problems == [] and source is not None
    problem = only_problem(tmp_path, "big.yml", small + "y")
    assert "too large (101 bytes)" in problem.message and "100" in problem.hint


def test_unreadable_file_is_a_problem(tmp_path):
    path = tmp_path / "zoe.yml"
    path.mkdir()  # reading a folder fails with an OSError
    _, problem = load.read_text(path, "zoe.yml")
    assert problem is not None and "cannot read" in problem.message


# --- YAML errors --------------------------------------------------------------------------

@pytest.mark.parametrize("text, where, hint", [
    ("name: Zoé\nlinks:\n  Twitter: @zoe\n", (3, 12), "must be in quotes"),
    ("name: Zoé\nphoto:\n\tsrc: a.jpg\n", (3, 1), "spaces, not tabs"),
    ("name: Zoé\nphoto:\n  src: a.jpg\n   alt: x\n", (4, 7), "indent it like the field above"),
    ("name: Zoé\nphoto:\n    src: a.jpg\n  alt: x\n", (4, 3), "indentation"),
    ("name: Zoé\nheadline: \"CM\ntags: [a]\n", (2, 11), "never closed"),
    ("name: Zoé\ntags: [a, b\nheadline: x\n", (3, 9), "opened with '[' at line 2"),
    ("name: Zoé\n---\nname: Léa\n", (2, 1), "one document"),
    ("name: *ref\n", (1, 7), "anchor"),
])
def test_yaml_syntax_errors_are_located_with_a_hint(tmp_path, text, where, hint):
    problem = only_problem(tmp_path, "zoe.yml", text)
    assert (problem.line, problem.column) == where, problem
    assert problem.message.startswith("invalid YAML: ")
    assert hint in problem.hint


def test_duplicate_field_points_at_the_second(tmp_path):
    problem = only_problem(tmp_path, "zoe.yml", "name: Zoé\nheadline: x\n  \nname: Léa\n")
    assert (problem.line, problem.column) == (4, 1)
    assert "'name' is given twice" in problem.message and "line 1" in problem.hint


def test_not_a_mapping(tmp_path):
    problem = only_problem(tmp_path, "zoe.yml", "\n- name: Zoé\n")
    assert (problem.line, problem.column) == (2, 1) and "mapping of fields" in problem.message


@pytest.mark.parametrize("tagged", [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/new:os.system ['touch {marker}']",
    "!!python/object:os.PathLike {{}}",
    "!!python/name:os.system",
    "!!python/module:os",
    "!!python/tuple [1, 2]",
    "!!binary aGVsbG8=",
    "!!set {{a, b}}",
    "!!omap [a: 1]",
    "!include /etc/passwd",
    "!<tag:example.org,2024:x> y",
])
def test_tags_other_than_plain_types_are_refused_and_never_run(tmp_path, monkeypatch, tagged):
    marker = tmp_path / "pwned"
    monkeypatch.setattr(os, "system", lambda *args: pytest.fail("os.system was called"))
    problem = only_problem(tmp_path, "zoe.yml", "name: Zoé\nheadline: " + tagged.format(marker=marker) + "\n")
    assert (problem.line, problem.column) == (2, 11)
    assert "is not allowed" in problem.message and "tag" in problem.message
    assert not marker.exists()


def test_tag_on_a_field_name_is_refused(tmp_path):
    problem = only_problem(tmp_path, "zoe.yml", "name: Zoé\n!!python/name:os.system x: 1\n")
    assert (problem.line, problem.column) == (2, 1) and "'!!python/name:os.system' is not allowed" in problem.message


def test_explicit_plain_tags_are_fine(tmp_path):
    source, problems = load_one(tmp_path, "zoe.yml", "name: !!str 2024\ntags: !!seq [a]\nphoto: !!map {alt: x}\n")
    assert problems == [] and source.data["name"] == "2024"


def test_alias_bomb_is_refused_quickly(tmp_path):
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    problem = only_problem(tmp_path, "zoe.yml", "\n".join(lines) + "\n")
    assert "too many values in 'a4'" in problem.message  # 10^5 values: the first field over the limit
    assert (problem.line, problem.column) == (5, 1)


def test_small_aliases_are_expanded(tmp_path):
    source, problems = load_one(tmp_path, "zoe.yml", "tags: &t [a, b]\ntools: *t\n")
    assert problems == [] and source.data["tools"] == ["a", "b"]


def test_recursive_alias_is_refused(tmp_path):
    problem = only_problem(tmp_path, "zoe.yml", "tags: &t [a, *t]\n")
    assert problem.line == 1 and "nested too deeply" in problem.message


@pytest.mark.parametrize("text", ["[" * 10_000, "name: " + "[" * 10_000 + "]" * 10_000,
                                  "name: " + "{a: " * 5_000 + "}" * 5_000,
                                  "name:\n" + "".join(" " * i + "-\n" for i in range(1, 2_000))])
def test_deep_nesting_is_a_clean_error(tmp_path, text):
    problem = only_problem(tmp_path, "zoe.yml", text)
    assert problem.line >= 1 and problem.column >= 1
    assert "nested too deeply" in problem.message or "invalid YAML" in problem.message


def test_odd_scalars_are_kept_as_text(tmp_path):
    source, problems = load_one(tmp_path, "zoe.yml", "published: 2023-02-30\nname: " + "9" * 5000 + "\n1: x\n")
    assert problems == []
    assert source.data["published"] == "2023-02-30"  # not a real date: the validator will say so
    assert source.data["name"] == "9" * 5000
    assert source.data["1"] == "x"


def test_empty_file_is_an_empty_mapping(tmp_path):
    source, problems = load_one(tmp_path, "zoe.yml", "# nothing yet\n")
    assert problems == [] and dict(source.data) == {}


# --- Markdown -----------------------------------------------------------------------------

def test_markdown_body_gives_intro_and_questions(tmp_path):
    source, problems = load_one(tmp_path, "zoe.md", PORTRAIT_MD)
    assert problems == []
    assert source.data["tags"] == ["médias", "réseaux"]
    assert source.data["intro"] == "Une intro\nsur deux lignes."
    assert source.data["interview"] == [
        {"question": "Comment as-tu commencé ?", "id": "debuts", "answer": "Par hasard."},
        {"question": "Et ensuite ?", "answer": "Ensuite."},
    ]
    # front matter lines count from the top of the file (the '---' is line 1)
    assert source.positions[("published",)] == (3, 12)
    assert source.key_positions[("tags",)] == (4, 1)
    assert source.positions[("intro",)] == (7, 1)
    assert source.positions[("interview", 0, "question")] == (10, 4)
    assert source.positions[("interview", 0, "id")] == (10, 29)
    assert source.positions[("interview", 0, "answer")] == (12, 1)
    assert source.positions[("interview", 1)] == (14, 4)
    assert source.positions[("interview", 1, "answer")] == (15, 1)


def test_headings_inside_fenced_code_are_not_questions(tmp_path):
    body = ("## Un\n"
            "```markdown\n## pas une question\n~~~\n## toujours du code\n```\n"
            "````\n```\n## encore du code\n````\n"
            "~~~\n## du code\n~~~\n"
            "### Un sous-titre\n##pas-un-titre\n    ## code indenté\n"
            "## Deux ##\nFin.\n"
            "   ## Trois\nOui.\n")
    source, problems = load_one(tmp_path, "zoe.md", "---\nname: Zoé\n---\n" + body)
    assert problems == []
    questions = [item["question"] for item in source.data["interview"]]
    assert questions == ["Un", "Deux", "Trois"]
    assert "## toujours du code" in source.data["interview"][0]["answer"]
    assert "##pas-un-titre" in source.data["interview"][0]["answer"]
    assert source.positions[("interview", 1)] == (20, 4)
    assert source.positions[("interview", 2)] == (22, 7)


def test_extra_spaces_after_hashes_keep_the_column(tmp_path):
    source, _ = load_one(tmp_path, "zoe.md", "---\nname: Zoé\n---\n##   Trois espaces {#trois}\nOui.\n")
    assert source.data["interview"][0] == {"question": "Trois espaces", "id": "trois", "answer": "Oui."}
    assert source.positions[("interview", 0, "question")] == (4, 6)


def test_empty_answer_points_at_its_heading(tmp_path):
    source, _ = load_one(tmp_path, "zoe.md", "---\nname: Zoé\n---\n## Un\n\n\n## Deux\nOui.\n")
    assert source.data["interview"][0]["answer"] == ""
    assert source.positions[("interview", 0, "answer")] == (4, 4)


def test_front_matter_may_end_with_dots(tmp_path):
    source, problems = load_one(tmp_path, "zoe.md", "---\nname: Zoé\n...\n## Q\nR\n")
    assert problems == [] and source.data["name"] == "Zoé"


def test_front_matter_errors_are_offset(tmp_path):
    problem = only_problem(tmp_path, "zoe.md", "---\nname: Zoé\ntags: [a\n---\n## Q\nR\n")
    assert problem.line == 4  # the YAML error is found at the closing line of the front matter
    problem = only_problem(tmp_path, "zoe.md", "---\n\nname: Zoé\nheadline: a: b\n---\n## Q\nR\n")
    assert (problem.line, problem.column) == (4, 12)


@pytest.mark.parametrize("text, where, message", [
    ("# Zoé\n## Q\nR\n", (1, 1), "must start with front matter"),
    ("\n---\nname: Zoé\n---\n", (1, 1), "must start with front matter"),
    ("---\nname: Zoé\n## Q\nR\n", (1, 1), "not closed"),
    ("---\nname: Zoé\x07\n---\n## Q\nR\n", (2, 10), "control character (U+0007)"),
    ("---\nname: Zoé\nintro: Bonjour.\n---\nBonjour.\n## Q\nR\n", (3, 1), "'intro' is given both"),
    ("---\nname: Zoé\n  \ninterview: []\n---\n## Q\nR\n", (4, 1), "'interview' is given both"),
])
def test_markdown_structure_errors(tmp_path, text, where, message):
    problem = only_problem(tmp_path, "zoe.md", text)
    assert (problem.line, problem.column) == where and message in problem.message
    assert problem.hint


def test_intro_and_interview_twice_are_both_reported(tmp_path):
    _, problems = load_one(tmp_path, "zoe.md", "---\nname: Zoé\nintro: a\ninterview: []\n---\nb\n## Q\nR\n")
    assert [(p.line, p.message.split("'")[1]) for p in problems] == [(3, "intro"), (4, "interview")]


def test_front_matter_only_in_yaml_fields_is_kept(tmp_path):
    text = "---\nname: Zoé\ninterview:\n  - question: Q\n    answer: R\n---\n"
    source, problems = load_one(tmp_path, "zoe.md", text)
    assert problems == [] and source.data["interview"] == [{"question": "Q", "answer": "R"}]


# --- finding files ------------------------------------------------------------------------

def test_scan_skips_underscore_and_hidden_and_lists_media(tmp_path):
    for name in ("zoe.yml", "b.YAML", "c.md", "notes.txt", "_bank.yml", "_media/x.JPG", ".git/x.yml",
                 ".hidden.md", "2024/lea.md", "_drafts/old.yml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    portraits, media = scan_folder(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in portraits] == ["2024/lea.md", "b.YAML", "c.md", "zoe.yml"]
    assert media == ["_media/x.JPG"]


def test_links_leading_outside_are_not_followed(tmp_path):
    root, outside = tmp_path / "portraits", tmp_path / "outside"
    (root / "_media").mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.jpg").write_bytes(image_bytes())
    (outside / "other.yml").write_text("name: Autre\n")
    (root / "_media" / "inside.jpg").write_bytes(image_bytes())
    os.symlink(outside / "secret.jpg", root / "_media" / "secret.jpg")
    os.symlink(outside, root / "_media" / "dir")
    os.symlink(root / "_media" / "inside.jpg", root / "_media" / "alias.jpg")
    os.symlink(root, root / "loop")
    os.symlink(outside / "other.yml", root / "other.yml")
    loaded = load_folder(root)
    assert loaded.media_files == ("_media/alias.jpg", "_media/inside.jpg")
    assert loaded.sources == ()
    [problem] = loaded.problems
    assert problem.path.endswith("other.yml") and "outside the portraits folder" in problem.message


def test_positions_are_counted_as_editors_count_lines(tmp_path):
    """YAML also breaks lines at U+0085, U+2028 and U+2029; editors show them inside a line,
    so positions after one still name the line and column an editor shows."""
    from generator.load import parse_yaml
    text = "name: \"Zoé\u2028Lef\x85èbvre\"\ntools: [a, b]\ncareer:\n  - null\nbad: @x\n"
    data, positions, keys, problems = parse_yaml(text, "zoe.yml")
    assert problems and (problems[0].line, problems[0].column) == (5, 6)
    assert "quote the value" in problems[0].hint  # the character under the mark was found
    data, positions, keys, problems = parse_yaml(text.replace("bad: @x\n", ""), "zoe.yml")
    assert not problems
    assert positions[("tools",)] == (2, 8) and positions[("career", 0)] == (4, 5) and keys[("career",)] == (3, 1)
