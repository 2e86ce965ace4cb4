"""`portraits`: the writers' command line over the same core as the MkDocs plugin."""

from __future__ import annotations

import os
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from .config import DEFAULTS, PORTRAITS_DIR, TEMPLATES_DIR, Limits, Settings
from .parallel import default_workers
from .pipeline import check, run
from .problems import errors, report, visible
from .site import media_url


def _find_portraits_dir(path: Path | None) -> tuple[Path, Path | None]:
    """(portraits folder, single file to report on or None) for a PATH argument."""
    if path is None:
        return Path(PORTRAITS_DIR).resolve(), None
    path = path.resolve()
    if path.is_dir():
        nested = path / PORTRAITS_DIR
        return (nested if (path / "mkdocs.yml").is_file() and nested.is_dir() else path), None
    for parent in path.parents:
        if parent.name == PORTRAITS_DIR or (parent.parent / "mkdocs.yml").is_file():
            return parent, path
    return path.parent, path


def _echo_problems(problems) -> None:
    if problems:
        click.echo(report(problems), err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="portraits")
def main() -> None:
    """Publish interview portraits: check, render and build the site."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@main.command("check")
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
@click.option("--language", default=DEFAULTS.language, show_default=True, help="Site language (default for portraits).")
@click.option("--max-answer-words", type=click.IntRange(min=0), default=DEFAULTS.limits.answer_words, show_default=True,
              help="Warn on longer answers (0: never).")
@click.option("--max-question-chars", type=click.IntRange(min=0), default=DEFAULTS.limits.question_chars,
              show_default=True, help="Warn on longer questions (0: never).")
@click.option("--spelling", is_flag=True, help="Warn on words missing from the French or English dictionary.")
def check_command(path: Path | None, language: str, max_answer_words: int, max_question_chars: int,
                  spelling: bool) -> None:
    """Validate every portrait in PATH (a portraits folder, a site folder or one file).

    Prints every problem as path:line:col; exits 1 when there are errors (warnings alone exit 0)."""
    from .aids import spelling_available

    if spelling and not spelling_available():
        raise click.ClickException("the spelling check needs pyspellchecker: pip install 'portraits[spelling]'")
    root, only = _find_portraits_dir(path)
    result = check(Settings(portraits_dir=root, language=language, spelling=spelling,
                            limits=Limits(max_answer_words, max_question_chars)))
    problems = [p for p in result.problems if only is None or Path(p.path).resolve() == only]
    _echo_problems(problems)
    if errors(problems):
        sys.exit(1)
    count = "1 file" if only else f"{len(list(_portrait_files(root)))} portrait file(s)"
    click.echo(f"ok: {count} checked" + (f", {len(problems)} warning(s)" if problems else ""))


def _portrait_files(root: Path):
    from .load import scan_folder

    return scan_folder(root)[0] if root.is_dir() else []


@main.command("render")
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--portraits", "portraits_dir", default=PORTRAITS_DIR, show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="The portraits folder.")
@click.option("--templates", "templates_dir", default=TEMPLATES_DIR, show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Templates overriding the built-in ones.")
@click.option("--language", default=DEFAULTS.language, show_default=True)
@click.option("--preview", is_flag=True, help="Include drafts and scheduled portraits.")
@click.option("-f", "--config-file", default="mkdocs.yml", show_default=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The site's configuration (site name, URL, description, comments), if it exists.")
@click.option("--engine-config", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write a configuration at this path for an engine that does not run the plugin (Zensical), "
                   "with the search page and the editor's pages; OUT_DIR must be inside its folder.")
def render_command(out_dir: Path, portraits_dir: Path, templates_dir: Path, language: str, preview: bool,
                   config_file: Path, engine_config: Path | None) -> None:
    """Write the generated pages as Markdown files (and their media) into OUT_DIR."""
    from .engines.config import (OutDirError, copy_editor_pages, engine_config as make_engine_config, fresh_out_dir,
                                  redirect_pages, write_engine_config, write_outputs)
    from .i18n import load_locale
    from .targets import HINT, output_conflict

    portraits_dir, out_dir = portraits_dir.resolve(), out_dir.resolve()
    project = portraits_dir.parent
    sources = (("portraits", portraits_dir), ("templates", templates_dir), ("docs", project / "docs"))
    if conflict := output_conflict(out_dir, sources, project=project):
        raise click.UsageError(f"{conflict}: the generated pages would overwrite it; {HINT}")
    if engine_config is not None and (out_dir == engine_config.resolve().parent
                                      or not out_dir.is_relative_to(engine_config.resolve().parent)):
        raise click.UsageError("OUT_DIR must be inside the folder of --engine-config, not that folder itself "
                               "(engines read pages only there, and write the site beside them)")
    settings = Settings(portraits_dir=portraits_dir, language=language, preview=preview, workers=default_workers(),
                        templates_dir=templates_dir.resolve(), search=engine_config is not None)
    site, settings = _site_config(config_file, settings)
    with _faults():
        result = run(settings)
    _echo_problems(result.problems)
    if not result.ok or result.rendered is None:
        sys.exit(1)
    with _faults():
        locale = load_locale(language, tuple(d / "locales" for d in settings.template_dirs))
    redirects = ()
    if engine_config is not None:
        redirects, clashes = redirect_pages(site, settings, result.rendered, result.catalogue.portraits, locale)
        if clashes:  # before anything is written, as a build stops before replacing the site
            _echo_problems(clashes)
            sys.exit(1)
        try:
            fresh_out_dir(out_dir)
        except OutDirError as exc:
            raise click.UsageError(str(exc)) from None
    with _faults(writing=out_dir):
        if engine_config is not None:
            copy_editor_pages(site, out_dir)
        for page in result.rendered.pages:
            target = out_dir / page.src_uri
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page.content, encoding="utf-8")
        for uri in result.rendered.media:
            target = out_dir / media_url(uri)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(portraits_dir / uri, target)
        write_outputs(out_dir, result.rendered, settings)
        for path, content in redirects:  # an engine copies them as they are, as any file of its docs folder
            target = out_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
        if engine_config is not None:
            write_engine_config(make_engine_config(site, settings, engine_config, out_dir, result.rendered,
                                                   locale.label("home")), engine_config)
    click.echo(f"wrote {len(result.rendered.pages)} page(s) and {len(result.rendered.media)} media file(s) to {out_dir}")
    if engine_config is not None:
        click.echo(f"wrote {engine_config}: build it (e.g. `zensical build -f {engine_config}`), "
                   "then add the search with `portraits index SITE_DIR`")


@contextmanager
def _faults(writing: Path | None = None):
    """What a command stops on outside the portraits, as one line instead of a traceback: a
    template override or a locale file that fails, or, while `writing` into a folder, the disk."""
    from .faults import TEMPLATE_FAULTS, describe, disk_message
    from .i18n import LocaleError

    caught = (OSError,) if writing else (*TEMPLATE_FAULTS, LocaleError, OSError)
    try:
        yield
    except caught as exc:
        message = disk_message(exc, f"writing into {writing}", "run it again") if writing else describe(exc)
        raise click.ClickException(message) from None


def _site_config(config_file: Path, settings: Settings):
    """(the site's configuration for an engine, `settings` completed from it) from mkdocs.yml."""
    from .engines.config import SiteConfigError, read_site_config

    try:
        return read_site_config(config_file, settings)
    except SiteConfigError as exc:
        raise click.ClickException(str(exc)) from None


@main.command("index")
@click.argument("site_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--portraits", "portraits_dir", default=PORTRAITS_DIR, show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="The portraits folder the site was built from.")
@click.option("--templates", "templates_dir", default=TEMPLATES_DIR, show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Templates overriding the built-in ones.")
@click.option("--language", default=DEFAULTS.language, show_default=True)
@click.option("--preview", is_flag=True, help="The site was rendered with --preview (drafts and scheduled portraits).")
@click.option("-f", "--config-file", default="mkdocs.yml", show_default=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The site's configuration (site name, URL, portraits per search index), if it exists.")
def index_command(site_dir: Path, portraits_dir: Path, templates_dir: Path, language: str, preview: bool,
                  config_file: Path) -> None:
    """Add the Pagefind search to a site built by any engine (e.g. `zensical build` of `portraits render` output),
    and what the plugin adds to each page where the engine left it out."""
    from .engines.index import SiteDirError, check_site_dir, complete_site
    from .i18n import load_locale
    from .search import SearchIndexError
    from .site import FEED
    from .targets import HINT, output_conflict

    site_dir, portraits_dir = site_dir.resolve(), portraits_dir.resolve()
    project = portraits_dir.parent
    sources = (("portraits", portraits_dir), ("templates", templates_dir), ("docs", project / "docs"))
    if conflict := output_conflict(site_dir, sources, project=project):
        raise click.UsageError(f"{conflict}: it is not a built site; {HINT}")
    try:
        check_site_dir(site_dir)
    except SiteDirError as exc:
        raise click.ClickException(str(exc)) from None
    settings = Settings(portraits_dir=portraits_dir, language=language, preview=preview, workers=default_workers(),
                        templates_dir=templates_dir.resolve(), search=True)
    _, settings = _site_config(config_file, settings)
    portrait_pages: list = []  # the pages the search indexes, as the plugin's indexer receives them
    with _faults():
        result = run(settings, portraits=portrait_pages.extend)
    _echo_problems(result.problems)
    if not result.ok or result.rendered is None:
        sys.exit(1)
    with _faults():
        locale = load_locale(language, tuple(d / "locales" for d in settings.template_dirs))
    try:
        with _faults(writing=site_dir):
            done = complete_site(site_dir, result.rendered.pages, portrait_pages, settings,
                                 feed=any(path == FEED for path, _ in result.rendered.files),
                                 site_name=settings.site_name or locale.label("home_title"),
                                 search_label=locale.label("search"))
    except SearchIndexError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{site_dir}: {done.bundles} search index(es) of {len(portrait_pages)} portrait(s), "
               f"{done.pages} page(s) completed")


def _mkdocs_config(config_file: str, strict: bool, preview: bool):
    from mkdocs.config import load_config

    config = load_config(config_file=config_file, strict=strict)
    if preview:
        plugin = config.plugins.get("portraits")
        if plugin is None:
            raise click.UsageError(f"{config_file} does not use the 'portraits' plugin")
        plugin.config.preview = True
    return config


@main.command("build")
@click.option("-f", "--config-file", default="mkdocs.yml", show_default=True)
@click.option("-s", "--strict", is_flag=True, help="Abort on warnings.")
@click.option("--preview", is_flag=True, help="Include drafts and scheduled portraits (for a preview site).")
def build_command(config_file: str, strict: bool, preview: bool) -> None:
    """Build the site (like `mkdocs build`); the previous site is replaced only on success."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    try:
        config = _mkdocs_config(config_file, strict, preview)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as exc:
        click.echo(f"Error: {exc.format_message() if hasattr(exc, 'format_message') else exc}", err=True)
        sys.exit(1)
    except OSError as exc:  # e.g. the disk full while MkDocs copies a file; the previous site is kept
        from .faults import disk_message

        click.echo(f"Error: {disk_message(exc)}", err=True)
        sys.exit(1)
    except SystemExit as exc:
        sys.exit(exc.code or 1)


@main.command("serve")
@click.option("-f", "--config-file", default="mkdocs.yml", show_default=True)
@click.option("-a", "--dev-addr", default=None, help="IP address and port, e.g. localhost:8000.")
def serve_command(config_file: str, dev_addr: str | None) -> None:
    """Preview the site live, drafts included (like `mkdocs serve`)."""
    from mkdocs.commands.serve import serve

    kwargs = {"dev_addr": dev_addr} if dev_addr else {}
    serve(config_file=config_file, **kwargs)


# --- writers' tools: new, schema, import, questionnaire, stats ----------------------------------------------

def _target_free(target: Path, force: bool = False, can_force: bool = False) -> None:
    """Refuse to overwrite a file (unless forced), or to add a second file for the same page (same slug)."""
    from .load import PORTRAIT_SUFFIXES

    for suffix in PORTRAIT_SUFFIXES:
        other = target.with_suffix(suffix)
        if other.exists() and not (force and other == target):
            hint = " (use --force to replace it)" if can_force and other == target else ""
            raise click.ClickException(f"{other} already exists: a portrait with this slug is already there{hint}")


MAX_SLUG = 120  # file names are limited to 255 bytes; a page's URL stays readable


def _slug_fits(slug: str, param: str) -> None:
    if len(slug) > MAX_SLUG:
        raise click.BadParameter(f"the name is too long for a file name ({len(slug)} characters in its slug, at most "
                                 f"{MAX_SLUG}); give a shorter one, e.g. the person's usual name", param_hint=param)


def _write(target: Path, text: str) -> None:
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"cannot write {target}: {exc.strerror or exc}") from None


def _check_language(language: str) -> str:
    from .model import LANGUAGE

    if not LANGUAGE.match(language):
        raise click.BadParameter(f"'{language}' is not a language code; use one such as fr, en or pt-BR",
                                 param_hint="--language")
    return language


def _validated(text: str, target: Path, language: str) -> None:
    """Check a portrait before it is written, as `portraits check` would; exit 1 on errors."""
    from .load import display_path, parse_markdown, parse_yaml_document
    from .validate import validate_source

    display = display_path(target)
    parse = parse_markdown if target.suffix.lower() == ".md" else parse_yaml_document
    source, problems = parse(text, target, display, target.name)
    if source is not None:
        problems = validate_source(source, target.parent, language)[1]
    if errors(problems):
        click.echo(report(problems), err=True)
        raise click.ClickException(f"{display} was not written: the portrait would not be valid (please report this)")


@main.command("new")
@click.argument("name")
@click.option("--portraits", "portraits_dir", default=PORTRAITS_DIR, show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="The portraits folder.")
@click.option("--language", default=DEFAULTS.language, show_default=True, help="Language of the questions (the site language).")
@click.option("--format", "fmt", type=click.Choice(["yml", "md"]), default="yml", show_default=True,
              help="YAML, or Markdown with front matter.")
@click.option("--schema", default=None, metavar="PATH|URL",
              help="Where editors find the JSON Schema [default: portraits.schema.json beside the portraits folder].")
def new_command(name: str, portraits_dir: Path, language: str, fmt: str, schema: str | None) -> None:
    """Start a draft portrait of NAME with every question of the bank, e.g. portraits new "Zoé Lefèbvre"."""
    from datetime import date

    from .model import slugify
    from .registry import load_registries
    from .scaffold import draft, schema_line, scaffold_yaml, to_markdown
    from .schema import SCHEMA_FILE

    language = _check_language(language)
    name, slug = name.strip(), slugify(name)
    if not slug:
        raise click.BadParameter("the name must contain letters or digits, e.g. \"Zoé Lefèbvre\"", param_hint="NAME")
    _slug_fits(slug, "NAME")
    if not portraits_dir.is_dir():
        raise click.ClickException(f"the portraits folder '{portraits_dir}' does not exist: "
                                   "run this from the site folder, or give it with --portraits")
    target = portraits_dir / f"{slug}.{fmt}"
    _target_free(target)
    registries, problems = load_registries(portraits_dir)
    if errors(problems):
        click.echo(report(problems), err=True)
        raise click.ClickException("the question bank has errors: fix them first")
    data = draft(name, list(registries.questions), language, date.today())
    if fmt == "md":
        text = to_markdown(data)
    else:
        schema_path = schema or str(portraits_dir.absolute().parent / SCHEMA_FILE)
        text = scaffold_yaml(data, slug, schema_line(target, schema_path))
    _validated(text, target, language)
    _write(target, text)
    click.echo(f"wrote {target}: a draft with {len(data['interview'])} question(s)")
    if fmt == "yml" and schema is None and not Path(schema_path).exists():
        click.echo(f"tip: run `portraits schema -o {Path(os.path.relpath(schema_path))}` so that editors complete and check it")


@main.command("schema")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the schema to this file instead of printing it.")
def schema_command(output: Path | None) -> None:
    """Print the JSON Schema of the portrait file format (for editors' completion and checks)."""
    from .schema import schema_text

    text = schema_text()
    if output is None:
        click.echo(text, nl=False)
        return
    _write(output, text)
    click.echo(f"wrote {output}")


@main.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The portrait file to write (.yml or .md) [default: PORTRAITS/<slug of the name>.yml].")
@click.option("--name", default=None, help="The person's name, when the title does not give it.")
@click.option("--portraits", "portraits_dir", default=PORTRAITS_DIR, show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Where to write when -o is not given.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@click.option("--publish", is_flag=True, help="Write it published, not as a draft (posts of a blog being moved).")
def import_command(source: Path, output: Path | None, name: str | None, portraits_dir: Path, force: bool,
                   publish: bool) -> None:
    """Turn an existing interview (text, Markdown, HTML page, WordPress export, .docx, .odt) into a draft portrait.

    Doubtful decisions are marked in the file (`# check: …`) and listed here."""
    from .importer import ArticleError, parse_article, read_article
    from .importer.write import annotated_markdown, annotated_yaml
    from .model import SLUG, slugify

    bank = _bank(output.parent if output else portraits_dir)
    try:
        article = read_article(source.read_bytes(), source.name)
        imported = parse_article(article, name=name, fallback_name=source.stem, bank=bank)
    except RecursionError:
        raise click.ClickException(f"{source}: the page is nested too deeply to be read (elements inside elements, "
                                   "thousands deep); save the interview as plain text or Markdown and import that") from None
    except OSError as exc:
        raise click.ClickException(f"cannot read {source}: {exc.strerror or exc}") from None
    except ArticleError as exc:
        raise click.ClickException(visible(f"{source}: {exc}")) from None
    data = imported.data
    if publish:
        data.pop("draft", None)
    target = output or portraits_dir / f"{slugify(data['name']) or 'portrait'}.yml"
    _slug_fits(target.stem, "--name" if output is None else "-o")
    if target.suffix.lower() not in (".yml", ".yaml", ".md"):
        raise click.BadParameter("the output must be a .yml, .yaml or .md file", param_hint="-o")
    if not SLUG.match(target.stem):
        raise click.BadParameter(f"'{target.name}' is not a valid portrait file name: use lowercase letters, digits "
                                 f"and hyphens, e.g. '{slugify(target.stem) or 'portrait'}{target.suffix.lower()}'",
                                 param_hint="-o")
    if not target.parent.is_dir():
        raise click.ClickException(f"the folder '{target.parent}' does not exist")
    _target_free(target, force, can_force=True)
    write = annotated_markdown if target.suffix.lower() == ".md" else annotated_yaml
    text, located = write(data, imported.flags, data.get("language", DEFAULTS.language))
    _validated(text, target, data.get("language", DEFAULTS.language))
    _write(target, text)
    click.echo(visible(_import_summary(target, imported, located)))  # names and notes come from the article


def _bank(portraits_dir: Path) -> tuple:
    """The question bank beside the portraits (its ids go to the imported questions), if it is valid."""
    from .registry import load_registries

    if not portraits_dir.is_dir():
        return ()
    registries, problems = load_registries(portraits_dir)
    return () if errors(problems) else registries.questions


def _import_summary(target: Path, imported, located=()) -> str:
    data = imported.data
    questions = [item for item in data["interview"] if "question" in item]
    intro = [p for p in data.get("intro", "").split("\n\n") if p.strip()]
    ids = sum(1 for item in questions if item.get("id"))
    lines = [f"wrote {target}" + (" (a draft)" if data.get("draft") else ""),
             f"  name: {data['name']} (from the {imported.name_from})",
             f"  published: {data['published']}" + ("" if imported.date_found else " (no date found: today)"),
             f"  intro: {len(intro)} paragraph(s)",
             f"  questions: {len(questions)}" + (f", {ids} matched to the question bank" if ids else ""),
             f"  links: {', '.join(data['links']) if data.get('links') else 'none'}",
             f"  reading: {len(data.get('reading', []))} title(s)"]
    if data.get("aliases"):
        lines.append(f"  old address: {', '.join(data['aliases'])} (redirected to the new page)")
    if imported.notes or located:
        lines.append("needs a human look:")
        lines += [f"  - {note}" for note in imported.notes]
        lines += [f"  - line {line}: {flag.en}" for line, flag in located]
    if located:
        lines.append(f"{len(located)} value(s) are marked in {target.name} with a '# check' comment")
    return "\n".join(lines)


@main.command("comments-migrate")
@click.argument("export", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--isso-config", "isso_config", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The isso configuration file (its [general] dbpath is the database to fill).")
@click.option("--portraits", "portraits_dir", default="portraits", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="The portraits, with their old addresses in 'aliases'.")
@click.option("--isso", "isso_command", default=None, help="The isso program [default: isso beside this Python, or on PATH].")
@click.option("--append", is_flag=True, help="Import even if the database already holds comments.")
@click.option("--remap-only", is_flag=True, help="Skip isso's importer: only move already imported threads.")
def comments_migrate_command(export: Path, isso_config: Path, portraits_dir: Path, isso_command: str | None,
                             append: bool, remap_only: bool) -> None:
    """Move a WordPress blog's comments (EXPORT, a WXR file) into isso, each thread on the new
    address of its portrait: runs isso's own importer, then files every thread found at an
    old address (a portrait's `aliases`) under the portrait's page."""
    import subprocess

    from .comments_migrate import MigrationError, comment_count, isso_database, new_addresses, remap_threads
    from .load import load_folder
    from .validate import validate

    try:
        database = isso_database(isso_config)
    except MigrationError as exc:
        raise click.ClickException(str(exc)) from None
    if not portraits_dir.is_dir():
        raise click.ClickException(f"no portraits folder at '{portraits_dir}' (give it with --portraits)")
    validated = validate(load_folder(portraits_dir.resolve()), portraits_dir.resolve())
    if errors(validated.problems):
        _echo_problems(errors(validated.problems))
        raise click.ClickException("fix the portraits first: their aliases tell where each thread goes")
    addresses = new_addresses(validated.portraits)
    if not addresses:
        raise click.ClickException(f"no portrait in {portraits_dir} has 'aliases' (old addresses): "
                                   "import the posts with `portraits import` first, or add their old paths")
    if not remap_only:
        if comment_count(database) and not append:
            raise click.ClickException(f"the isso database {database} already holds comments; importing the export "
                                       "again would copy them twice (use --remap-only, or --append to import anyway)")
        program = isso_command or shutil.which("isso", path=str(Path(sys.executable).parent)) or shutil.which("isso")
        if not program:
            raise click.ClickException("isso is not installed here: pip install isso, or give its program with --isso")
        run = subprocess.run([program, "-c", str(isso_config), "import", "-t", "wordpress", str(export)],
                             input="y\n", capture_output=True, text=True)
        if run.returncode != 0:
            raise click.ClickException(f"isso's importer failed:\n{(run.stderr or run.stdout).strip()}")
    moved, left = remap_threads(database, addresses)
    for item in moved:
        click.echo(visible(f"{item.old} → {item.new} ({item.comments} comment(s))"))
    for uri in left:
        click.echo(visible(f"left at {uri}: no portrait has this old address in its 'aliases'"), err=True)
    click.echo(f"{len(moved)} thread(s) moved, {sum(m.comments for m in moved)} comment(s), into {database}")


@main.command("questionnaire")
@click.argument("name")
@click.option("--portraits", "portraits_dir", default="portraits", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="The portraits folder (its question bank).")
@click.option("--language", default="fr", show_default=True, help="Language of the questions and instructions (the site language).")
@click.option("-o", "--output-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
              help="Where to write the .docx and .txt files.")
def questionnaire_command(name: str, portraits_dir: Path, language: str, output_dir: Path) -> None:
    """Write the bank's questions to send to NAME, as a Word document and as plain text.

    The filled-in document comes back with `portraits import`, each answer under its bank id."""
    from .importer.questionnaire import questionnaire_docx, questionnaire_text
    from .model import slugify
    from .registry import load_registries

    language = _check_language(language)
    slug = slugify(name)
    if not slug:
        raise click.BadParameter("the name must contain letters or digits, e.g. \"Zoé Lefèbvre\"", param_hint="NAME")
    _slug_fits(slug, "NAME")
    if not portraits_dir.is_dir():
        raise click.ClickException(f"the portraits folder '{portraits_dir}' does not exist: "
                                   "run this from the site folder, or give it with --portraits")
    registries, problems = load_registries(portraits_dir)
    if errors(problems):
        click.echo(report(problems), err=True)
        raise click.ClickException("the question bank has errors: fix them first")
    if not registries.questions:
        raise click.ClickException(f"there is no question bank ({portraits_dir / '_questions.yml'}): "
                                   "add the questions to send there first")
    if not output_dir.is_dir():
        raise click.ClickException(f"the folder '{output_dir}' does not exist")
    questions = [question.wording(language) for question in registries.questions]
    stem = output_dir / f"questionnaire-{slug}"
    _write_bytes(stem.with_suffix(".docx"), questionnaire_docx(name.strip(), questions, language))
    _write(stem.with_suffix(".txt"), questionnaire_text(name.strip(), questions, language))
    click.echo(f"wrote {stem}.docx and {stem}.txt: {len(questions)} question(s) for {name.strip()}\n"
               f"when the answers come back: portraits import {stem.name}.docx (or .txt, or .odt)")


def _write_bytes(target: Path, content: bytes) -> None:
    try:
        target.write_bytes(content)
    except OSError as exc:
        raise click.ClickException(f"cannot write {target}: {exc.strerror or exc}") from None


@main.command("stats")
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
@click.option("--language", default=DEFAULTS.language, show_default=True, help="Site language (for question wordings).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def stats_command(path: Path | None, language: str, as_json: bool) -> None:
    """Statistics of the portraits in PATH (a portraits folder or a site folder), or of one
    portrait file: its words and reading time."""
    import json

    from . import stats

    root, only = _find_portraits_dir(path)
    if only is not None:
        result, problems = stats.one_file(only, root, _check_language(language))
        if result is None:
            _echo_problems(problems)
            sys.exit(1)
        click.echo(json.dumps(result, ensure_ascii=False, indent=2) if as_json else stats.file_report(result))
        return
    if not root.is_dir():
        raise click.ClickException(f"no portraits folder at '{root}': give a portraits folder or a site folder")
    result, problems = stats.collect(root, _check_language(language))
    click.echo(json.dumps(result, ensure_ascii=False, indent=2) if as_json else visible(stats.report(result)))
    if errors(problems):
        click.echo(f"{len({p.path for p in errors(problems)})} file(s) with errors were not counted: "
                   "run `portraits check` for the details", err=True)
        sys.exit(1)
