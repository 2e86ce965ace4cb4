"""`portraits new`: a draft with every bank question that passes `portraits check` and builds."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.registry import load_registries
from generator.schema import portrait_schema

from conftest import ROOT, mkdocs, portraits_cli, write_portrait


@pytest.fixture
def site(tmp_path, monkeypatch) -> Path:
    """A site folder with the repository's question bank, as the current folder."""
    (tmp_path / "portraits").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "portraits" / "_questions.yml").write_bytes((ROOT / "portraits" / "_questions.yml").read_bytes())
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\nsite_url: https://example.org/\ntheme:\n  name: material\n"
                                         "plugins:\n  - search\n  - portraits\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def bank(language: str = "fr") -> list[tuple[str, str]]:
    questions, _ = load_registries(ROOT / "portraits")
    return [(q.id, q.wording(language)) for q in questions.questions]


def test_new_writes_a_draft_with_every_bank_question(site):
    result = run("new", "Zoé Lefèbvre")
    assert result.exit_code == 0, result.output
    path = site / "portraits" / "zoe-lefebvre.yml"
    assert f"wrote portraits/zoe-lefebvre.yml: a draft with {len(bank())} question(s)" in result.output
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../portraits.schema.json"
    data = yaml.safe_load(text)
    assert data["name"] == "Zoé Lefèbvre" and data["draft"] is True and data["published"] == date.today()
    assert [(item["id"], item["question"]) for item in data["interview"]] == bank()
    assert all(item["answer"] == "" for item in data["interview"])
    assert "Zoé Lefèbvre" in text  # Unicode as is, not escaped


def test_fresh_scaffold_passes_check_with_warnings_only(site):
    assert run("new", "Zoé Lefèbvre").exit_code == 0
    checked = run("check")
    assert checked.exit_code == 0, checked.output
    assert f"ok: 1 portrait file(s) checked, {len(bank())} warning(s)" in checked.output
    assert "error" not in checked.stderr.replace("0 error(s)", "")
    assert "has no answer" in checked.stderr


def test_fresh_scaffold_is_valid_for_the_json_schema(site):
    run("new", "Zoé Lefèbvre")
    data = yaml.safe_load((site / "portraits" / "zoe-lefebvre.yml").read_text(encoding="utf-8"))
    data["published"] = data["published"].isoformat()
    jsonschema.validate(data, portrait_schema())


def test_markdown_format(site):
    result = run("new", "Zoé Lefèbvre", "--format", "md")
    assert result.exit_code == 0, result.output
    text = (site / "portraits" / "zoe-lefebvre.md").read_text(encoding="utf-8")
    assert text.startswith(f"---\nname: Zoé Lefèbvre\npublished: {date.today().isoformat()}\ndraft: true\n---\n")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [f"## {question} {{#{qid}}}" for qid, question in bank()]
    assert "\n## Comment as-tu commencé ? {#debuts}\n\n## " in text  # empty bodies
    checked = run("check", "portraits/zoe-lefebvre.md")
    assert checked.exit_code == 0 and f"{len(bank())} warning(s)" in checked.output


def test_language_option_picks_the_wording(site):
    assert run("new", "Priya Raman", "--language", "en").exit_code == 0
    data = yaml.safe_load((site / "portraits" / "priya-raman.yml").read_text(encoding="utf-8"))
    assert [item["question"] for item in data["interview"]] == [question for _, question in bank("en")]
    assert run("check", "--language", "en").exit_code == 0


def test_refuses_to_overwrite(site):
    path = site / "portraits" / "zoe-lefebvre.yml"
    path.write_text("mine", encoding="utf-8")
    result = run("new", "Zoé Lefèbvre")
    assert result.exit_code == 1 and "already exists" in result.output and path.read_text() == "mine"
    # Nor a second file for the same page in the other format.
    result = run("new", "Zoé Lefèbvre", "--format", "md")
    assert result.exit_code == 1 and not (site / "portraits" / "zoe-lefebvre.md").exists()


def test_portraits_and_schema_options(site, tmp_path):
    other = site / "elsewhere"
    other.mkdir()
    result = run("new", "Léa Fontaine-Moreau", "--portraits", str(other), "--schema", "https://example.org/portraits.schema.json")
    assert result.exit_code == 0, result.output
    text = (other / "lea-fontaine-moreau.yml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=https://example.org/portraits.schema.json\n")
    # Without a bank there is still one question (the format needs one).
    data = yaml.safe_load(text)
    assert [item["question"] for item in data["interview"]] == ["Comment as-tu commencé ?"]
    assert run("check", str(other)).exit_code == 0
    nested = site / "portraits" / "2024"
    nested.mkdir()
    assert run("new", "Ana", "--portraits", str(nested), "--schema", "portraits.schema.json").exit_code == 0
    assert (nested / "ana.yml").read_text().startswith("# yaml-language-server: $schema=../../portraits.schema.json\n")


def test_schema_line_points_at_the_shipped_schema():
    """In this repository the default line leads from portraits/ to the schema at the root."""
    line = "$schema=../portraits.schema.json"
    assert (ROOT / "portraits" / line.split("=")[1]).resolve() == (ROOT / "portraits.schema.json").resolve()
    assert json.loads((ROOT / "portraits.schema.json").read_text(encoding="utf-8"))["$schema"].endswith("2020-12/schema")


@pytest.mark.parametrize("args, message", [
    (("new", "!!!"), "letters or digits"),
    (("new", "Zoé", "--portraits", "missing"), "does not exist"),
    (("new", "Zoé", "--language", "français"), "not a language code"),
    (("new", "Zoé", "--format", "txt"), "'txt' is not one of"),
])
def test_mistakes_give_a_message_and_a_non_zero_exit(site, args, message):
    result = run(*args)
    assert result.exit_code != 0 and message in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_broken_question_bank_is_reported(site):
    (site / "portraits" / "_questions.yml").write_text("- id: Bad Id\n  text: Question ?\n", encoding="utf-8")
    result = run("new", "Zoé")
    assert result.exit_code == 1 and "_questions.yml:1" in result.output and "question bank has errors" in result.output
    assert not (site / "portraits" / "zoe.yml").exists()


def test_new_drafts_are_previewed_but_not_published(site):
    write_portrait(site / "portraits", "live", name="Live Person")
    assert run("new", "Zoé Lefèbvre").exit_code == 0
    assert run("new", "Hannah Whitcombe", "--format", "md").exit_code == 0
    assert mkdocs(site, "build", "--strict").returncode == 0
    assert (site / "site" / "portraits" / "live").is_dir()
    assert not (site / "site" / "portraits" / "zoe-lefebvre").exists()
    result = portraits_cli(site, "build", "--preview")
    assert result.returncode == 0, result.stderr
    for slug, name in (("zoe-lefebvre", "Zoé Lefèbvre"), ("hannah-whitcombe", "Hannah Whitcombe")):
        html = (site / "site" / "portraits" / slug / "index.html").read_text(encoding="utf-8")
        assert name in html and "Comment as-tu commencé\u202f?" in html  # French typography: U+202F before "?"
