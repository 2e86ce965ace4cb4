"""Where generated output may go: never into, onto or around what a writer owns.

A build replaces its output folder whole (the previous site is renamed aside, then deleted),
and `portraits render` writes pages into its own. Both are checked here, on resolved paths
(links followed, `..` removed) before anything is touched, so that `site_dir: portraits`,
`mkdocs build -d .` or `portraits render .` stop with a message instead of deleting or
overwriting the portraits."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

HINT = "choose a folder of its own for the output, such as 'site' beside mkdocs.yml"


def resolved(path: Path) -> Path:
    """The real path: links followed as far as the path exists."""
    return Path(path).expanduser().resolve()


def output_conflict(target: Path, sources: Iterable[tuple[str, Path]], project: Path | None = None) -> str | None:
    """Why `target` may not receive generated output, or None.

    `sources` are (what, folder) pairs the output must stay out of and away from (portraits,
    templates, docs): the target may be neither one of them, nor inside one, nor hold one.
    The `project` folder may hold the output (`site/` usually sits there), but may be neither
    the target nor inside it."""
    target = resolved(target)
    for what, folder in sources:
        folder = resolved(folder)
        if target == folder:
            return f"the output folder {target} is the {what} folder"
        if target.is_relative_to(folder):
            return f"the output folder {target} is inside the {what} folder {folder}"
        if folder.is_relative_to(target):
            return f"the output folder {target} contains the {what} folder {folder}"
    if project is not None:
        project = resolved(project)
        if project.is_relative_to(target):
            return f"the output folder {target} is the project folder {project} or contains it"
    return None
