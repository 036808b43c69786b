"""The CI workflows, the commit checks, the pull-request templates and the code owners."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sif.demo.generate import TEMPLATE
from sif.review.yamlcheck import check_yaml
from sif.review.yamlcheck import main as yamlcheck
from tests.conftest import REPO_ROOT
from tests.workflows import load_workflow, readme_commands, workflow_commands

BIN = Path(sys.executable).parent
WORKFLOWS = sorted((REPO_ROOT / ".github" / "workflows").glob("*.yml"))
README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


CI_DOC = (REPO_ROOT / "docs" / "operations" / "ci.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_each_workflow_runs_exactly_the_documented_commands(path: Path) -> None:
    listed = readme_commands(CI_DOC)
    name = str(path.relative_to(REPO_ROOT))
    assert name in listed, f"docs/operations/ci.md lists no commands for {name}"
    assert workflow_commands(path) == listed[name]


def test_the_docs_list_no_workflow_that_does_not_exist() -> None:
    names = {str(p.relative_to(REPO_ROOT)) for p in WORKFLOWS}
    assert set(readme_commands(CI_DOC)) == names


def test_the_books_job_checks_the_books_with_sif_alone() -> None:
    """The required check: no developer tools, no browser, on pull requests and the queue."""
    workflow = load_workflow(REPO_ROOT / ".github" / "workflows" / "books.yml")
    assert {"pull_request", "merge_group"} <= set(workflow[True])  # YAML 1.1 reads `on` as true
    commands = workflow_commands(REPO_ROOT / ".github" / "workflows" / "books.yml")
    assert commands[0] == "make books-install"
    assert any(c.startswith(".venv/bin/sif check --base ") for c in commands)
    assert ".venv/bin/sif fmt --check" in commands
    assert ".venv/bin/sif site build" in commands
    assert "make test" not in commands
    (job,) = workflow["jobs"].values()
    assert "container" not in job  # the runner's user owns the checkout: no dubious ownership
    # The first step is the guard against a public repository (tests/test_workflow_security.py).
    checkout = job["steps"][1]
    assert checkout["uses"].startswith("actions/checkout@")
    assert checkout["with"]["fetch-depth"] == 0  # the base commit, for --base
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    install = makefile.split("$(BOOKS_STAMP): pyproject.toml", 1)[1].split("\n\n", 1)[0]
    assert "pip install --quiet -e .\n" in install  # sif alone, not '.[dev]'


def test_the_program_job_runs_the_readme_test_command_and_trusts_its_checkout() -> None:
    workflow = load_workflow(REPO_ROOT / ".github" / "workflows" / "program.yml")
    assert {"pull_request", "push", "merge_group"} <= set(workflow[True])
    commands = workflow_commands(REPO_ROOT / ".github" / "workflows" / "program.yml")
    assert commands[-1] == "bash .ci/run"
    (job,) = workflow["jobs"].values()
    if "container" in job:
        assert 'git config --global --add safe.directory "$GITHUB_WORKSPACE"' in commands
    assert "make test" in (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_readme_setup_is_what_ci_installs() -> None:
    """`make .venv/.installed` is the Makefile's install step that `make test` starts with."""
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    assert "STAMP := $(VENV)/.installed" in makefile
    assert re.search(r"^test: .*\$\(STAMP\)", makefile, re.MULTILINE)


@pytest.mark.parametrize(
    "path",
    [
        *WORKFLOWS,
        REPO_ROOT / ".pre-commit-config.yaml",
        REPO_ROOT / "mkdocs.yml",
        TEMPLATE / "services.yaml",
    ],
    ids=lambda p: p.name,
)
def test_configuration_files_are_valid_yaml(path: Path) -> None:
    assert check_yaml(path) is None


