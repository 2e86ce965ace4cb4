"""Property tests: whatever a file holds, loading and validating it gives either located
problems or a valid portrait, never an exception; and valid portraits are always accepted."""

from __future__ import annotations

import os
import re
import shutil
import string
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.load import load_folder
from generator.model import FIELDS_BY_CONTEXT, Portrait, PortraitFile
from generator.problems import Problem, errors
from generator.validate import validate
from conftest import image_bytes

# Random examples locally (they explore further with every run); the same examples in CI, so
# that a submission is judged on reproducible runs.
SETTINGS = settings(max_examples=150, deadline=None, database=None,
                    derandomize=os.environ.get("CI", "").lower() in {"1", "true", "yes"},
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
FIELD_NAMES = sorted({name for names in FIELDS_BY_CONTEXT.values() for name in names})
LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("properties")


def run(workdir: Path, name: str, content: bytes):
    """Validate a portraits folder holding one file (and one image), from scratch."""
    root = workdir / "portraits"
    shutil.rmtree(root, ignore_errors=True)
    (root / "_media").mkdir(parents=True)
    (root / "_media" / "photo.jpg").write_bytes(image_bytes())
    (root / name).write_bytes(content)
    return validate(load_folder(root), root)


def assert_clean(result, content: bytes) -> None:
    """Either well-formed problems, or one valid portrait."""
    text = content.decode("utf-8", errors="replace")
    lines = len(LINE_BREAK.split(text))
    for problem in result.problems:
        assert isinstance(problem, Problem)
        assert problem.severity in ("error", "warning")
        assert 1 <= problem.line <= lines + 1 and problem.column >= 1, problem
        assert problem.message and len(problem.message) < 300 and len(problem.hint) < 400, problem
        assert "Traceback" not in problem.message
        str(problem)
    if errors(result.problems):
        # A file with errors of its own gives no portrait; one whose only errors are about other
        # files ('related' naming an unknown portrait, or itself) keeps it: a live preview shows
        # it with those problems ("1" or null typed in 'related' is kept as typed, a slug).
        assert result.portraits == () or all(p.message.startswith("'related' names an unknown portrait")
                                             or p.message == "a portrait cannot be related to itself"
                                             for p in errors(result.problems)), result.problems
    else:
        [portrait] = result.portraits
        assert isinstance(portrait, Portrait) and portrait.interview


# --- arbitrary text and bytes -------------------------------------------------------------

def _pieces(tokens: list[str]):
    """Text made of syntax-heavy tokens and any characters, to reach the parsers' odd corners."""
    return st.lists(st.sampled_from(tokens) | st.characters(), max_size=60).map("".join)


YAMLISH = _pieces(list(":-[]{}#&*!|>'\"%@`,?. \n\t\r") + ["name: ", "published: ", "2024-03-15", "\ufeff", "é",
                                                         "\x00", "\x07", "\u2028", "  - ", "!!python/name:x "])
MARKDOWNISH = _pieces(["## ", "```", "~~~", "{#", "}", "---", "\n", " ", "x", "é", "#", "\r\n",
                       "name: x\n", "intro: y\n", "interview: []\n", "question: q\n"])


@SETTINGS
@given(text=YAMLISH)
def test_any_text_as_yaml(workdir, text):
    content = text.encode("utf-8", errors="surrogatepass")
    assert_clean(run(workdir, "zoe.yml", content), content)


@SETTINGS
@given(text=MARKDOWNISH, front=st.sampled_from(["", "---\n", "---\nname: Zoé\npublished: 2024-03-15\n---\n"]))
def test_any_text_as_markdown(workdir, text, front):
    content = (front + text).encode("utf-8", errors="surrogatepass")
    assert_clean(run(workdir, "zoe.md", content), content)


@SETTINGS
@given(raw=st.binary(max_size=300), prefix=st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"---\n"]),
       suffix=st.sampled_from([".yml", ".md"]))
def test_any_bytes(workdir, raw, prefix, suffix):
    content = prefix + raw
    assert_clean(run(workdir, "zoe" + suffix, content), content)


# --- arbitrary YAML structures ------------------------------------------------------------

SCALARS = (st.none() | st.booleans() | st.integers() | st.floats() | st.dates() | st.datetimes()
           | st.text(max_size=20) | st.sampled_from(["", " ", "@zoe", "javascript:x", "https://example.org",
                                                     "_media/photo.jpg", "../x.jpg", "2010-03", "zoe"]))
KEYS = st.sampled_from(FIELD_NAMES) | st.text(max_size=8) | st.integers() | st.booleans() | st.none()
VALUES = st.recursive(SCALARS, lambda children: st.lists(children, max_size=4)
                      | st.dictionaries(KEYS, children, max_size=4), max_leaves=15)
