"""`portraits`: the writers' command line over the same core as the MkDocs plugin."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import click

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


def _echo_problems(problems, only: Path | None = None) -> None:
    if only is not None:
        problems = [p for p in problems if Path(p.path).name == only.name]
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
    problems = [p for p in result.problems if only is None or Path(p.path).name == only.name]
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
    portraits_dir, out_dir = portraits_dir.resolve(), out_dir.resolve()
    if out_dir == portraits_dir or out_dir.is_relative_to(portraits_dir):
        raise click.UsageError("OUT_DIR must not be inside the portraits folder: nothing generated goes there")
    settings = Settings(portraits_dir=portraits_dir, language=language, preview=preview,
                        template_dirs=(templates_dir.resolve(),) if templates_dir.is_dir() else ())
    result = run(settings)
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
