"""The corpus of bad and hostile portrait files (tests/corpus/): each holds one mistake, and
tests/corpus/expected.yml records where it must be reported and what the message says."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from generator import load
from generator.load import load_folder
from generator.problems import errors
from generator.validate import validate
from conftest import image_bytes

CORPUS = Path(__file__).parent / "corpus"
EXPECTED: dict[str, dict[str, str]] = yaml.safe_load((CORPUS / "expected.yml").read_text(encoding="utf-8"))
SINGLE_FILES = sorted(name for name in EXPECTED if (CORPUS / name).is_file())
LOCATED = re.compile(r"^\S[^\n]*:\d+:\d+: error: [^\n]+\n    hint: \S")


def portraits_folder(tmp_path: Path) -> Path:
    root = tmp_path / "portraits"
    (root / "_media").mkdir(parents=True)
    (root / "_media" / "photo.jpg").write_bytes(image_bytes())
    return root


def copy_case(name: str, root: Path) -> None:
    source = CORPUS / name
    if source.is_dir():
        shutil.copytree(source, root, dirs_exist_ok=True)
    else:
        shutil.copyfile(source, root / name)


def test_every_corpus_file_has_an_expectation():
    on_disk = sorted(path.name for path in CORPUS.iterdir() if path.name != "expected.yml")
    assert on_disk == sorted(EXPECTED)
    assert len(EXPECTED) >= 60


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_corpus_case(case, tmp_path):
    expected = EXPECTED[case]
    root = portraits_folder(tmp_path)
    copy_case(case, root)
    result = validate(load_folder(root), root)
    assert len(result.problems) == 1, "\n".join(map(str, result.problems))
    [problem] = result.problems
    assert problem.severity == "error"
    assert Path(problem.path).name == expected.get("file", case)
    assert f"{problem.line}:{problem.column}" == expected["at"], str(problem)
    assert expected["message"] in problem.message, str(problem)
    assert expected["hint"] in problem.hint, str(problem)
    assert LOCATED.match(str(problem)), str(problem)
    assert len(problem.message) < 200 and len(problem.hint) < 300
    if case in SINGLE_FILES:  # the bad file is not published (cross-file rules keep the portraits)
        assert result.portraits == ()


def test_whole_corpus_in_one_pass(tmp_path):
    """All single-file cases in one folder: each file reports its own mistake, at the same place."""
    root = portraits_folder(tmp_path)
    for case in SINGLE_FILES:
        copy_case(case, root)
    result = validate(load_folder(root), root)
    found = {Path(p.path).name: f"{p.line}:{p.column}" for p in errors(result.problems)}
    assert len(errors(result.problems)) == len(SINGLE_FILES)
    assert found == {case: EXPECTED[case]["at"] for case in SINGLE_FILES}
    assert result.portraits == ()


def test_python_tags_are_never_executed(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(os, "system", lambda *args: calls.append(args))
    monkeypatch.setattr(subprocess, "Popen", lambda *args, **kwargs: calls.append(args))
    root = portraits_folder(tmp_path)
    for case in ("python-tag-apply.yml", "python-tag-name.yml", "python-tag-key.yml"):
        copy_case(case, root)
    result = validate(load_folder(root), root)
    assert len(result.problems) == 3 and calls == []
    assert not Path("/tmp/portraits-pwned").exists()


def test_alias_bomb_is_rejected_in_well_under_a_second(tmp_path):
    root = portraits_folder(tmp_path)
    copy_case("alias-bomb.yml", root)
    started = time.process_time()  # CPU time: not disturbed by other processes on a busy machine
    result = validate(load_folder(root), root)
    assert time.process_time() - started < 0.5
    [problem] = result.problems
    assert "too many values" in problem.message


def test_file_over_the_size_limit_is_rejected_unread(tmp_path):
    root = portraits_folder(tmp_path)
    with open(root / "huge.yml", "wb") as handle:
        handle.write(b"name: Zoe\n")
        handle.truncate(load.MAX_FILE_BYTES + 1)  # sparse: over the limit without writing 8 MB
    started = time.process_time()
    [problem] = validate(load_folder(root), root).problems
    assert time.process_time() - started < 0.5
    assert (problem.line, problem.column) == (1, 1)
    assert "too large" in problem.message and f"{load.MAX_FILE_BYTES:,}" in problem.hint


def test_corpus_files_are_small():
    """The corpus holds small inputs: generated giants belong in the tests that need them."""
    assert all(path.stat().st_size < 32_000 for path in CORPUS.rglob("*") if path.is_file())
