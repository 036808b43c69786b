"""Credentials never belong in the books: `sif check` fails on anything that looks like one.

The SMTP password comes from the environment or a file outside the repository
(`sif.mail.settings`), and the site's deploy key from the repository's secrets
in GitHub. A credential written into a file of the books ends up in a commit,
in every clone and fork, and in the history for good. So `sif check` (and with
it pre-commit and CI) reads the books' text files and reports, by file and
line, without ever printing the value:

- private key blocks (`-----BEGIN ... PRIVATE KEY-----`);
- GitHub tokens (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`, `github_pat_`), AWS access
  key ids (`AKIA...`), Slack tokens (`xox?-`);
- a URL with a password in it (`smtp://user:password@host`);
- in YAML, TOML, INI, JSON and .env files: a key that names a password, secret,
  token or API key (`password:`, `smtp_pass =`, `"api_key":`) with a value,
  unless the value is a placeholder (`${{ secrets.X }}`, `$VAR`, `<...>`, `...`).

Before, `services.yaml`::

    mail:
      password: hunter2hunter2

After: `services.yaml:2: this looks like a password ...; remove it ...`.
What is read: every file at the top of the books and below members/, concepts/,
ledger/, events/, requests/, feedback/, mail/, site/, templates/ and .github/,
except binary files and files of more than 2 MB. Not read: documents/, which
sif writes from the files read here and the documents check pins to their
checksums (and whose 4 MB of UBL would take most of the time), and the
program's own code and tests, which are not books.

A check of years of books reads a hundred thousand trade files. What was found
in each file is remembered with its size and modification time (in the user's
cache folder, `sif.model.cache`), so only new or changed files are read again;
and when the books were loaded from Beancount's cache, whose input hash covers
the very same files, not even their sizes are looked at again.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Iterator
from pathlib import Path

from sif.model.cache import Verified, remembered
from sif.model.errors import SifError, source

BOOK_DIRS = (
    "members",
    "concepts",
    "ledger",
    "events",
    "requests",
    "feedback",
    "mail",
    "site",
    "templates",
    ".github",
)
#: Folders never read: generated, or not part of what is committed.
SKIPPED = frozenset((".git", ".venv", "node_modules", "public", "build", "out", "__pycache__"))
MAX_BYTES = 2_000_000
#: Binary formats, not read at all (the documents' PDFs are most of the books' bytes).
BINARY = frozenset((".pdf", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".woff", ".woff2"))
STRUCTURED = frozenset((".yaml", ".yml", ".toml", ".ini", ".cfg", ".json", ".env", ".conf"))

#: (what, texts one of which it holds, its pattern). The texts are looked for first:
#: a substring search is fast, a regular expression over the issued UBL files is not.
_PATTERNS: tuple[tuple[str, tuple[str, ...], re.Pattern[str]], ...] = (
    (
        "a private key",
        ("PRIVATE KEY",),
        re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"),
    ),
    (
        "a GitHub token",
        ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
        re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})"),
    ),
    ("an AWS access key", ("AKIA", "ASIA"), re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")),
    ("a Slack token", ("xox",), re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}")),
    # From "://" on (a literal start is found fast): user:password@host.
    ("a password in a URL", ("://",), re.compile(r"://[^\s:/@]+:[^\s/@]{3,}@[\w.-]+")),
)
_SECRET_KEY = re.compile(
    r"""^\s*(?:-\s+)?["']?(?P<key>[A-Za-z0-9_.-]*?(?:password|passwd|passphrase|secret|token|"""
    r"""api[_-]?key|access[_-]?key|private[_-]?key|smtp[_-]?pass)[A-Za-z0-9_.-]*)["']?\s*"""
    r"""(?::|=)\s*(?P<value>.*?)\s*,?\s*$""",
    re.IGNORECASE,
)
_PLACEHOLDER = re.compile(
    r"""^(?:|~|null|none|true|false|""|''|\.\.\.|"\.\.\."|'\.\.\.'|[*x]{3,}|"""
    r"""["']?\$\{\{.*\}\}["']?|["']?\$\{?[A-Za-z_][A-Za-z0-9_]*\}?["']?|["']?<[^>]*>["']?|"""
    r"""[|>][-+]?|\{|\[|read|write|none)$""",
    re.IGNORECASE,
)


