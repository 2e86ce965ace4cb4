"""The JSON Schema of the portrait file format (v1), for editors: completion and validation
while typing (VS Code's YAML extension, any JSON Schema tool).

It is generated from the pydantic model the validator uses, then completed where a validator
function hides the real shape from pydantic (years that may be numbers, "@handle" links, …).
Only keywords that draft-07 editors also understand are used, so older editors still help.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from .model import MEDIA_SUFFIXES, YEAR_MONTH, PortraitFile

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_FILE = "portraits.schema.json"

# ECMA-262 has no inline (?i): spell both cases, as editors run these patterns in JavaScript.
_URL = r"^([Hh][Tt][Tt][Pp][Ss]?://[^\s/?#]+|[Mm][Aa][Ii][Ll][Tt][Oo]:[^\s@]+@[^\s]+)[^\s]*$"
_HANDLE = r"^@[A-Za-z0-9_.\-]+(@[A-Za-z0-9_.\-]+)?$"
_MEDIA = r"\.(" + "|".join("".join(f"[{c.upper()}{c}]" for c in suffix[1:]) for suffix in MEDIA_SUFFIXES) + r")$"
_NOT_BLANK = r"\S"
_ALIAS = r'^\s*/[^\s\\?#"<>]*\s*$'  # a path on the site (see model._alias); no `\"`: JavaScript refuses it

URL = {"type": "string", "pattern": _URL, "description": "an http, https or mailto address"}
HANDLE = {"type": "string", "pattern": _HANDLE,
          "description": "\"@handle\" on the network named by the label (Twitter, Instagram, …), or \"@user@server\""}
# A year may be written as a number (2008); a month must be a string ("2010-03").
YEAR_MONTH_SCHEMA = {"anyOf": [{"type": "integer", "minimum": 1000, "maximum": 9999},
                               {"type": "string", "pattern": YEAR_MONTH.pattern}],
                     "description": "a year (2008) or a month in quotes (\"2010-03\")"}
# Text fields keep what the writer typed: `title: 1984` or `answer: yes` is text, though an
# editor's YAML reads a number or a boolean there.
# (anyOf rather than a list of types: ajv's strict mode accepts it without options.)
TEXT = {"anyOf": [{"type": "string", "pattern": _NOT_BLANK}, {"type": "number"}, {"type": "boolean"}]}
MARKDOWN = {"anyOf": [{"type": "string"}, {"type": "number"}, {"type": "boolean"}, {"type": "null"}]}

DESCRIPTIONS = {
    "name": "The person's full name",
    "published": "Publication date, YYYY-MM-DD; a future date schedules the portrait",
    "headline": "One line under the name: role and organisation",
    "nickname": "An optional nickname",
    "author": "Who wrote the portrait",
    "draft": "true: shown by `mkdocs serve`, never published by `mkdocs build`",
    "photo": "The portrait photo: {src, alt}",
    "intro": "Introduction (Markdown)",
    "career": "Jobs, newest first: {organization, role, start, end}",
    "organizations": "Organisations the person worked with (matched against the entity registry)",
    "tools": "Tools the person uses",
    "platforms": "Platforms the person works on",
    "tags": "Subjects, for grouping portraits",
    "links": "label → URL, or \"@handle\" for a network named by the label",
    "interview": "Questions and answers, in order: {question, answer, id} or {image: {src, alt, caption}}",
    "reading": "Further reading: {title, url}",
    "related": "Slugs (file names) of related portraits",
    "aliases": "Old addresses of the portrait (paths such as /2012/02/portrait-nadia/), redirected to its page",
}


def portrait_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a portrait file."""
    schema = copy.deepcopy(PortraitFile.model_json_schema())
    defs = schema["$defs"]
    props = schema["properties"]
    _texts(schema)
    props["published"] = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    props["intro"] = dict(MARKDOWN)
    props["links"] = {"type": "object", "additionalProperties": {"anyOf": [URL, HANDLE]}}
    defs["Answer"]["properties"]["answer"] = dict(MARKDOWN, description="The answer (Markdown)")
    defs["Reading"]["properties"]["url"] = {"anyOf": [URL, {"type": "null"}]}
    for step in ("start", "end"):
        defs["CareerStep"]["properties"][step] = YEAR_MONTH_SCHEMA
    defs["CareerStep"]["properties"]["end"] = {"anyOf": [*YEAR_MONTH_SCHEMA["anyOf"], {"type": "null"}],
                                               "description": "omit while the job goes on"}
    for model in ("Photo", "Image"):
        defs[model]["properties"]["src"] = {"type": "string", "pattern": _MEDIA,
                                            "description": "image file, relative to the portrait file, inside portraits/"}
    props["aliases"] = {"type": "array", "items": {"type": "string", "pattern": _ALIAS}}
    for name, text in DESCRIPTIONS.items():
        props[name]["description"] = text
    return {"$schema": DIALECT, "title": "Portrait (format v1)",
            "description": "One portrait file in portraits/ (YAML). In a Markdown portrait the front matter "
                           "holds these fields and the '## ' headings hold the interview.",
            **{key: value for key, value in schema.items() if key not in ("title", "description")}}


def _texts(node: Any) -> None:
    """Plain strings (pydantic's rendering of the model's text fields) become TEXT, in place."""
    if isinstance(node, dict):
        for key, value in node.items():
            if value == {"type": "string"} or (isinstance(value, dict) and value.get("type") == "string"
                                               and not {"pattern", "format", "enum"} & value.keys()):
                node[key] = {**{k: v for k, v in value.items() if k != "type"}, **TEXT}
            else:
                _texts(value)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            if value == {"type": "string"}:
                node[index] = dict(TEXT)
            else:
                _texts(value)


def schema_text() -> str:
    return json.dumps(portrait_schema(), indent=2, ensure_ascii=False) + "\n"
