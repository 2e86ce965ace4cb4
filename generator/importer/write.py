"""The imported portrait as a file, with every flagged value marked by a YAML comment beside
it (`# vérifier : …` / `# check: …`, in the portrait's language), so that the writer finds the
doubts where they edit, not only in the terminal."""

from __future__ import annotations

import json
from typing import Any, Sequence

import yaml

from ..scaffold import dump_yaml, to_markdown
from ..verbatim import PROSE_FIELDS, field_pattern
from .article import Flag

_WORD = {"fr": "vérifier :", "en": "check:"}
_HEADER = {"fr": "# Portrait importé : relisez les valeurs marquées « vérifier », puis retirez ces commentaires.\n",
           "en": "# Imported portrait: review the values marked “check”, then remove these comments.\n"}


def _lang(language: str | None) -> str:
    return "fr" if (language or "").split("-")[0] == "fr" else "en"


def _comment(flags: Sequence[Flag], language: str | None) -> str:
    texts = " ; ".join(" ".join(flag.text(language).split()) for flag in flags)
    return f"# {_WORD[_lang(language)]} {texts}"


def annotated_yaml(data: dict[str, Any], flags: Sequence[Flag], language: str | None) -> tuple[str, list[tuple[int, Flag]]]:
    """(YAML text, (line number, flag) for each flag). A flag's comment goes at the end of its
    value's key line (after a `|-` block header too: YAML allows a comment there)."""
    text = dump_yaml(data)
    if not flags:
        return text, []
    lines = text.split("\n")
    root = yaml.compose(text)
    by_line: dict[int, list[Flag]] = {}
    for flag in flags:
        by_line.setdefault(_key_line(root, flag.path), []).append(flag)
    plain = _plain_texts_by_line(root)
    for line, found in by_line.items():
        comment = _comment(found, language)
        if line in plain:  # a comment after unquoted text reads as text cut off (`portraits check` says so)
            start, end, value = plain[line]
            quoted, comment = _quoted(value, comment)
            lines[line] = lines[line][:start] + quoted + lines[line][end:]
        lines[line] += "  " + comment
    header = _HEADER[_lang(language)]
    located = sorted(((line + 2, flag) for line, found in by_line.items() for flag in found), key=lambda pair: pair[0])  # 1-based, after the header
    return header + "\n".join(lines), located


def _plain_texts_by_line(node: yaml.Node, loc: tuple = ()) -> dict[int, tuple[int, int, str]]:
    """(start column, end column, text) of the unquoted one-line prose that ends each line."""
    found: dict[int, tuple[int, int, str]] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            found.update(_plain_texts_by_line(value, (*loc, key.value)))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            found.update(_plain_texts_by_line(item, (*loc, index)))
    elif (isinstance(node, yaml.ScalarNode) and not node.style and field_pattern(loc) in PROSE_FIELDS
          and node.value and node.start_mark.line == node.end_mark.line):
        found[node.end_mark.line] = (node.start_mark.column, node.end_mark.column, node.value)
    return found


def _quoted(text: str, comment: str) -> tuple[str, str]:
    """One line of text in YAML quotes, and its comment: a quote of the same kind in the
    comment would read as the text going on, so the comment gets a typographic one."""
    if "'" not in comment:
        return "'" + text.replace("'", "''") + "'", comment
    return json.dumps(text, ensure_ascii=False), comment.replace('"', "”")


def _key_line(node: yaml.Node, path: tuple[str | int, ...]) -> int:
    """The 0-based line of the key (or list item) that `path` names, as far as it exists."""
    line = 0
    for part in path:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            pair = next(((k, v) for k, v in node.value if k.value == part), None)
            if pair is None:
                return line
            line, node = pair[0].start_mark.line, pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line
        else:
            return line
    return line


def annotated_markdown(data: dict[str, Any], flags: Sequence[Flag], language: str | None) -> tuple[str, list[tuple[int, Flag]]]:
    """A Markdown portrait: the flags as comments at the top of its front matter, each naming
    its question (the body has no place for YAML comments)."""
    text = to_markdown(data)
    if not flags:
        return text, []
    comments = [_HEADER[_lang(language)].rstrip("\n")]
    for flag in flags:
        where = f"question {flag.path[1] + 1} — " if flag.path[:1] == ("interview",) and len(flag.path) > 1 else ""
        comments.append(f"# {where}{_comment([flag], language)[2:]}")
    lines = text.split("\n")
    return "\n".join([lines[0], *comments, *lines[1:]]), [(index + 2, flag) for index, flag in enumerate(flags, start=1)]
