"""Old addresses: a redirect page at each `aliases` path of a portrait (e.g. the address the
interview had on a WordPress blog), so links to the old site keep working on the new one.

A static site cannot answer with an HTTP redirect, so each page is a tiny HTML file with a
meta refresh, a canonical link (search engines move the old address's standing to the new
one) and a plain link for readers whose browser does not follow the refresh."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Iterable

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from ..i18n import Locale
from ..model import Portrait
from ..problems import Problem, report
from ..site import absolute_url, portrait_url, redirect_base, redirect_file, relative_url
from .files import log, replace


def add_redirects(files: Files, config: MkDocsConfig, portraits: Iterable[Portrait], locale: Locale, *,
                  serving: bool) -> None:
    """Redirect pages from the portraits' old addresses (`aliases`) into `files`, unless one
    would replace a file of the site: that stops a build (`mkdocs serve` goes on without it)."""
    taken = {f.dest_uri for f in files}
    redirects, clashes = site_redirects(portraits, taken, config.site_url or "", locale)
    if clashes and not serving:
        raise PluginError("portraits: the site was not built; fix these problems:\n" + report(clashes))
    for problem in clashes:
        log.warning(str(problem))
    for path, content in redirects:
        if path not in taken:
            replace(files, File.generated(config, path, content=content))


def redirect_html(alias: str, target: str, title: str, site_url: str, locale: Locale) -> str:
    """A redirect page from `alias` to the site path `target` ('portraits/nadia/')."""
    href = escape(relative_url(target, redirect_base(alias)))
    canonical = escape(absolute_url(site_url, target) or href)
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
