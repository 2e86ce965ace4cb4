"""What `portraits render` writes for an engine that does not run the plugin: the files the
plugin would hand to MkDocs, and the engine's configuration.

The stylesheet and script are linked through the configuration (`extra_css`,
`extra_javascript`) rather than written into each page: the engine then places them in <head>
and at the end of <body> exactly as MkDocs does for the plugin, the pages stay the same for
every engine, and an editor's theme settings keep applying. The configuration inherits the
site's `mkdocs.yml` (`INHERIT`), so editing it takes effect without rendering again."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterable

import yaml

from ..comments import COMMENT_ASSETS, CommentsError, parse_comments
from ..config import DEFAULTS, Limits, Settings
from ..i18n import Locale
from ..mkdocs.redirects import site_redirects
from ..model import Portrait
from ..problems import Problem
from ..render import BUILTIN_TEMPLATES, Rendered
from ..site import FONTS, HOME, NAV_SECTIONS, SCRIPT, STYLESHEET, media_url, src_of, template_file


class SiteConfigError(ValueError):
    """A site configuration that cannot be read; the message starts with path:line:col."""


@dataclass(frozen=True)
class SiteConfig:
    """What an engine without the plugin needs from the site's `mkdocs.yml` besides the core's
    `Settings` (no file: an empty one)."""

    path: Path | None = None
    docs_dir: str = "docs"
    has_nav: bool = False
    theme: Any = None
    extensions: tuple[str, ...] = ()


class _TolerantLoader(yaml.SafeLoader):
    """Reads a MkDocs configuration without running it: `!ENV`, `!!python/name:` and other
    tags become None (only plain settings are read from it)."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_site_config(path: Path, settings: Settings) -> tuple[SiteConfig, Settings]:
    """The site's configuration at `path`, and `settings` completed from it as the plugin
    completes them from mkdocs.yml: site name, URL and description, the portraits per search
    index and the comments. No such file: an empty configuration, `settings` unchanged."""
    if not path.is_file():
        return SiteConfig(), settings
    try:
        data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_TolerantLoader) or {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise SiteConfigError(f"{where}: error: {exc.problem or exc}") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SiteConfigError(f"{path}:1:1: error: cannot read the configuration: {exc}") from None
    if not isinstance(data, dict):
        raise SiteConfigError(f"{path}:1:1: error: the configuration must be a mapping of settings")
    plugins = data.get("plugins") or []
    entries = [next(iter(item.items())) if isinstance(item, dict) and item else (item, None)
               for item in (plugins if isinstance(plugins, list) else plugins.items())]
    options = next((value for name, value in entries if name == "portraits" and isinstance(value, dict)), {})
    size = options.get("search_index_size", DEFAULTS.search_batch)
    try:
        comments = parse_comments(options.get("comments"))
    except CommentsError as exc:
        raise SiteConfigError(f"{path}:1:1: error: portraits: {exc}") from None
    site = SiteConfig(
        path=path.resolve(),
        docs_dir=str(data.get("docs_dir") or "docs"),
        has_nav=bool(data.get("nav")),
        theme=data.get("theme"),
        extensions=tuple(next(iter(item)) if isinstance(item, dict) else str(item)
                         for item in data.get("markdown_extensions") or () if item),
    )
    return site, replace(
        settings,
        site_name=str(data.get("site_name") or ""),
        site_url=str(data.get("site_url") or ""),
        site_description=str(data.get("site_description") or ""),
        search_batch=size if isinstance(size, int) and not isinstance(size, bool) and size >= 1
        else DEFAULTS.search_batch,
        comments=comments,
        limits=Limits(_limit(options, "max_answer_words", DEFAULTS.limits.answer_words),
                      _limit(options, "max_question_chars", DEFAULTS.limits.question_chars)),
    )


def _limit(options: dict, key: str, default: int) -> int:
    """A length limit of the plugin's options (0: never warn), as the plugin reads it."""
    value = options.get(key, default)
    return max(0, value) if isinstance(value, int) and not isinstance(value, bool) else default


def assets(settings: Settings) -> tuple[str, ...]:
    """The project's stylesheets, fonts and scripts a site needs (the comments' only with comments)."""
    return (STYLESHEET, SCRIPT, *FONTS, *(COMMENT_ASSETS if settings.comments else ()))


def write_outputs(out_dir: Path, rendered: Rendered, settings: Settings) -> None:
    """The generated files besides the pages and media (the feed) and the project's
    stylesheets and scripts (the editor's copy in the templates folder wins)."""
    for path, content in rendered.files:
        target = out_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    for asset in assets(settings):
        target = out_dir / asset
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(asset_source(settings, asset), target)


def asset_source(settings: Settings, asset: str) -> Path:
    own = [folder / template_file(asset) for folder in settings.template_dirs if (folder / template_file(asset)).is_file()]
    return own[0] if own else BUILTIN_TEMPLATES / template_file(asset)


MARKER = ".portraits-render"  # in an output folder for an engine: it may be replaced whole


class OutDirError(ValueError):
    pass


def fresh_out_dir(out_dir: Path) -> None:
    """An empty `out_dir`, marked as ours. An engine publishes every page it finds there, so the
    pages of a portrait removed since the last render must go; a folder with anything else in
    it is refused rather than emptied."""
    if out_dir.is_dir() and any(out_dir.iterdir()):
        if not (out_dir / MARKER).is_file():
            raise OutDirError(f"{out_dir} is not empty and was not written by `portraits render --engine-config`: "
                              "choose an empty or new folder")
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / MARKER).write_text("Written by `portraits render --engine-config`, which replaces this folder whole.\n",
                                  encoding="utf-8")


