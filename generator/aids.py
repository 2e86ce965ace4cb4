"""Writing aids: length and reading time, warnings on very long answers and questions, and an
optional spelling check (French and English dictionaries shipped with pyspellchecker: no
network). All of them are warnings: they never stop a build."""

from __future__ import annotations

import math
import re
from functools import lru_cache, partial
from typing import Any, Iterable

from .config import DEFAULTS, Limits
from .kept import KeptPerObject
from .load import Loc, Source
from .parallel import map_in_processes
from .problems import Problem, shorten

WORDS_PER_MINUTE = 230  # an adult reading on screen, in French or English
_WORD = re.compile(r"\w++(?:['’-]\w++)*+")  # possessive: the same words, a third faster
_LINK_TARGET = re.compile(r"\]\([^)]*\)|<[^>]+>|https?://\S+")


def count_words(markdown: str) -> int:
    """Words a reader sees: link targets, URLs and HTML tags are not counted."""
    return len(_WORD.findall(_LINK_TARGET.sub(" ", markdown)))


def reading_minutes(words: int) -> int:
    """Minutes to read `words`, at least one."""
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def _minutes(count: int) -> str:
    return f"{count} minute" + ("s" if count > 1 else "")


def portrait_words(portrait: Any) -> int:
    """Words of a portrait a reader reads: intro, questions, answers and captions."""
    texts = [portrait.intro or ""]
    for item in portrait.interview:
        if hasattr(item, "question"):
            texts += [item.question, item.answer or ""]
        elif item.image.caption:
            texts.append(item.image.caption)
    return sum(count_words(text) for text in texts)


def _answers(source: Source) -> Iterable[tuple[int, dict]]:
    interview = source.data.get("interview")
    for index, item in enumerate(interview if isinstance(interview, list) else []):
        if isinstance(item, dict):
            yield index, item


def length_problems(sources: Iterable[Source], limits: Limits = DEFAULTS.limits,
                    before: KeptPerObject | None = None, workers: int = 1) -> list[Problem]:
    """Very long answers and questions: a pasted article, or two questions run together,
    looked for in `workers` processes. `before` (a live preview's, kept between builds): each
    file's problems, reused while the loader returns the same source object (an unchanged
    file) and the limits are the same."""
    before = before if before is not None else KeptPerObject()
    sources = list(sources)
    stale = [source for source in sources if not before.knows("lengths", source, limits)]
    checked = map_in_processes(partial(_listed_length_problems, limits=limits), stale, workers)
    found = dict(zip(map(id, stale), checked))
    problems = [problem for source in sources
                for problem in before.get("lengths", source, limits, partial(found.__getitem__, id(source)))]
    before.next_build()
    return problems


def _listed_length_problems(source: Source, limits: Limits) -> list[Problem]:
    return list(_length_problems(source, limits))


def _length_problems(source: Source, limits: Limits) -> Iterable[Problem]:
    for index, item in _answers(source):
        question, answer = item.get("question"), item.get("answer")
        if limits.question_chars and isinstance(question, str) and len(question.strip()) > limits.question_chars:
            line, column = source.position(("interview", index, "question"))
            yield Problem(source.display, line, column,
                          f"question {index + 1} is very long ({len(question.strip())} characters, "
                          f"more than {limits.question_chars})",
                          "shorten it, or move its explanation into the answer; is it two questions?", "warning")
        # A word and the character after it take two: an answer of up to twice the limit in
        # characters cannot pass it, and is not counted.
        long = limits.answer_words and isinstance(answer, str) and len(answer) > 2 * limits.answer_words
        if long and (words := count_words(answer)) > limits.answer_words:
            line, column = source.position(("interview", index, "answer"))
            yield Problem(source.display, line, column,
                          f"the answer to question {index + 1} is very long ({words:,} words, "
                          f"more than {limits.answer_words:,}, {_minutes(reading_minutes(words))} of reading)",
                          "split it over several questions, or check that the next question was not pasted into it",
                          "warning")


# --- spelling -----------------------------------------------------------------------------

DICTIONARIES = ("fr", "en")
_ELIDED = {"c", "d", "j", "l", "m", "n", "s", "t", "qu", "lorsqu", "puisqu", "jusqu", "quoiqu", "presqu"}
_SKIPPED = re.compile(r"```.*?```|`[^`]*`|\]\([^)]*\)|<[^>]+>|https?://\S+|[@#]\w+|\S+@\S+", re.DOTALL)
_SPELL_FIELDS = ("question", "answer")
MAX_PER_FIELD = 5