def test_the_yaml_check_reports_file_line_and_duplicate_keys(tmp_path: Path) -> None:
    twice = tmp_path / "twice.yaml"
    twice.write_text("name: a\nkind: person\nname: b\n", encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text("roles: [coach\n", encoding="utf-8")
    tagged = tmp_path / "tagged.yml"
    tagged.write_text("site_url: !ENV [SITE_URL, 'x']\nicon: !!python/name:a.b\n")
    assert check_yaml(twice) == (
        f'{twice}:3: not valid YAML: the key "name" appears twice (first on line 1); keep one'
    )
    assert (check_yaml(broken) or "").startswith(f"{broken}:2: not valid YAML: ")
    assert check_yaml(tagged) is None
    assert yamlcheck([str(tagged)]) == 0
    assert yamlcheck([str(tagged), str(twice)]) == 1


def test_pre_commit_accepts_the_configuration() -> None:
    result = subprocess.run(
        [str(BIN / "pre-commit"), "validate-config", ".pre-commit-config.yaml"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_commit_checks_pass_on_the_demo_books(demo_root: Path, tmp_path: Path) -> None:
    """Each hook's command, as pre-commit would run it on every matching file of a commit."""
    books = tmp_path / "books"
    shutil.copytree(demo_root, books)
    shutil.copy(REPO_ROOT / ".pre-commit-config.yaml", books / ".pre-commit-config.yaml")
    for command in (["git", "init", "-q"], ["git", "add", "-A"]):
        subprocess.run(command, cwd=books, check=True)
    config = yaml.safe_load((books / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (local,) = config["repos"]
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=books, capture_output=True, text=True, check=False
    ).stdout.split()
    assert "members/fabriek.yaml" in tracked
    for hook in local["hooks"]:
        entry = hook["entry"].replace(".venv/bin/", f"{BIN}/").split()
        if hook.get("pass_filenames", True):
            if "files" in hook:
                files = [f for f in tracked if re.search(hook["files"], f)]
            else:
                files = [f for f in tracked if f.endswith((".yml", ".yaml"))]
            if "exclude" in hook:
                files = [f for f in files if not re.search(hook["exclude"], f)]
            entry += files
        result = subprocess.run(entry, cwd=books, capture_output=True, text=True, check=False)
        assert result.returncode == 0, f"{hook['id']}: {result.stdout}{result.stderr}"


def test_the_repository_and_new_books_share_the_commit_checks() -> None:
    scaffold = REPO_ROOT / "scripts" / "sif" / "scaffold" / "files"
    assert (scaffold / "dot-pre-commit-config.yaml").read_text(encoding="utf-8") == (
        REPO_ROOT / ".pre-commit-config.yaml"
    ).read_text(encoding="utf-8"), "copy .pre-commit-config.yaml to the scaffold (or back)"


@pytest.mark.parametrize("name", ["sessie.md", "lid.md", "maandafsluiting.md"])
def test_the_pull_request_templates_exist_in_both_languages(name: str) -> None:
    text = (REPO_ROOT / ".github" / "PULL_REQUEST_TEMPLATE" / name).read_text(encoding="utf-8")
    assert "## Controle · Checklist" in text
    assert "- [ ] " in text
    assert f"`&template={name}`" in (REPO_ROOT / ".github" / "pull_request_template.md").read_text(
        encoding="utf-8"
    )
    assert name in (REPO_ROOT / "docs" / "staff" / "index.md").read_text(encoding="utf-8")


def test_code_owners_review_the_books() -> None:
    owners = (REPO_ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    rules = {
        line.split()[0]: line.split()[1:]
        for line in owners.splitlines()
        if line.strip() and not line.startswith("#")
    }
    for path in ("/ledger/", "/documents/", "/members/", "/services.yaml"):
        assert rules.get(path), f"{path} has no code owner"
        assert all(owner.startswith("@") for owner in rules[path])


def test_the_staff_guide_is_in_dutch_and_english() -> None:
    guide = (REPO_ROOT / "docs" / "staff" / "index.md").read_text(encoding="utf-8")
    assert "docs/staff/index.md" in README
    for heading in (
        "## Een sessie registreren met het formulier · Register a session with the form",
        "## Een sessie boeken in de browser · Book a session from a browser",
        "## Een sessie boeken op je laptop · Book a session from a laptop",
        "## Wat een rode check betekent · What a failing check means",
        "## De maandafsluiting · The month-end routine",
    ):
        assert heading in guide
    assert "| | Nederlands | English |" in guide
    assert "sif record" in guide
    assert "sif invoice run" in guide
