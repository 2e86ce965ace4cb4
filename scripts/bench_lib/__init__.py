"""The benchmark's parts: `corpus` (synthetic portraits and the sites around them), `measure`
(builds in fresh processes: time, memory, the core's steps as the pipeline's own clock reports
them, page weight, live-preview rebuilds) and `report` (tables for BENCHMARKS.md).
`scripts/bench` is the command."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
SCRIPT = ROOT / "scripts" / "bench"  # the command, run again in fresh processes (--_build, --_core)
BENCHMARKS = ROOT / "BENCHMARKS.md"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
CODE_ROOTS = [ROOT]  # where the measured `generator/` lives (a snapshot is added in front)


def snapshot_code(work: Path) -> Path:
    """Copy generator/ and templates/ into the work folder and put the copy first on the
    subprocesses' path, so that edits made to the tree during a long run do not mix versions."""
    code = work / "code"
    shutil.rmtree(code, ignore_errors=True)
    for name in ("generator", "templates"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, code / name, ignore=shutil.ignore_patterns("__pycache__"))
    ENV["PYTHONPATH"] = os.pathsep.join(filter(None, [str(code), os.environ.get("PYTHONPATH")]))
    CODE_ROOTS.insert(0, code)
    return code


