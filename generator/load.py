"""Step 1, load: find portrait files and parse them, keeping the position of every value.

YAML is parsed node by node (never with a full constructor) so that each value keeps its
line and column, no tag can run code, and alias expansion is bounded.
"""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

import yaml

from .depth import too_deep_at
from .model import MEDIA_SUFFIXES
from .parallel import map_in_processes
from .problems import Problem, shorten
from .verbatim import Verbatim

PORTRAIT_SUFFIXES = (".yml", ".yaml", ".md")
MAX_FILE_BYTES = 8 * 1024 * 1024  # a long interview is ~100 KB; this bounds memory and time
MAX_VALUES = 20_000  # values after alias expansion: a portrait has a few hundred
MAX_DEPTH = 40
_TOO_DEEP = ("the YAML is nested too deeply", f"a portrait needs at most a few levels of nesting (limit {MAX_DEPTH})")

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
    problems: tuple[Problem, ...] = ()  # found while parsing, in a file that still parses (text YAML would lose)

    def position(self, loc: Loc, *, key: bool = False) -> Position:
        return nearest_position(self.positions, self.key_positions, loc, key=key)

    def __reduce__(self):
        # Files are parsed in several processes; the read-only mapping does not pickle by itself.
        return _source, (self.path, self.display, self.relative, self.slug, dict(self.data),
                         self.positions, self.key_positions, self.problems)


def _source(path, display, relative, slug, data, positions, key_positions, problems=()) -> Source:
    return Source(path, display, relative, slug, MappingProxyType(data), positions, key_positions, problems)


def nearest_position(positions: Mapping[Loc, Position], key_positions: Mapping[Loc, Position], loc: Loc,
                     *, key: bool = False) -> Position:
    """The closest known position for `loc` (of its key, with `key`), falling back to its parents."""
    table = key_positions if key else positions
    while loc:
        if loc in table:
            return table[loc]
        if not key and loc in key_positions:
            return key_positions[loc]
        loc = loc[:-1]
    return positions.get((), (1, 1))


@dataclass(frozen=True)
class Loaded:
    sources: tuple[Source, ...]
    problems: tuple[Problem, ...]
    media_files: tuple[str, ...] = ()  # image files under the folder, relative to it (POSIX)


class _TooBig(Exception):
    def __init__(self, message: str, hint: str, position: Position):
        super().__init__(message)
        self.hint, self.position = hint, position


def unreadable_folders(root: Path) -> list[Problem]:
    """Folders under `root` that cannot be listed: their portraits would be left out silently."""
    found: list[Problem] = []

    def note(error: OSError) -> None:
        if error.filename and Path(error.filename) != root:
            found.append(Problem(display_path(Path(error.filename)), 1, 1,
                                 f"cannot read this folder ({error.strerror or error}): its portraits are left out",
                                 "give yourself the permission to read it (chmod u+rx), or move it out of the portraits folder"))

    for _folder, dirs, _files in os.walk(root, onerror=note):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
    return found


def scan_folder(root: Path) -> tuple[list[Path], list[str]]:
    """(portrait files, media files) under `root`. Files and folders starting with "_" are
    not portraits (they may hold media and registries); hidden ones are ignored entirely.
    Linked folders are not followed (no loops), and a media file whose link leads outside
    `root` is not listed, so it can never be copied into the site."""
    portraits, media = [], []
    real_root = root.resolve()
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(folder, name)
            parts = path.relative_to(root).parts
            if name.startswith(".") or not path.is_file():
                continue
            suffix = path.suffix.lower()
            if suffix in MEDIA_SUFFIXES and path.resolve().is_relative_to(real_root):
                media.append("/".join(parts))
            elif suffix in PORTRAIT_SUFFIXES and not any(part.startswith("_") for part in parts):
                portraits.append(path)
    return sorted(portraits), sorted(media)


def load_folder(root: Path, *, reuse: bool = False, workers: int = 1) -> Loaded:
    """Every portrait file under `root`, parsed by `workers` processes. With `reuse` (a live
    preview), files parsed by an earlier call are reused while unchanged; a one-off build keeps
    nothing."""
    sources, problems = [], unreadable_folders(root)
    paths, media = scan_folder(root)
    if reuse:
        loaded = _load_cached(paths, root, workers)
    else:
        loaded = map_in_processes(partial(load_file, root=root), paths, workers)
    for source, found in loaded:
        problems.extend(found)
        if source is not None:
            sources.append(source)
    return Loaded(tuple(sources), tuple(problems), tuple(media))


