"""Dates as articles write them: ISO, "3 mars 2012", "July 12, 2021", "Publié le …"."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from .inline import unmark

MONTHS = {name: number for number, names in enumerate((
    ("janvier", "january", "jan"), ("février", "fevrier", "february", "feb"), ("mars", "march", "mar"),
    ("avril", "april", "apr"), ("mai", "may"), ("juin", "june", "jun"), ("juillet", "july", "jul"),
    ("août", "aout", "august", "aug"), ("septembre", "september", "sept", "sep"), ("octobre", "october", "oct"),
    ("novembre", "november", "nov"), ("décembre", "decembre", "december", "dec")), start=1) for name in names}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATE = (rf"(?:(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})|(?P<d1>\d{{1,2}})(?:er)?\s+(?P<m1>{_MONTH})\.?\s+(?P<y1>\d{{4}})"
         rf"|(?P<m2>{_MONTH})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}}))")
DATE_LINE = re.compile(  # a line that only gives the date: "Publié le 3 mars 2012", "Posted on July 12, 2021 by…"
    r"^(?:(?:publié|posted|published|mis en ligne|écrit|written)\s+(?:le|on)?\s*|date\s*:\s*|le\s+|on\s+)?"
    r"(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?"
    + _DATE + r"(?:\s+(?:par|by|—|–|-|\|)\s+.{1,60})?\.?$", re.IGNORECASE)
_DATE_ANYWHERE = re.compile(r"\b" + _DATE + r"\b", re.IGNORECASE)


def as_date(value: Any) -> date | None:
    """A front matter's or a meta tag's date (a date, a datetime or an ISO string)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and (match := re.match(r"\s*(\d{4}-\d{2}-\d{2})", value)):
        try:
            return date.fromisoformat(match[1])
        except ValueError:
            return None
    return None


def date_of(line: str, anywhere: bool = False) -> date | None:
    """The date a line gives: the whole line is a date line, or (`anywhere`) it holds one."""
    match = (_DATE_ANYWHERE.search if anywhere else DATE_LINE.match)(unmark(line))
    if not match:
        return None
    try:
        if match["iso"]:
            return date.fromisoformat(match["iso"])
        if match["d1"]:
            return date(int(match["y1"]), MONTHS[match["m1"].lower()], int(match["d1"]))
        return date(int(match["y2"]), MONTHS[match["m2"].lower()], int(match["d2"]))
    except ValueError:
        return None
