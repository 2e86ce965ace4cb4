"""Step 2, validate: raw sources → immutable `Portrait` objects, with every problem located."""

from __future__ import annotations

import re
from collections import defaultdict
from difflib import get_close_matches
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Iterable

from pydantic import ValidationError

from .config import DEFAULT_LANGUAGE
from .kept import KeptPerObject
from .load import PORTRAIT_SUFFIXES, Loaded, Loc, Source
from .media import image_problem
from .model import FIELDS_BY_CONTEXT, MEDIA_SUFFIXES, SLUG, Portrait, PortraitFile, slugify
from .names import entity_key
from .problems import Problem, closest, shorten
from .registry import KINDS, Registries
from .site import media_uri, portrait_url, redirect_file


@dataclass(frozen=True)
class Validated:
    portraits: tuple[Portrait, ...]
    problems: tuple[Problem, ...]


NEAR_IDENTICAL = 0.88  # similarity of two entity names (0–1) above which one is likely a typo
# Longer names are not compared for near spellings: the one-letter-deleted variants of a key
# take memory with the square of its length (a 100,000-character name: tens of gigabytes).
# Real names are far shorter; above this, the check is skipped and the work stays linear.
NEAR_SPELLING_MAX = 80

_TYPE_NAMES = {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list",
               dict: "a mapping", type(None): "nothing", date: "a date"}


def validate(loaded: Loaded, root: Path, site_language: str = DEFAULT_LANGUAGE, registries: Registries = Registries(),
             before: dict | None = None) -> Validated:
    """Validate every source; cross-file rules (duplicate slugs, `related`, question ids, entity
    spellings) included. `before` (a live preview's, kept from build to build): each source's
    result, reused while the loader returns the same source object (an unchanged file) and the
    media files are the same; an unchanged portrait then stays the same object, which lets the
    later steps reuse what they made of it."""
    problems = list(loaded.problems)
    portraits: list[Portrait] = []
    context = (root, site_language, loaded.media_files)
    kept = before.pop("sources", {}) if before is not None else {}
    if before is not None and before.get("context") != context:
        kept = {}
    for source in loaded.sources:
        found_before = kept.get(id(source))
        if found_before is None or found_before[0] is not source:
            found_before = (source, *validate_source(source, root, site_language))
        if before is not None:
            before.setdefault("sources", {})[id(source)] = found_before
        _, portrait, found = found_before
        problems.extend(found)
        if portrait is not None:
            portraits.append(portrait)
    shares = before.setdefault("shares", KeptPerObject()) if before is not None else KeptPerObject()
    problems.extend(_duplicate_slugs(loaded.sources))
    problems.extend(_unknown_related(loaded.sources))
    problems.extend(_alias_clashes(loaded.sources))
    if registries.has_bank:
        problems.extend(_unknown_question_ids(loaded.sources, registries, shares))
    problems.extend(_lone_spellings(loaded.sources, registries, shares))
    if before is not None:
        before["context"] = context
        shares.next_build()
    by_slug = {}
    for portrait in portraits:
        by_slug.setdefault(portrait.slug, portrait)
    return Validated(tuple(by_slug.values()), tuple(problems))


def validate_source(source: Source, root: Path, site_language: str) -> tuple[Portrait | None, list[Problem]]:
    problems: list[Problem] = []
    if not SLUG.match(source.slug):
        suggestion = slugify(source.slug) or "portrait"
        hint = f"use lowercase ASCII letters, digits and hyphens: rename it '{suggestion}{source.path.suffix.lower()}'"
        if taken := _taken(source.path, suggestion):
            hint = (f"use lowercase ASCII letters, digits and hyphens; '{taken}' already exists beside it: "
                    f"merge the two files, or choose another name such as '{suggestion}-2{source.path.suffix.lower()}'")
        problems.append(Problem(source.display, 1, 1,
                                f"the file name '{shorten(source.slug)}' is not a valid slug", hint))
    problems.extend(source.problems)
    problems.extend(_content_problems(source))
    problems.extend(_inline_image_problems(source, root))
    try:
        parsed = PortraitFile.model_validate(dict(source.data), context={"base": source.path.parent, "root": root})
    except ValidationError as exc:
        problems.extend(_model_problems(source, exc))
        return None, problems
    if any(p.severity == "error" for p in problems):
        return None, problems
    fields = {name: getattr(parsed, name) for name in PortraitFile.model_fields}
    fields["language"] = parsed.language or site_language
    return Portrait.model_construct(**fields, slug=source.slug, source=source.display,
                                     file=source.relative), problems


