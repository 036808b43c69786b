"""Writing files so that a crash never leaves half a file behind."""

from __future__ import annotations

import ctypes
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path


def atomic_write(path: Path, content: str | bytes, *, sync: bool = True) -> None:
    """Write `content` to `path` through a temporary file in the same folder and a rename.

    Text is written as UTF-8 with Unix line ends. With `sync` (the default) the
    data is forced to disk before the rename; files that are made again from
    the books whenever needed (statements, the outbox) skip that.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); give it the usual mode instead.
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if sync:
                os.fsync(handle.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def sync_folder(folder: Path) -> None:
    """Force the files written below `folder` (without `sync`) to disk, with one call.

    One `syncfs` of the folder's file system on Linux, `sync` elsewhere, then
    an `fsync` of the folder itself: a batch of files written with
    `atomic_write(..., sync=False)` is then as durable as if each had been
    synced, for the price of one flush instead of one per file.
    """
    fd = os.open(folder, os.O_RDONLY)
    try:
        if _syncfs is None or _syncfs(fd) != 0:
            os.sync()
        os.fsync(fd)
    finally:
        os.close(fd)


def _libc_syncfs() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        function: Callable[[int], int] = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None
    return function


_syncfs = _libc_syncfs()