# Parsed files by path, reused while the file is unchanged (`mkdocs serve` rebuilds often).
_PARSED: dict[tuple[Path, Path, str], tuple[tuple[int, int] | None, Source | None, list[Problem]]] = {}


def _load_cached(paths: list[Path], root: Path, workers: int) -> list[tuple[Source | None, list[Problem]]]:
    """Each file as parsed before while unchanged (same modification time and size); the
    others parsed again, in `workers` processes (the first build of a live preview parses
    them all)."""
    keys = [(path, root, str(Path.cwd())) for path in paths]
    stamps = [_stamp(path) for path in paths]
    stale = [n for n, (key, stamp) in enumerate(zip(keys, stamps))
             if stamp is None or _PARSED.get(key, (None,))[0] != stamp]
    parsed = map_in_processes(partial(load_file, root=root), [paths[n] for n in stale], workers)
    for n, (source, found) in zip(stale, parsed):
        _PARSED[keys[n]] = (stamps[n], source, found)
    return [(_PARSED[key][1], list(_PARSED[key][2])) for key in keys]


def _stamp(path: Path) -> tuple[int, int] | None:
    """(modification time, size) of a file; None when it cannot be read (parsed each time,
    so that its problem is reported)."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def load_file(path: Path, root: Path) -> tuple[Source | None, list[Problem]]:
    display = display_path(path)
    if not path.resolve().is_relative_to(root.resolve()):
        return None, [Problem(display, 1, 1, "this portrait file is a link leading outside the portraits folder",
                              "copy the file into the portraits folder instead of linking to it")]
    text, problem = read_text(path, display)
    if problem:
        return None, [problem]
    relative = path.absolute().relative_to(root.absolute()).as_posix()
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


# Byte order marks of encodings a Windows editor may pick ("Unicode" = UTF-16); UTF-32 first,
# as its little-endian mark starts with UTF-16's.
_OTHER_BOMS = ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
               (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"))
_SAVE_AS_UTF8 = "save the file with the UTF-8 encoding (most editors: 'Save with encoding' → UTF-8)"


def read_text(path: Path, display: str) -> tuple[str, Problem | None]:
    """UTF-8 (with or without BOM), LF or CRLF; anything else is a located error."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return "", Problem(display, 1, 1, f"the file is too large ({size:,} bytes)",
                               f"a portrait file may hold at most {MAX_FILE_BYTES:,} bytes; keep images in separate files")
        raw = path.read_bytes()
    except OSError as exc:
        return "", Problem(display, 1, 1, f"cannot read the file ({shorten(exc.strerror or exc, 80)})",
                           "check that the file exists and that you may read it")
    for bom, encoding in _OTHER_BOMS:
        if raw.startswith(bom):
            return "", Problem(display, 1, 1, f"the file is encoded as {encoding}, not UTF-8", _SAVE_AS_UTF8)
    if b"\x00" in raw:  # checked first: UTF-16 without a BOM is full of NUL bytes
        return "", Problem(display, *_byte_position(raw, raw.index(b"\x00")), "the file contains NUL bytes",
                           "this looks like a UTF-16 or binary file; " + _SAVE_AS_UTF8)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return "", Problem(display, *_byte_position(raw, exc.start),
                           f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02X}, perhaps Latin-1 or Windows-1252)",
                           _SAVE_AS_UTF8)
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def _byte_position(raw: bytes, index: int) -> Position:
    """Line and column (in characters, as an editor shows them) of a byte offset."""
    line_start = raw.rfind(b"\n", 0, index) + 1
    before = raw[line_start:index].decode("utf-8-sig", errors="replace")
    return raw.count(b"\n", 0, index) + 1, len(before) + 1


def _text_position(text: str, index: int) -> Position:
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def parse_yaml_document(text: str, path: Path, display: str, relative: str, line_offset: int = 0):
    """Parse a whole YAML portrait. Returns (Source or None, problems)."""
    data, positions, keys, problems = parse_yaml(text, display, line_offset, portrait=True)
    if data is None and problems:
        return None, problems
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return None, [Problem(display, *positions.get((), (1 + line_offset, 1)), "a portrait must be a mapping of fields",
                              "start with 'name: …' and 'published: YYYY-MM-DD' at the left margin")]
    return Source(path, display, relative, path.stem, MappingProxyType(data), positions, keys, tuple(problems)), []


