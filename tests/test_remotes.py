"""`sif check` warns when the books' repository or a Git remote is known to be public."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import Repo


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def warnings(repo: Repo) -> list[str]:
    return [w for w in repo.check()["warnings"] if "public" in w or "remote" in w]


def event(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, payload: object) -> None:
    path = tmp_path / "event.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(path))


def test_a_run_in_a_public_github_repository_is_warned_about(
    repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    event(tmp_path, monkeypatch, {"repository": {"full_name": "fabriek/boeken", "private": False}})
    (warning,) = warnings(repo)
    assert warning.startswith("the repository fabriek/boeken is public")
    assert "Make it private now" in warning


@pytest.mark.parametrize(
    "payload",
    [{"repository": {"full_name": "fabriek/boeken", "private": True}}, {"schedule": "17 4 * * *"}],
    ids=["private", "no repository in the event"],
)
def test_a_private_or_unknown_repository_is_not(
    repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, payload: object
) -> None:
    event(tmp_path, monkeypatch, payload)
    assert warnings(repo) == []


def test_a_remote_marked_public_is_named(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_EVENT_PATH", raising=False)
    git(repo.root, "init", "-q")
    git(repo.root, "remote", "add", "origin", "git@github.com:fabriek/boeken.git")
    git(repo.root, "remote", "add", "site", "https://github.com/fabriek/fabriek.github.io.git")
    # A remote on github.com says nothing about its visibility: no warning.
    assert warnings(repo) == []
    git(repo.root, "config", "remote.site.visibility", "public")
    git(repo.root, "config", "remote.origin.visibility", "private")
    (warning,) = warnings(repo)
    assert warning.startswith(
        'the Git remote "site" (https://github.com/fabriek/fabriek.github.io'
    )
    assert "is marked public" in warning


def test_a_token_in_a_remote_url_is_warned_about_without_showing_it(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GITHUB_EVENT_PATH", raising=False)
    token = "tok" + "en-abcdef123456"
    git(repo.root, "init", "-q")
    git(repo.root, "remote", "add", "origin", f"https://staff:{token}@git.example.org/boeken.git")
    git(repo.root, "add", "-A")  # the books are in Git: none untracked
    result = repo.run("check")
    assert result.exit_code == 0
    assert 'the Git remote "origin" has a password or token in its url' in result.output
    assert token not in result.output