VALID_BASE = {"name": "Zoé", "published": date(2024, 3, 15),
              "interview": [{"question": "Q ?", "answer": "R."}]}


def dump(data) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True).encode("utf-8")


@SETTINGS
@given(data=VALUES)
def test_any_structure(workdir, data):
    content = dump(data)
    assert_clean(run(workdir, "zoe.yml", content), content)


@SETTINGS
@given(data=st.dictionaries(st.sampled_from(FIELD_NAMES), VALUES, max_size=8))
def test_any_structure_under_valid_field_names(workdir, data):
    content = dump(data)
    assert_clean(run(workdir, "zoe.yml", content), content)


@SETTINGS
@given(field=st.sampled_from(sorted(PortraitFile.model_fields)), value=VALUES)
def test_one_odd_field_in_a_valid_portrait(workdir, field, value):
    content = dump({**VALID_BASE, field: value})
    result = run(workdir, "zoe.yml", content)
    assert_clean(result, content)
    for problem in result.problems:  # every problem is about the odd field
        assert problem.line in _lines_of(content.decode(), field), problem


def _lines_of(text: str, field: str) -> set[int]:
    """The lines the value of top-level `field` spans in a block-style dump."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{field}:"))
    end = next((i for i in range(start + 1, len(lines)) if lines[i][:1] not in ("", " ", "-")), len(lines))
    return set(range(start + 1, end + 1))


# --- valid portraits are accepted ---------------------------------------------------------

TEXT = st.text(alphabet=string.ascii_letters + "éèàçœ ?!.,'’«»-", min_size=1, max_size=30).filter(str.strip)
SLUG = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)
YEAR_MONTH = st.integers(1950, 2030).map(str) | st.builds("{}-{:02d}".format, st.integers(1950, 2030), st.integers(1, 12))
PORTRAITS = st.fixed_dictionaries(
    {"name": TEXT, "published": st.dates(date(1990, 1, 1), date(2100, 1, 1)),
     "interview": st.lists(st.fixed_dictionaries({"question": TEXT, "answer": TEXT}, optional={"id": SLUG}),
                           min_size=1, max_size=4, unique_by=lambda item: item.get("id", id(item)))},
    optional={"headline": TEXT, "draft": st.booleans(), "language": st.sampled_from(["fr", "en", "pt-BR"]),
              "tags": st.lists(TEXT, max_size=3), "photo": st.fixed_dictionaries({"src": st.just("_media/photo.jpg"),
                                                                                  "alt": TEXT}),
              "career": st.lists(st.fixed_dictionaries({"organization": TEXT, "role": TEXT, "start": YEAR_MONTH}),
                                 max_size=2),
              "links": st.dictionaries(TEXT, st.sampled_from(["https://example.org/a", "mailto:a@example.org"]),
                                       max_size=2),
              "reading": st.lists(st.fixed_dictionaries({"title": TEXT}, optional={"url": st.just("https://a.org")}),
                                  max_size=2)})


@SETTINGS
@given(data=PORTRAITS)
def test_valid_portraits_are_accepted(workdir, data):
    result = run(workdir, "zoe.yml", dump(data))
    assert result.problems == ()
    [portrait] = result.portraits
    assert portrait.name == data["name"].strip() and portrait.published == data["published"]
    assert [item.question for item in portrait.answers] == [item["question"].strip() for item in data["interview"]]


@SETTINGS
@given(intro=st.lists(TEXT, max_size=3),
       items=st.lists(st.tuples(TEXT, st.lists(TEXT, min_size=1, max_size=3), st.none() | SLUG), min_size=1, max_size=5,
                      unique_by=lambda item: item[2] or object()))
def test_markdown_body_round_trip(workdir, intro, items):
    """Questions and answers written as '## ' sections come back as written, at their lines."""
    lines = ["---", "name: Zoé", "published: 2024-03-15", "---", *intro, ""]
    headings = []
    for question, answer, qid in items:
        headings.append(len(lines) + 1)
        lines.append(f"## {question.strip()}" + (f" {{#{qid}}}" if qid else ""))
        lines += ["", *answer, ""]
    result = run(workdir, "zoe.md", "\n".join(lines).encode())
    assert result.problems == ()
    [portrait] = result.portraits
    assert portrait.intro == "\n".join(intro).rstrip()
    assert [(a.question, a.answer, a.id) for a in portrait.answers] == [
        (q.strip(), "\n".join(answer).rstrip(), qid) for q, answer, qid in items]
    [source] = load_folder(workdir / "portraits").sources
    assert [source.positions[("interview", i, "question")] for i in range(len(items))] == [(n, 4) for n in headings]
