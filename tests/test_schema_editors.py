"""The JSON Schema as editors use it: compiled by ajv (JavaScript, draft 2020-12, what VS Code's
YAML extension runs) and by Python's validators, it accepts every example portrait and rejects
the mistakes the validator rejects."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import jsonschema
import yaml

from generator.load import load_file, scan_folder
from generator.schema import portrait_schema

from conftest import ROOT
from test_schema import OTHER_WRITER

AJV = Path(__file__).parent / "ajv_validate.cjs"


def plain(value):
    """Data as a JSON document holds it: dates as text."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def examples() -> dict[str, dict]:
    """Every example portrait (YAML, and Markdown front matter with its body), as loaded."""
    root = ROOT / "portraits"
    found = {}
    for path in scan_folder(root)[0]:
        source, problems = load_file(path, root)
        assert source is not None, problems
        found[path.name] = plain(dict(source.data))
    assert any(name.endswith(".md") for name in found) and any(name.endswith(".yml") for name in found)
    return found


def ajv(instances: dict[str, object], schema: dict | None = None) -> dict[str, list[str]]:
    """Errors per instance, from ajv run by node (strict mode: the schema must compile cleanly)."""
    payload = json.dumps({"schema": schema or portrait_schema(), "instances": instances})
    result = subprocess.run(["node", str(AJV)], input=payload, capture_output=True, text=True,
                            cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["errors"]


def patterns(node):
    if isinstance(node, dict):
        if isinstance(node.get("pattern"), str):
            yield node["pattern"]
        for value in node.values():
            yield from patterns(value)
    elif isinstance(node, list):
        for value in node:
            yield from patterns(value)


def test_patterns_use_no_python_only_syntax():
    found = list(patterns(portrait_schema()))
    assert found and not [p for p in found if re.search(r"\(\?P|\(\?[aiLmsux]|\\[AZz]", p)]


def test_ajv_compiles_the_shipped_schema_and_accepts_every_example():
    shipped = json.loads((ROOT / "portraits.schema.json").read_text(encoding="utf-8"))
    instances = {**examples(), "other-writer": plain(yaml.safe_load(OTHER_WRITER))}
    assert ajv(instances, shipped) == {name: [] for name in instances}


def test_ajv_rejects_what_the_validator_rejects():
    base = plain(yaml.safe_load(OTHER_WRITER))
    bad = {
        "misspelt field": {**base, "nmae": "x"},
        "date": {**base, "published": "15/03/2024"},
        "month": {**base, "career": [{"organization": "O", "role": "R", "start": "2010-13"}]},
        "url": {**base, "links": {"Site": "example.org"}},
        "empty interview": {**base, "interview": []},
        "blank name": {**base, "name": "  "},
        "image type": {**base, "photo": {"src": "_media/a.pdf", "alt": "x"}},
        "related": {**base, "related": ["Not A Slug"]},
    }
    errors = ajv(bad)
    assert [name for name, found in errors.items() if not found] == []
    assert any("additional" in message for message in errors["misspelt field"])


def test_ajv_accepts_text_typed_as_numbers_or_booleans_as_the_loader_keeps_it():
    base = plain(yaml.safe_load(OTHER_WRITER))
    assert ajv({"typed": {**base, "headline": 1.1, "nickname": True, "tags": [2024, False]}}) == {"typed": []}


def test_python_validators_accept_every_example():
    schema = portrait_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    for name, data in examples().items():
        assert not [error.message for error in validator.iter_errors(data)], name


def test_check_jsonschema_validates_the_yaml_portraits_with_the_shipped_schema():
    files = [str(p) for p in scan_folder(ROOT / "portraits")[0] if p.suffix == ".yml"]
    command = [sys.executable, "-m", "check_jsonschema", "--schemafile", str(ROOT / "portraits.schema.json"), *files]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    typo = str(Path(__file__).parent / "corpus" / "typo-top-level.yml")
    broken = subprocess.run([*command[:5], typo], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert broken.returncode == 1 and "Additional properties" in broken.stdout + broken.stderr
