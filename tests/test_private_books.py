"""The books stay private: what `sif init` writes and says, and the docs that explain it."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import REPO_ROOT, run_cli
from tests.test_init import OPTIONS
from tests.test_workflow_security import GUARD_NAME

DOC = REPO_ROOT / "docs" / "operations" / "private-books.md"


def test_new_books_say_they_must_stay_private(tmp_path: Path) -> None:
    target = tmp_path / "kng"
    result = run_cli(tmp_path, "init", str(target), *OPTIONS)
    assert result.exit_code == 0, result.output
    assert "push it to a PRIVATE repository" in result.output
    readme = (target / "README.md").read_text(encoding="utf-8")
    assert "## This repository stays private" in readme
    assert "**Keep this\nrepository private**" in readme
    for route in ("GitHub Pages of this private repository", "a separate public repository"):
        assert route in readme
    assert "SITE_REPOSITORY" in readme and "SITE_DEPLOY_KEY" in readme
    assert "sif member forget ID" in readme
    for workflow in (target / ".github" / "workflows").glob("*.yml"):
        assert GUARD_NAME in workflow.read_text(encoding="utf-8")


def test_the_docs_explain_routes_forgetting_history_and_retention() -> None:
    text = DOC.read_text(encoding="utf-8")
    for needed in (
        "private",
        "SITE_REPOSITORY",
        "SITE_DEPLOY_KEY",
        "sif member forget",
        "git filter-repo",
        "fork",
        "retention_years",
        "remote.NAME.visibility",
        "SIF_SMTP_PASSWORD",
    ):
        assert needed in text, needed
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/operations/private-books.md" in readme
