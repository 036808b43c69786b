"""Secrets stay out: `sif check` fails on anything in the books that looks like a credential."""

from __future__ import annotations

import pytest

from sif.privacy.secrets import secrets_in
from tests.conftest import REPO_ROOT, Repo

# Built from parts, so that this file itself holds no credential-shaped text.
GITHUB_TOKEN = "ghp" + "_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
FINE_GRAINED = "github" + "_pat_" + "11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz"
AWS_KEY = "AKIA" + "IOSFODNN7EXAMPLE"
KEY_BLOCK = "-----BEGIN OPENSSH " + "PRIVATE KEY-----"
PASSWORD = "hunter2-but-longer"  # noqa: S105 (a fake credential the check must find)

LEAKS = [
    ("members/an-claes.yaml", f"smtp_password: {PASSWORD}\n", "smtp_password"),
    ("services.yaml", f'mail:\n  password: "{PASSWORD}"\n', "password"),
    ("site/index.md", f"Stel je token in: {GITHUB_TOKEN}\n", "a GitHub token"),
    ("ledger/trades/2025-01.beancount", f'; {FINE_GRAINED}\n', "a GitHub token"),
    (".env", f"AWS_ACCESS_KEY_ID={AWS_KEY}\n", "an AWS access key"),
    (".github/deploy_key", f"{KEY_BLOCK}\nb3BlbnNzaC1rZXk\n", "a private key"),
    ("mkdocs.yml", f"repo_url: https://staff:{PASSWORD}@git.example.org/books\n", "a password in a URL"),
    ("requests/2026-01-x.yaml", f"api_key = {PASSWORD}\n", "api_key"),
    ("smtp.toml", f'[smtp]\nhost = "smtp.example.org"\npassword = "{PASSWORD}"\n', "password"),
]  # fmt: skip


@pytest.mark.parametrize(("relpath", "text", "what"), LEAKS, ids=[leak[0] for leak in LEAKS])
def test_a_credential_in_the_books_fails_the_check_at_its_line(
    repo: Repo, relpath: str, text: str, what: str
) -> None:
    path = repo.root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    before = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(before + text, encoding="utf-8")
    leaked_line = len(before.splitlines()) + len(text.splitlines())
    if relpath == ".github/deploy_key":
        leaked_line = 1
    result = repo.run("check")
    assert result.exit_code == 1
    assert f"{relpath}:{leaked_line}: this looks like" in result.output
    assert what in result.output
    # The report never repeats the secret (CI logs are read by others).
    for secret in (PASSWORD, GITHUB_TOKEN, FINE_GRAINED, AWS_KEY):
        assert secret not in result.output
    secrets = [e for e in repo.errors() if e["kind"] == "SecretError"]
    assert [(e["file"], e["line"]) for e in secrets] == [(relpath, leaked_line)]


PLACEHOLDERS = [
    "password: ${{ secrets.SMTP_PASSWORD }}",
    "password: $SIF_SMTP_PASSWORD",
    'password: "${SIF_SMTP_PASSWORD}"',
    "password:",
    'password: ""',
    "password: <your password>",
    'password = "..."',
    "id-token: write",
    "github-token: ${{ secrets.GITHUB_TOKEN }}",
    "# password: only in the environment",
    "tokens_per_page: |",
]


@pytest.mark.parametrize("line", PLACEHOLDERS)
def test_placeholders_and_references_are_no_credentials(line: str) -> None:
    assert secrets_in(line + "\n", "x.yaml", structured=True) == []


def test_prose_may_speak_of_passwords(repo: Repo) -> None:
    """Only key: value files are read for password keys; text is read for tokens and keys."""
    repo.write(
        "site/over.md", "Wachtwoord: vraag het aan het secretariaat.\npassword: zie boven\n"
    )
    assert repo.check()["ok"], repo.errors()


def test_binary_documents_are_not_read(repo: Repo) -> None:
    (repo.root / "documents" / "2026-10").mkdir(parents=True)
    (repo.root / "documents" / "2026-10" / "x.pdf").write_bytes(
        b"%PDF-1.7\n" + f"password: {PASSWORD}".encode()
    )
    assert repo.check()["ok"], repo.errors()


def test_pre_commit_runs_the_check_for_every_file_of_the_books() -> None:
    import re

    import yaml

    config = yaml.safe_load((REPO_ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for r in config["repos"] for h in r["hooks"] if h["id"] == "sif-check"]
    pattern = re.compile(hook["files"])
    for path in (".env", "requests/2026-01-x.yaml", "feedback/2026-10.yaml", "mail/sent/x.jsonl",
                 ".github/workflows/site.yml", "members/x.yaml", "site/index.md"):  # fmt: skip
        assert pattern.search(path), path