@lru_cache(maxsize=None)
def _checker(language: str):
    from spellchecker import SpellChecker  # an optional extra: portraits[spelling]

    return SpellChecker(language=language, distance=1)


def spelling_available() -> bool:
    try:
        import spellchecker  # noqa: F401
    except ImportError:
        return False
    return True


def misspelt(text: str, language: str, known: frozenset[str] = frozenset()) -> list[tuple[str, str | None]]:
    """(word, suggestion) for each distinct word not in the dictionary, in order. Names (a
    capital letter), words with digits, hashtags, handles, URLs, code and the series' own
    names are left alone."""
    checker = _checker(language)
    found, seen = [], set()
    for word in _WORD.findall(_SKIPPED.sub(" ", text)):
        word = word.replace("’", "'")
        if word in seen or any(ch.isdigit() or ch.isupper() or ch == "_" for ch in word) or word in known:
            continue
        seen.add(word)
        parts = [part for part in re.split(r"['-]", word) if part and part not in _ELIDED]
        if _known(checker, word) or all(_known(checker, part) or len(part) < 3 for part in parts):
            continue
        wrong = next(part for part in parts if not _known(checker, part) and len(part) >= 3)
        suggestion = checker.correction(wrong)
        found.append((wrong, suggestion if suggestion and suggestion != wrong else None))
    return found


# The dictionaries spell "oeuvre" and "favorite": the ligature and British spellings are right too.
_VARIANTS = ((re.compile("œ"), "oe"), (re.compile("æ"), "ae"), (re.compile("our"), "or"),
             (re.compile(r"is(e|ed|es|ing|ation|ations)$"), r"iz\1"), (re.compile(r"yse(d|s)?$"), r"yze\1"),
             (re.compile(r"tre(s?)$"), r"ter\1"), (re.compile(r"ll(ed|ing|er)$"), r"l\1"))


def _known(checker, word: str) -> bool:
    return word in checker or any(pattern.search(word) and pattern.sub(repl, word) in checker
                                  for pattern, repl in _VARIANTS)


def spelling_problems(sources: Iterable[Source], site_language: str, known_names: Iterable[str] = ()) -> Iterable[Problem]:
    """Words of the intro, questions and answers not found in the portrait language's
    dictionary, located at the word when it can be found in the file."""
    known = frozenset(word.casefold() for name in known_names for word in _WORD.findall(name))
    for source in sources:
        language = source.data.get("language") if isinstance(source.data.get("language"), str) else site_language
        language = language.split("-")[0].lower()
        if language not in DICTIONARIES:
            continue
        lines = _file_lines(source)
        fields: list[tuple[Loc, Any]] = [(("intro",), source.data.get("intro"))]
        for index, item in _answers(source):
            fields += [(("interview", index, name), item.get(name)) for name in _SPELL_FIELDS]
        for loc, text in fields:
            if not isinstance(text, str):
                continue
            for word, suggestion in misspelt(text, language, known)[:MAX_PER_FIELD]:
                line, column = _word_position(lines, source.position(loc), word)
                hint = f"did you mean '{suggestion}'?" if suggestion else "check the spelling"
                yield Problem(source.display, line, column,
                              f"'{shorten(word, 40)}' is not in the {_LANGUAGE_NAMES[language]} dictionary",
                              hint + "; a name or a term of the trade can stay as it is", "warning")


_LANGUAGE_NAMES = {"fr": "French", "en": "English"}


def _file_lines(source: Source) -> list[str]:
    try:
        return source.path.read_text(encoding="utf-8-sig").replace("\r\n", "\n").split("\n")
    except (OSError, UnicodeDecodeError):
        return []


def _word_position(lines: list[str], start: tuple[int, int], word: str) -> tuple[int, int]:
    """The first whole occurrence of `word` at or after `start`, else `start` itself."""
    pattern = re.compile(r"(?<!\w)" + re.escape(word) + r"(?!\w)")
    line, column = start
    for row in range(line - 1, len(lines)):
        found = pattern.search(lines[row], column - 1 if row == line - 1 else 0)
        if found:
            return row + 1, found.start() + 1
    return start