def copy_editor_pages(site: SiteConfig, out_dir: Path) -> None:
    """The editor's own pages (docs_dir) into `out_dir`, before the generated pages are written
    over them: a generated page replaces an editor's file of the same name, as with the plugin."""
    if site.path is None:
        return
    docs = (site.path.parent / site.docs_dir).resolve()
    if docs.is_dir() and docs != out_dir:
        shutil.copytree(docs, out_dir, dirs_exist_ok=True)


def engine_config(site: SiteConfig, settings: Settings, config_path: Path, out_dir: Path, rendered: Rendered,
                  home_label: str) -> dict:
    """The configuration an engine without the plugin builds `out_dir` with, written at
    `config_path`: the site's own (inherited), plus what the plugin adds in `on_config`."""
    base = config_path.resolve().parent
    config: dict[str, Any] = {}
    if site.path is not None:
        config["INHERIT"] = Path(os.path.relpath(site.path, base)).as_posix()
    else:
        config["site_name"] = home_label
    config["docs_dir"] = Path(os.path.relpath(out_dir, base)).as_posix()
    # An inherited mapping is merged key by key (lists added up); a theme given by name alone is replaced.
    language = settings.language
    config["theme"] = ({"language": language} if isinstance(site.theme, dict)
                       else {"name": site.theme or "material", "language": language})
    config["extra_css"] = [asset for asset in assets(settings) if asset.endswith(".css")]
    config["extra_javascript"] = [asset for asset in assets(settings) if asset.endswith(".js")]
    if "attr_list" not in site.extensions:  # question anchors are written "{#id}"
        config["markdown_extensions"] = ["attr_list"]
    # The engine's own search would add a second search box: Pagefind's (`portraits index`) is the site's.
    config["plugins"] = {"search": {"enabled": False}}
    if not site.has_nav:
        # The plugin's navigation: home, the generated sections, then the editor's own pages.
        generated = {page.src_uri for page in rendered.pages}
        own = sorted(path.relative_to(out_dir).as_posix() for path in out_dir.rglob("*.md")
                     if path.relative_to(out_dir).as_posix() not in generated)
        config["nav"] = [{home_label: src_of(HOME)}, *(uri for uri in NAV_SECTIONS if uri in generated), *own]
    return config


def redirect_pages(site: SiteConfig, settings: Settings, rendered: Rendered, portraits: Iterable[Portrait],
                   locale: Locale) -> tuple[tuple[tuple[str, str], ...], list[Problem]]:
    """The redirect pages from the portraits' old addresses (`aliases`), the plugin's own
    (mkdocs/redirects.py), and the aliases whose page would replace a page or file of the site."""
    taken = {*(f"{page.url}index.html" for page in rendered.pages), *(path for path, _ in rendered.files),
             *(media_url(uri) for uri in rendered.media), *assets(settings), *map(_built_path, _editor_files(site))}
    return site_redirects(portraits, taken, settings.site_url, locale)


def _editor_files(site: SiteConfig) -> list[str]:
    docs = site.path.parent / site.docs_dir if site.path is not None else None
    return [path.relative_to(docs).as_posix() for path in docs.rglob("*") if path.is_file()] if docs and docs.is_dir() else []


def _built_path(src: str) -> str:
    """Where an engine writes a file of its docs folder (directory URLs: 'about.md' → 'about/index.html')."""
    if not src.endswith(".md"):
        return src
    stem = src.removesuffix(".md")
    return f"{stem}.html" if stem == "index" or stem.endswith("/index") else f"{stem}/index.html"


def write_engine_config(config: dict, config_path: Path) -> None:
    header = ("# Written by `portraits render`: the site for an engine that does not run the portraits\n"
              "# plugin (Zensical). Build it, then run `portraits index` on the built site.\n")
    config_path.parent.mkdir(parents=True, exist_ok=True)
    config_path.write_text(header + yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
