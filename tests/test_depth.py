"""The nesting pre-scan: the loader's depth limit fires before any YAML library's own, and
ordinary portraits, however long or linked, are never taken for deep ones."""

from __future__ import annotations

import pytest
import yaml

from generator.depth import too_deep_at
from generator.load import MAX_DEPTH, parse_yaml

LIMIT = MAX_DEPTH + 1
DEEP = {
    "flow in a field": ("tags: " + "[" * 1200 + "]" * 1200, (1, 7 + MAX_DEPTH)),
    "flow mappings": ("name: " + "{a: " * 1200 + "}" * 1200, (1, 7 + 4 * MAX_DEPTH)),
    "block sequences": ("name:\n" + "".join(" " * i + "-\n" for i in range(1, 1200)), (LIMIT + 1, LIMIT + 1)),
    "block mappings": ("a:\n" + "".join(" " * i + "b:\n" for i in range(1, 1200)), (LIMIT + 1, LIMIT + 1)),
    "quoted brackets between levels": ("a: " + '[ "]", ' * 1200, (1, 4 + 7 * MAX_DEPTH)),
    "apostrophes in flow words": ("a: " + "[it's, " * 1200, (1, 4 + 7 * MAX_DEPTH)),
    "compact entries": ("- " * 1200 + "x", (1, 2 * LIMIT + 1)),
}


@pytest.mark.parametrize("text, where", DEEP.values(), ids=DEEP.keys())
def test_deep_texts_are_found_where_the_limit_is_passed(text, where):
    assert too_deep_at(text, LIMIT) == where
    _, _, _, problems = parse_yaml(text, "zoe.yml")
    assert [(p.line, p.column, p.message) for p in problems] == [(*where, "the YAML is nested too deeply")]


@pytest.mark.parametrize("text, where", DEEP.values(), ids=DEEP.keys())
def test_the_loader_limit_comes_before_the_library_limit(text, where):
    """With libyaml's own limit just above ours (PyYAML ≥ 6.0.4 can lower it; older versions
    have none), the message and the position are still ours."""
    libyaml = getattr(yaml, "_yaml", None)
    lowerable = hasattr(libyaml, "_set_max_nest_level")
    default = libyaml._get_max_nest_level() if lowerable else None
    if lowerable:
        libyaml._set_max_nest_level(LIMIT + 2)
    try:
        _, _, _, problems = parse_yaml(text, "zoe.yml")
    finally:
        if lowerable:
            libyaml._set_max_nest_level(default)
    assert [(p.line, p.column, p.message) for p in problems] == [(*where, "the YAML is nested too deeply")]


LINKS = "".join(f"[lien {i}](https://exemple.org/{i}) [{i}] {{{i}}} " for i in range(200))
ORDINARY = {
    "links in a block answer": "interview:\n  - question: Q ?\n    answer: |\n      " + LINKS + "\n",
    "links in a plain answer": "interview:\n  - question: Q ?\n    answer: Voir " + LINKS + "\n",
    "links in a quoted answer": 'interview:\n  - question: Q ?\n    answer: "' + LINKS.replace('"', "") + '"\n',
    "indented code in a block": "intro: |\n" + "".join(" " * (2 + i) + "[\n" for i in range(300)),
    "a multi-line quote with brackets": 'intro: "début\n' + "  [[[[ suite\n" * 100 + '  fin"\n',
    "brackets after a comment": "name: Zoé  # " + "[" * 500 + "\n",
    "a folded block of dashes": "intro: >-\n" + "".join("  " + "- " * 60 + "\n" for _ in range(3)),
}


@pytest.mark.parametrize("text", ORDINARY.values(), ids=ORDINARY.keys())
def test_ordinary_texts_are_not_deep(text):
    assert too_deep_at(text, LIMIT) is None
    data, _, _, problems = parse_yaml(text, "zoe.yml")
    assert problems == [] and data


def test_reference_interview_shape_is_not_scanned_deep(tmp_path):
    """An example portrait of the repository is never reported, and the cheap bound keeps most
    of them from being scanned at all."""
    from pathlib import Path
    root = Path(__file__).resolve().parents[1] / "portraits"
    texts = [path.read_text(encoding="utf-8") for path in root.glob("*.yml")]
    assert texts and all(too_deep_at(text, LIMIT) is None for text in texts)
