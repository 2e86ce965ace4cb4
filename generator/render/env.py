"""The templates: the Jinja2 environment (writer text is escaped by autoescape) and where the
built-in templates are."""

from __future__ import annotations

import html
import json
from pathlib import Path

import jinja2
from markupsafe import Markup

BUILTIN_TEMPLATES = Path(__file__).parent.parent / "templates"
if not BUILTIN_TEMPLATES.is_dir():  # running from a source checkout: templates/ beside the package
    BUILTIN_TEMPLATES = Path(__file__).parent.parent.parent / "templates"


def meta_value(value: object) -> Markup:
    """A value for the page's YAML front matter. Themes print meta values without escaping
    (Material does), so the value is HTML-escaped here, then quoted as JSON (valid YAML)."""
    return Markup(json.dumps(html.escape(" ".join(str(value).split()))))


def make_environment(template_dirs: tuple[Path, ...] = ()) -> jinja2.Environment:
    loader = jinja2.FileSystemLoader([*map(str, template_dirs), str(BUILTIN_TEMPLATES)])
    env = jinja2.Environment(loader=loader, autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.filters["meta"] = meta_value
    return env