class SecretError(SifError):
    """Something in the books looks like a credential."""


def book_files(root: Path) -> Iterator[Path]:
    """The files of the books that are read for secrets, in order."""
    return map(Path, _book_names(root))


def _book_names(root: Path) -> Iterator[str]:
    for path in sorted(root.iterdir()):
        if path.is_file():
            yield str(path)
    for name in BOOK_DIRS:
        yield from sorted(_walk(str(root / name)))


def _walk(folder: str) -> Iterator[str]:
    """The files below `folder`, but those in SKIPPED folders (os.scandir: a Path per
    file would cost more than the scan of a file that did not change)."""
    try:
        with os.scandir(folder) as found:
            for entry in found:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name not in SKIPPED:
                        yield from _walk(entry.path)
                elif entry.is_file():
                    yield entry.path
    except OSError:
        return


def find_secrets(
    root: Path, known: tuple[str, Collection[str]] | None = None
) -> list[SecretError]:
    """Every line of the books that looks like a credential.

    Args:
      root: The books.
      known: Beancount's input hash of a load of the books and the inputs it covers
        (`options_map["input_hash"]` and `["include"]`): what was found in those files
        is remembered with the hash and read back while it is the same.
    """
    files = list(_book_names(root))
    covered = set(known[1]) if known else set()
    errors: list[SecretError] = [
        error for name in files if name not in covered for error in _file_secrets(Path(name))
    ]
    if known:
        inputs = [name for name in files if name in covered]
        errors += remembered(root, "secrets", known[0], lambda: _changed_secrets(root, inputs))
    return errors


def _changed_secrets(root: Path, files: list[str]) -> list[SecretError]:
    """The secrets in `files`, reading only those that changed since their last scan.

    A file with no secret is remembered (`Verified`); one with a secret is read
    every time, so its error stays until it is fixed.
    """
    clean = Verified(root, "secrets")
    errors: list[SecretError] = []
    for name in files:
        path = Path(name)
        if clean.passed(path, "clean"):
            continue
        found = _file_secrets(path)
        if found:
            errors += found
        else:
            clean.remember(path, "clean")
    clean.save()
    return errors


def _file_secrets(path: Path) -> list[SecretError]:
    if path.suffix.lower() in BINARY:
        return []
    try:
        if path.stat().st_size > MAX_BYTES:
            return []
        raw = path.read_bytes()
    except OSError:
        return []
    if b"\0" in raw[:8192]:
        return []  # binary: PDFs, images
    text = raw.decode("utf-8", errors="replace")
    structured = path.suffix.lower() in STRUCTURED or path.name.startswith(".env")
    return secrets_in(text, str(path), structured)


def secrets_in(text: str, filename: str, structured: bool) -> list[SecretError]:
    """The credentials in one file's text; `structured` for key: value files."""
    found: dict[int, str] = {}
    for what, texts, pattern in _PATTERNS:
        if any(needle in text for needle in texts):
            for match in pattern.finditer(text):
                found.setdefault(text.count("\n", 0, match.start()) + 1, what)
    if structured:
        for number, line in enumerate(text.splitlines(), start=1):
            if number not in found and (named := _key_value(line)) is not None:
                found[number] = named
    return [
        SecretError(
            source(filename, number),
            f"this looks like {what}; credentials never go into the books: remove it, "
            "revoke or change it (it may be in Git history and in every clone already), "
            "and keep it in the environment or a file outside the repository "
            '(docs/operations/private-books.md, "Secrets stay out")',
            None,
        )
        for number, what in sorted(found.items())
    ]


def _key_value(line: str) -> str | None:
    if line.lstrip().startswith("#"):
        return None
    match = _SECRET_KEY.match(line)
    if match is None:
        return None
    value = match["value"].split(" #")[0].strip()
    if _PLACEHOLDER.match(value):
        return None
    return f'a value for "{match["key"]}"'
