"""`portraits schema`: the JSON Schema of format v1 accepts every valid portrait and rejects
what the validator rejects, field by field."""

from __future__ import annotations

import copy
import json
from datetime import date, datetime

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.load import load_file, scan_folder
from generator.model import PortraitFile
from generator.schema import DIALECT, portrait_schema, schema_text

from conftest import ROOT

# A portrait written by hand, using every field of the format.
OTHER_WRITER = """\
name: Ana Lucía Pérez
published: 2023-11-02
headline: Community lead
nickname: Ana
author: Someone Else
language: es
draft: false
photo: {src: _media/ana.jpg, alt: Ana at her desk}
intro: |
  An *intro*.
career:
  - {organization: Ejemplo, role: Lead, start: "2020-01"}
  - {organization: Otra, role: Intern, start: 2015, end: 2019}
organizations: [Ejemplo, Otra]
tools: [Slack]
platforms: [Mastodon]
tags: [open source, 2024]
links:
  Site: https://example.org/ana
  Email: mailto:ana@example.org
  Twitter: "@ana"
  Mastodon: "@ana@mastodon.example"
interview:
  - question: How did you start?
    id: debuts
    answer: |
      By accident.
  - question: What next?
    answer:
  - image: {src: _media/desk.png, alt: The desk, caption: Her desk}
reading:
  - {title: 1984}
  - {title: A guide, url: "https://example.org/guide"}
related: [jean-luc-sanscartier]
"""


def iso_dates(value):
    """What a YAML editor sees: dates are text."""
    if isinstance(value, dict):
        return {key: iso_dates(item) for key, item in value.items()}
    if isinstance(value, list):
        return [iso_dates(item) for item in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = portrait_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def test_schema_command_prints_a_2020_12_schema():
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["$schema"] == DIALECT == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "Portrait (format v1)"
    assert schema["additionalProperties"] is False
    assert all(definition["additionalProperties"] is False for definition in schema["$defs"].values())
    assert set(schema["properties"]) == set(PortraitFile.model_fields)  # generated from the model
    assert schema["required"] == ["name", "published", "interview"]


def test_schema_file_option_and_the_shipped_file(tmp_path):
    target = tmp_path / "portraits.schema.json"
    result = CliRunner().invoke(main, ["schema", "-o", str(target)])
    assert result.exit_code == 0 and f"wrote {target}" in result.output
    assert target.read_text(encoding="utf-8") == schema_text()
    shipped = ROOT / "portraits.schema.json"
    assert shipped.read_text(encoding="utf-8") == schema_text(), "run: portraits schema -o portraits.schema.json"
    result = CliRunner().invoke(main, ["schema", "-o", str(tmp_path / "missing" / "x.json")])
    assert result.exit_code == 1 and "cannot write" in result.output


@pytest.mark.parametrize("path", [p for p in sorted((ROOT / "portraits").glob("*.y*ml")) if not p.name.startswith("_")],
                         ids=lambda p: p.name)
def test_accepts_every_yaml_portrait_of_the_repository(validator, path):
    data = iso_dates(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert not [error.message for error in validator.iter_errors(data)]


def test_accepts_the_front_matter_and_body_of_markdown_portraits(validator):
    root = ROOT / "portraits"
    markdown = [p for p in scan_folder(root)[0] if p.suffix == ".md"]
    assert markdown
    for path in markdown:
        source, problems = load_file(path, root)
        assert source is not None, problems
        assert not [e.message for e in validator.iter_errors(iso_dates(dict(source.data)))], path.name


def test_accepts_a_portrait_written_by_someone_else(validator):
    data = yaml.safe_load(OTHER_WRITER)
    PortraitFile.model_validate(data)  # the validator accepts it…
    assert not [error.message for error in validator.iter_errors(iso_dates(data))]  # …and so does the schema


@pytest.mark.parametrize("change, field", [
    (lambda d: d.update(nmae=d.pop("name")), "nmae"),
    (lambda d: d["interview"][0].update(answr="x"), "answr"),
    (lambda d: d["photo"].update(atl="x"), "atl"),
    (lambda d: d["career"][0].update(organisation="x"), "organisation"),
    (lambda d: d["reading"][1].update(link="x"), "link"),
    (lambda d: d.update(published="15/03/2024"), "published"),
    (lambda d: d["career"][0].update(start="2010-13"), "start"),
    (lambda d: d["career"][1].update(end="last year"), "end"),
    (lambda d: d["links"].update(Site="example.org"), "links"),
    (lambda d: d["links"].update(Site="javascript:alert(1)"), "links"),
    (lambda d: d["links"].update(Twitter="@bad handle"), "links"),
    (lambda d: d.update(interview=[]), "interview"),
    (lambda d: d.update(name="  "), "name"),
    (lambda d: d["photo"].update(src="_media/ana.pdf"), "src"),
    (lambda d: d.update(related=["Not A Slug"]), "related"),
    (lambda d: d.update(language="español"), "language"),
    (lambda d: d.update(draft="maybe"), "draft"),
])
def test_rejects_what_the_validator_rejects(validator, change, field):
    data = yaml.safe_load(OTHER_WRITER)
    change(data)
    with pytest.raises(Exception):
        PortraitFile.model_validate(copy.deepcopy(data))
    errors = list(validator.iter_errors(iso_dates(data)))
    assert errors, f"the schema accepts a bad '{field}'"


def test_check_suggests_the_right_field_name(tmp_path, monkeypatch):
    (tmp_path / "portraits").mkdir()
    (tmp_path / "portraits" / "zoe.yml").write_text(
        "nmae: Zoé\npublished: 2024-03-15\ninterview:\n  - question: Q ?\n    answr: R.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1
    assert "portraits/zoe.yml:1:1: error: unknown field 'nmae' — did you mean 'name'?" in result.stderr
    assert "unknown field 'answr' — did you mean 'answer'?" in result.stderr
