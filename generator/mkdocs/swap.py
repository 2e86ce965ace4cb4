"""Never lose the previous site: build into a sibling folder, and swap it in only after a
full success (a failed or interrupted build leaves the previous site as it was)."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.portraits")


class SiteSwap:
    def __init__(self, site_dir: str):
        self.final = Path(site_dir).resolve()
        self.staging: Path | None = self.final.parent / f".{self.final.name}.building-{os.getpid()}"
        shutil.rmtree(self.staging, ignore_errors=True)
        self.built = False

    def failed(self) -> None:
        """The build failed: its partial site goes."""
        self.built = False
        if self.staging:
            shutil.rmtree(self.staging, ignore_errors=True)

    def finish(self) -> None:
        """At shutdown: the staged site replaces the previous one if the build succeeded."""
        staging, final = self.staging, self.final
        if staging is None:
            return
        self.staging = None
        if not self.built or not staging.is_dir():
            shutil.rmtree(staging, ignore_errors=True)
            return
        retired = final.parent / f".{final.name}.old-{os.getpid()}"
        if final.exists():
            # Hidden entries (a .git of a deployment checkout, say) survive, as with MkDocs' own clean.
            for entry in final.iterdir():
                if entry.name.startswith(".") and not (staging / entry.name).exists():
                    entry.rename(staging / entry.name)
            final.rename(retired)
        staging.rename(final)
        shutil.rmtree(retired, ignore_errors=True)
        log.info(f"portraits: the new site replaces {final}")