def parse_yaml(text: str, display: str, line_offset: int = 0, *, portrait: bool = False):
    """(data, value positions, key positions, problems) for one YAML document. Data is None
    when the YAML cannot be read; the problems of a `portrait`'s text fields come with its data."""
    positions: dict[Loc, Position] = {}
    keys: dict[Loc, Position] = {}
    if deep := too_deep_at(text, MAX_DEPTH + 1):  # the collections around a value at MAX_DEPTH
        return None, positions, keys, [Problem(display, deep[0] + line_offset, deep[1], *_TOO_DEEP)]
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        place = _Place(text, line_offset)
        verbatim = Verbatim(text, place, display) if portrait else None
        data = None if node is None else _build(loader, node, (), positions, keys, [MAX_VALUES], place, verbatim)
        return data, positions, keys, verbatim.problems if verbatim else []
    except yaml.MarkedYAMLError as exc:
        problem = _yaml_problem(exc, text, display, line_offset)
    except yaml.reader.ReaderError as exc:
        problem = _reader_problem(exc, text, display, line_offset)
    except yaml.YAMLError as exc:
        problem = Problem(display, 1 + line_offset, 1, f"invalid YAML: {shorten(str(exc), 120)}", "check the YAML syntax")
    except _TooBig as exc:
        problem = Problem(display, *exc.position, str(exc), exc.hint)
    except RecursionError:
        problem = Problem(display, 1 + line_offset, 1, *_TOO_DEEP)
    finally:
        loader.dispose()
    return None, positions, keys, [problem]


def _reader_problem(exc: yaml.reader.ReaderError, text: str, display: str, line_offset: int) -> Problem:
    """A character YAML refuses. The C reader counts bytes, the Python one characters: the
    character itself is looked up instead, as the first one refused is the first in the text."""
    index = text.find(chr(exc.character)) if isinstance(exc.character, int) else -1
    line, column = _text_position(text, index) if index >= 0 else (1, 1)
    what = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "?"
    return Problem(display, line + line_offset, column, f"the file contains an invisible control character ({what})",
                   "delete it (it often comes from copy and paste) or retype the text around it")


_ANCHOR = re.compile(r"(?:^|[\s\[{,:-])&[^\s]")  # an anchor (&name) that aliases may repeat
_YAML_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")


class _Place:
    """YAML marks → positions as an editor shows them. YAML also breaks lines at U+0085,
    U+2028 and U+2029, which editors show within a line: with one of those in the text, a mark
    is placed from the start of its YAML line."""

    def __init__(self, text: str, line_offset: int):
        self.text, self.offset = text, line_offset
        self.starts = ([0, *(m.end() for m in _YAML_BREAK.finditer(text))]
                       if any(ch in text for ch in "\x85\u2028\u2029") else None)

    def __call__(self, mark) -> Position:
        if self.starts is None or mark.line >= len(self.starts):
            return mark.line + 1 + self.offset, mark.column + 1
        line, column = _text_position(self.text, self.starts[mark.line] + mark.column)
        return line + self.offset, column


def _build(loader, node, loc: Loc, positions, keys, budget, place: _Place, verbatim: Verbatim | None = None,
           in_flow: bool = False):
    """Plain data from a node, recording positions. Aliases are expanded, so the budget
    counts values after expansion: a "billion laughs" stops after MAX_VALUES."""
    budget[0] -= 1
    where = place(node.start_mark)
    if budget[0] < 0:  # shown at the top-level field being read: the node itself may be a shared anchor
        field_name = f" in '{shorten(loc[0])}'" if loc else ""
        if _ANCHOR.search(place.text):  # aliases are blamed only where there are some
            raise _TooBig(f"too many values{field_name} (is an alias expanding many times?)",
                          f"a portrait may hold at most {MAX_VALUES:,} values; avoid YAML anchors (&) and aliases (*)",
                          keys.get(loc[:1], where))
        raise _TooBig(f"too many values{field_name} (more than {MAX_VALUES:,})",
                      f"a portrait may hold at most {MAX_VALUES:,} values: shorten the list, or split it over "
                      "several portraits", keys.get(loc[:1], where))
    if len(loc) > MAX_DEPTH:
        raise _TooBig(*_TOO_DEEP, where)
    positions[loc] = where
    if isinstance(node, yaml.MappingNode):
        _require_tag(node, {_MAP_TAG}, where)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_where = place(key_node.start_mark)
            if not isinstance(key_node, yaml.ScalarNode):
                raise _TooBig("a field name must be plain text", "write 'field: value'", key_where)
            _require_tag(key_node, _PLAIN_TAGS, key_where)
            key = str(key_node.value)
            if key in result:
                raise _TooBig(f"field '{shorten(key)}' is given twice",
                              f"keep one '{shorten(key)}' (the first is at line {keys[loc + (key,)][0]})", key_where)
            keys[loc + (key,)] = key_where
            result[key] = _build(loader, value_node, loc + (key,), positions, keys, budget, place, verbatim,
                                 in_flow or bool(node.flow_style))
        return result
    if isinstance(node, yaml.SequenceNode):
        _require_tag(node, {_SEQ_TAG}, where)
        return [_build(loader, item, loc + (i,), positions, keys, budget, place, verbatim,
                       in_flow or bool(node.flow_style))
                for i, item in enumerate(node.value)]
    _require_tag(node, _PLAIN_TAGS, where)
    if verbatim is not None:  # text fields keep what the writer typed
        # the column a continuation line must pass: the key's, or the list's dash
        parent = keys.get(loc) if loc and isinstance(loc[-1], str) else positions.get(loc[:-1])
        return verbatim.value(node, loc, in_flow, partial(_construct, loader, node), parent[1] - 1 if parent else 0)
    return _construct(loader, node)


