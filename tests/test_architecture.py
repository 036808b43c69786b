"""The layers of docs/architecture.md hold: no import goes up a layer or sideways."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.conftest import REPO_ROOT

PACKAGE = REPO_ROOT / "scripts" / "sif"
DOC = REPO_ROOT / "docs" / "architecture.md"


def layers() -> dict[str, int]:
    """Package -> layer, from the table of docs/architecture.md."""
    found = {}
    for layer, packages in re.findall(r"^\| (\d+) \| ([^|]+) \|", DOC.read_text("utf-8"), re.M):
        for name in re.findall(r"`(\w+)`", packages):
            found[name] = int(layer)
    return found


def top(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "sif":
                found.append(
                    (getattr(node, "lineno", 0), parts[1] if len(parts) > 1 else "__init__")
                )
    return found


def test_every_package_has_a_layer() -> None:
    known = layers()
    packages = {top(path) for path in PACKAGE.rglob("*.py")}
    assert packages - set(known) == set(), "add them to the table in docs/architecture.md"


def test_no_import_goes_up_or_sideways() -> None:
    known = layers()
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        own = top(path)
        for line, target in imports(path):
            if target != own and known.get(target, 99) >= known.get(own, -1):
                where = path.relative_to(REPO_ROOT)
                wrong.append(
                    f"{where}:{line}: {own} (layer {known.get(own)}) imports {target} "
                    f"(layer {known.get(target)})"
                )
    assert not wrong, "\n".join(wrong)


def test_the_check_sees_a_wrong_import(tmp_path: Path) -> None:
    """The rule is not vacuous: the model importing the ledger would be caught."""
    known = layers()
    assert known["ledger"] > known["model"]
    module = tmp_path / "x.py"
    module.write_text("from sif.ledger.books import load_books\n", encoding="utf-8")
    assert imports(module) == [(1, "ledger")]


def module_name(path: Path) -> str:
    """`sif.ledger.plugin` for scripts/sif/ledger/plugin.py, `sif.ledger` for its __init__."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def module_imports(path: Path, known: set[str]) -> set[str]:
    """The modules of the package that `path` imports, wherever the import is
    (in a function, or only for type checking: a cycle there is still a cycle
    for the reader)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:  # `from sif.ledger import plugin` names a module
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in known else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name in known}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in graph.get(node, ()):
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def import_graph() -> dict[str, set[str]]:
    paths = sorted(PACKAGE.rglob("*.py"))
    known = {module_name(path) for path in paths}
    return {module_name(path): module_imports(path, known) - {module_name(path)} for path in paths}


def test_no_import_cycle() -> None:
    found = cycles(import_graph())
    assert not found, "modules that import each other, directly or in a ring:\n" + "\n".join(
        " -> ".join(group) for group in found
    )


def test_the_check_sees_a_cycle() -> None:
    """The cycle this check was written for: the plugin, feedback and the loader."""
    graph = {
        "sif.ledger.plugin": {"sif.ledger.feedback"},
        "sif.ledger.feedback": {"sif.ledger.books"},
        "sif.ledger.books": {"sif.ledger.plugin"},
        "sif.model.members": set(),
    }
    assert cycles(graph) == [["sif.ledger.books", "sif.ledger.feedback", "sif.ledger.plugin"]]
    graph["sif.ledger.books"] = set()
    assert cycles(graph) == []