def _taken(path: Path, slug: str) -> str | None:
    """The name of another portrait file beside `path` that already has the slug proposed for
    it (on a case-insensitive disk 'zoe.yml' may be `path` itself, which is no conflict)."""
    for suffix in PORTRAIT_SUFFIXES:
        other = path.with_name(slug + suffix)
        try:
            if other.exists() and not other.samefile(path):
                return other.name
        except OSError:
            continue
    return None


def _model_problems(source: Source, exc: ValidationError) -> Iterable[Problem]:
    """One problem per pydantic error, minus the echoes of another error: a field reported
    missing because it is misspelt ('nmae'), or an interview "too short" because its items
    are all wrong."""
    found = [dict(error, loc=_plain_loc(error["loc"])) for error in exc.errors(include_url=False)]
    typos = {(error["loc"][:-1], _typo_of(error["loc"])) for error in found if error["type"] == "extra_forbidden"}
    for error in found:
        loc = error["loc"]
        if error["type"] == "missing" and (loc[:-1], loc[-1]) in typos:
            continue
        if error["type"] == "too_short" and _raw(source.data, loc):
            continue
        yield _located(source, error)


def _typo_of(loc: Loc) -> str | None:
    """The allowed field an unknown field name is a typo of, if any."""
    return closest(str(loc[-1]), FIELDS_BY_CONTEXT[_context(loc)])


def _raw(data: object, loc: Loc) -> object:
    for part in loc:
        try:
            data = data[part]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _content_problems(source: Source) -> Iterable[Problem]:
    """Rules over the raw data, checked even when the types are wrong elsewhere in the file:
    empty answers (warnings in drafts), duplicate question ids, career steps in order."""
    data = source.data
    interview = data.get("interview") if isinstance(data.get("interview"), list) else []
    seen_ids: dict[str, int] = {}
    for index, item in enumerate(interview):
        if not isinstance(item, dict) or "question" not in item:
            continue
        loc: Loc = ("interview", index)
        answer = item.get("answer")
        misspelt = any(_typo_of(loc + (key,)) == "answer" for key in item if key not in FIELDS_BY_CONTEXT["interview"])
        if (answer is None or (isinstance(answer, str) and not answer.strip())) and not misspelt:
            question = item["question"]
            label = f"the question '{shorten(question)}'" if isinstance(question, str) and question.strip() \
                else f"question {index + 1}"
            line, column = source.position(loc + ("answer",) if "answer" in item else loc + ("question",))
            yield Problem(source.display, line, column, f"{label} has no answer",
                          "write the answer, or remove the question",
                          "warning" if data.get("draft") is True else "error")
        if isinstance(answer, str) and (opened := _unclosed_comment(answer)) is not None:
            line, column = source.position(loc + ("answer",))
            line += answer.count("\n", 0, opened) if source.path.suffix.lower() == ".md" else 0
            yield Problem(source.display, line, column, "a comment '<!--' is never closed: the rest of the answer is hidden",
                          "close it with '-->' where the note ends")
        qid = item.get("id")
        if isinstance(qid, str) and qid:
            if qid in seen_ids:
                line, column = source.position(loc + ("id",))
                yield Problem(source.display, line, column, f"the question id '{shorten(qid)}' is used twice",
                              f"ids name one question each; the first is question {seen_ids[qid] + 1}")
            seen_ids.setdefault(qid, index)
    career = data.get("career") if isinstance(data.get("career"), list) else []
    for index, step in enumerate(career):
        if isinstance(step, dict) and step.get("end") is not None and step.get("start") is not None:
            start, end = str(step["start"]), str(step["end"])
            common = min(len(start), len(end))  # 2010 does not end before 2010-03
            if end[:common] < start[:common]:
                line, column = source.position(("career", index, "end"))
                yield Problem(source.display, line, column, f"the career step ends ({shorten(end)}) before it starts ({shorten(start)})",
                              "swap 'start' and 'end', or fix the year")


# An image in the intro or an answer: Markdown ![alt](src) or HTML <img src>. Unchecked, one that
# is missing or not an image would be left out of the page without a word. Code is not looked in.
_IMG_TAG = re.compile("<img", re.IGNORECASE)  # where an answer may show an image (no lowercase copy made)
_INLINE_IMAGE = re.compile(r"!\[[^\]\n]*\]\(\s*([^\s)]+)|<img\b[^>]*?\ssrc\s*=\s*[\"']?([^\"'\s>]+)", re.IGNORECASE)
_CODE = re.compile(r"```.*?(?:```|$)|~~~.*?(?:~~~|$)|`[^`\n]*`", re.DOTALL)


