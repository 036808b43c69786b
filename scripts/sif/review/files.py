"""Which file of the books an entry comes from, cheaply: shared by the review's modules."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any


@functools.lru_cache(maxsize=4096)
def _resolved(folder: str) -> Path:
    return Path(folder).resolve()


def folder_of(filename: str) -> Path:
    """The resolved folder of `filename` (resolved once per folder: a ledger names
    thousands of files in a few folders)."""
    return _resolved(str(Path(filename).parent))


def relative_name(filename: str, root: Path) -> str:
    """`relative(filename, root)`, resolving each folder once."""
    try:
        return str((folder_of(filename) / Path(filename).name).relative_to(root.resolve()))
    except ValueError:
        return filename


def in_files(entries: list[Any], root: Path, names: set[str]) -> list[Any]:
    """The entries not written in one of the files `names` (relative to `root`)."""
    if not names:
        return list(entries)
    by_file: dict[str, bool] = {}
    result = []
    for entry in entries:
        filename = str(entry.meta.get("filename", ""))
        skip = by_file.get(filename)
        if skip is None:
            skip = by_file[filename] = bool(filename) and relative_name(filename, root) in names
        if not skip:
            result.append(entry)
    return result
