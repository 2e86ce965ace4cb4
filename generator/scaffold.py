"""`portraits new`: a draft portrait holding every question of the bank, and the writers
that turn portrait data into a file (YAML or Markdown with front matter), shared with
`portraits import`."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .registry import BankQuestion

# Without a question bank a draft still needs one question (the format requires one).
FALLBACK_QUESTION = {"fr": "Comment as-tu commencé ?", "en": "How did you get started?"}


class _Dumper(yaml.SafeDumper):
    """Readable YAML: Unicode as is, multi-line text as `|` blocks, lists indented under their key."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)


def _text(dumper: yaml.SafeDumper, value: str):
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(str, _text)


def clean(text: str) -> str:
    """Text that YAML can keep in a `|` block: no trailing spaces, tabs, control characters
    or exotic line breaks (any of them would force an unreadable quoted string)."""
    text = re.sub(r"\r\n?|[\u2028\u2029\x85]", "\n", text).replace("\ufeff", "").expandtabs(4)
    text = re.sub(r"[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f]", "", text)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def dump_yaml(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100_000,
                     default_flow_style=False)


def to_markdown(data: dict[str, Any]) -> str:
    """A Markdown portrait: metadata in the front matter, the intro, then one `## ` heading per question.
    Headings inside an answer are moved below `## `, which would start a new question."""
    meta = {key: value for key, value in data.items() if key not in ("intro", "interview")}
    parts = ["---\n" + dump_yaml(meta) + "---\n"]
    if data.get("intro"):
        parts.append(data["intro"] + "\n")
    for item in data["interview"]:
        anchor = f" {{#{item['id']}}}" if item.get("id") else ""
        parts.append(f"## {item['question']}{anchor}\n")
        answer = re.sub(r"^(#{1,2})(?=[ \t])", "###", item.get("answer") or "", flags=re.MULTILINE)
        if answer:
            parts.append(answer + "\n")
    return "\n".join(parts)


def schema_line(target: Path, schema: str) -> str:
    """The comment that tells the YAML language server (VS Code …) where the schema is: a URL
    as given, or a file path written relative to the portrait file."""
    if not re.match(r"^[a-z][a-z0-9+.-]*://", schema, re.IGNORECASE):
        schema = Path(os.path.relpath(Path(schema).absolute(), target.parent.absolute())).as_posix()
    return f"# yaml-language-server: $schema={schema}\n"


def draft(name: str, questions: list[BankQuestion], language: str, today: date) -> dict[str, Any]:
    """The data of a new draft: every bank question (worded in `language`) with an empty answer."""
    interview = [{"question": q.wording(language), "id": q.id, "answer": ""} for q in questions]
    if not interview:
        interview = [{"question": FALLBACK_QUESTION.get(language.split("-")[0], FALLBACK_QUESTION["en"]), "answer": ""}]
    return {"name": name, "published": today, "draft": True, "intro": "", "interview": interview}


_OPTIONAL_FIELDS = """\
# Optional fields (remove the '# ' to use one; see the README for all of them):
# headline: Gestionnaire de communauté chez Exemple Média
# photo: {src: _media/SLUG.jpg, alt: what the photo shows}
# tools: [Hootsuite, Figma]
# links: {LinkedIn: "https://www.linkedin.com/in/…", Twitter: "@handle"}
"""


def scaffold_yaml(data: dict[str, Any], slug: str, schema_comment: str) -> str:
    head, interview = dump_yaml({k: v for k, v in data.items() if k != "interview"}), dump_yaml({"interview": data["interview"]})
    head = head.replace("draft: true\n", "draft: true  # remove this line when the portrait is ready\n")
    return schema_comment + head + _OPTIONAL_FIELDS.replace("SLUG", slug) + interview
