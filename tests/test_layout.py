"""The architecture, as rules the code keeps: the library never imports Streamlit, only the store
speaks SQL, and no two modules import each other (even for type hints)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = ROOT / "famdata"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(LIBRARY.rglob("*.py"))}


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, wherever the import stands (type-checking blocks too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def famdata_imports(name: str) -> set[str]:
    """The famdata modules `name` depends on (a package's own submodules excluded)."""
    return {
        target
        for target in imports_of(MODULES[name])
        if target in MODULES and target != name and not target.startswith(f"{name}.")
    }


def test_the_library_never_imports_streamlit() -> None:
    offenders = [
        name
        for name, path in MODULES.items()
        if any(i == "streamlit" or i.startswith("streamlit.") for i in imports_of(path))
    ]
    assert offenders == []


def test_only_the_store_speaks_sql() -> None:
    offenders = [
        name
        for name, path in MODULES.items()
        if not name.startswith("famdata.store")
        and any(i == "sqlalchemy" or i.startswith("sqlalchemy.") for i in imports_of(path))
    ]
    assert offenders == []


def test_no_two_library_modules_import_each_other() -> None:
    graph = {name: famdata_imports(name) for name in MODULES}
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        for target in graph[node]:
            if target in trail:
                cycles.append([*trail[trail.index(target) :], target])
            elif target not in done:
                visit(target, [*trail, target])
        done.add(node)

    done: set[str] = set()
    for name in graph:
        if name not in done:
            visit(name, [name])
    assert cycles == []


@pytest.mark.parametrize("folder", ["pages", "ui"])
def test_pages_reach_the_database_only_through_the_library(folder: str) -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / folder).glob("*.py"))
        if any(i == "sqlalchemy" or i.startswith("sqlalchemy.") for i in imports_of(path))
    ]
    assert offenders == []
