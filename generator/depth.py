"""How deeply a YAML text nests, found before any YAML library reads it.

YAML libraries have nesting limits of their own, with their own words and positions: libyaml
0.2.6 (bundled with PyYAML 6.0.4) stops at 1,000 levels, and its scanner reads far ahead of the
events it hands out, so the loader's limit could never fire first on its own. This pre-scan
counts the collections open at each flow bracket and block indicator, line by line. It follows
quotes, comments, block scalars and flow context; where a line scanner cannot tell what YAML
means, it counts more levels, never fewer. A text that cannot be that deep (a cheap upper
bound) is not scanned at all, so ordinary portraits cost nothing."""

from __future__ import annotations

import re

_BLOCK_SCALAR_HEADER = re.compile(r"[|>][0-9+-]{0,2}[ \t]*(?:#.*)?$")
_LEADING_INDICATORS = re.compile(r"^[ \t?-]*", re.M)


def too_deep_at(text: str, limit: int) -> tuple[int, int] | None:
    """(line, column), 1-based, where more than `limit` collections are first open, or None."""
    brackets = text.count("[") + text.count("{")
    if brackets + 2 * (max(map(len, _LEADING_INDICATORS.findall(text)), default=0) + 1) <= limit:
        return None
    indents: list[int] = []  # indentations of the open block levels
    block = flow = 0  # block levels open on this line; flow collections open
    quote = ""  # the quote of a quoted scalar left open at the end of a line
    scalar_indent = -1  # while a block scalar is open: its lines are deeper than this
    for number, line in enumerate(text.split("\n"), start=1):
        indent = len(line) - len(line.lstrip(" "))
        if scalar_indent >= 0:
            if not line.strip() or indent > scalar_indent:
                continue
            scalar_indent = -1
        at = 0
        if not (flow or quote):
            if not line.strip() or line[indent:].startswith("#"):
                continue
            while indents and indents[-1] > indent:
                indents.pop()
            if not indents or indents[-1] < indent:
                indents.append(indent)
            block, at = len(indents), indent
            if block > limit:
                return number, indent + 1
            entries = 0
            while line.startswith(("- ", "? "), at) or line[at:] in ("-", "?"):
                entries += 1
                if entries > 1:  # "- - x": a sequence inside the entry, on the same line
                    block += 1
                    if block > limit:
                        return number, at + 1
                at += 2
                while line.startswith(" ", at):
                    at += 1
        column, flow, quote, opens_scalar = _scan_line(line, at, block, flow, quote, limit)
        if column:
            return number, column
        if opens_scalar:
            scalar_indent = indent
    return None


def _scan_line(line: str, at: int, block: int, flow: int, quote: str, limit: int):
    """(column where `limit` is passed or 0, flow, open quote, opens a block scalar) for the
    rest of one line, from `at`, with `flow` collections and `quote` open before it."""
    node_start = True  # a scalar, a quote or a collection may begin here
    while at < len(line):
        if quote:
            end = _quote_end(line, at, quote)
            if end < 0:
                return 0, flow, quote, False
            at, quote, node_start = end + 1, "", False
            continue
        char = line[at]
        if char == "#" and (at == 0 or line[at - 1] in " \t"):
            break
        if char in " \t":
            at += 1
            continue
        if node_start and char in "'\"":
            quote, at = char, at + 1
            continue
        if (flow or node_start) and char in "[{":
            flow += 1
            if block + flow > limit:
                return at + 1, flow, quote, False
            at, node_start = at + 1, True
            continue
        if flow:
            if char in "]}":
                flow -= 1
            node_start = char in ",:"
            at += 1
            continue
        if node_start and char in "|>" and _BLOCK_SCALAR_HEADER.match(line, at):
            return 0, flow, quote, True
        # plain text in block context: a value may start after the next ": "
        colon, comment = line.find(": ", at), line.find(" #", at)
        if colon < 0 or 0 <= comment < colon:
            break
        at, node_start = colon + 2, True
    return 0, flow, quote, False


def _quote_end(line: str, at: int, quote: str) -> int:
    """Index of the quote closing a scalar on this line from `at`, or -1."""
    while True:
        end = line.find(quote, at)
        if end < 0:
            return -1
        if quote == '"':
            backslashes = len(line[at:end]) - len(line[at:end].rstrip("\\"))
            if backslashes % 2:
                at = end + 1
                continue
            return end
        if line.startswith("''", end):
            at = end + 2
            continue
        return end
