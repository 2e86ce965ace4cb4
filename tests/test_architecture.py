"""The import rules of ARCHITECTURE.md, read from the source with `ast`: the core never imports
a site engine, and a step never imports a later one (load < validate < link < render <
pipeline and writers' tools < adapters)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
ENGINES = {"mkdocs", "material", "properdocs", "zensical"}

# Each module's room, by rank: a module may import from its own rank and lower ones only.
# A module prefix ("render") covers a package and its modules ("render.home").
RANKS = {
    0: ("config", "site", "model", "problems", "names", "i18n", "markup", "gfm", "charts", "structured",
        "media", "parallel", "kept", "search_merge", "schema", "targets", "comments", "typography", "faults"),  # shared by every step
    1: ("load", "depth", "registry", "verbatim"),
    2: ("validate", "aids"),
    3: ("link",),
    4: ("render",),
    5: ("pipeline", "stats", "importer", "scaffold", "comments_migrate"),  # the steps in one call; writers' tools
    6: ("search", "cli", "__main__", "mkdocs", "properdocs", "zensical", "engines"),  # adapters and services
}
ADAPTERS = ("cli", "__main__", "mkdocs", "properdocs", "zensical", "engines")  # may import an engine


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def covers(prefix: str, name: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def rank(name: str) -> int | None:
    found = [(len(prefix), level) for level, prefixes in RANKS.items() for prefix in prefixes if covers(prefix, name)]
    return max(found)[1] if found else None


def imports(path: Path) -> list[tuple[int, str, bool]]:
    """(line, module, internal) of every import of a module file; internal names are relative
    to the package ("render.home"), external ones are the top-level name ("mkdocs")."""
    name = module_name(path)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "generator" or alias.name.startswith("generator."):
                    found.append((node.lineno, alias.name.removeprefix("generator").lstrip("."), True))
                else:
                    found.append((node.lineno, alias.name.split(".")[0], False))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
                if node.module is None:  # "from . import x": each name is a module of the package
                    found += [(node.lineno, ".".join([*base, alias.name]), True) for alias in node.names]
                else:
                    found.append((node.lineno, target, True))
            elif node.module == "generator" or node.module.startswith("generator."):
                found.append((node.lineno, node.module.removeprefix("generator").lstrip("."), True))
            else:
                found.append((node.lineno, node.module.split(".")[0], False))
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_the_rules_see_every_module():
    assert len(MODULES) > 20
    unplaced = [module_name(path) for path in MODULES if module_name(path) and rank(module_name(path)) is None]
    assert not unplaced, (f"{unplaced}: give each new module its room in RANKS (tests/test_architecture.py) "
                          "and in ARCHITECTURE.md")


@pytest.mark.parametrize("path", MODULES, ids=lambda path: module_name(path) or "generator")
def test_imports_follow_the_rooms(path):
    name = module_name(path)
    if not name:
        return
    own, adapter = rank(name), any(covers(prefix, name) for prefix in ADAPTERS)
    wrong = []
    for line, target, internal in imports(path):
        where = f"generator/{path.relative_to(PACKAGE)}:{line}"
        if not internal and target in ENGINES and not adapter:
            wrong.append(f"{where}: the core imports the engine '{target}'; only an adapter may")
        if internal and target:
            level = rank(target)
            if level is not None and level > own:
                wrong.append(f"{where}: '{name}' (rank {own}) imports '{target}' (rank {level}), a later step")
    assert not wrong, "\n".join(wrong)


def test_the_rules_catch_a_wrong_import(tmp_path, monkeypatch):
    """The checker itself: an engine or a later step imported by the core is found."""
    fake = tmp_path / "generator"
    fake.mkdir()
    (fake / "link.py").write_text("from mkdocs.config import Config\nfrom .render import Page\nfrom . import site\n")
    monkeypatch.setitem(globals(), "PACKAGE", fake)
    found = imports(fake / "link.py")
    assert found == [(1, "mkdocs", False), (2, "render", True), (3, "site", True)]
    with pytest.raises(AssertionError, match="engine 'mkdocs'.*\n.*imports 'render' \\(rank 4\\)"):
        test_imports_follow_the_rooms(fake / "link.py")
