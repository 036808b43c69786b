"""One writer at a time: an exclusive lock on the books.

Every command that writes the books (`sif record`, `member add`, `invoice
run`, `payment import`, `feedback add`, `fmt`, ...) holds this lock for its
whole run: it reads the books, checks the change against them and writes it,
and no other writer can slip in between. A second writer waits, saying who
holds the books, and gives up after a timeout with the same words.

The lock is `fcntl.flock` on `.sif.lock` in the books' folder (git-ignored).
The operating system releases it when its holder ends, however it ends, so a
killed run never leaves the books locked. What a killed run can leave is a
temporary file of `sif.fsutil.atomic_write` (`.<name>.<random>.tmp`): the next
writer removes those under the lock, and `sif check` reports them.
"""

from __future__ import annotations

import datetime
import fcntl
import json
import os
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sif.errors import SifException
from sif.i18n import _
from sif.paths import WRITTEN

LOCK_FILE = ".sif.lock"
#: Seconds a writer waits for the books by default; SIF_LOCK_TIMEOUT overrides it.
TIMEOUT = 120.0
_POLL = 0.05


class BooksLockedError(SifException):
    """Another command held the books for longer than the timeout."""


def timeout_from_env() -> float:
    """The wait from SIF_LOCK_TIMEOUT (seconds), else TIMEOUT."""
    text = os.environ.get("SIF_LOCK_TIMEOUT", "")
    try:
        value = float(text) if text else TIMEOUT
    except ValueError:
        return TIMEOUT
    return value if value >= 0 else TIMEOUT


def holder(root: Path) -> str:
    """Who holds (or last held) the books, in words."""
    try:
        info = json.loads((root / LOCK_FILE).read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return _("another sif command")
    if not isinstance(info, dict) or "command" not in info:
        return _("another sif command")
    return _("`sif {command}` (process {pid} on {host}, since {since})").format(
        command=info.get("command"),
        pid=info.get("pid"),
        host=info.get("host"),
        since=info.get("since"),
    )


@contextmanager
def books_lock(
    root: Path,
    command: str,
    *,
    timeout: float | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> Iterator[list[Path]]:
    """Hold the books of `root` exclusively; yields the stale temporary files removed.

    Args:
      root: The books' folder.
      command: What the holder does, in words ("record"), shown to those who wait.
      timeout: Seconds to wait; None for `timeout_from_env()`.
      on_wait: Called once with a message when the books are busy.

    Raises:
      BooksLockedError: When the books stayed busy for `timeout` seconds.
    """
    wait = timeout_from_env() if timeout is None else timeout
    root.mkdir(parents=True, exist_ok=True)
    path = root / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise BooksLockedError(
                        _(
                            "{root}: the books are busy: {holder} is writing them. Waited "
                            "{seconds} s; try again when it has finished (set SIF_LOCK_TIMEOUT "
                            "to wait longer)"
                        ).format(root=root, holder=holder(root), seconds=f"{wait:g}")
                    ) from None
                if not told and on_wait is not None:
                    on_wait(
                        _("Waiting for the books: {holder} is writing them...").format(
                            holder=holder(root)
                        )
                    )
                    told = True
                time.sleep(_POLL)
        info = {
            "command": command,
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        }
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode("utf-8"), 0)
        yield remove_stale_temporaries(root)
    finally:
        os.close(fd)  # closing releases the lock


def stale_temporaries(root: Path) -> list[Path]:
    """Temporary files of atomic writes that a killed run left in the books."""
    found: list[Path] = [p for p in root.glob(".*.tmp") if p.is_file()]
    for folder in WRITTEN:
        found += map(Path, _temporaries(str(root / folder)))
    return sorted(found)


def _temporary(name: str) -> bool:
    return len(name) > 4 and name[0] == "." and name.endswith(".tmp")  # as glob(".*.tmp")


def _temporaries(folder: str) -> Iterator[str]:
    """The `.*.tmp` files below `folder` (os.scandir: books hold a file per trade)."""
    try:
        with os.scandir(folder) as found:
            for entry in found:
                if entry.is_dir(follow_symlinks=False):
                    yield from _temporaries(entry.path)
                elif _temporary(entry.name) and entry.is_file():
                    yield entry.path
    except OSError:
        return


def remove_stale_temporaries(root: Path) -> list[Path]:
    """Remove what `stale_temporaries` finds; only call this holding the lock."""
    removed = stale_temporaries(root)
    for path in removed:
        path.unlink(missing_ok=True)
    return removed
