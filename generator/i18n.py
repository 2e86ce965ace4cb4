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
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    base = yaml.safe_load(files["en"].read_text(encoding="utf-8"))
    labels = {**base["labels"], **(data.get("labels") or {})}  # a missing label falls back to English
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
