"""`portraits check`: every problem as path:line:col, exit 1 on errors only, never a traceback."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from conftest import image_bytes

CORPUS = Path(__file__).parent / "corpus"
HEAD = "name: Zoé Lefèbvre\npublished: 2024-03-15\n"
INTERVIEW = "interview:\n  - question: Comment as-tu commencé ?\n    answer: Par hasard.\n"
LOCATED = re.compile(r"^(?P<path>[^\s:]+):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning): ", re.MULTILINE)


@pytest.fixture
def site(tmp_path, monkeypatch) -> Path:
    """A site folder (mkdocs.yml and portraits/) that is also the current folder."""
    (tmp_path / "portraits" / "_media").mkdir(parents=True)
    (tmp_path / "portraits" / "_media" / "photo.jpg").write_bytes(image_bytes())
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\nplugins:\n  - portraits\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(site: Path, name: str, content: str | bytes) -> None:
    path = site / "portraits" / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))


def check(*args: str):
    return CliRunner().invoke(main, ["check", *args])


def test_valid_folder_exits_0(site):
    write(site, "zoe.yml", HEAD + INTERVIEW)
    write(site, "lea.md", "---\n" + HEAD + "---\n## Q ?\nR.\n")
    for args in ((), ("portraits",), (str(site),)):
        result = check(*args)
        assert result.exit_code == 0, result.output
        assert "ok: 2 portrait file(s) checked" in result.stdout
        assert result.stderr == ""


def test_warnings_only_exit_0(site):
    write(site, "zoe.yml", HEAD + "draft: true\ninterview:\n  - question: Comment as-tu commencé ?\n    answer:\n")
    result = check()
    assert result.exit_code == 0, result.output
    assert "portraits/zoe.yml:6:12: warning: the question 'Comment as-tu commencé ?' has no answer" in result.stderr
    assert "ok: 1 portrait file(s) checked, 1 warning(s)" in result.stdout


def test_errors_exit_1_with_every_problem_located(site):
    write(site, "zoe.yml", "nmae: Zoé\npublished: 2024-02-30\n" + INTERVIEW)
    write(site, "lea.md", "---\nname: Léa\npublished: 2024-03-15\n---\n## Q ?\n\n")
    write(site, "ok.yml", HEAD + INTERVIEW)
    result = check()
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "portraits/zoe.yml:1:1: error: unknown field 'nmae' — did you mean 'name'?" in result.stderr
    assert "portraits/zoe.yml:2:12: error: 'published': '2024-02-30' is not a real date" in result.stderr
    assert "portraits/lea.md:5:4: error: the question 'Q ?' has no answer" in result.stderr
    assert "    hint: " in result.stderr
    assert result.stderr.rstrip().endswith("3 error(s), 0 warning(s) in 2 file(s)")
    assert "ok:" not in result.stdout


def test_one_file_reports_only_that_file(site):
    write(site, "zoe.yml", "nmae: Zoé\npublished: 2024-03-15\n" + INTERVIEW)
    write(site, "lea.yml", "name: Léa\n" + INTERVIEW)
    result = check("portraits/zoe.yml")
    assert result.exit_code == 1
    assert [m["path"] for m in LOCATED.finditer(result.stderr)] == ["portraits/zoe.yml"]
    write(site, "zoe.yml", HEAD + INTERVIEW)
    result = check("portraits/zoe.yml")
    assert result.exit_code == 0 and "ok: 1 file checked" in result.stdout


def test_whole_corpus(site):
    """Every bad and hostile file at once: one located error each, and no traceback."""
    expected = yaml.safe_load((CORPUS / "expected.yml").read_text(encoding="utf-8"))
    singles = sorted(name for name in expected if (CORPUS / name).is_file())
    for name in singles:
        shutil.copyfile(CORPUS / name, site / "portraits" / name)
    result = check()
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    located = {(m["path"], f"{m['line']}:{m['col']}") for m in LOCATED.finditer(result.stderr)}
    assert located == {(f"portraits/{name}", expected[name]["at"]) for name in singles}


def test_real_process_never_prints_a_traceback(site):
    write(site, "bomb.yml", "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}" if i > 1 else "*a"] * 10) + "]\n" for i in range(1, 9)))
    write(site, "tag.yml", "name: !!python/object/apply:os.system ['echo pwned']\n")
    write(site, "latin.yml", "name: Zoé\n".encode("latin-1"))
    write(site, "utf16.yml", (HEAD + INTERVIEW).encode("utf-16"))
    write(site, "deep.yml", "name: " + "[" * 10_000)
    write(site, "zoe.md", "---\nname: Zoé\n")
    os.symlink("/etc/hostname", site / "portraits" / "_media" / "host.jpg")
    write(site, "link.yml", HEAD + "photo: {src: _media/host.jpg, alt: x}\n" + INTERVIEW)
    result = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=site, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "pwned" not in result.stdout + result.stderr
    paths = {m["path"] for m in LOCATED.finditer(result.stderr)}
    assert paths == {f"portraits/{name}" for name in
                     ("bomb.yml", "tag.yml", "latin.yml", "utf16.yml", "deep.yml", "zoe.md", "link.yml")}


def test_missing_folder_is_a_located_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = check()
    assert result.exit_code == 1
    assert "the portraits folder does not exist" in result.stderr and "Traceback" not in result.output