def _inline_image_problems(source: Source, root: Path) -> Iterable[Problem]:
    data = source.data
    interview = data.get("interview") if isinstance(data.get("interview"), list) else []
    texts = [(("intro",), data.get("intro"))] + [(("interview", index, "answer"), item.get("answer"))
                                                 for index, item in enumerate(interview) if isinstance(item, dict)]
    for loc, text in texts:
        if not isinstance(text, str) or ("![" not in text and not _IMG_TAG.search(text)):
            continue
        prose = _CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)  # same length, same lines
        for match in _INLINE_IMAGE.finditer(prose):
            src = match.group(1) or match.group(2)
            if src.lower().startswith(("http://", "https://")):  # shown from the web, as written
                continue
            if found := _inline_image_problem(source, root, src):
                line, column = source.position(loc)
                line += text.count("\n", 0, match.start()) if source.path.suffix.lower() == ".md" else 0
                yield Problem(source.display, line, column, *found)


def _inline_image_problem(source: Source, root: Path, src: str) -> tuple[str, str] | None:
    """(message, hint) if the page could not show the image `src` of an answer, else None."""
    shown = shorten(src, 80)
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", src) or src.startswith("/"):
        return (f"image neither on the web (https://) nor in the portraits folder: {shown}",
                "put the image in the portraits folder and write its path relative to the portrait file, "
                "e.g. _media/photo.jpg")
    uri = media_uri(source.relative, src)
    target = root / uri
    try:
        inside = not uri.startswith("..") and target.resolve().is_relative_to(root.resolve())
        found = inside and target.is_file()
    except (OSError, ValueError, RuntimeError):  # a name the file system refuses, a loop of links
        inside = found = False
    if not inside:
        return (f"image outside the portraits folder: {shown}",
                "put the image inside the portraits folder, e.g. in _media/")
    if not found:
        return f"image file not found: {shown}", "check the spelling; the path is relative to the portrait file"
    if not uri.lower().endswith(MEDIA_SUFFIXES):
        return f"unsupported image type: {shown}", "use one of: " + ", ".join(MEDIA_SUFFIXES)
    if problem := image_problem(target):
        return f"{shown}: {problem[0]}", problem[1]
    return None


def _unclosed_comment(text: str) -> int | None:
    """Where a '<!--' opens that no '-->' closes (a note to self, e.g. '<!-- TODO'), if any."""
    opened = text.rfind("<!--")
    return opened if opened >= 0 and "-->" not in text[opened + 4:] else None


def _located(source: Source, error: dict) -> Problem:
    loc = error["loc"]
    kind = error["type"]
    field = next((str(part) for part in reversed(loc) if isinstance(part, str)), "value")
    ctx = error.get("ctx") or {}
    hint = str(ctx.get("hint", ""))
    value = error.get("input")
    if kind == "missing":
        line, column = source.position(loc[:-1])
        message, hint = f"missing required field '{field}'", hint or _missing_hint(field, source)
    elif kind == "extra_forbidden":
        line, column = source.position(loc, key=True)
        allowed = FIELDS_BY_CONTEXT[_context(loc)]
        typo = _typo_of(loc)
        message = f"unknown field '{shorten(field)}'" + (f" — did you mean '{typo}'?" if typo else "")
        hint = "allowed fields here: " + ", ".join(allowed)
        if field in allowed:  # 'image' next to 'question', or 'answer' next to 'image'
            message = f"'{field}' cannot be used in this item"
            hint = ("an interview item is either '- question: …' with 'answer: …', or '- image: {src, alt}': "
                    "split it in two")
    elif value is None:
        # `published:` with nothing after the colon: say so, rather than "expected a date, got nothing"
        line, column = source.position(loc)
        if isinstance(loc[-1], int):
            message, hint = f"item {loc[-1] + 1} of '{field}' is empty", "write the item, or remove its '-' line"
        else:
            message, hint = f"'{field}' has no value", _missing_hint(field, source, "write")
    else:
        line, column = source.position(loc)
        message, default_hint = _describe(kind, field, value, error["msg"])
        hint = hint or default_hint
        message = f"'{field}': {message}" if field != "value" else message
    return Problem(source.display, line, column, message, hint)


def _plain_loc(loc: tuple) -> Loc:
    """Drop the union tag pydantic inserts after an interview index."""
    parts = list(loc)
    if len(parts) >= 3 and parts[0] == "interview" and isinstance(parts[1], int) and parts[2] in ("answer", "image"):
        if len(parts) > 3 or parts[2] == "image":
            del parts[2]
    return tuple(parts)


