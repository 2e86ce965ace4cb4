"""Labels and dates in the site's language. A language is one YAML file in `locales/`
(built in) or in the site's own `templates/locales/` (which wins)."""

from __future__ import annotations

from dataclasses import dataclass, field
import datetime
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

import yaml

BUILTIN = Path(__file__).parent / "locales"


@dataclass(frozen=True)
class Locale:
    code: str
    months: tuple[str, ...]
    date_format: str
    month_format: str
    labels: Mapping[str, str | Mapping[str, str]]  # a label with plural forms: {one: …, other: …}
    languages: Mapping[str, str] = field(default_factory=dict)
    singular: frozenset[int] = frozenset({1})  # counts that take the "one" form (French: 0 and 1)
    first_day: str = "1"  # the first day of a month in a date ("1er" in French)

    def language_name(self, code: str) -> str:
        return self.languages.get(code) or self.languages.get(code.split("-")[0]) or code

    def label(self, key: str, **values: object) -> str:
        text = self.labels.get(key) or key
        if not isinstance(text, str):  # plural forms, chosen by `count`
            count = values.get("count")
            text = text.get("one" if isinstance(count, int) and count in self.singular else "other") or key
        return text.format(**values) if values else text

    def date(self, day: datetime.date) -> str:
        shown = self.first_day if day.day == 1 else day.day
        return self.date_format.format(day=shown, month=self.months[day.month - 1], year=day.year)

    def year_month(self, value: str) -> str:
        """'2010-03' → 'mars 2010'; '2008' → '2008'."""
        if len(value) == 7:
            return self.month_format.format(month=self.months[int(value[5:]) - 1], year=value[:4])
        return value


def available(extra_dirs: tuple[Path, ...] = ()) -> dict[str, Path]:
    found = {path.stem: path for path in sorted(BUILTIN.glob("*.yml"))}
    for folder in extra_dirs:
        found.update({path.stem: path for path in sorted(folder.glob("*.yml"))})
    return found


def load_locale(code: str, extra_dirs: tuple[Path, ...] = ()) -> Locale:
    """The locale for `code` ('fr', 'en', 'pt-BR' falls back to 'pt'), else English."""
    files = available(extra_dirs)
    path = files.get(code) or files.get(code.split("-")[0]) or files["en"]
    data = _read(path)
    base = _read(BUILTIN / "en.yml")
    labels = {**base["labels"], **data.get("labels", {})}  # a missing label falls back to English
    return Locale(
        code=path.stem,
        months=tuple(data.get("months") or base["months"]),
        date_format=data.get("date_format", base["date_format"]),
        month_format=data.get("month_format", base["month_format"]),
        labels=labels,
        languages=MappingProxyType({**base.get("languages", {}), **(data.get("languages") or {})}),
        singular=frozenset(data.get("singular", base.get("singular", [1]))),
        first_day=str(data.get("first_day", base.get("first_day", "1"))),
    )


class LocaleError(ValueError):
    """A locale file that cannot be used; the message is located (path:line:col)."""


_SECTIONS = {"labels": dict, "languages": dict, "months": list, "date_format": str, "month_format": str,
             "singular": list}


def _read(path: Path) -> dict:
    """A locale file as a mapping whose sections have the right types, or a LocaleError."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LocaleError(f"{path}:1:1: cannot read the locale file ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise LocaleError(f"{path}:1:1: the locale file is not UTF-8; save it with the UTF-8 encoding") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{mark.line + 1}:{mark.column + 1}" if mark else "1:1"
        raise LocaleError(f"{path}:{where}: invalid YAML in the locale file ({getattr(exc, 'problem', None) or exc}); "
                          "compare it with generator/locales/en.yml") from None
    if not isinstance(data, dict) or not data:
        raise LocaleError(f"{path}:1:1: the locale file is empty or not a mapping; "
                          "start from a copy of generator/locales/en.yml")
    for key, kind in _SECTIONS.items():
        value = data.get(key)
        if value is not None and not isinstance(value, kind):
            raise LocaleError(f"{path}:1:1: '{key}' in the locale file must be "
                              f"{'a list' if kind is list else 'a mapping' if kind is dict else 'text'}")
    if data.get("months") is not None and len(data["months"]) != 12:
        raise LocaleError(f"{path}:1:1: 'months' in the locale file must list the 12 months")
    return {key: value for key, value in data.items() if value is not None}
