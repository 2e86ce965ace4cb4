"""mkdocs.yml → the core's `Settings`, and what the plugin changes in MkDocs' configuration.
Defaults come from `generator.config`; none is written here."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from ..comments import COMMENT_ASSETS, CommentsError, parse_comments
from ..config import DEFAULTS, PORTRAITS_DIR, TEMPLATES_DIR, Limits, Settings
from ..parallel import default_workers
from ..problems import shorten, visible
from ..site import SCRIPT, STYLESHEET
from ..targets import HINT as OUTPUT_HINT, output_conflict

log = logging.getLogger("mkdocs.plugins.portraits")


class PortraitsConfig(Config):
    portraits_dir = opt.Type(str, default=PORTRAITS_DIR)
    templates_dir = opt.Type(str, default=TEMPLATES_DIR)
    language = opt.Type(str, default=DEFAULTS.language)
    preview = opt.Optional(opt.Type(bool))  # drafts and scheduled portraits; default: only in `mkdocs serve`
    today = opt.Optional(opt.Type((str, date)))  # YYYY-MM-DD, to build the site as of another day
    search = opt.Choice(("pagefind", "none"), default="pagefind")  # Material's own search stays usable
    workers = opt.Type(int, default=0)  # processes rendering the pages; 0: one per core
    search_index_size = opt.Type(int, default=DEFAULTS.search_batch)  # portraits per Pagefind run (then merged)
    comments = opt.Optional(opt.Type((dict, bool)))  # off by default; see generator/comments.py
    max_answer_words = opt.Type(int, default=DEFAULTS.limits.answer_words)  # longer answers are warnings; 0: never
    max_question_chars = opt.Type(int, default=DEFAULTS.limits.question_chars)  # longer questions are warnings; 0: never


def settings(options: PortraitsConfig, config: MkDocsConfig, *, serving: bool) -> Settings:
    """The core's settings from the plugin's options and MkDocs' own; a wrong option stops
    the build with a message."""
    base = Path(config.config_file_path or ".").resolve().parent
    portraits_dir, templates_dir = (base / options.portraits_dir).resolve(), (base / options.templates_dir).resolve()
    sources = (("portraits", portraits_dir), ("templates", templates_dir), ("docs", Path(config.docs_dir)))
    if conflict := output_conflict(Path(config.site_dir), sources, project=base):
        raise PluginError(f"portraits: {conflict}: a build replaces its output folder whole; {OUTPUT_HINT}")
    if options.search_index_size < 1:
        raise PluginError("portraits: 'search_index_size' must be a number of portraits (at least 1)")
    if options.workers < 0:
        raise PluginError("portraits: 'workers' must be 0 (one process per core) or a number of processes")
    if not config.use_directory_urls:
        raise PluginError("portraits: 'use_directory_urls: false' is not supported; "
                          "portrait pages live at /portraits/<slug>/")
    try:
        comments = parse_comments(options.comments)
    except CommentsError as exc:
        raise PluginError(f"portraits: {exc}") from None
    return Settings(
        portraits_dir=portraits_dir,
        templates_dir=templates_dir,
        language=options.language,
        site_name=config.site_name,
        site_url=config.site_url or "",
        site_description=config.site_description or "",
        search=options.search == "pagefind",
        search_batch=options.search_index_size,
        preview=options.preview if options.preview is not None else serving,
        reuse=serving,
        # `mkdocs serve`'s first build forks too (its server and watcher threads start after it);
        # its rebuilds run in one process: map_in_processes never forks a process running threads
        workers=options.workers or default_workers(),
        today=_today(options.today),
        comments=comments,
        limits=Limits(max(0, options.max_answer_words), max(0, options.max_question_chars)),
    )


def adapt(config: MkDocsConfig, settings: Settings) -> None:
    """What the site needs from MkDocs and its theme: the language, the stylesheets and scripts,
    heading anchors, and quiet about generated pages left out of the navigation."""
    config.theme["language"] = theme_language(config, settings.language)
    config.extra_css.append(STYLESHEET)
    if settings.search:
        config.extra_javascript.append(SCRIPT)
    if settings.comments:  # a small script of its own, only on sites with comments
        config.extra_css.append(COMMENT_ASSETS[0])
        config.extra_javascript.append(COMMENT_ASSETS[1])
    if "attr_list" not in config.markdown_extensions:  # question anchors are written "{#id}"
        config.markdown_extensions.append("attr_list")
    # Generated pages are deliberately left out of the navigation; listing them is noise.
    config.validation.nav.omitted_files = logging.DEBUG


def _today(value: str | date | None) -> date | None:
    """The `today` option: a date, quoted or not (YAML reads 2024-03-01 unquoted as a date)."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise PluginError(f"portraits: 'today' must be a date written YYYY-MM-DD, not '{visible(shorten(value))}'; "
                          "e.g. today: 2024-03-01, or remove it to build as of the current day") from None


def theme_language(config: MkDocsConfig, language: str) -> str:
    """The theme's language for the site's: the same if the theme has it ('pt-BR'), else its
    base ('fr' for 'fr-CA'), else English. A site may add a language of its own (a locale file
    in templates/locales/) that the theme does not know; its labels still come from that file."""
    dirs = [Path(folder) for folder in getattr(config.theme, "dirs", ())]
    if not any((folder / "partials" / "languages").is_dir() for folder in dirs):
        return language  # a theme without per-language partials takes any code
    for code in (language, language.split("-")[0], "en"):
        if any((folder / "partials" / "languages" / f"{code}.html").is_file() for folder in dirs):
            if code != language:
                log.info(f"portraits: the theme has no '{language}' language; its own labels are in '{code}'")
            return code
    return language


def other_search(config: MkDocsConfig) -> bool:
    """Whether another plugin (Material's search) reads the pages' content."""
    return any(name.endswith("search") for name in config.plugins if name != "portraits")
