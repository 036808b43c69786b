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
