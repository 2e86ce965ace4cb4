"""Located problems: what a writer sees when a file is wrong."""

from __future__ import annotations

import difflib
import re
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
        text = f"{visible(self.path)}:{self.line}:{self.column}: {self.severity}: {visible(self.message)}"
        return f"{text}\n    hint: {visible(self.hint)}" if self.hint else text


# C0 and C1 control characters (tab and line feed aside), DEL, and the bidirectional overrides
# that reorder what a terminal shows: a key or file name holding "\x1b[2K\x1b[1A" would erase an
# error line and draw a fake one. They are shown escaped, on a terminal or not.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """`text` with every control character written out (ESC → '\\x1b'), safe to print."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}",
                        text)


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