def _construct(loader, node):
    try:
        return loader.construct_object(node)
    except (ValueError, yaml.YAMLError):
        # e.g. a timestamp-looking value that is not a real date (2023-02-30), or an integer
        # too long to convert: the text is kept and the validator says what is wrong with it
        return str(node.value)


def _require_tag(node, allowed: set[str], where: Position) -> None:
    """Only the plain YAML types: a tag such as !!python/object/apply could run code in an
    unsafe loader; here it is refused before anything is constructed."""
    if node.tag not in allowed:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise _TooBig(f"the YAML tag '{shorten(tag)}' is not allowed",
                      "remove the '!…' tag: portraits hold plain text, numbers, dates, lists and mappings", where)


_YAML_HINTS = (  # (words of the YAML error, hint); {start} is the line where the construct began
    ("mapping values are not allowed", "a value containing ': ' must be quoted, or written as a block with '|'; "
                                       "if this line is a field, indent it like the field above"),
    ("tab", "indent with spaces, not tabs"),
    ("could not find expected ':'",
     "each field is 'name: value'; check this line and the one above for a missing ':' or quote"),
    ("did not find expected key", "check the indentation: fields of one mapping start in the same column"),
    ("found undefined alias", "remove the '*alias' or define its '&anchor' first"),
    ("expected <block end>", "check the indentation of this line against the one above"),
    ("but found another document", "a portrait file holds one document: remove the second '---' line"),
    ("expected ',' or ']'", "close the list opened with '[' at line {start} with ']'"),
    ("expected ',' or '}'", "close the mapping opened with '{' at line {start} with '}'"),
    ("did not find expected node content", "a list '[' or mapping '{' is not closed, or a value is missing"),
    ("end of stream", "the quote, '[' or '{' opened here is never closed"),
)
_TOKEN_HINTS = {"\t": "indent with spaces, not tabs",
                "%": "quote the value: a value starting with % must be in quotes"}
_TOKEN_HINT = "quote the value: a value starting with @ or ` must be in quotes, e.g. \"@handle\""


def _yaml_problem(exc: yaml.MarkedYAMLError, text: str, display: str, line_offset: int) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "invalid YAML"
    if "end of stream" in problem and exc.context_mark:
        mark = exc.context_mark  # the end of the file says nothing: show where the quote or bracket opened
    if exc.context and exc.context not in problem:
        problem = f"{exc.context}: {problem}" if "while" not in exc.context else f"{problem} ({exc.context})"
    place = _Place(text, line_offset)
    start = place(exc.context_mark)[0] if exc.context_mark else 1 + line_offset
    hint = next((h.replace("{start}", str(start)) for needle, h in _YAML_HINTS if needle in problem),
                "check the YAML syntax on this line")
    line, column = place(mark) if mark else (1 + line_offset, 1)
    if "cannot start any token" in problem and mark:
        lines = text.split("\n")
        row = line - 1 - line_offset
        found = lines[row][column - 1:column] if 0 <= row < len(lines) else ""
        hint = _TOKEN_HINTS.get(found, _TOKEN_HINT)
    return Problem(display, line, column, f"invalid YAML: {shorten(problem, 160)}", hint)


