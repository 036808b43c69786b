"""One writer at a time: the books' lock, and what a killed run leaves behind."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from sif.bookslock import (
    LOCK_FILE,
    BooksLockedError,
    books_lock,
    stale_temporaries,
)
from sif.ledger.books import load_books
from sif.ledger.trades import iter_trades
from tests.conftest import Repo

SIF = str(Path(sys.executable).parent / "sif")
TIMEOUT = 600


def _trades(root: Path) -> int:
    books = load_books(root)
    assert books.errors == [], [e.message for e in books.errors]
    return len(list(iter_trades(books.entries, "SIF")))


def test_twenty_records_at_once_lose_nothing(repo: Repo) -> None:
    """Twenty `sif record` processes started together: all twenty trades are in the books."""
    before = _trades(repo.root)
    env = {**os.environ, "SIF_LOCK_TIMEOUT": str(TIMEOUT)}

    def command(day: int) -> list[str]:
        return [
            *(SIF, "--root", str(repo.root), "record", "strengthening-session"),
            *("--date", f"2025-01-{day:02d}", "--provider", "an-claes"),
            *("--recipient", "de-buurtkeuken", "--note", f"Session {day}"),
        ]

    processes = [
        subprocess.Popen(
            command(day), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
        )
        for day in range(1, 21)
    ]
    outputs = [p.communicate(timeout=TIMEOUT) for p in processes]
    for process, (out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, out + err
        assert "Recorded in" in out
    assert _trades(repo.root) == before + 20
    assert repo.check()["ok"], repo.errors()


def test_a_second_writer_waits_and_says_who_holds_the_books(tmp_path: Path) -> None:
    said: list[str] = []
    held = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with books_lock(tmp_path, "invoice run"):
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(10)
    info = json.loads((tmp_path / LOCK_FILE).read_text(encoding="utf-8"))
    assert info["command"] == "invoice run" and info["pid"] == os.getpid()
    busy = pytest.raises(BooksLockedError, match=r"`sif invoice run` \(process \d+ on .*\)")
    with busy, books_lock(tmp_path, "record", timeout=0.2, on_wait=said.append):
        pass
    assert said == [said[0]] and said[0].startswith("Waiting for the books: `sif invoice run`")
    timer = threading.Timer(0.3, release.set)
    timer.start()
    began = time.monotonic()
    with books_lock(tmp_path, "record", timeout=10):
        assert time.monotonic() - began > 0.1  # it waited for the first writer to finish
    holder.join()


def test_a_locked_command_fails_after_its_timeout_with_the_holder(repo: Repo) -> None:
    with books_lock(repo.root, "payment import"):
        result = subprocess.run(
            [SIF, "--root", str(repo.root), "fmt"],
            capture_output=True,
            text=True,
            env={**os.environ, "SIF_LOCK_TIMEOUT": "0.3"},
            check=False,
        )
    assert result.returncode == 1
    assert "Waiting for the books: `sif payment import`" in result.stderr
    assert "the books are busy: `sif payment import`" in result.stderr
    assert "SIF_LOCK_TIMEOUT" in result.stderr


def test_a_killed_run_frees_the_books(repo: Repo) -> None:
    """The lock dies with its process: a killed writer never leaves the books locked."""
    code = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from sif.bookslock import books_lock\n"
        "with books_lock(Path(sys.argv[1]), 'record'):\n"
        "    print('held', flush=True)\n"
        "    time.sleep(60)\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code, str(repo.root)], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "held"
    process.kill()
    process.wait()
    with books_lock(repo.root, "record", timeout=2):
        pass


def test_temporary_files_of_a_killed_run_are_reported_then_removed(repo: Repo) -> None:
    stale = repo.root / "ledger" / "trades" / ".2025-01.beancount.k1ll3d.tmp"
    stale.write_text("2025-01-02 * half a tra", encoding="utf-8")
    member = repo.root / "members" / ".an-claes.yaml.x.tmp"
    member.write_text("name: An", encoding="utf-8")
    assert stale_temporaries(repo.root) == sorted([stale, member])

    checked = repo.run("check")
    assert "ledger/trades/.2025-01.beancount.k1ll3d.tmp" in checked.stderr
    assert "a temporary file" in checked.stderr

    result = repo.run(
        "record", "strengthening-session", "--date", "2025-01-05",
        "--provider", "an-claes", "--recipient", "de-buurtkeuken",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Removed ledger/trades/.2025-01.beancount.k1ll3d.tmp" in result.stderr
    assert not stale.exists() and not member.exists()
    assert "temporary file" not in repo.run("check").stderr


def test_git_ignores_the_lock_and_temporary_files(repo: Repo) -> None:
    ignored = (Path(__file__).resolve().parents[1] / ".gitignore").read_text(encoding="utf-8")
    assert ".sif.lock" in ignored.split()
    assert ".*.tmp" in ignored.split()
