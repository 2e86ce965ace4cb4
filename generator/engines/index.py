"""`portraits index SITE_DIR`: the Pagefind search, and what the plugin adds to each page, for a
site built by any engine.

A post-build pass over the built site, rather than more in the rendered pages, because what
it adds cannot be carried by Markdown pages through an engine: the search bundles exist only
once the site is built; <head> elements, the language of an <article> and a button in the
theme's header are outside the page content an engine lets through. The pages are rendered
again from the portraits (the core, no engine), so the search documents are exactly those of
a MkDocs build: same bundles, same search page and home search box.

Every addition is made only where it is missing, so the pass can run on a site built with the
plugin (it then only rebuilds the search bundles) and twice on the same site."""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from markupsafe import escape

from ..config import Settings
from ..mkdocs.head import ARTICLE, add_language, add_search_button, add_to_head, feed_link
from ..render import Page
from ..search import SearchIndexer
from ..site import FONTS, SCRIPT, SEARCH, STYLESHEET, relative_url
from ..typography import typeset
from .config import asset_source

BUNDLE = re.compile(r"pagefind(-\d+)?")  # the folders site.search_bundle names
REDIRECT = '<meta http-equiv="refresh"'  # in a redirect page (mkdocs/redirects.py)


class SiteDirError(ValueError):
    pass


@dataclass(frozen=True)
class Completed:
    bundles: int  # search bundles written
    pages: int  # pages changed by the pass
    peak_mb: float  # the indexer's peak memory


def check_site_dir(site_dir: Path) -> None:
    if not site_dir.is_dir():
        raise SiteDirError(f"{site_dir}: no such folder: build the site first")
    if not (site_dir / "index.html").is_file():
        raise SiteDirError(f"{site_dir}: no index.html: this is not a built site (build it first, "
                           "e.g. `zensical build`)")


def build_bundles(site_dir: Path, portrait_pages: Sequence[Page], language: str, per_index: int) -> tuple[int, float]:
    """The search bundles of `portrait_pages` into `site_dir` (replacing those there), from the
    same documents and in the same batches as the MkDocs adapter. Returns (bundles, peak MB)."""
    output = site_dir.parent / f".{site_dir.name}.search-{os.getpid()}"
    indexer = SearchIndexer(language, output)
    try:
        for start in range(0, len(portrait_pages), max(1, per_index)):
            indexer.add_batch(portrait_pages[start:start + per_index])
        if indexer.process is not None:  # None: no published portrait, no index (Pagefind refuses an empty site)
            indexer.wait()
        for old in site_dir.iterdir():
            if old.is_dir() and BUNDLE.fullmatch(old.name):
                shutil.rmtree(old)
        bundles = sorted(output.iterdir()) if output.is_dir() else []
        for bundle in bundles:
            bundle.rename(site_dir / bundle.name)
        return len(bundles), indexer.peak_mb
    finally:
        indexer.close()
        shutil.rmtree(output, ignore_errors=True)


def copy_assets(site_dir: Path, settings: Settings) -> None:
    """The project's stylesheet, its fonts and script, where the built site lacks them."""
    for asset in (STYLESHEET, SCRIPT, *FONTS):
        target = site_dir / asset
        if not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(asset_source(settings, asset), target)


def complete_page(html: str, url: str, page: Page | None, *, feed: str, search: str) -> str:
    """One built page (at site path `url`) with what the plugin would have added (the same
    HTML: `mkdocs/head.py`), each only where it is missing: the stylesheet and script links,
    the page's extra <head> elements and the feed link (`feed`: '' for none), the `lang` of
    its article, and the header's search button (labelled `search`; '' for none)."""
    head = ""
    if f'{STYLESHEET}"' not in html:
        head += f'<link rel="stylesheet" href="{escape(relative_url(STYLESHEET, url))}">\n'
    extra = page.head if page is not None else ""
    if extra and extra.strip().splitlines()[0] not in html:
        head += extra
    if feed and "application/atom+xml" not in html:
        head += feed
    html = add_to_head(html, head)
    end = html.rfind("</body>")
    if f'{SCRIPT}"' not in html and end >= 0:  # where MkDocs puts extra_javascript: after the content
        html = html[:end] + f'<script src="{escape(relative_url(SCRIPT, url))}"></script>\n' + html[end:]
    if page is not None and f"{ARTICLE} lang=" not in html:
        html = add_language(html, page.language)
    if search and "portrait-search-button" not in html:
        html = add_search_button(html, url, search)
    return html


def built_pages(site_dir: Path) -> Iterable[tuple[Path, str]]:
    """(file, site path of its folder) of every HTML page of the built site, bundles aside: a
    page's relative links start from its folder."""
    for path in sorted(site_dir.rglob("*.html")):
        parts = path.relative_to(site_dir).parts
        if BUNDLE.fullmatch(parts[0]) and len(parts) > 1:
            continue
        folder = "/".join(parts[:-1])
        yield path, folder + "/" if folder else ""


def complete_site(site_dir: Path, pages: Sequence[Page], portrait_pages: Sequence[Page], settings: Settings, *,
                  feed: bool, site_name: str, search_label: str) -> Completed:
    """Everything `portraits index` does to `site_dir` (see the module's docstring); `feed`:
    whether the site has one, `site_name`: its title in the feed link."""
    check_site_dir(site_dir)
    bundles, peak = build_bundles(site_dir, portrait_pages, settings.language, settings.search_batch)
    copy_assets(site_dir, settings)
    by_url = {page.url: page for page in pages}
    search = search_label if (site_dir / SEARCH / "index.html").is_file() else ""
    link = feed_link(settings.site_url, site_name) if feed else ""
    changed = 0
    for path, url in built_pages(site_dir):
        # Bytes that are not UTF-8 (a page of the editor's, say) are written back as they were.
        html = path.read_text(encoding="utf-8", errors="surrogateescape")
        if REDIRECT in html:  # a page from an old address: only a link onwards, as the plugin writes it
            continue
        is_page = path.name == "index.html"  # not a template such as 404.html: the plugin adds only the feed there
        done = complete_page(html, url, by_url.get(url) if is_page else None, feed=link,
                             search=search if is_page else "")
        done = typeset(done, settings.language)  # the site's typography, in the engine's frame too
        if done != html:
            path.write_text(done, encoding="utf-8", errors="surrogateescape")
            changed += 1
    return Completed(bundles, changed, peak)
