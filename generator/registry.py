"""The two registries beside the portraits: the question bank (`_questions.yml`) and the
entity registry (`_entities.yml`). Both optional; loaded and validated like portraits, with
located problems."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from .load import display_path, nearest_position, parse_yaml, read_text
from .model import SLUG, Text, Url
from .names import entity_key, question_key
from .problems import Problem, closest, shorten

QUESTIONS_FILE = "_questions.yml"
ENTITIES_FILE = "_entities.yml"
KINDS = ("organizations", "tools", "platforms", "tags")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


class BankQuestion(_Strict):
    id: str = Field(pattern=SLUG.pattern)
    text: Text | dict[str, Text]
    aliases: tuple[Text, ...] = ()

    def wording(self, language: str) -> str:
        if isinstance(self.text, str):
            return self.text
        return self.text.get(language) or self.text.get(language.split("-")[0]) or next(iter(self.text.values()))

    def wordings(self) -> tuple[str, ...]:
        texts = (self.text,) if isinstance(self.text, str) else tuple(self.text.values())
        return texts + self.aliases


class EntityEntry(_Strict):
    name: Text
    aliases: tuple[Text, ...] = ()
    description: Text | None = None
    url: Url | None = None


class PersonEntry(_Strict):
    """Other ways a portrait's person is named in the text of other portraits."""
    name: Text = Field(description="The portrait's name, or its slug")
    aliases: tuple[Text, ...] = ()


class EntityRegistry(_Strict):
    organizations: tuple[EntityEntry, ...] = ()
    tools: tuple[EntityEntry, ...] = ()
    platforms: tuple[EntityEntry, ...] = ()
    tags: tuple[EntityEntry, ...] = ()
    people: tuple[PersonEntry, ...] = ()


@dataclass(frozen=True)
class Registries:
    questions: tuple[BankQuestion, ...] = ()
    entities: EntityRegistry = EntityRegistry()
    has_bank: bool = False


_BANK = TypeAdapter(tuple[BankQuestion, ...])


def load_registries(root: Path) -> tuple[Registries, list[Problem]]:
    problems: list[Problem] = []
    bank_path, entities_path = root / QUESTIONS_FILE, root / ENTITIES_FILE
    questions: tuple[BankQuestion, ...] = ()
    entities = EntityRegistry()
    if bank_path.is_file():
        questions, positions = _load(bank_path, _BANK, (), problems, ("id", "text", "aliases"))
        problems += _bank_conflicts(display_path(bank_path), questions, positions)
    if entities_path.is_file():
        entities, positions = _load(entities_path, EntityRegistry, EntityRegistry(), problems,
                                    (*KINDS, "people", "name", "aliases", "description", "url"))
        problems += _alias_conflicts(display_path(entities_path), entities, positions)
    return Registries(questions, entities, bank_path.is_file()), problems


def _load(path: Path, schema, empty, problems: list[Problem], fields: tuple[str, ...]):
    """(validated value or `empty`, value positions); problems are appended."""
    display = display_path(path)
    try:
        outside = not path.resolve().is_relative_to(path.parent.resolve())
    except (OSError, RuntimeError):  # a loop of links
        outside = True
    if outside:  # a link to /etc/passwd or another project's file would be read and echoed
        problems.append(Problem(display, 1, 1, "this file is a link leading outside the portraits folder",
                                "copy the file into the portraits folder instead of linking to it"))
        return empty, {}
    text, problem = read_text(path, display)
    if problem:
        problems.append(problem)
        return empty, {}
    data, positions, keys, found = parse_yaml(text, display)
    problems.extend(found)
    if found or data is None:
        return empty, positions
    try:
        if isinstance(schema, TypeAdapter):
            return schema.validate_python(data), positions
        return schema.model_validate(data), positions
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            problems.append(_located(display, error, positions, keys, fields))
        return empty, positions


def _located(display: str, error: dict, positions: Mapping, keys: Mapping, fields: tuple[str, ...]) -> Problem:
    # pydantic names the branch of a union in the location ("str", "dict[...]"): not a field
    loc = tuple(part for part in error["loc"] if not (isinstance(part, str) and (part == "str" or "[" in part)))
    field = next((str(part) for part in reversed(loc) if isinstance(part, str)), "value")
    kind = error["type"]
    if kind == "extra_forbidden":
        line, column = nearest_position(positions, keys, loc, key=True)
        return Problem(display, line, column, f"unknown field '{shorten(field)}'",
                       f"did you mean '{guess}'?" if (guess := closest(field, fields)) else "allowed fields: " + ", ".join(fields))
    line, column = nearest_position(positions, keys, loc if kind != "missing" else loc[:-1])
    if kind == "missing":
        return Problem(display, line, column, f"missing required field '{field}'", f"add '{field}: …'")
    if kind == "string_pattern_mismatch":
        return Problem(display, line, column, f"'{field}': '{shorten(error['input'])}' is not a valid id",
                       "use lowercase ASCII letters, digits and hyphens, e.g. 'outil-prefere'")
    hint = str((error.get("ctx") or {}).get("hint", ""))
    return Problem(display, line, column, f"'{field}': {error['msg']}", hint)


def _bank_conflicts(display: str, questions: tuple[BankQuestion, ...], positions: Mapping) -> list[Problem]:
    problems: list[Problem] = []
    ids: dict[str, int] = {}
    wordings: dict[str, str] = {}
    for index, question in enumerate(questions):
        line, column = nearest_position(positions, {}, (index, "id"))
        if question.id in ids:
            problems.append(Problem(display, line, column, f"the question id '{question.id}' is used twice",
                                    f"each bank question needs its own id (the first is at line {ids[question.id]})"))
        ids.setdefault(question.id, line)
        for wording in question.wordings():
            owner = wordings.setdefault(question_key(wording), question.id)
            if owner != question.id:
                problems.append(Problem(display, line, column,
                                        f"the wording '{shorten(wording)}' belongs to both '{owner}' and '{question.id}'",
                                        "a wording (text or alias) can name one bank question only"))
    return problems


def _alias_conflicts(display: str, registry: EntityRegistry, positions: Mapping) -> list[Problem]:
    problems: list[Problem] = []
    for kind in (*KINDS, "people"):
        owners: dict[str, str] = {}
        for index, entry in enumerate(getattr(registry, kind)):
            for name in (entry.name, *entry.aliases):
                owner = owners.setdefault(entity_key(name), entry.name)
                if owner != entry.name:
                    line, column = nearest_position(positions, {}, (kind, index, "name"))
                    problems.append(Problem(display, line, column,
                                            f"'{shorten(name)}' names two {kind}: '{owner}' and '{entry.name}'",
                                            "a name or alias can belong to one entry only"))
    return problems
