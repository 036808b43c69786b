"""A cache of the parsed YAML files, so a check of a large network stays fast.

Parsing a thousand member files takes about half a second, on every check,
every `bean-check` and every Fava reload. The parsed community is kept in the
user's cache folder (never in the repository), keyed by the path, size and
modification time of every YAML file and the version of sif; any change to any
file, or a new or removed file, means a fresh parse. SIF_NO_CACHE=1 turns it off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sif import __version__

T = TypeVar("T")


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sif"


def _signature(files: list[Path]) -> str:
    digest = hashlib.sha256(__version__.encode())
    for path in files:
        try:
            stat = path.stat()
        except OSError:
            # A folder that does not exist yet (say requests/) counts too: creating
            # it, or a sif that reads a new folder, means a fresh parse.
            digest.update(f"{path}\0absent\0".encode())
            continue
        digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def cached(root: Path, files: list[Path], build: Callable[[], T]) -> T:
    """`build()`, or its result from the cache when none of `files` changed."""
    if os.environ.get("SIF_NO_CACHE"):
        return build()
    key = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:24]
    path = _cache_dir() / f"community-{key}.pickle"
    signature = _signature(files)
    try:
        with path.open("rb") as handle:
            stored_signature, value = pickle.load(handle)  # noqa: S301 (our own file, in the user's cache)
        if stored_signature == signature:
            return value  # type: ignore[no-any-return]
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with tmp.open("wb") as handle:
            pickle.dump((signature, value), handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        pass  # a read-only home: no cache, same result
    return value
