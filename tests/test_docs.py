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


def _commands(group: click.Group, prefix: str = "sif") -> list[str]:
    names = []
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            names += _commands(command, f"{prefix} {name}")
        else:
            names.append(f"{prefix} {name}")
    return names


@pytest.mark.parametrize("command", _commands(main))
def test_every_command_is_in_the_readme(command: str) -> None:
    assert f"`{command}" in README, f"{command} is not documented in README.md"


@pytest.mark.parametrize("field", FIELDS)
def test_every_member_field_is_in_the_readme(field: str) -> None:
    assert re.search(rf"^{field}:", README, re.MULTILINE), f"member field {field} undocumented"


def test_every_publishable_field_is_listed_in_the_readme() -> None:
    for field in PUBLISHABLE:
        assert field in README.split("Privacy by")[1].split("\n\n")[0], field


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
