"""`portraits stats`: what the series holds — portraits by status, words, how often each bank
question is answered, the most cited organisations, tools, platforms and tags."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from .aids import count_words, portrait_words, reading_minutes
from .config import DEFAULT_LANGUAGE
from .link import build_catalogue, is_visible
from .load import display_path, load_file, load_folder
from .problems import Problem, errors
from .registry import KINDS, load_registries
from .validate import validate

TOP = 5


def one_file(path: Path, root: Path, language: str = DEFAULT_LANGUAGE) -> tuple[dict[str, Any] | None, list[Problem]]:
    """(words and reading time of one portrait file, or None when it has errors; problems)."""
    from .validate import validate_source

    source, problems = load_file(path, root)
    portrait = None
    if source is not None:
        portrait, problems = validate_source(source, root, language)
    if portrait is None:
        return None, problems
    words = portrait_words(portrait)
    answers = [count_words(a.answer) for a in portrait.answers]
    return {"file": display_path(path), "name": portrait.name, "words": words,
            "reading_minutes": reading_minutes(words), "questions": len(answers),
            "answered": sum(1 for n in answers if n), "longest_answer": max(answers, default=0)}, problems


def file_report(stats: dict[str, Any]) -> str:
    return "\n".join([
        f"{stats['file']}: {stats['name']}",
        f"Words: {_number(stats['words'])} ({stats['reading_minutes']} min of reading)",
        f"Questions: {stats['questions']} ({stats['answered']} answered; the longest answer has "
        f"{_number(stats['longest_answer'])} words)"])


def collect(root: Path, language: str = DEFAULT_LANGUAGE, today: date | None = None) -> tuple[dict[str, Any], list[Problem]]:
    """(statistics as plain data, problems). Portraits with errors are left out of the counts."""
    today = today or date.today()
    loaded = load_folder(root)
    registries, problems = load_registries(root)
    validated = validate(loaded, root, language, registries)
    problems = [*problems, *validated.problems]
    portraits = validated.portraits
    catalogue = build_catalogue(portraits, language=language, today=today, preview=True,
                                media_files=loaded.media_files, registries=registries)
    drafts = sum(1 for p in portraits if p.draft)
    scheduled = sum(1 for p in portraits if not p.draft and p.published > today)
    words = {p.slug: count_words(p.intro) + sum(count_words(a.answer) for a in p.answers) for p in portraits}
    answers = sum(1 for p in portraits for a in p.answers if a.answer.strip())
    # An empty answer (a draft from `portraits new`) does not count as answered.
    per_question = Counter(bank_id for (slug, index), bank_id in catalogue.question_of.items()
                           if catalogue.by_slug[slug].interview[index].answer.strip())
    bank = [{"id": q.id, "text": q.wording(language), "answers": per_question.get(q.id, 0)}
            for q in registries.questions]
    ranked = sorted(bank, key=lambda q: -q["answers"])  # stable: bank order among equals
    entities = {}
    for kind in KINDS:
        found = sorted(catalogue.entities.get(kind, ()), key=lambda e: (-len(e.references), e.name.casefold()))
        entities[kind] = {"count": len(found),
                          "top": [{"name": e.name, "portraits": len(e.references)} for e in found[:TOP]]}
    failed = {p.path for p in errors(problems)}
    stats = {
        "portraits": {"total": len(portraits), "published": sum(1 for p in portraits if is_visible(p, today, False)),
                      "drafts": drafts, "scheduled": scheduled, "with_errors": len(failed)},
        "words": {"total": sum(words.values()),
                  "average": round(sum(words.values()) / len(words)) if words else 0,
                  "longest": max(words, key=words.get) if words else None},
        "answers": {"total": answers, "to_bank_questions": sum(per_question.values())},
        "questions": {"bank": len(bank), "most_answered": ranked[:TOP],
                      "least_answered": sorted(bank, key=lambda q: q["answers"])[:TOP],
                      "per_question": bank},
        "entities": entities,
    }
    return stats, problems


def report(stats: dict[str, Any]) -> str:
    """The statistics as a writer reads them in a terminal."""
    p, w, a, q = stats["portraits"], stats["words"], stats["answers"], stats["questions"]
    lines = [f"Portraits: {p['total']} ({p['published']} published, {p['drafts']} draft(s), {p['scheduled']} scheduled)"]
    if p["with_errors"]:
        lines.append(f"  {p['with_errors']} file(s) with errors not counted: run `portraits check`")
    longest = f", longest: {w['longest']}" if w["longest"] else ""
    lines.append(f"Words: {_number(w['total'])} ({_number(w['average'])} per portrait on average{longest})")
    lines.append(f"Answers: {a['total']} ({a['to_bank_questions']} to questions of the bank; empty answers not counted)")
    if q["bank"]:
        lines.append(f"Question bank: {q['bank']} question(s)")
        lines.append("  most answered:  " + "; ".join(f"{x['text']} ({x['answers']})" for x in q["most_answered"]))
        lines.append("  least answered: " + "; ".join(f"{x['text']} ({x['answers']})" for x in q["least_answered"]))
    for kind, found in stats["entities"].items():
        top = ", ".join(f"{e['name']} ({e['portraits']})" for e in found["top"])
        lines.append(f"{kind.capitalize()}: {found['count']}" + (f" — top: {top}" if top else ""))
    return "\n".join(lines)


def _number(value: int) -> str:
    return f"{value:,}"
