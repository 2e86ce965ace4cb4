"""The rendered site as MkDocs files (generated, never written into docs_dir), and a
navigation that does not grow with the number of portraits."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from ..render import BUILTIN_TEMPLATES, Rendered
from ..site import FONTS, HOME, NAV_SECTIONS, SCRIPT, STYLESHEET, media_url, src_of, template_file

log = logging.getLogger("mkdocs.plugins.portraits")


def add_site(files: Files, config: MkDocsConfig, rendered: Rendered, portraits_dir: Path,
             templates_dir: Path, assets: tuple[str, ...] = ()) -> set[str]:
    """Every page, file, media file and asset (plus `assets`, e.g. the comments' script) of the
    site into `files`. Returns the source paths of the pages that are HTML only (see `pages.py`)."""
    html_pages = set()
    for page in rendered.pages:
        if not page.html:
            replace(files, File.generated(config, page.src_uri, content=page.content))
        else:
            # HTML pages skip MkDocs' Markdown step: it gets the front matter only (memory).
            html_pages.add(page.src_uri)
            replace(files, File.generated(config, page.src_uri, content=page.front_matter or "\n"))
    for path, content in rendered.files:
        replace(files, File.generated(config, path, content=content))
    for uri in rendered.media:
        replace(files, File.generated(config, media_url(uri), abs_src_path=str(portraits_dir / uri)))
    for asset in (STYLESHEET, SCRIPT, *FONTS, *assets):
        source = templates_dir / template_file(asset)
        if not source.is_file():
            source = BUILTIN_TEMPLATES / template_file(asset)
        replace(files, File.generated(config, asset, abs_src_path=str(source)))
    return html_pages


def replace(files: Files, file: File) -> None:
    existing = files.get_file_from_path(file.src_uri)
    if existing is not None:
        if not existing.generated_by:
            log.warning(f"portraits: the generated page '{file.src_uri}' replaces the file of the same name in docs_dir")
        files.remove(existing)
    file.inclusion = InclusionLevel.INCLUDED if file.src_uri.endswith(".md") else file.inclusion
    files.append(file)


def default_nav(files: Files, rendered: Rendered, home_label: str) -> list:
    """Home, the generated sections, then the editor's own pages."""
    generated = {page.src_uri for page in rendered.pages}
    sections = [uri for uri in NAV_SECTIONS if uri in generated]
    own = sorted(f.src_uri for f in files.documentation_pages() if f.src_uri not in generated)
    return [{home_label: src_of(HOME)}, *sections, *own]
