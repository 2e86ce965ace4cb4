"""Writing aids: a portrait's words and reading time (`portraits stats FILE`, and on the page),
warnings on very long answers and questions, and the optional spelling check."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import write_portrait

from generator.aids import Limits, count_words, misspelt, reading_minutes
from generator.cli import main
from generator.pipeline import Settings, check, run

WORDS_300 = " ".join(["mot"] * 300)


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


def test_reading_time_rounds_up_at_230_words_a_minute():
    assert [reading_minutes(n) for n in (0, 1, 230, 231, 1089)] == [1, 1, 1, 2, 5]
    assert count_words("Voir [le site](https://example.org/a-b) et <b>l’école</b> aujourd’hui.") == 6


def test_stats_of_one_file_give_words_and_reading_time(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_portrait(tmp_path / "portraits", "zoe", intro="Une intro de cinq mots.",
                   interview=[{"question": "Deux mots ?", "answer": WORDS_300},
                              {"question": "Et après ?", "answer": ""}], draft=True)
    result = cli("stats", "portraits/zoe.yml")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "portraits/zoe.yml: Zoé Lefèbvre",
        "Words: 309 (2 min of reading)",  # intro 5, questions 2 + 2, answer 300
        "Questions: 2 (1 answered; the longest answer has 300 words)"]
    data = json.loads(cli("stats", "portraits/zoe.yml", "--json").output)
    assert data["words"] == 309 and data["reading_minutes"] == 2


def test_stats_of_a_file_with_errors_shows_them_and_exits_1(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "portraits").mkdir()
    (tmp_path / "portraits" / "zoe.yml").write_text("nmae: Zoé\n", encoding="utf-8")
    result = cli("stats", "portraits/zoe.yml")
    assert result.exit_code == 1 and "portraits/zoe.yml:1:1: error: unknown field 'nmae'" in result.stderr


def test_the_portrait_page_shows_its_reading_time(tmp_path):
    write_portrait(tmp_path / "portraits", "zoe", interview=[{"question": "Q ?", "answer": WORDS_300 * 2}])
    result = run(Settings(portraits_dir=tmp_path / "portraits", today=date(2025, 1, 1)))
    page = next(page.content for page in result.rendered.pages if page.src_uri == "portraits/zoe.md")
    assert '<span class="portrait-reading-time">3 min de lecture</span>' in page


def long_portrait(root: Path) -> Path:
    return write_portrait(root, "zoe", interview=[
        {"question": "Q " * 120 + "?", "answer": "Court."},
        {"question": "Et ensuite ?", "answer": " ".join(["mot"] * 1600)}])


def test_check_warns_on_very_long_answers_and_questions(tmp_path):
    long_portrait(tmp_path / "portraits")
    problems = sorted(check(Settings(portraits_dir=tmp_path / "portraits")).problems)
    assert [(p.severity, p.line, p.message) for p in problems] == [
        ("warning", 4, "question 1 is very long (241 characters, more than 200)"),
        ("warning", 10, "the answer to question 2 is very long (1,600 words, more than 1,500, 7 minutes of reading)")]
    assert all(p.hint for p in problems)


@pytest.mark.parametrize("words, warned", [(10, False), (11, True)])
def test_the_shortest_answer_over_the_limit_is_found(tmp_path, words, warned):
    # one-letter words: the shortest text of that many words (answers up to twice the limit
    # in characters are not counted)
    write_portrait(tmp_path, "zoe", interview=[{"question": "Et ensuite ?", "answer": " ".join(["a"] * words)}])
    problems = check(Settings(portraits_dir=tmp_path, limits=Limits(10, 200))).problems
    assert [p.message for p in problems] == (["the answer to question 1 is very long (11 words, more than 10, "
                                              "1 minute of reading)"] if warned else [])


def test_the_limits_are_configurable_and_zero_turns_them_off(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    long_portrait(tmp_path / "portraits")
    assert check(Settings(portraits_dir=tmp_path / "portraits", limits=Limits(0, 0))).problems == ()
    result = cli("check", "--max-answer-words", "2000", "--max-question-chars", "300")
    assert result.exit_code == 0 and result.stderr == "" and "ok: 1 portrait file(s) checked" in result.output
    result = cli("check", "--max-answer-words", "10")
    assert result.exit_code == 0 and result.stderr.count("very long") == 2


def test_the_plugin_passes_its_limits_to_the_build(tmp_path):
    from mkdocs.config.defaults import MkDocsConfig

    from generator.mkdocs.config import PortraitsConfig, settings

    config = PortraitsConfig()
    config.load_dict({"max_answer_words": 10, "max_question_chars": -5})
    assert not config.validate()[0]
    (tmp_path / "docs").mkdir()
    site = MkDocsConfig(config_file_path=str(tmp_path / "mkdocs.yml"))
    site.load_dict({"site_name": "Portraits"})
    assert not site.validate()[0]
    assert settings(config, site, serving=False).limits == Limits(10, 0)
    defaults = PortraitsConfig()
    defaults.load_dict({})
    assert not defaults.validate()[0]
    assert settings(defaults, site, serving=False).limits == Limits()


# --- spelling -----------------------------------------------------------------------------

def test_french_words_elisions_names_and_links_are_not_misspelt():
    text = ("Aujourd’hui, c’est l’équipe qui s’occupe de l'œuvre : voir [le site](https://exemple.org/bonjuor), "
            "#jeudiconfession et @zoe, avec Hootsuite et `cmd --flagg`. Peut-être demain.")
    assert misspelt(text, "fr") == []
    assert misspelt("Je travaile chaque jour avec la comunauté.", "fr") == [
        ("travaile", "travail"), ("comunauté", "communauté")]


def test_english_accepts_british_spellings():
    assert misspelt("My favourite colour, organised by the centre.", "en") == []
    assert misspelt("I recieve it.", "en") == [("recieve", "receive")]


def test_spelling_is_off_by_default_and_located_with_a_suggestion(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "portraits").mkdir()
    (tmp_path / "portraits" / "zoe.yml").write_text(
        "name: Zoé Lefèbvre\npublished: 2024-03-15\ntools: [Hootsuite]\ninterview:\n"
        "  - question: Comment as-tu commencé ?\n    answer: |\n      Par hasard, avec Hootsuite.\n"
        "      Je travaile chaque jour.\n"
        "  - question: What next?\n    answer: I recieve mail.\n", encoding="utf-8")
    result = cli("check")
    assert result.exit_code == 0 and result.stderr == ""
    result = cli("check", "--spelling")
    assert result.exit_code == 0
    assert "portraits/zoe.yml:8:10: warning: 'travaile' is not in the French dictionary" in result.stderr
    assert "hint: did you mean 'travail'?" in result.stderr
    assert "recieve" in result.stderr  # a French portrait: the English answer is checked in French too
    (tmp_path / "portraits" / "zoe.yml").write_text(
        "name: Zoé\npublished: 2024-03-15\nlanguage: en\ninterview:\n  - question: What next?\n"
        "    answer: I recieve mail.\n", encoding="utf-8")
    result = cli("check", "--spelling")
    assert "portraits/zoe.yml:6:15: warning: 'recieve' is not in the English dictionary" in result.stderr


@pytest.mark.parametrize("language", ["de", "pt-BR"])
def test_languages_without_a_dictionary_are_not_checked(tmp_path, monkeypatch, language):
    monkeypatch.chdir(tmp_path)
    write_portrait(tmp_path / "portraits", "zoe", language=language,
                   interview=[{"question": "Q ?", "answer": "xyzzy qwrtp"}])
    result = cli("check", "--spelling")
    assert result.exit_code == 0 and result.stderr == ""


def test_an_engine_configuration_passes_the_limits_too(tmp_path):
    from generator.config import DEFAULTS
    from generator.engines.config import read_site_config

    (tmp_path / "mkdocs.yml").write_text("site_name: S\nplugins:\n  - portraits:\n      max_answer_words: 10\n",
                                         encoding="utf-8")
    _, settings = read_site_config(tmp_path / "mkdocs.yml", DEFAULTS)
    assert settings.limits == Limits(10, Limits().question_chars)
