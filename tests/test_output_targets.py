"""No command writes into, renames or deletes what a writer owns: every way of naming an
output folder (config, flag, link, relative path) is checked before anything is touched."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from conftest import image_bytes, mkdocs, portraits_cli, write_portrait
from generator.targets import output_conflict


def snapshot(folder: Path) -> dict[str, str]:
    """Every file below `folder` (links not followed) with a hash of its bytes."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            found[path.relative_to(folder).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@pytest.fixture
def project(site: Path) -> Path:
    write_portrait(site / "portraits", "zoe-lefebvre")
    (site / "portraits" / "_media").mkdir()
    (site / "portraits" / "_media" / "zoe.jpg").write_bytes(image_bytes())
    (site / "templates").mkdir()
    (site / "templates" / "portrait.md.j2").write_text("{{ portrait.name }}\n", encoding="utf-8")
    (site / "docs" / "index.md").write_text("# Accueil\n", encoding="utf-8")
    return site


BUILD_TARGETS = {
    "config: portraits": (["site_dir: portraits"], []),
    "config: project folder": (["site_dir: ."], []),
    "config: parent of the project": (["site_dir: .."], []),
    "config: templates": (["site_dir: templates"], []),
    "config: inside portraits": (["site_dir: portraits/_site"], []),
    "config: winding path to portraits": (["site_dir: ./docs/../portraits/."], []),
    "flag: -d portraits": ([], ["-d", "portraits"]),
    "flag: -d .": ([], ["-d", "."]),
    "flag: -d absolute portraits": ([], ["-d", "{root}/portraits"]),
    "flag: -d link to portraits": ([], ["-d", "out-link"]),
    "flag: -d link to the project's parent": ([], ["-d", "up-link"]),
}


@pytest.mark.parametrize("config_lines, flags", BUILD_TARGETS.values(), ids=BUILD_TARGETS.keys())
def test_a_build_never_targets_a_source_folder(project: Path, config_lines, flags):
    (project / "out-link").symlink_to(project / "portraits", target_is_directory=True)
    (project / "up-link").symlink_to(project.parent, target_is_directory=True)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "".join(line + "\n" for line in config_lines),
                      encoding="utf-8")
    before = snapshot(project)
    result = mkdocs(project, "build", *[flag.format(root=project) for flag in flags])
    assert result.returncode != 0
    ours = "the output folder" in result.stderr and "choose a folder of its own" in result.stderr
    assert ours or "should not be within the 'site_dir'" in result.stderr  # MkDocs' own check on docs_dir
    assert "Traceback" not in result.stderr
    assert snapshot(project) == before
    assert not [p for p in project.parent.iterdir() if ".building-" in p.name or ".old-" in p.name]


def test_the_usual_site_folder_still_builds(project: Path):
    (project / "templates" / "portrait.md.j2").unlink()
    result = mkdocs(project, "build", "-d", "public")
    assert result.returncode == 0, result.stderr
    assert (project / "public" / "portraits" / "zoe-lefebvre" / "index.html").is_file()


RENDER_TARGETS = {
    "project folder": ".",
    "portraits": "portraits",
    "inside portraits": "portraits/out",
    "templates": "templates",
    "docs": "docs",
    "parent of the project": "..",
    "link to the project": "project-link",
}


@pytest.mark.parametrize("out_dir", RENDER_TARGETS.values(), ids=RENDER_TARGETS.keys())
def test_render_never_writes_into_a_source_folder(project: Path, out_dir: str):
    (project / "project-link").symlink_to(project, target_is_directory=True)
    before = snapshot(project)
    result = portraits_cli(project, "render", out_dir)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "the output folder" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(project) == before


def test_render_into_a_folder_of_its_own(project: Path):
    (project / "templates" / "portrait.md.j2").unlink()
    result = portraits_cli(project, "render", "out")
    assert result.returncode == 0, result.stderr
    assert (project / "out" / "portraits" / "zoe-lefebvre.md").is_file()


def test_conflict_rules(tmp_path: Path):
    portraits = tmp_path / "portraits"
    sources = (("portraits", portraits),)
    assert output_conflict(tmp_path / "site", sources, project=tmp_path) is None
    assert "is the portraits folder" in output_conflict(portraits, sources, project=tmp_path)
    assert "inside the portraits folder" in output_conflict(portraits / "x" / "y", sources, project=tmp_path)
    assert "contains the portraits folder" in output_conflict(tmp_path, sources)
    assert "project folder" in output_conflict(tmp_path.parent, (), project=tmp_path)
    assert output_conflict(tmp_path / "sitemap", (("portraits", tmp_path / "site"),)) is None  # names, not prefixes
