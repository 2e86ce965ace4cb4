"""Located problems: what a writer sees when a file is wrong."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    column: int
    message: str
    hint: str = ""
    severity: Severity = "error"

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"
        return f"{text}\n    hint: {self.hint}" if self.hint else text


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def warnings(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "warning"]


def report(problems: Iterable[Problem]) -> str:
    """All problems, sorted by file and position, and a one-line summary."""
    problems = sorted(problems)
    if not problems:
        return ""
    n_err, n_warn = len(errors(problems)), len(warnings(problems))
    files = len({p.path for p in problems})
    summary = f"{n_err} error(s), {n_warn} warning(s) in {files} file(s)"
    return "\n".join([*map(str, problems), summary])


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice a writer most likely meant by `word` (a typo), if any is close enough."""
    match = difflib.get_close_matches(word[:100], sorted(choices), n=1, cutoff=0.6)
    return match[0] if match else None


def shorten(value: object, limit: int = 60) -> str:
    """A value as it may appear in a message: never the whole of a huge value."""
    text = repr(value) if not isinstance(value, str) else value
    text = " ".join(text[: limit * 4].split())  # a 1 MB value is not copied around to be cut
    return text if len(text) <= limit else text[: limit - 1] + "…"
