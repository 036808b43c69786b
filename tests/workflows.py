"""Reading the commands of GitHub workflows and of a README's "CI" block, to compare them.

A README lists what CI runs in a `sh` block, under a comment naming each
workflow file::

    # .github/workflows/books.yml, on every pull request:
    make .venv/.installed
    .venv/bin/sif check --base "origin/$GITHUB_BASE_REF"

and each workflow's `run:` steps must be exactly those commands, in that order.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

_HEADER = re.compile(r"^# (\.github/workflows/[\w.-]+\.ya?ml)\b")


def load_workflow(path: Path) -> dict[Any, Any]:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(workflow, dict), f"{path} is not a YAML mapping"
    return workflow


def workflow_commands(path: Path) -> list[str]:
    """The shell commands of every `run:` step of a workflow, in order."""
    commands = []
    for job in load_workflow(path)["jobs"].values():
        for step in job.get("steps", []):
            for raw in str(step.get("run", "")).splitlines():
                line = raw.strip()
                if line and not line.startswith("#"):
                    commands.append(line)
    return commands


def readme_commands(readme: str) -> dict[str, list[str]]:
    """The commands of the README's CI block, by workflow path."""
    found: dict[str, list[str]] = {}
    for block in re.findall(r"```sh\n(.*?)```", readme, flags=re.DOTALL):
        current: list[str] | None = None
        for line in block.splitlines():
            header = _HEADER.match(line)
            if header:
                current = found.setdefault(header[1], [])
            elif current is not None and line.strip() and not line.startswith("#"):
                current.append(line.strip())
    return found
