"""The books as they are at a git ref, written into a folder of their own.

`git archive` gives the committed files of the ref without touching the
working tree, the index or any branch, so a review can run while staff keep
working (and in CI, on the merge commit of a pull request).
"""

from __future__ import annotations

import hashlib
import subprocess
import tarfile
from pathlib import Path

from sif.errors import SifException

#: What the books are made of, below the books' folder: what a review loads. The
#: issued files (documents/, a PDF and a UBL file per document, growing every
#: month) are not copied: `changed_paths` asks git which of them differ.
BOOK_PATHS = ("services.yaml", "members", "concepts", "ledger")


class BaseRefError(SifException):
    """The books at the ref cannot be read; the message says why and what to do."""


def _git(cwd: Path, *args: str) -> str:
    try:
        result = subprocess.run(  # noqa: S603 (fixed git commands; the ref is an argument)
            ["git", *args],  # noqa: S607 (git from PATH, as staff and CI run it)
            cwd=cwd,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as exc:
        raise BaseRefError(f"git cannot be run ({exc}); install git") from exc
    if result.returncode != 0:
        raise BaseRefError(result.stderr.strip() or f"git {' '.join(args)} failed")
    return result.stdout.strip()


def resolve(root: Path, ref: str) -> str:
    """The commit id `ref` names in the repository holding `root`."""
    try:
        _git(root, "rev-parse", "--show-toplevel")
    except BaseRefError as exc:
        raise BaseRefError(
            f"{root} is not in a git repository, so there is no base to compare with ({exc})"
        ) from exc
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except BaseRefError as exc:
        raise BaseRefError(
            f'git knows no commit "{ref}": fetch it first (git fetch origin), '
            "or name a branch, tag or commit that exists"
        ) from exc


def export_books(root: Path, ref: str, target: Path) -> Path:
    """Write the books' files as committed at `ref` below `target`; return their folder there.

    The books may live in a subfolder of the repository; the folder returned
    is that subfolder of `target`. When the ref has no books at all (the pull
    request that creates them), the folder returned holds no ledger.
    """
    commit = resolve(root, ref)
    toplevel = Path(_git(root, "rev-parse", "--show-toplevel"))
    prefix = _git(root, "rev-parse", "--show-prefix")
    listed = _git(toplevel, "ls-tree", "--name-only", commit, "--", prefix or ".")
    present = {Path(line).name for line in listed.splitlines()}
    paths = [prefix + name for name in BOOK_PATHS if name in present]
    books = target / prefix
    books.mkdir(parents=True, exist_ok=True)
    if not paths:
        return books
    with subprocess.Popen(  # noqa: S603 (a resolved commit id and fixed paths)
        ["git", "archive", "--format=tar", commit, "--", *paths],  # noqa: S607
        cwd=toplevel,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None
        with tarfile.open(fileobj=process.stdout, mode="r|") as archive:
            archive.extractall(target, filter="data")
        error = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
    if process.returncode != 0:
        raise BaseRefError(f"git archive {ref} failed: {error.strip()}")
    return books


def changed_paths(root: Path, ref: str, folder: str) -> list[tuple[str, str]]:
    """(status, path) of the files below `folder` that differ between `ref` and the working tree.

    Paths are relative to the books' folder; the status is git's: "M" changed,
    "D" deleted, "A" added (only files git tracks: staged or committed), "T"
    changed type. Git compares with its index's file stamps, so this stays fast
    however many files there are.
    """
    commit = resolve(root, ref)
    toplevel = Path(_git(root, "rev-parse", "--show-toplevel"))
    prefix = _git(root, "rev-parse", "--show-prefix")
    output = _git(toplevel, "diff", "--no-renames", "--name-status", commit, "--", prefix + folder)
    result = []
    for line in output.splitlines():
        status, _, path = line.partition("\t")
        result.append((status[:1], path.removeprefix(prefix)))
    return result


def tracked_files(root: Path, ref: str, folder: str) -> set[str]:
    """The files below `folder` that git tracks at `ref`, relative to the books' folder."""
    commit = resolve(root, ref)
    toplevel = Path(_git(root, "rev-parse", "--show-toplevel"))
    prefix = _git(root, "rev-parse", "--show-prefix")
    listed = _git(toplevel, "ls-tree", "-r", "--name-only", commit, "--", prefix + folder)
    return {line.removeprefix(prefix) for line in listed.splitlines()}


def blob_ids(root: Path, ref: str, folder: str) -> dict[str, str]:
    """Git's blob id of each file below `folder` at `ref`, by path relative to the books."""
    commit = resolve(root, ref)
    toplevel = Path(_git(root, "rev-parse", "--show-toplevel"))
    prefix = _git(root, "rev-parse", "--show-prefix")
    listed = _git(toplevel, "ls-tree", "-r", commit, "--", prefix + folder)
    result = {}
    for line in listed.splitlines():
        info, _, path = line.partition("\t")
        result[path.removeprefix(prefix)] = info.split()[-1]
    return result


def blob_id(content: bytes, *, sha256: bool = False) -> str:
    """The id git gives a file of `content`: the hash of its blob (SHA-1, or SHA-256 in a
    repository of that object format)."""
    blob = b"blob %d\0" % len(content) + content
    return hashlib.sha256(blob).hexdigest() if sha256 else hashlib.sha1(blob).hexdigest()  # noqa: S324 (git's id)
