"""No silent loss: whatever a writer types in a text field, in any YAML style, is published
exactly as typed, or reported at its line with the fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from conftest import image_bytes

from generator.load import load_folder
from generator.problems import errors
from generator.validate import validate
from test_properties import SETTINGS

HEAD = "name: Zoé\npublished: 2024-03-15\n"
INTERVIEW = "interview:\n  - question: Q ?\n    answer: R.\n"

# Each text field: (file text with a {v} slot, indentation of the slot's line, published value).
FIELDS = {
    "name": ("name: {v}\npublished: 2024-03-15\n" + INTERVIEW, 0, lambda p: p.name),
    "headline": (HEAD + "headline: {v}\n" + INTERVIEW, 0, lambda p: p.headline),
    "nickname": (HEAD + "nickname: {v}\n" + INTERVIEW, 0, lambda p: p.nickname),
    "intro": (HEAD + "intro: {v}\n" + INTERVIEW, 0, lambda p: p.intro),
    "photo alt": (HEAD + "photo:\n  src: _media/photo.jpg\n  alt: {v}\n" + INTERVIEW, 2, lambda p: p.photo.alt),
    "role": (HEAD + "career:\n  - organization: O\n    role: {v}\n    start: 2010\n" + INTERVIEW, 4,
             lambda p: p.career[0].role),
    "tag": (HEAD + "tags:\n  - {v}\n" + INTERVIEW, 2, lambda p: p.tags[0]),
    "question": (HEAD + "interview:\n  - question: {v}\n    answer: R.\n", 4, lambda p: p.interview[0].question),
    "answer": (HEAD + "interview:\n  - question: Q ?\n    answer: {v}\n", 4, lambda p: p.interview[0].answer),
    "caption": (HEAD + INTERVIEW + "  - image:\n      src: _media/photo.jpg\n      alt: x\n      caption: {v}\n", 6,
                lambda p: p.interview[1].image.caption),
    "reading": (HEAD + INTERVIEW + "reading:\n  - title: {v}\n", 4, lambda p: p.reading[0].title),
}


def check(root: Path, text: str, name: str = "zoe.yml"):
    for old in root.glob("*.*"):
        old.unlink()
    (root / "_media").mkdir(parents=True, exist_ok=True)
    (root / "_media" / "photo.jpg").write_bytes(image_bytes())  # images are checked from their bytes
    (root / name).write_text(text, encoding="utf-8")
    return validate(load_folder(root), root)


def published(root: Path, field: str, value: str):
    template, _, get = FIELDS[field]
    result = check(root, template.replace("{v}", value))
    assert not result.problems, result.problems
    return get(result.portraits[0])


def only_error(root: Path, text: str):
    result = check(root, text)
    [problem] = result.problems
    assert problem.severity == "error"
    return problem


# --- the measured cases -------------------------------------------------------------------

def test_a_hashtag_in_an_unquoted_answer_is_reported_at_its_line(tmp_path):
    text = FIELDS["answer"][0].replace("{v}", "Écouter avant de parler, suivre #commu et #radio chaque jour.")
    problem = only_error(tmp_path, text)
    assert (problem.line, problem.column) == (5, 45)
    assert "comment" in problem.message and "'answer'" in problem.message
    assert problem.hint == "quote the text or write it as a block with `|`"


@pytest.mark.parametrize("style", ['"{}"', "'{}'", "|\n      {}", ">\n      {}"])
def test_the_same_answer_quoted_or_as_a_block_is_published_whole(tmp_path, style):
    answer = "Écouter avant de parler, suivre #commu et #radio chaque jour."
    assert published(tmp_path, "answer", style.format(answer)).strip() == answer


@pytest.mark.parametrize("typed", ["1.10", "0755", "yes", "on", "No", "null", "~", "12:30", "2024-03-15",
                                   "1e3", ".inf", "0x1F", "+1", "1_000", "true"])
@pytest.mark.parametrize("field", ["headline", "answer", "question", "tag", "name"])
def test_values_yaml_would_read_as_numbers_dates_or_booleans_are_kept_as_typed(tmp_path, field, typed):
    assert published(tmp_path, field, typed) == typed


def test_the_explicit_text_tag_is_allowed(tmp_path):
    assert published(tmp_path, "headline", "!!str 0755") == "0755"


def test_ids_and_language_codes_are_kept_as_typed(tmp_path):
    result = check(tmp_path, HEAD + "language: no\ninterview:\n  - question: Q\n    answer: R\n    id: 0755\n")
    assert not result.problems
    [portrait] = result.portraits
    assert portrait.language == "no" and portrait.interview[0].id == "0755"


@pytest.mark.parametrize("text", [
    HEAD + "draft: false  # not yet\n" + INTERVIEW,
    "name: Zoé\npublished: 2024-03-15  # the day it went online\n" + INTERVIEW,
    HEAD + "tags: [\n  communauté,  # the main one\n  radio  # the second\n]\n" + INTERVIEW,
    HEAD + "# a comment on its own line\nheadline: \"Le #1 de la radio\"  # quoted: the comment is one\n" + INTERVIEW,
    HEAD + "photo:\n  src: _media/photo.jpg  # relative to this file\n  alt: Zoé\n" + INTERVIEW,
    HEAD + "interview:\n  - question: Q ?\n    id: debuts  # a stable anchor\n    answer: |  # a block\n      R.\n"
           "    # a comment below, at the field's own indentation\n",
    HEAD + "career:\n  - organization: O\n    role: R\n    start: \"2010-03\"  # a month\n" + INTERVIEW,
    HEAD + "interview:\n  - question: Q ?\n    # id: debuts (a field left out)\n    answer: R.\n",
    HEAD + "tags:\n  - radio\n  # - télé (an item left out)\n" + INTERVIEW,
])
def test_legitimate_comments_stay_allowed(tmp_path, text):
    assert check(tmp_path, text).problems == ()


@pytest.mark.parametrize("value, at, words", [
    ("Suivez-moi\n      #jeudiconfession", (6, 7), "starting with '#'"),  # a plain text's next line
    ("|\n        texte\n      #tag", (7, 7), "starting with '#'"),  # a block line not indented enough
    ("\n      Sur la ligne suivante\n      #tag", (7, 7), "starting with '#'"),  # the text below its key
    ("&moi Zoé", (5, 13), "markup"),  # an anchor
    ("! Zoé", (5, 13), "markup"),  # the non-specific tag
    ('"Réponse courte" #avec un hashtag"', (5, 28), "ends at this quote"),
    ("'C''est l''heure' #vrai'", (5, 29), "ends at this quote"),
])
def test_text_yaml_would_drop_is_reported(tmp_path, value, at, words):
    problem = only_error(tmp_path, FIELDS["answer"][0].replace("{v}", value))
    assert (problem.line, problem.column) == at and words in problem.message, problem


def test_a_headline_that_is_all_hashtag_is_reported_not_dropped(tmp_path):
    problem = only_error(tmp_path, FIELDS["headline"][0].replace("{v}", "#jeudiconfession, chaque semaine"))
    assert (problem.line, problem.column) == (3, 11) and "' #'" in problem.message


def test_a_backslash_escape_turning_into_an_invisible_character_is_a_warning(tmp_path):
    result = check(tmp_path, FIELDS["answer"][0].replace("{v}", '"Dans C:\\temp\\notes"'))
    [problem] = result.problems
    assert problem.severity == "warning" and "'\\t'" in problem.message and (problem.line, problem.column) == (5, 13)


def test_markdown_front_matter_keeps_text_as_typed(tmp_path):
    result = check(tmp_path, "---\nname: Zoé\npublished: 2024-03-15\nheadline: 1.10\n---\n## Q ?\n\nR.\n", "zoe.md")
    assert not result.problems and result.portraits[0].headline == "1.10"
    result = check(tmp_path, "---\nname: Zoé\npublished: 2024-03-15\nheadline: Le #1\n---\n## Q ?\n\nR.\n", "zoe.md")
    [problem] = result.problems
    assert (problem.line, problem.column) == (4, 14) and "comment" in problem.message


def test_the_examples_and_the_readme_portrait_load_without_problems(tmp_path):
    root = Path(__file__).parent.parent / "portraits"
    assert errors(validate(load_folder(root), root).problems) == []
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    example = readme.split("```yaml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "_media").mkdir()
    for image in ("zoe-lefebvre.jpg", "zoe-bureau.jpg"):
        (tmp_path / "_media" / image).write_bytes(b"jpg")
    found = check(tmp_path, example, "zoe-lefebvre.yml").problems
    assert [p for p in found if "comment" in p.message or "markup" in p.message] == []


# --- the property: any text, any text field, any style --------------------------------------

WRITER_TEXT = st.lists(
    st.sampled_from([" #", "#", ": ", ":", "&a ", "*a", "!", "'", '"', "\\", "1.10", "0755", "yes", "on", "null",
                     "~", "12:30", "2024-03-15", "[", "]", "{", "}", ", ", "- ", "? ", "|", ">", "%", "@", "`",
                     "\t", " ", "  ", "é", "🙂", "\u2028", "---", "..."])
    | st.characters(exclude_categories=("Cs",), exclude_characters="\r\n"),
    max_size=25).map("".join)
STYLES = ("plain", "single", "double", "literal", "folded")


def typed(text: str, style: str, indent: int) -> str:
    """The text as a writer puts it in a field, in one of YAML's styles: plain and blocks as
    they are, quoted with the quote character escaped the way that style asks."""
    pad = " " * (indent + 2)
    if style == "plain":
        return text
    if style == "single":
        return "'" + text.replace("'", "''") + "'"
    if style == "double":
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    marker = "|" if style == "literal" else ">"
    return marker + "\n" + "\n".join(pad + line for line in text.split("\n"))


def same(published_value: str | None, text: str, style: str) -> bool:
    """Unchanged as a reader sees it: HTML does not show runs of spaces, nor spaces at the ends
    of lines; a plain or folded text is one paragraph (that is what YAML folding means)."""
    if published_value is None:  # nothing typed, nothing published
        return not text.strip()
    if style in ("plain", "single", "double", "folded"):
        return published_value.split() == text.split()
    lines = lambda value: [line.strip() for line in value.strip().splitlines()]  # noqa: E731
    return lines(published_value) == lines(text)


@SETTINGS
@given(text=WRITER_TEXT, lines=st.lists(WRITER_TEXT, max_size=3), field=st.sampled_from(sorted(FIELDS)),
       style=st.sampled_from(STYLES))
def test_any_text_in_any_text_field_is_published_unchanged_or_reported(tmp_path_factory, text, lines, field, style):
    if style == "literal":
        text = "\n".join([text, *lines])
    root = tmp_path_factory.getbasetemp() / "verbatim"
    template, indent, get = FIELDS[field]
    result = check(root, template.replace("{v}", typed(text, style, indent)))
    if result.problems:
        return  # reported: the writer is told where and what to do
    [portrait] = result.portraits
    assert same(get(portrait), text, style), (get(portrait), text)