def _context(loc: Loc) -> str:
    names = [part for part in loc[:-1] if isinstance(part, str)]
    if not names:
        return ""
    if names[0] == "interview":
        return "image" if "image" in names[1:] else "interview"
    return names[0] if names[0] in FIELDS_BY_CONTEXT else ""


def _missing_hint(field: str, source: Source, verb: str = "add") -> str:
    if field == "interview" and source.path.suffix.lower() == ".md":
        return f"{verb} a '## question' heading after the front matter, followed by its answer"
    examples = {"name": "name: Zoé Lefèbvre", "published": "published: 2024-03-15",
                "interview": "interview:\n      - question: …\n        answer: …", "alt": "alt: what the image shows",
                "question": "question: …", "src": "src: _media/photo.jpg", "title": "title: …",
                "organization": "organization: …", "role": "role: …", "start": "start: 2010"}
    return f"{verb} '{examples.get(field, field + ': …')}'"


def _type_name(value: object) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def _describe(kind: str, field: str, value: object, default: str) -> tuple[str, str]:
    got = _type_name(value)
    if kind == "portraits":
        return default, ""
    if kind in ("string_type", "str_type"):
        return f"expected text, got {got}", "write text; put values like yes, no or 12:30 in quotes"
    if kind in ("list_type", "tuple_type"):
        return f"expected a list, got {got}", "write each item on its own line starting with '- '"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected a mapping of fields, got {got}", "write 'field: value' lines indented under it"
    if kind in ("bool_type", "bool_parsing"):
        return f"expected true or false, got '{shorten(value)}'", "write true or false"
    if kind == "too_short" and field == "interview":
        return "the interview needs at least one question", "add '- question: …' with its 'answer: …'"
    if kind == "string_pattern_mismatch":
        if field == "language":
            return f"'{shorten(value)}' is not a language code", "use a code such as fr, en or pt-BR"
        suggestion = slugify(str(value)[:60]) or "my-id"
        return f"'{shorten(value)}' is not a valid slug", f"use lowercase ASCII letters, digits and hyphens, e.g. '{suggestion}'"
    if kind in ("union_tag_not_found", "union_tag_invalid"):
        return "an interview item must be a mapping", "write '- question: …' with 'answer: …', or '- image: {src, alt}'"
    return default, ""


def _duplicate_slugs(sources: Iterable[Source]) -> Iterable[Problem]:
    by_slug = defaultdict(list)
    for source in sources:
        by_slug[source.slug].append(source)
    for slug, group in by_slug.items():
        for source in group[1:]:
            yield Problem(source.display, 1, 1, f"the slug '{slug}' is already used by {group[0].display}",
                          "two files cannot publish the same page: rename or remove one of them")


def _unknown_related(sources: Iterable[Source]) -> Iterable[Problem]:
    """Checked over the raw data, so that a typo in `related` shows even when the file has
    other errors; values that are not slugs are left to the model's own error."""
    known = {source.slug for source in sources}
    for source in sources:
        related = source.data.get("related")
        for index, slug in enumerate(related if isinstance(related, list) else []):
            if not isinstance(slug, str) or not SLUG.match(slug):
                continue
            if slug not in known:
                line, column = source.position(("related", index))
                typo = closest(slug, known - {source.slug})
                yield Problem(source.display, line, column, f"'related' names an unknown portrait '{shorten(slug)}'"
                              + (f" — did you mean '{typo}'?" if typo else ""),
                              "use the file name of a portrait, without its extension")
            elif slug == source.slug:
                line, column = source.position(("related", index))
                yield Problem(source.display, line, column, "a portrait cannot be related to itself",
                              f"remove '{slug}' from 'related'")


def _alias_clashes(sources: Iterable[Source]) -> Iterable[Problem]:
    """An old address (`aliases`) used twice, or that is the address of a portrait: its
    redirect page would replace another page. Pages other than portraits are checked when the
    site is built (`mkdocs/redirects.py`)."""
    pages = {redirect_file("/" + portrait_url(source.slug)): source.display for source in sources}
    seen: dict[str, str] = {}
    for source in sources:
        aliases = source.data.get("aliases")
        for index, alias in enumerate(aliases if isinstance(aliases, list) else []):
            if not isinstance(alias, str) or not alias.strip().startswith("/"):
                continue  # the model says what is wrong with it
            page = redirect_file(alias.strip())
            line, column = source.position(("aliases", index))
            if page in pages:
                yield Problem(source.display, line, column,
                              f"the alias '{shorten(alias)}' is the address of the portrait {pages[page]}",
                              "an alias names an old address that no longer exists; remove it")
            elif page in seen:
                yield Problem(source.display, line, column,
                              f"the alias '{shorten(alias)}' is already an alias of {seen[page]}",
                              "one old address can redirect to one portrait only: remove one of them")
            else:
                seen[page] = source.display


