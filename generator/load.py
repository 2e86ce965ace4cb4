"""Step 1, load: find portrait files and parse them, keeping the position of every value.

YAML is parsed node by node (never with a full constructor) so that each value keeps its
line and column, no tag can run code, and alias expansion is bounded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

import yaml
from frontmatter.default_handlers import YAMLHandler

from .model import MEDIA_SUFFIXES
from .problems import Problem, shorten

PORTRAIT_SUFFIXES = (".yml", ".yaml", ".md")
MAX_FILE_BYTES = 8 * 1024 * 1024  # a long interview is ~100 KB; this bounds memory and time
MAX_VALUES = 20_000  # values after alias expansion: a portrait has a few hundred
MAX_DEPTH = 40

Loc = tuple[str | int, ...]
Position = tuple[int, int]  # 1-based line and column

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"


@dataclass(frozen=True)
class Source:
    """One portrait file as parsed: plain data plus where each value came from."""

    path: Path
    display: str  # the path as shown in messages
    relative: str  # POSIX path inside the portraits folder, e.g. "2024/zoe-lefebvre.yml"
    slug: str
    data: Mapping[str, Any]
    positions: Mapping[Loc, Position] = field(default_factory=dict)  # value positions
    key_positions: Mapping[Loc, Position] = field(default_factory=dict)  # mapping keys

    def position(self, loc: Loc, *, key: bool = False) -> Position:
        """The closest known position for `loc`, falling back to its parents."""
        table = self.key_positions if key else self.positions
        while loc:
            if loc in table:
                return table[loc]
            if not key and loc in self.key_positions:
                return self.key_positions[loc]
            loc = loc[:-1]
        return self.positions.get((), (1, 1))


@dataclass(frozen=True)
class Loaded:
    sources: tuple[Source, ...]
    problems: tuple[Problem, ...]
    media_files: tuple[str, ...] = ()  # image files under the folder, relative to it (POSIX)


class _TooBig(Exception):
    def __init__(self, message: str, hint: str, position: Position):
        super().__init__(message)
        self.hint, self.position = hint, position


def scan_folder(root: Path) -> tuple[list[Path], list[str]]:
    """(portrait files, media files) under `root`. Files and folders starting with "_" are
    not portraits (they may hold media and registries); hidden ones are ignored entirely."""
    portraits, media = [], []
    for path in sorted(root.rglob("*")):
        parts = path.relative_to(root).parts
        if any(part.startswith(".") for part in parts) or not path.is_file():
            continue
        suffix = path.suffix.lower()
        if suffix in MEDIA_SUFFIXES:
            media.append("/".join(parts))
        elif suffix in PORTRAIT_SUFFIXES and not any(part.startswith("_") for part in parts):
            portraits.append(path)
    return portraits, media


def load_folder(root: Path) -> Loaded:
    sources, problems = [], []
    paths, media = scan_folder(root)
    for path in paths:
        source, found = load_file(path, root)
        problems.extend(found)
        if source is not None:
            sources.append(source)
    return Loaded(tuple(sources), tuple(problems), tuple(media))


def load_file(path: Path, root: Path) -> tuple[Source | None, list[Problem]]:
    display = display_path(path)
    text, problem = read_text(path, display)
    if problem:
        return None, [problem]
    relative = path.resolve().relative_to(root.resolve()).as_posix()
    if path.suffix.lower() == ".md":
        return parse_markdown(text, path, display, relative)
    return parse_yaml_document(text, path, display, relative)


def display_path(path: Path) -> str:
    """The path as a writer's terminal shows it: relative to the current folder when inside it."""
    path = path.absolute()
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def read_text(path: Path, display: str) -> tuple[str, Problem | None]:
    """UTF-8 (with or without BOM), LF or CRLF; anything else is a located error."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return "", Problem(display, 1, 1, f"file is too large ({size:,} bytes)",
                           f"a portrait file may hold at most {MAX_FILE_BYTES:,} bytes; move media to separate files")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return "", Problem(display, line, column,
                           f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02X})",
                           "save the file with the UTF-8 encoding (most editors: 'Save with encoding')")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return "", Problem(display, line, 1, "the file contains a NUL character",
                           "this looks like a binary or UTF-16 file; save it as UTF-8 text")
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def parse_yaml_document(text: str, path: Path, display: str, relative: str, line_offset: int = 0):
    """Parse a whole YAML portrait. Returns (Source or None, problems)."""
    data, positions, keys, problems = parse_yaml(text, display, line_offset)
    if problems:
        return None, problems
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return None, [Problem(display, 1 + line_offset, 1, "a portrait must be a mapping of fields",
                              "start with 'name: …' and 'published: YYYY-MM-DD' at the left margin")]
    return Source(path, display, relative, path.stem, MappingProxyType(data), positions, keys), []


def parse_yaml(text: str, display: str, line_offset: int = 0):
    """(data, value positions, key positions, problems) for one YAML document."""
    positions: dict[Loc, Position] = {}
    keys: dict[Loc, Position] = {}
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, positions, keys, []
        budget = [MAX_VALUES]
        data = _build(loader, node, (), positions, keys, budget, line_offset)
        return data, positions, keys, []
    except yaml.MarkedYAMLError as exc:
        return None, positions, keys, [_yaml_problem(exc, display, line_offset)]
    except yaml.YAMLError as exc:
        return None, positions, keys, [Problem(display, 1 + line_offset, 1, f"invalid YAML: {shorten(str(exc), 120)}")]
    except _TooBig as exc:
        return None, positions, keys, [Problem(display, *exc.position, str(exc), exc.hint)]
    except RecursionError:
        return None, positions, keys, [Problem(display, 1 + line_offset, 1, "the YAML is nested too deeply",
                                               f"a portrait needs at most a few levels of nesting (limit {MAX_DEPTH})")]
    finally:
        loader.dispose()


def _pos(node, line_offset: int) -> Position:
    return node.start_mark.line + 1 + line_offset, node.start_mark.column + 1


def _build(loader, node, loc: Loc, positions, keys, budget, line_offset):
    budget[0] -= 1
    where = _pos(node, line_offset)
    if budget[0] < 0:
        raise _TooBig("too many values (is an alias expanding many times?)",
                      f"a portrait may hold at most {MAX_VALUES:,} values; avoid YAML anchors and aliases", where)
    if len(loc) > MAX_DEPTH:
        raise _TooBig("the YAML is nested too deeply", f"a portrait needs at most a few levels of nesting", where)
    positions[loc] = where
    if isinstance(node, yaml.MappingNode):
        _require_tag(node, _MAP_TAG, where)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_where = _pos(key_node, line_offset)
            if not isinstance(key_node, yaml.ScalarNode):
                raise _TooBig("a field name must be plain text", "write 'field: value'", key_where)
            key = str(loader.construct_scalar(key_node))
            if key in result:
                raise _TooBig(f"field '{shorten(key)}' is given twice",
                              f"keep one '{shorten(key)}' (the first is at line {keys[loc + (key,)][0]})", key_where)
            keys[loc + (key,)] = key_where
            result[key] = _build(loader, value_node, loc + (key,), positions, keys, budget, line_offset)
        return result
    if isinstance(node, yaml.SequenceNode):
        _require_tag(node, _SEQ_TAG, where)
        return [_build(loader, item, loc + (i,), positions, keys, budget, line_offset)
                for i, item in enumerate(node.value)]
    if node.tag not in _PLAIN_TAGS:
        raise _TooBig(f"the YAML tag '{shorten(node.tag)}' is not allowed",
                      "remove the '!…' tag: portraits hold plain text, numbers, dates, lists and mappings", where)
    try:
        return loader.construct_object(node)
    except (ValueError, yaml.YAMLError):
        # e.g. a timestamp-looking value that is not a real date (2023-02-30)
        return str(node.value)


def _require_tag(node, tag: str, where: Position) -> None:
    if node.tag != tag:
        raise _TooBig(f"the YAML tag '{shorten(node.tag)}' is not allowed",
                      "remove the '!…' tag: portraits hold plain text, numbers, dates, lists and mappings", where)


_YAML_HINTS = (
    ("cannot start any token", "quote the value: a value starting with @, ` or % must be in quotes, e.g. \"@handle\""),
    ("mapping values are not allowed", "a value containing ': ' must be quoted, or written as a block with '|'"),
    ("found character '\\t'", "indent with spaces, not tabs"),
    ("could not find expected ':'", "each field is 'name: value'; check the line above for a missing ':' or quote"),
    ("did not find expected key", "check the indentation: fields of one mapping start in the same column"),
    ("found undefined alias", "remove the '*alias' or define its '&anchor' first"),
    ("expected <block end>", "check the indentation of this line against the one above"),
)


def _yaml_problem(exc: yaml.MarkedYAMLError, display: str, line_offset: int) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1 + line_offset, mark.column + 1) if mark else (1 + line_offset, 1)
    problem = exc.problem or "invalid YAML"
    if exc.context and exc.context not in problem:
        problem = f"{exc.context}: {problem}" if "while" not in exc.context else f"{problem} ({exc.context})"
    hint = next((h for needle, h in _YAML_HINTS if needle in problem), "check the YAML syntax on this line")
    return Problem(display, line, column, f"invalid YAML: {shorten(problem, 160)}", hint)


# --- Markdown portraits -------------------------------------------------------------------

_QUESTION = re.compile(r"^##[ \t]+(?P<text>.+?)[ \t]*(?:\{#(?P<id>[^}\s]*)\})?[ \t]*#*[ \t]*$")
_FENCE = re.compile(r"^(```|~~~)")


def parse_markdown(text: str, path: Path, display: str, relative: str):
    """Front matter holds the metadata; the body holds the intro and the interview."""
    handler = YAMLHandler()
    if not handler.detect(text):
        return None, [Problem(display, 1, 1, "a Markdown portrait must start with front matter",
                              "put the metadata between two '---' lines at the top, e.g. ---\\nname: …\\npublished: 2024-01-31\\n---")]
    try:
        front, body = handler.split(text)
    except ValueError:
        return None, [Problem(display, 1, 1, "the front matter is not closed", "add a line '---' after the metadata")]
    front_start = text.find(front, 3)
    source, problems = parse_yaml_document(front, path, display, relative, text.count("\n", 0, front_start))
    if source is None:
        return None, problems
    body_line = text.count("\n", 0, len(text) - len(body)) + 1
    data = dict(source.data)
    positions, keys = dict(source.positions), dict(source.key_positions)
    found = []
    intro, interview = _split_body(body, body_line)
    for field_name, value in (("intro", intro), ("interview", interview)):
        if value is None:
            continue
        if field_name in data:
            line = keys[(field_name,)][0]
            found.append(Problem(display, line, 1, f"'{field_name}' is given both in the front matter and in the body",
                                 f"keep one: in a Markdown portrait the {'text before the first ## heading' if field_name == 'intro' else '## headings'} are the {field_name}"))
            continue
        data[field_name] = value[0]
        positions.update(value[1])
    if found:
        return None, found
    return Source(path, display, relative, path.stem, MappingProxyType(data), positions, keys), []


def _split_body(body: str, first_line: int):
    """(intro, interview): each None or (value, positions) with positions of each part."""
    lines = body.split("\n")
    intro_lines: list[str] = []
    items: list[dict[str, Any]] = []
    positions: dict[Loc, Position] = {}
    current: list[str] = intro_lines
    in_fence = False
    for offset, line in enumerate(lines):
        if _FENCE.match(line.lstrip()):
            in_fence = not in_fence
        match = None if in_fence else _QUESTION.match(line)
        if match:
            index = len(items)
            item: dict[str, Any] = {"question": match["text"].strip()}
            if match["id"] is not None:
                item["id"] = match["id"]
            items.append(item)
            loc: Loc = ("interview", index)
            positions[loc] = positions[loc + ("question",)] = (first_line + offset, 4)
            if match["id"] is not None:
                positions[loc + ("id",)] = (first_line + offset, line.index("{#") + 1)
            positions[loc + ("answer",)] = (first_line + offset + 1, 1)
            current = item.setdefault("_lines", [])
            continue
        current.append(line)
    for item in items:
        item["answer"] = "\n".join(item.pop("_lines")).strip("\n")
    intro_text = "\n".join(intro_lines).strip("\n")
    intro = None
    if intro_text.strip():
        skipped = len(intro_lines) - len("\n".join(intro_lines).lstrip("\n").split("\n"))
        intro = (intro_text, {("intro",): (first_line + skipped, 1)})
    interview = None
    if items:
        positions[("interview",)] = positions[("interview", 0)]
        interview = (items, positions)
    return intro, interview
