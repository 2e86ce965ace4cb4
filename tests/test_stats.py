"""`portraits stats`: counts by status, words, answers per bank question, entities."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.problems import errors
from generator.stats import collect, count_words

from conftest import ROOT, write_portrait

BANK = """\
- id: debuts
  text: {fr: Comment as-tu commencé ?, en: How did you get started?}
- id: outil
  text: Quel outil est ton préféré ?
- id: conseil
  text: Un conseil ?
"""


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    """Three portraits: published, draft, scheduled; a bank of three questions."""
    root = tmp_path / "portraits"
    root.mkdir()
    (root / "_questions.yml").write_text(BANK, encoding="utf-8")
    write_portrait(root, "ana", name="Ana", tools=["Slack", "Figma"], organizations=["Acme"],
                   interview=[{"question": "Comment as-tu commencé ?", "answer": "Par un [lien](https://example.org) ici."},
                              {"question": "Quel outil est ton préféré ?", "answer": "Slack, sans hésiter."}])
    write_portrait(root, "bob", name="Bob", draft=True, tools=["Slack"], organizations=["Acme", "Globex"],
                   interview=[{"question": "Comment as-tu commencé ?", "answer": "Au café."},
                              {"question": "Un conseil ?", "answer": ""}])
    write_portrait(root, "cleo", name="Cléo", published="2999-01-01", tools=["Slack"], platforms=["Mastodon"],
                   intro="Une intro de cinq mots.",
                   interview=[{"question": "Comment as-tu commencé ?", "answer": "C’est une longue histoire."},
                              {"question": "Hors banque ?", "answer": "Oui."}])
    monkeypatch.chdir(tmp_path)
    return root


def test_collect(folder):
    stats, problems = collect(folder, today=date(2025, 1, 1))
    assert not errors(problems)
    assert stats["portraits"] == {"total": 3, "published": 1, "drafts": 1, "scheduled": 1, "with_errors": 0}
    # Ana 4 + 3, Bob 2, Cléo 5 (intro) + 4 + 1: link targets are not words.
    assert stats["words"] == {"total": 19, "average": 6, "longest": "cleo"}
    assert stats["answers"] == {"total": 5, "to_bank_questions": 4}  # Bob's empty answer does not count
    assert [(q["id"], q["answers"]) for q in stats["questions"]["most_answered"]] == [("debuts", 3), ("outil", 1), ("conseil", 0)]
    assert [(q["id"], q["answers"]) for q in stats["questions"]["least_answered"]] == [("conseil", 0), ("outil", 1), ("debuts", 3)]
    assert stats["entities"]["tools"] == {"count": 2, "top": [{"name": "Slack", "portraits": 3}, {"name": "Figma", "portraits": 1}]}
    assert stats["entities"]["organizations"]["top"][0] == {"name": "Acme", "portraits": 2}
    assert stats["entities"]["platforms"]["count"] == 1 and stats["entities"]["tags"]["count"] == 0


def test_text_report(folder):
    result = CliRunner().invoke(main, ["stats"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Portraits: 3 (1 published, 1 draft(s), 1 scheduled)"
    assert "Words: 19 (6 per portrait on average, longest: cleo)" in result.output
    assert "most answered:  Comment as-tu commencé ? (3); Quel outil est ton préféré ? (1); Un conseil ? (0)" in result.output
    assert "least answered: Un conseil ? (0)" in result.output
    assert "Tools: 2 — top: Slack (3), Figma (1)" in result.output


def test_json_output_and_site_folder(folder):
    (folder.parent / "mkdocs.yml").write_text("site_name: x\n")
    result = CliRunner().invoke(main, ["stats", str(folder.parent), "--json", "--language", "en"])
    assert result.exit_code == 0, result.output
    stats = json.loads(result.output)
    assert stats["portraits"]["total"] == 3
    assert stats["questions"]["per_question"][0] == {"id": "debuts", "text": "How did you get started?", "answers": 3}


def test_files_with_errors_are_left_out_with_a_message(folder):
    (folder / "broken.yml").write_text("nmae: X\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["stats"])
    assert result.exit_code == 1
    assert "Portraits: 3" in result.stdout and "1 file(s) with errors not counted" in result.stdout
    assert "run `portraits check`" in result.stderr


def test_repository_portraits():
    stats, problems = collect(ROOT / "portraits")
    assert stats["portraits"]["total"] == 8 and stats["questions"]["bank"] >= 10
    assert stats["words"]["total"] > 1000 and stats["entities"]["organizations"]["count"] > 5


def test_mistakes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["stats"])
    assert result.exit_code == 1 and "no portraits folder" in result.output
    result = CliRunner().invoke(main, ["stats", "nowhere"])
    assert result.exit_code == 2 and "does not exist" in result.output


def test_count_words():
    assert count_words("Un **mot** et [un lien](https://example.org/a-b-c) <b>x</b> aujourd’hui") == 7