def _unknown_question_ids(sources: Iterable[Source], registries: Registries, shares: KeptPerObject) -> Iterable[Problem]:
    """With a question bank, a question's `id` names a bank question."""
    ids = frozenset(question.id for question in registries.questions)
    for source in sources:
        yield from shares.get("question ids", source, ids, partial(_unknown_ids_in, source, ids))


def _unknown_ids_in(source: Source, ids: frozenset[str]) -> tuple[Problem, ...]:
    found = []
    interview = source.data.get("interview")
    for index, item in enumerate(interview if isinstance(interview, list) else []):
        qid = item.get("id") if isinstance(item, dict) else None
        if isinstance(qid, str) and qid and qid not in ids:
            line, column = source.position(("interview", index, "id"))
            guess = closest(qid, ids)
            found.append(Problem(source.display, line, column, f"the question id '{shorten(qid)}' is not in the question bank"
                                 + (f"; did you mean '{guess}'?" if guess else ""),
                                 "use an id of portraits/_questions.yml, add the question there, or remove the id"))
    return tuple(found)


def _lone_spellings(sources: Iterable[Source], registries: Registries, shares: KeptPerObject) -> Iterable[Problem]:
    """An entity written once, and almost like another one, is most likely a typo."""
    names = [(source, shares.get("entity names", source, None, partial(_keyed_entity_names, source)))
             for source in sources]
    for kind in KINDS:
        known = {entity_key(name) for entry in getattr(registries.entities, kind) for name in (entry.name, *entry.aliases)}
        seen: dict[str, list[tuple[Source, Loc, str]]] = defaultdict(list)
        for source, found in names:
            for key, loc, name in found[kind]:
                seen[key].append((source, loc, name))
        neighbours = _Neighbours(set(seen) | known)
        for key, places in seen.items():
            if len(places) != 1 or key in known or not 4 <= len(key) <= NEAR_SPELLING_MAX:
                continue
            match = get_close_matches(key, sorted(neighbours.of(key)), n=1, cutoff=NEAR_IDENTICAL)
            if not match:
                continue
            guess = match[0]
            source, loc, name = places[0]
            spelled = next((n for _, _, n in seen.get(guess, ())), None) or guess
            line, column = source.position(loc)
            yield Problem(source.display, line, column,
                          f"'{shorten(name)}' appears only here and looks like '{shorten(spelled)}'",
                          "fix the spelling, or if both are right, give one as an alias in portraits/_entities.yml",
                          "warning")


class _Neighbours:
    """Keys one edit apart (a letter missing, added, changed, or two letters swapped), found
    through the variants they share when one letter is deleted: no comparison of every key
    with every other, as a series can list thousands of names."""

    def __init__(self, keys: Iterable[str]):
        self.by_variant: dict[str, set[str]] = defaultdict(set)
        for key in keys:
            if len(key) > NEAR_SPELLING_MAX:
                continue
            for variant in self._variants(key):
                self.by_variant[variant].add(key)

    @staticmethod
    def _variants(key: str) -> set[str]:
        return {key} | {key[:i] + key[i + 1:] for i in range(len(key))}

    def of(self, key: str) -> set[str]:
        return {other for variant in self._variants(key) for other in self.by_variant.get(variant, ())} - {key}


def _keyed_entity_names(source: Source) -> dict[str, tuple[tuple[str, Loc, str], ...]]:
    """Kind → (key, place, name) of each entity name the file lists."""
    return {kind: tuple((entity_key(name), loc, name) for loc, name in _entity_names(source, kind)) for kind in KINDS}


def _entity_names(source: Source, kind: str) -> Iterable[tuple[Loc, str]]:
    values = source.data.get(kind)
    for index, name in enumerate(values if isinstance(values, list) else []):
        if isinstance(name, str):
            yield (kind, index), name
    if kind == "organizations":
        career = source.data.get("career")
        for index, step in enumerate(career if isinstance(career, list) else []):
            if isinstance(step, dict) and isinstance(step.get("organization"), str):
                yield ("career", index, "organization"), step["organization"]
