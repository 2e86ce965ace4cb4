"""Old addresses: a redirect page at each `aliases` path of a portrait (e.g. the address the
interview had on a WordPress blog), so links to the old site keep working on the new one.

A static site cannot answer with an HTTP redirect, so each page is a tiny HTML file with a
meta refresh, a canonical link (search engines move the old address's standing to the new
one) and a plain link for readers whose browser does not follow the refresh."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Iterable
from urllib.parse import unquote

from markupsafe import escape

from .i18n import Locale
from .model import Portrait
from .problems import Problem
from .render import portrait_url, relative_url

PAGE_SUFFIXES = (".html", ".htm")


def redirect_file(alias: str) -> str:
    """The site path of the redirect page for `alias`: '/2012/02/nadia/' →
    '2012/02/nadia/index.html'; '/old/page.html' stays a file. Percent-escapes are decoded,
    as a web server decodes them before looking for the file."""
    path = unquote(alias).strip("/")
    return path if path.lower().endswith(PAGE_SUFFIXES) else f"{path}/index.html"


def redirect_html(alias: str, target: str, title: str, site_url: str, locale: Locale) -> str:
    """A redirect page from `alias` to the site path `target` ('portraits/nadia/')."""
    page = redirect_file(alias)
    base = page.rsplit("/", 1)[0] + "/" if "/" in page else ""
    href = escape(relative_url(target, base))
    canonical = escape(site_url.rstrip("/") + "/" + target) if site_url else href
    text = escape(locale.label("moved", title=title))
    return (f'<!doctype html>\n<html lang="{escape(locale.code)}">\n<head>\n<meta charset="utf-8">\n'
            f'<title>{text}</title>\n<meta name="robots" content="noindex">\n'
            f'<link rel="canonical" href="{canonical}">\n<meta http-equiv="refresh" content="0; url={href}">\n'
            f'</head>\n<body>\n<p><a href="{href}">{text}</a></p>\n</body>\n</html>\n')


def redirect_files(portraits: Iterable[Portrait], site_url: str, locale: Locale) -> tuple[tuple[str, str], ...]:
    return tuple((redirect_file(alias), redirect_html(alias, portrait_url(p.slug), p.name, site_url, locale))
                 for p in portraits for alias in p.aliases)


def site_redirects(portraits: Iterable[Portrait], site_paths: Iterable[str], site_url: str,
                   locale: Locale) -> tuple[tuple[tuple[str, str], ...], list[Problem]]:
    """The redirect pages of a site whose other files are at `site_paths`, and the aliases
    that would replace one of them."""
    portraits = tuple(portraits)
    return redirect_files(portraits, site_url, locale), alias_clashes(portraits, site_paths)


def alias_clashes(portraits: Iterable[Portrait], site_paths: Iterable[str]) -> list[Problem]:
    """An alias whose redirect page would replace a page or file of the site (`site_paths`,
    e.g. 'about/index.html', 'assets/portraits.css'), or another alias's."""
    existing = set(site_paths)
    problems, seen = [], defaultdict(list)
    for portrait in portraits:
        for alias in portrait.aliases:
            page = redirect_file(alias)
            line, column = _position(portrait, alias)
            if page in existing:
                problems.append(Problem(portrait.source, line, column,
                                        f"the alias '{alias}' is the address of a page of the site ({page})",
                                        "an alias names an old address that no longer exists; remove it or change it"))
            elif seen[page]:
                problems.append(Problem(portrait.source, line, column,
                                        f"the alias '{alias}' is already an alias of {seen[page][0]}",
                                        "one old address can redirect to one portrait only: remove one of them"))
            seen[page].append(portrait.source)
    return problems


def _position(portrait: Portrait, alias: str) -> tuple[int, int]:
    """Where `alias` is written in the portrait's file (the aliases are checked after the
    parsed files, with their positions, are gone)."""
    try:
        lines = Path(portrait.source).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeError):
        return 1, 1
    for number, text in enumerate(lines, 1):
        if alias in text and not text.lstrip().startswith("#"):
            return number, text.index(alias) + 1
    return 1, 1
