"""The documentation covers every command, field and service (datasette's test_docs habit)."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from sif.cli import main
from sif.demo.generate import TEMPLATE
from sif.model.community import load_community
from sif.model.members import FIELDS, PUBLISHABLE

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
REFERENCE = ROOT / "docs" / "reference" / "cli.md"
#: The hand-written documentation: the README and docs/, but the generated reference.
DOCS = README + "".join(
    path.read_text(encoding="utf-8")
    for path in sorted((ROOT / "docs").rglob("*.md"))
    if path != REFERENCE
)


def _commands(group: click.Group, prefix: str = "sif") -> list[str]:
    names = []
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            names += _commands(command, f"{prefix} {name}")
        else:
            names.append(f"{prefix} {name}")
    return names


@pytest.mark.parametrize("command", _commands(main))
def test_every_command_is_in_the_docs(command: str) -> None:
    assert f"`{command}" in DOCS, f"{command} is not documented in docs/"


@pytest.mark.parametrize("field", FIELDS)
def test_every_member_field_is_in_the_docs(field: str) -> None:
    assert re.search(rf"^{field}:", DOCS, re.MULTILINE), f"member field {field} undocumented"


def test_every_publishable_field_is_listed_in_the_docs() -> None:
    for field in PUBLISHABLE:
        assert field in DOCS.split("Privacy by")[1].split("\n\n")[0], field


def test_every_service_is_named_and_described_in_three_languages() -> None:
    community = load_community(TEMPLATE)
    assert community.menu is not None
    for service in community.menu.services.values():
        assert set(service.names) == {"nl", "fr", "en"}, service.id
        assert set(service.descriptions) == {"nl", "fr", "en"}, service.id
    for unit, names in community.menu.units.items():
        assert set(names) == {"nl", "fr", "en"}, unit


def test_the_readme_gives_the_two_setup_commands_that_ci_runs() -> None:
    assert "make demo" in README
    assert "make test" in README
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_cli_reference_is_written_from_the_commands() -> None:
    from sif.clidoc import reference

    assert REFERENCE.read_text(encoding="utf-8") == reference(), (
        "docs/reference/cli.md is out of date: python -m sif.clidoc > docs/reference/cli.md"
    )


def test_the_readme_is_short_and_links_the_docs() -> None:
    assert len(README.encode("utf-8")) < 12 * 1024
    for link in re.findall(r"\]\((docs/[^)#]+)", README):
        assert (ROOT / link).is_file(), link


def test_the_docs_build_with_mkdocs_in_strict_mode(tmp_path: Path) -> None:
    """Every page of docs/ builds, and every link between them resolves."""
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f",
         str(ROOT / "mkdocs.docs.yml"), "-d", str(tmp_path / "docs-site")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "docs-site" / "reference" / "cli" / "index.html").is_file()