# --- Markdown portraits -------------------------------------------------------------------

_FRONT_MATTER_START = re.compile(r"^---[ \t]*$")
_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
# "## Question {#id}": up to 3 spaces before, closing #s allowed (as in CommonMark); an id
# with spaces is still taken, so that the validator reports it instead of it joining the question
_QUESTION = re.compile(r"^ {0,3}##[ \t]+(?P<text>.*?)(?:[ \t]*\{#(?P<id>[^}]*)\})?(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})")


def parse_markdown(text: str, path: Path, display: str, relative: str):
    """Front matter holds the metadata; the body holds the intro and the interview."""
    lines = text.split("\n")
    if not _FRONT_MATTER_START.match(lines[0]):
        return None, [Problem(display, 1, 1, "a Markdown portrait must start with front matter",
                              "put the metadata between two '---' lines at the top: "
                              "'---', 'name: …', 'published: YYYY-MM-DD', '---'")]
    end = next((i for i in range(1, len(lines)) if _FRONT_MATTER_END.match(lines[i])), None)
    if end is None:
        return None, [Problem(display, 1, 1, "the front matter is not closed",
                              "add a line '---' after the metadata, before the text")]
    # The front matter starts on line 2: YAML positions are shifted by one line.
    source, problems = parse_yaml_document("\n".join(lines[1:end]), path, display, relative, line_offset=1)
    if source is None:
        return None, problems
    data = dict(source.data)
    positions, keys = dict(source.positions), dict(source.key_positions)
    found = []
    intro, interview = _split_body(lines[end + 1:], first_line=end + 2)
    for field_name, value in (("intro", intro), ("interview", interview)):
        if value is None:
            continue
        if field_name in data:
            body_part = "the text before the first '## ' heading" if field_name == "intro" else "the '## ' headings"
            found.append(Problem(display, *keys[(field_name,)],
                                 f"'{field_name}' is given both in the front matter and in the body",
                                 f"keep one: in a Markdown portrait {body_part} of the body make the {field_name}"))
            continue
        data[field_name] = value[0]
        positions.update(value[1])
    if found:
        return None, found
    return Source(path, display, relative, path.stem, MappingProxyType(data), positions, keys, source.problems), []


def _split_body(lines: list[str], first_line: int):
    """(intro, interview) from the body lines: each None or (value, positions). `## ` lines
    outside fenced code start a question; positions point at the heading and the answer's
    first line (at the heading when the answer is empty)."""
    intro: list[str] = []
    sections: list[tuple[re.Match, int, list[str]]] = []  # (heading, its line number, answer lines)
    current, fence = intro, ""  # fence: the open code fence, e.g. "```"
    for number, line in enumerate(lines, start=first_line):
        opening = _FENCE.match(line)
        if fence:  # only the same fence, at least as long and alone on its line, closes it
            closes = opening and opening["fence"][0] == fence[0] and len(opening["fence"]) >= len(fence) \
                and not line.strip().strip(fence[0])
            fence = "" if closes else fence
        elif opening:
            fence = opening["fence"]
        elif match := _QUESTION.match(line):
            current = []
            sections.append((match, number, current))
            continue
        current.append(line)
    items, positions = [], {}
    for index, (match, number, answer) in enumerate(sections):
        loc: Loc = ("interview", index)
        item = {"question": match["text"], "answer": _text_of(answer)}
        positions[loc] = positions[loc + ("question",)] = (number, match.start("text") + 1)
        positions[loc + ("answer",)] = (number + 1 + _leading_blank(answer), 1) if item["answer"] else positions[loc]
        if match["id"] is not None:
            item["id"] = match["id"].strip()
            positions[loc + ("id",)] = (number, match.start("id") - 1)  # the "{#"
        items.append(item)
    intro_text = _text_of(intro)
    intro_value = (intro_text, {("intro",): (first_line + _leading_blank(intro), 1)}) if intro_text else None
    if items:
        positions[("interview",)] = positions[("interview", 0)]
    return intro_value, ((items, positions) if items else None)


def _text_of(lines: list[str]) -> str:
    """The lines without blank lines around them; the first line keeps its indentation."""
    return "\n".join(lines[_leading_blank(lines):]).rstrip()


def _leading_blank(lines: list[str]) -> int:
    return next((i for i, line in enumerate(lines) if line.strip()), len(lines))
