"""What a live preview prints about the portraits' problems: each once, then only the changes,
so a new message is not buried under the same warnings at every rebuild."""

from __future__ import annotations

import logging
from typing import Iterable

from ..problems import Problem, errors, visible, warnings

log = logging.getLogger("mkdocs.plugins.portraits")


def report_changes(problems: Iterable[Problem], previous: dict[tuple, Problem] | None) -> dict[tuple, Problem]:
    """A live preview prints every problem once, then at each rebuild only what changed: the
    new problems and the fixed ones (the home page and the portrait pages list them all).
    Returns what is reported now, for the next rebuild."""
    current = {(p.path, p.severity, p.message, p.hint): p for p in sorted(problems)}
    new = [p for key, p in current.items() if previous is None or key not in previous]
    for problem in new:
        (log.warning if problem.severity == "error" else log.info)(str(problem))
    if previous is not None:
        for key, problem in previous.items():
            if key not in current:
                log.info(f"portraits: fixed: {visible(problem.path)}:{problem.line}:{problem.column}: "
                         f"{visible(problem.message)}")
        if current and not new and current.keys() == previous.keys():
            log.info(f"portraits: {len(errors(current.values()))} error(s), {len(warnings(current.values()))} "
                     "warning(s), as before (listed on the home page)")
    return current
