"""A cache of the parsed YAML files, so a check of a large network stays fast.

Parsing a thousand member files takes about half a second, on every check,
every `bean-check` and every Fava reload. The parsed community is kept in the
user's cache folder (never in the repository), keyed by the path, size and
modification time of every YAML file and the version of sif; any change to any
file, or a new or removed file, means a fresh parse. SIF_NO_CACHE=1 turns it off.
"""

from __future__ import annotations

import hashlib
import json
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
    return remembered(root, "community", _signature(files), build)


def remembered(root: Path, name: str, signature: str, build: Callable[[], T]) -> T:
    """`build()`, or what it gave before for the same `signature` (and version of sif).

    One value is kept per books folder and `name`, in the user's cache folder.
    """
    if os.environ.get("SIF_NO_CACHE"):
        return build()
    key = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:24]
    path = _cache_dir() / f"{name}-{key}.pickle"
    signature = f"{__version__}:{signature}"
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


class Verified:
    """Files already verified, so an unchanged file is not read again on every check.

    Remembers, per path, a key made of the file's size and modification time
    and of what it was checked against; a file whose key is unchanged passed
    that check before. Kept as JSON in the user's cache folder.
    """

    def __init__(self, root: Path, name: str) -> None:
        key = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:24]
        self.path = _cache_dir() / f"{name}-{key}.json"
        self.enabled = not os.environ.get("SIF_NO_CACHE")
        self.known: dict[str, str] = {}
        self.changed = False
        if self.enabled:
            try:
                loaded = json.loads(self.path.read_text(encoding="utf-8"))
                if isinstance(loaded, dict):
                    self.known = {str(k): str(v) for k, v in loaded.items()}
            except (OSError, ValueError):
                pass

    @staticmethod
    def key(path: Path, against: str) -> str | None:
        try:
            stat = path.stat()
        except OSError:
            return None
        return f"{stat.st_size}:{stat.st_mtime_ns}:{against}"

    def passed(self, path: Path, against: str) -> bool:
        """True if `path` passed the check against `against` and has not changed since."""
        key = self.key(path, against)
        return key is not None and self.known.get(str(path)) == key

    def remember(self, path: Path, against: str) -> None:
        key = self.key(path, against)
        if key is not None and self.known.get(str(path)) != key:
            self.known[str(path)] = key
            self.changed = True

    def holds(self, name: str, key: str) -> bool:
        """True if `name` was remembered with `key` (a key of the caller's own making)."""
        return self.known.get(name) == key

    def keep(self, name: str, key: str) -> None:
        if self.known.get(name) != key:
            self.known[name] = key
            self.changed = True

    def save(self) -> None:
        if not (self.enabled and self.changed):
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(self.known), encoding="utf-8")
            tmp.replace(self.path)
        except OSError:
            pass  # a read-only home: no cache, same result
