"""`portraits`: the writers' command line over the same core as the MkDocs plugin."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import click

from .parallel import default_workers
from .pipeline import Settings, check, run
from .problems import errors, report
from .render import BUILTIN_TEMPLATES


def _find_portraits_dir(path: Path | None) -> tuple[Path, Path | None]:
    """(portraits folder, single file to report on or None) for a PATH argument."""
    if path is None:
        return Path("portraits").resolve(), None
    path = path.resolve()
    if path.is_dir():
        nested = path / "portraits"
        return (nested if (path / "mkdocs.yml").is_file() and nested.is_dir() else path), None
    for parent in path.parents:
        if parent.name == "portraits" or (parent.parent / "mkdocs.yml").is_file():
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
@click.option("--language", default="fr", show_default=True, help="Site language (default for portraits).")
def check_command(path: Path | None, language: str) -> None:
    """Validate every portrait in PATH (a portraits folder, a site folder or one file).

    Prints every problem as path:line:col; exits 1 when there are errors (warnings alone exit 0)."""
    root, only = _find_portraits_dir(path)
    result = check(Settings(portraits_dir=root, language=language))
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
@click.option("--portraits", "portraits_dir", default="portraits", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="The portraits folder.")
@click.option("--templates", "templates_dir", default="templates", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Templates overriding the built-in ones.")
@click.option("--language", default="fr", show_default=True)
@click.option("--preview", is_flag=True, help="Include drafts and scheduled portraits.")
def render_command(out_dir: Path, portraits_dir: Path, templates_dir: Path, language: str, preview: bool) -> None:
    """Write the generated pages as Markdown files (and their media) into OUT_DIR."""
    from .faults import TEMPLATE_FAULTS, describe
    from .i18n import LocaleError
    from .targets import HINT, output_conflict

    portraits_dir, out_dir = portraits_dir.resolve(), out_dir.resolve()
    project = portraits_dir.parent
    sources = (("portraits", portraits_dir), ("templates", templates_dir), ("docs", project / "docs"))
    if conflict := output_conflict(out_dir, sources, project=project):
        raise click.UsageError(f"{conflict}: the generated pages would overwrite it; {HINT}")
    settings = Settings(portraits_dir=portraits_dir, language=language, preview=preview, workers=default_workers(),
                        template_dirs=(templates_dir.resolve(),) if templates_dir.is_dir() else ())
    try:
        result = run(settings)
    except (*TEMPLATE_FAULTS, LocaleError, OSError) as exc:
        raise click.ClickException(describe(exc)) from None
    _echo_problems(result.problems)
    if not result.ok or result.rendered is None:
        sys.exit(1)
    for page in result.rendered.pages:
        target = out_dir / page.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.content, encoding="utf-8")
    for uri in result.rendered.media:
        target = out_dir / "portraits" / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(portraits_dir / uri, target)
    stylesheet = templates_dir / "portraits.css"
    target = out_dir / "assets" / "portraits.css"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(stylesheet if stylesheet.is_file() else BUILTIN_TEMPLATES / "portraits.css", target)
    click.echo(f"wrote {len(result.rendered.pages)} page(s) and {len(result.rendered.media)} media file(s) to {out_dir}")


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


# --- writers' tools: new, schema, import, stats ----------------------------------------------

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
@click.option("--portraits", "portraits_dir", default="portraits", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="The portraits folder.")
@click.option("--language", default="fr", show_default=True, help="Language of the questions (the site language).")
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
@click.option("--portraits", "portraits_dir", default="portraits", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Where to write when -o is not given.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
def import_command(source: Path, output: Path | None, name: str | None, portraits_dir: Path, force: bool) -> None:
    """Turn an existing interview (text, Markdown, HTML page, WordPress export) into a draft portrait."""
    from .importer import ArticleError, parse_article, read_article
    from .model import SLUG, slugify
    from .scaffold import dump_yaml, to_markdown

    try:
        article = read_article(source.read_bytes(), source.name)
        imported = parse_article(article, name=name, fallback_name=source.stem)
    except RecursionError:
        raise click.ClickException(f"{source}: the page is nested too deeply to be read (elements inside elements, "
                                   "thousands deep); save the interview as plain text or Markdown and import that") from None
    except OSError as exc:
        raise click.ClickException(f"cannot read {source}: {exc.strerror or exc}") from None
    except ArticleError as exc:
        raise click.ClickException(f"{source}: {exc}") from None
    data = imported.data
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
    text = to_markdown(data) if target.suffix.lower() == ".md" else dump_yaml(data)
    _validated(text, target, data.get("language", "fr"))
    _write(target, text)
    click.echo(_import_summary(target, imported))


def _import_summary(target: Path, imported) -> str:
    data = imported.data
    questions = [item for item in data["interview"] if "question" in item]
    intro = [p for p in data.get("intro", "").split("\n\n") if p.strip()]
    lines = [f"wrote {target} (a draft)",
             f"  name: {data['name']} (from the {imported.name_from})",
             f"  published: {data['published']}" + ("" if imported.date_found else " (no date found: today)"),
             f"  intro: {len(intro)} paragraph(s)",
             f"  questions: {len(questions)}",
             f"  links: {', '.join(data['links']) if data.get('links') else 'none'}",
             f"  reading: {len(data.get('reading', []))} title(s)"]
    if imported.notes:
        lines.append("needs a human look:")
        lines += [f"  - {note}" for note in imported.notes]
    return "\n".join(lines)


@main.command("stats")
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
@click.option("--language", default="fr", show_default=True, help="Site language (for question wordings).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def stats_command(path: Path | None, language: str, as_json: bool) -> None:
    """Statistics of the portraits in PATH (a portraits folder or a site folder)."""
    import json

    from . import stats

    root, _ = _find_portraits_dir(path)
    if not root.is_dir():
        raise click.ClickException(f"no portraits folder at '{root}': give a portraits folder or a site folder")
    result, problems = stats.collect(root, _check_language(language))
    click.echo(json.dumps(result, ensure_ascii=False, indent=2) if as_json else stats.report(result))
    if errors(problems):
        click.echo(f"{len({p.path for p in errors(problems)})} file(s) with errors were not counted: "
                   "run `portraits check` for the details", err=True)
        sys.exit(1)
