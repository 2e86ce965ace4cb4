"""Text fields keep what the writer typed.

YAML reads some plain text as something else: `1.10` as the number 1.1, `0755` as 493, `yes`
as true, `12:30` as 750, and ` #` as the start of a comment that silently drops the rest of
the line ("suivre #commu et #radio" becomes "suivre"). In a field that holds text, the loader
takes the scalar's source text instead of YAML's reading of it, and reports what would still be
lost: a comment after plain text, an anchor or tag in front of it, an escape in double quotes
that turns a backslash into an invisible character.
"""

from __future__ import annotations

import re
from typing import Any, Callable

import yaml

from .problems import Problem, shorten

Loc = tuple[str | int, ...]
Position = tuple[int, int]

# Fields whose value is text (a `*` stands for a list index or a link label).
TEXT_FIELDS = frozenset({
    ("name",), ("headline",), ("nickname",), ("author",), ("language",), ("intro",),
    ("photo", "src"), ("photo", "alt"),
    ("career", "*", "organization"), ("career", "*", "role"),
    ("organizations", "*"), ("tools", "*"), ("platforms", "*"), ("tags", "*"), ("related", "*"),
    ("links", "*"),
    ("interview", "*", "question"), ("interview", "*", "answer"), ("interview", "*", "id"),
    ("interview", "*", "image", "src"), ("interview", "*", "image", "alt"),
    ("interview", "*", "image", "caption"),
    ("reading", "*", "title"), ("reading", "*", "url"),
})
# Text fields that hold prose, where " #" is everyday text (hashtags). File paths, URLs, ids
# and language codes cannot hold a space, so a comment after them loses nothing.
PROSE_FIELDS = TEXT_FIELDS - {("language",), ("photo", "src"), ("related", "*"), ("links", "*"),
                              ("interview", "*", "id"), ("interview", "*", "image", "src"),
                              ("reading", "*", "url")}

QUOTE_HINT = "quote the text or write it as a block with `|`"
# Escapes of double quotes that turn into an invisible character (a "C:\temp" path, a pasted "\n").
_CONTROL_ESCAPES = set("0abtnvfreN_LP\t")
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_YAML_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")


def field_pattern(loc: Loc) -> Loc:
    """`loc` with list indexes and link labels as `*`."""
    return tuple("*" if isinstance(part, int) or (index == 1 and loc[0] == "links") else part
                 for index, part in enumerate(loc))


class Verbatim:
    """Source text of the scalars of one YAML document, and the problems of its text fields."""

    def __init__(self, text: str, place: Callable[[Any], Position], display: str):
        parts = re.split(f"({_YAML_BREAK.pattern})", text)
        self.lines = parts[::2]  # as YAML counts lines: marks index into these
        # lines YAML starts at a break an editor does not show (U+2028…): the same line to the writer
        self.hidden = {row + 1 for row, brk in enumerate(parts[1::2]) if brk in "\x85\u2028\u2029"}
        self.place, self.display = place, display
        self.problems: list[Problem] = []

    def value(self, node: yaml.ScalarNode, loc: Loc, in_flow: bool, construct: Callable[[], Any],
              parent_column: int = 0) -> Any:
        """The value of a scalar: as typed in a text field, as YAML reads it elsewhere.
        `parent_column` (0-based): its key's column, or its list's dash."""
        pattern = field_pattern(loc)
        if pattern not in TEXT_FIELDS:
            return construct()
        name = next(str(part) for part in reversed(loc) if isinstance(part, str))
        plain = not node.style
        if pattern in PROSE_FIELDS and not in_flow:
            self._comments_after(node, name, parent_column)
        if plain:
            self._markup_before(node, name)
            return node.value or None  # nothing typed: no value, as YAML reads it
        if node.style == '"' and pattern in PROSE_FIELDS:  # elsewhere a control character is refused
            self._escapes(node, name)
        return node.value

    def _comments_after(self, node, name: str, base: int) -> None:
        """A comment after the text on its last line, or comment lines indented like its
        continuation: the writer's text, read by YAML as a comment."""
        end = node.end_mark
        if end.line >= len(self.lines):
            return
        if node.style in ("'", '"'):  # the closing quote ends the text: a comment after it is one,
            rest = self.lines[end.line][end.column:]  # unless it holds a quote closing the real text
            if rest.lstrip().startswith("#") and node.style in rest:
                line, column = self.place(end)
                quotes, escaped = ("double", '\\"') if node.style == '"' else ("single", "''")
                self.problems.append(Problem(
                    self.display, line, column - 1,
                    f"'{name}': the text ends at this quote; what follows is read as a YAML comment",
                    f"inside {quotes} quotes write a quote as {escaped}, or write the text as a block with `|`"))
            return
        if not node.style:
            rest = self.lines[end.line][end.column:]
            if rest.lstrip().startswith("#"):
                return self._comment(end.line, end.column + len(rest) - len(rest.lstrip()) + 1, name,
                                     "the text from ' #' on")
            if not node.value:  # nothing typed: a comment on a line below is only a comment
                return
        # Comment lines right below, indented deeper than the field's key (or dash): a plain
        # text's next line, or a block's line not indented enough, that YAML reads as a comment.
        first_below = end.line + 1 if not node.style else end.line  # a block's end is the line after it
        for row in range(first_below, len(self.lines)):
            line = self.lines[row]
            if not line.strip():
                continue
            if line.lstrip().startswith("#") and (_indent(line) > base or row in self.hidden):
                self._comment(row, _indent(line) + 1, name, "this line, starting with '#',")
            return

    def _comment(self, row: int, column: int, name: str, what: str) -> None:
        line, col = self.place(yaml.Mark("", 0, row, column - 1, None, None))
        self.problems.append(Problem(
            self.display, line, col, f"'{name}': {what} is read as a YAML comment and would be left out",
            QUOTE_HINT))

    def _markup_before(self, node, name: str) -> None:
        """An anchor (&x) or tag (!x) in front of plain text is YAML markup, not text."""
        start, end = node.start_mark, node.end_mark
        typed = _span(self.lines, start.line, start.column, end.line, end.column)
        typed = re.sub(r"^(?:!!str|!<tag:yaml\.org,2002:str>)\s", "", typed)  # "this is text": what it says
        if "".join(typed.split()) != "".join(node.value.split()):
            first = typed.split()[0] if typed.split() else typed
            line, column = self.place(start)
            self.problems.append(Problem(
                self.display, line, column,
                f"'{name}': YAML reads '{shorten(first, 30)}' as markup (an anchor or tag), not as text",
                QUOTE_HINT))

    def _escapes(self, node, name: str) -> None:
        start, end = node.start_mark, node.end_mark
        typed = _span(self.lines, start.line, start.column, end.line, end.column)
        found = next((m for m in _ESCAPE.finditer(typed) if m.group(1) in _CONTROL_ESCAPES), None)
        if found:
            escape = found.group(0).replace("\t", "<tab>")
            line, column = self.place(start)
            self.problems.append(Problem(
                self.display, line, column,
                f"'{name}': '{escape}' inside double quotes is read as an invisible character",
                "to keep the backslash, use single quotes or write '\\\\'; "
                "to break lines, write the text as a block with `|`", "warning"))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _span(lines: list[str], start_line: int, start_column: int, end_line: int, end_column: int) -> str:
    if start_line == end_line:
        return lines[start_line][start_column:end_column] if start_line < len(lines) else ""
    middle = lines[start_line + 1:end_line]
    last = lines[end_line][:end_column] if end_line < len(lines) else ""
    return "\n".join([lines[start_line][start_column:], *middle, last])
