"""Pull requests that add to the books merge with git's default strategy, in any order.

Each branch is what staff do on a working day: trades in the same month by two
people, a new member with a trade, feedback after a session, a new request.
They are merged into main one after the other with plain `git merge` (what
GitHub's merge button does: no custom merge driver), in two orders; none may
conflict, and the merged books hold everything and check clean.
"""

from __future__ import annotations

import itertools
import shutil
import subprocess
from pathlib import Path

import pytest

from sif.ledger.books import load_books
from sif.ledger.trades import iter_trades
from sif.model.feedback import load_feedback
from tests.conftest import Repo, dedent, run_cli

SCAFFOLD = Path(__file__).resolve().parents[1] / "scripts" / "sif" / "scaffold" / "files"

MARCH = """\
    2026-03-02 * "Versterkingssessie"
      service: "strengthening-session"
      Assets:Members:An-claes          -2.50 SIF
      Assets:Members:De-buurtkeuken     2.50 SIF
    """

REQUEST = """\
    question: Hoe meten we de impact van ons repaircafé?
    kind: session
    requester: de-buurtkeuken
    expertise: [storytelling]
    service: strengthening-session
    status: open
    opened: 2026-03-20
    public: false
    """


def git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-c", "user.name=Staff", "-c", "user.email=staff@example.org", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )


def committed(root: Path, message: str) -> None:
    assert git(root, "add", "-A").returncode == 0
    result = git(root, "commit", "-q", "-m", message)
    assert result.returncode == 0, result.stdout + result.stderr


def record(root: Path, *args: str) -> None:
    result = run_cli(root, "record", *args)
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Main with the fixture books and a trade in March, and one branch per change."""
    from tests.conftest import build_repo

    root = build_repo(tmp_path_factory.mktemp("merges") / "books")
    Repo(root).month("2026-03", dedent(MARCH))
    # What `sif init` ignores: the lock file and temporary files of a killed run.
    shutil.copy(SCAFFOLD / "dot-gitignore", root / ".gitignore")
    assert git(root, "init", "-q", "-b", "main").returncode == 0
    committed(root, "Books")

    def branch(name: str) -> None:
        assert git(root, "switch", "-q", "-c", name, "main").returncode == 0

    branch("staff-an")  # two trades in March
    record(root, "coaching-hour", "--date", "2026-03-10", "--provider", "an-claes",
           "--recipient", "atelier-soleil", "--quantity", "2")  # fmt: skip
    record(root, "workshop", "--date", "2026-03-11", "--recipient", "bram-peeters")
    committed(root, "Two trades of March (An)")

    branch("staff-bram")  # other trades in March, one on the same day
    record(root, "coaching-hour", "--date", "2026-03-10", "--provider", "bram-peeters",
           "--recipient", "de-buurtkeuken")  # fmt: skip
    record(root, "article", "--date", "2026-03-15", "--provider", "atelier-soleil")
    committed(root, "Two trades of March (Bram)")

    branch("new-member")  # a member and their first trade
    result = run_cli(
        root, "member", "add", "--id", "nieuw-lid", "--name", "Nieuw Lid", "--kind", "person",
        "--role", "innovator", "--language", "nl", "--email", "nieuw@example.org",
        "--vat-status", "not-taxable", "--joined", "2026-03-01",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    record(root, "strengthening-session", "--date", "2026-03-12", "--provider", "an-claes",
           "--recipient", "nieuw-lid")  # fmt: skip
    committed(root, "A new member with a trade")

    branch("feedback")  # two answers about the trade on main
    for who, rating in (("de-buurtkeuken", "4"), (None, "5")):
        args = ["--date", "2026-03-02", "--rating", rating, "--prepared", "yes"]
        result = run_cli(root, "feedback", "add", *args, *(["--from", who] if who else []))
        assert result.exit_code == 0, result.output
    committed(root, "Feedback after the session of 2 March")

    branch("request")
    (root / "requests").mkdir(exist_ok=True)
    (root / "requests" / "2026-03-impact.yaml").write_text(dedent(REQUEST), encoding="utf-8")
    committed(root, "A request")
    assert git(root, "switch", "-q", "main").returncode == 0
    return root


BRANCHES = ("staff-an", "staff-bram", "new-member", "feedback", "request")


@pytest.mark.parametrize(
    "order",
    [
        BRANCHES,
        tuple(reversed(BRANCHES)),
        next(itertools.islice(itertools.permutations(BRANCHES), 57, None)),
    ],
    ids=["in-order", "reversed", "shuffled"],
)
def test_every_branch_merges_without_conflict(
    origin: Path, tmp_path: Path, order: tuple[str, ...]
) -> None:
    clone = tmp_path / "clone"
    assert git(tmp_path, "clone", "-q", str(origin), str(clone)).returncode == 0
    for name in order:
        merged = git(clone, "merge", "--no-edit", "-q", f"origin/{name}")
        assert merged.returncode == 0, f"{name}: {merged.stdout}{merged.stderr}"
    assert git(clone, "status", "--porcelain").stdout == ""
    books = load_books(clone)
    assert books.errors == [], [e.message for e in books.errors]
    trades = list(iter_trades(books.entries, "SIF"))
    assert len(trades) == 1 + 2 + 2 + 1
    assert "nieuw-lid" in books.community.members
    answers, errors = load_feedback(clone)
    assert errors == [] and len(answers) == 2
    assert "2026-03-impact" in books.community.requests
    report = run_cli(clone, "check")
    assert report.exit_code == 0, report.output
