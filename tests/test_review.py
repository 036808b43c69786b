"""`sif check --base REF`: what a change does to the books, and what it may not touch.

Each test commits the fixture books in a git repository of its own, makes a
change in the working tree as a pull request would, and checks against the
commit.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Repo, build_repo, dedent, line_of, run_cli

#: October 2026: atelier-soleil (VAT-registered) coached de-buurtkeuken (a vzw).
OCTOBER = """\
    2026-10-12 * "Versterkingssessie"
      service: "strengthening-session"
      Assets:Members:Atelier-soleil     -2.50 SIF
      Assets:Members:De-buurtkeuken      2.50 SIF
    """

NOVEMBER = """\
    2026-11-04 * "Coachinguur"
      service: "coaching-hour"
      quantity: 2
      Assets:Members:Bram-peeters       -1.00 SIF
      Assets:Members:An-claes            1.00 SIF
    """


def git(root: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def commit(root: Path, message: str = "books") -> str:
    """Commit everything below `root` (a git repository) and return the commit id."""
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message)
    return git(root, "rev-parse", "HEAD")


def init(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    return root


def review(repo: Repo, base: str = "main", *args: str) -> tuple[int, dict[str, Any]]:
    """`sif check --json --base BASE`: exit code and parsed report.

    The change is staged first, as a commit would hold it (`sif check` reports
    book files that git does not track).
    """
    if (repo.root / ".git").exists():
        git(repo.root, "add", "-A")
    result = repo.run("check", "--json", "--base", base, *args)
    report: dict[str, Any] = json.loads(result.stdout)
    return result.exit_code, report


def texts(report: dict[str, Any]) -> list[str]:
    return [f"{c['where']}: {c['text']}" for c in report["changes"]]


@pytest.fixture
def committed(repo: Repo) -> Repo:
    """The fixture books committed on main, with October traded (not invoiced)."""
    repo.month("2026-10", OCTOBER)
    init(repo.root)
    commit(repo.root)
    return repo


@pytest.fixture
def invoiced(committed: Repo) -> Repo:
    """The books with October invoiced and locked, committed on main."""
    result = committed.run("invoice", "run", "--month", "2026-10", "--issue-date", "2026-11-03")
    assert result.exit_code == 0, result.output
    commit(committed.root, "month-end 2026-10")
    assert committed.check()["ok"]
    return committed


# --- what a change does, in words ------------------------------------------------------------


def test_an_added_trade_is_reported_with_its_place_and_passes(committed: Repo) -> None:
    path = committed.month("2026-11", NOVEMBER)
    code, report = review(committed)
    assert code == 0, report["errors"]
    assert report["ok"]
    assert texts(report) == [
        (
            f"ledger/trades/2026-11.beancount:{line_of(path, '2026-11-04')}: adds a trade: "
            "2026-11-04: bram-peeters to an-claes, coaching-hour x 2, 1.00 SIF "
            '("Coachinguur")'
        )
    ]


def test_the_report_reads_as_words_on_the_terminal(committed: Repo) -> None:
    committed.month("2026-11", NOVEMBER)
    git(committed.root, "add", "-A")
    result = committed.run("check", "--base", "main")
    assert result.exit_code == 0, result.output
    assert "What this change does to the books, compared with main:" in result.stdout
    assert "adds a trade: 2026-11-04: bram-peeters to an-claes" in result.stdout
    assert "The books are in order" in result.stdout


def test_no_change_says_so(committed: Repo) -> None:
    result = committed.run("check", "--base", "main")
    assert result.exit_code == 0, result.output
    assert "Compared with main, nothing in the books changes." in result.stdout


def test_moving_and_reformatting_a_trade_is_no_change(committed: Repo) -> None:
    (committed.trades / "2026-10.beancount").unlink()
    committed.write(
        "ledger/trades/2026-10-extra.beancount",
        """\
        ; October, moved to another file and aligned differently

        2026-10-12   *   "Versterkingssessie"
            service: "strengthening-session"
            Assets:Members:Atelier-soleil  -2.50 SIF
            Assets:Members:De-buurtkeuken   2.50 SIF
        """,
    )
    code, report = review(committed)
    assert code == 0, report["errors"]
    assert report["changes"] == []


def test_a_changed_trade_says_what_changed(committed: Repo) -> None:
    path = committed.trades / "2026-10.beancount"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Atelier-soleil", "Bram-peeters"),
        encoding="utf-8",
    )
    code, report = review(committed)
    assert code == 0, report["errors"]
    (change,) = report["changes"]
    assert change["action"] == "changed"
    assert change["where"] == "ledger/trades/2026-10.beancount:1"
    assert "providers atelier-soleil 2.50 SIF -> bram-peeters 2.50 SIF" in change["text"]


def test_a_removed_trade_names_where_it_was(committed: Repo) -> None:
    (committed.trades / "2026-10.beancount").write_text("; nothing\n", encoding="utf-8")
    code, report = review(committed)
    assert code == 0, report["errors"]
    (change,) = report["changes"]
    assert change["action"] == "removed"
    assert "removes a trade (it was ledger/trades/2026-10.beancount:1)" in change["text"]


def test_members_concepts_and_the_menu_card_in_words(committed: Repo) -> None:
    committed.write(
        "members/nieuw-lid.yaml",
        """\
        name: Nieuw Lid
        kind: person
        languages: [nl]
        vat: {status: not-taxable}
        joined: 2026-11-01
        """,
    )
    (committed.root / "members" / "oud-lid.yaml").unlink()  # left in 2025, never traded
    member = committed.root / "members" / "an-claes.yaml"
    member.write_text(
        member.read_text(encoding="utf-8").replace("an.claes@", "an@"), encoding="utf-8"
    )
    menu = committed.root / "services.yaml"
    menu.write_text(
        menu.read_text(encoding="utf-8").replace(
            "      - {from: 2024-01-01, sif: 0.5}",
            "      - {from: 2024-01-01, sif: 0.5}\n      - {from: 2027-01-01, sif: 0.75}",
        ),
        encoding="utf-8",
    )
    code, report = review(committed)
    assert code == 0, report["errors"]
    assert texts(report) == [
        "members/an-claes.yaml: changes member an-claes: email",
        "members/nieuw-lid.yaml: adds member nieuw-lid (Nieuw Lid)",
        ": removes member oud-lid (Oud Lid cv)",
        (
            "services.yaml: changes the menu card: coaching-hour tariffs 0.5 from 2024-01-01 -> "
            "0.5 from 2024-01-01, 0.75 from 2027-01-01"
        ),
    ]


def test_issued_documents_and_the_lock_are_reported(committed: Repo) -> None:
    result = committed.run("invoice", "run", "--month", "2026-10", "--issue-date", "2026-11-03")
    assert result.exit_code == 0, result.output
    code, report = review(committed)
    assert code == 0, report["errors"]
    changes = texts(report)
    ledger = "ledger/documents/2026-10.beancount"
    assert any(
        c.startswith(f"{ledger}:")
        and "issues F2026-00001: invoice for de-buurtkeuken, "
        "services of 2026-10, 151.25 EUR (125.00 + VAT 26.25)"
        in c
        for c in changes
    ), changes
    assert any("issues AF2026-00001: self-billing for atelier-soleil" in c for c in changes)
    assert any("locks 2026-10: its 1 trade(s) are invoiced" in c for c in changes)


# --- what a change may not touch --------------------------------------------------------------


def test_an_edited_issued_document_fails(invoiced: Repo) -> None:
    path = invoiced.root / "ledger" / "documents" / "2026-10.beancount"
    text = path.read_text(encoding="utf-8")
    # A change the documents plugin cannot see on its own: the narration and reference.
    path.write_text(
        text.replace('"Factuur F2026-00001 (2026-10)"', '"Factuur F2026-00001 (okt)"'),
        encoding="utf-8",
    )
    code, report = review(invoiced)
    assert code == 1
    (error,) = report["errors"]
    assert error["kind"] == "IssuedChangedError"
    assert (error["file"], error["line"]) == (
        "ledger/documents/2026-10.beancount",
        line_of(path, "Factuur F2026-00001"),
    )
    assert (
        "F2026-00001 was issued on 2026-11-03 and its ledger entry is changed"
        in (error["message"])
    )


def test_an_edited_issued_file_fails(invoiced: Repo) -> None:
    ubl = invoiced.root / "documents" / "2026-10" / "F2026-00001.xml"
    ubl.write_bytes(ubl.read_bytes() + b"<!-- edited -->\n")
    code, report = review(invoiced)
    assert code == 1
    (error,) = [e for e in report["errors"] if e["kind"] == "IssuedChangedError"]
    assert (
        "documents/2026-10/F2026-00001.xml was issued (it is in main) and is changed"
        in (error["message"])
    )
    assert error["file"] == "ledger/documents/2026-10.beancount"  # the entry that books it


def test_a_removed_document_fails(invoiced: Repo) -> None:
    (invoiced.root / "ledger" / "documents" / "2026-10.beancount").unlink()
    code, report = review(invoiced)
    assert code == 1
    messages = [e["message"] for e in report["errors"] if e["kind"] == "IssuedChangedError"]
    assert any("F2026-00001 was issued on 2026-11-03" in m and "is removed" in m for m in messages)
    assert any("2026-10 was locked on 2026-11-03" in m for m in messages)


def test_a_trade_in_a_locked_month_fails(invoiced: Repo) -> None:
    path = invoiced.trades / "2026-10.beancount"
    added = dedent(NOVEMBER).replace("2026-11-04", "2026-10-25")
    path.write_text(path.read_text(encoding="utf-8") + "\n" + added, encoding="utf-8")
    code, report = review(invoiced)
    assert code == 1
    where = ("ledger/trades/2026-10.beancount", line_of(path, "2026-10-25"))
    assert [(e["file"], e["line"]) for e in report["errors"]] == [where]
    assert "adds a trade: 2026-10-25" in texts(report)[0]


def test_a_trade_in_a_locked_month_fails_even_with_the_lock_removed(invoiced: Repo) -> None:
    """On its own the working tree checks clean: only the base shows what happened."""
    ledger = invoiced.root / "ledger" / "documents" / "2026-10.beancount"
    lines = ledger.read_text(encoding="utf-8").splitlines(keepends=True)
    ledger.write_text("".join(x for x in lines if "sif-lock" not in x), encoding="utf-8")
    path = invoiced.trades / "2026-10.beancount"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "\n"
        + dedent(NOVEMBER).replace("2026-11-04", "2026-10-25"),
        encoding="utf-8",
    )
    assert invoiced.check()["ok"]  # without --base nothing is wrong
    code, report = review(invoiced)
    assert code == 1
    kinds = sorted((e["kind"], e["file"]) for e in report["errors"])
    assert kinds == [
        ("IssuedChangedError", "ledger/documents/2026-10.beancount"),
        ("LockedMonthChangedError", "ledger/trades/2026-10.beancount"),
    ]
    locked = next(e for e in report["errors"] if e["kind"] == "LockedMonthChangedError")
    assert locked["line"] == line_of(path, "2026-10-25")
    assert "2026-10 was invoiced at main (locked on 2026-11-03)" in locked["message"]


def test_a_tariff_of_an_invoiced_month_may_not_change(invoiced: Repo) -> None:
    menu = invoiced.root / "services.yaml"
    menu.write_text(
        menu.read_text(encoding="utf-8").replace(
            "{from: 2026-01-01, sif: 2.5}", "{from: 2026-01-01, sif: 2.4}"
        ),
        encoding="utf-8",
    )
    code, report = review(invoiced)
    assert code == 1
    tariff = [e for e in report["errors"] if e["kind"] == "TariffChangedError"]
    assert len(tariff) == 1
    assert tariff[0]["file"] == "services.yaml"
    assert (
        'service "strengthening-session" tariffs: the line from 2026-01-01 (2.5)'
        in (tariff[0]["message"])
    )


def test_a_deleted_member_still_named_fails(committed: Repo) -> None:
    (committed.root / "members" / "atelier-soleil.yaml").unlink()
    code, report = review(committed)
    assert code == 1
    still = [e for e in report["errors"] if e["kind"] == "MemberStillNamedError"]
    assert len(still) == 1
    path = committed.trades / "2026-10.beancount"
    assert (still[0]["file"], still[0]["line"]) in {
        ("ledger/trades/2026-10.beancount", line_of(path, "2026-10-12")),
        ("concepts/zorgboerderij.yaml", 3),
    }
    message = still[0]["message"]
    assert "members/atelier-soleil.yaml is deleted, but the books still name atelier-soleil" in (
        message
    )
    assert "ledger/trades/2026-10.beancount:1" in message
    assert "concepts/zorgboerderij.yaml" in message
    assert ": removes member atelier-soleil (Atelier Soleil SRL)" in texts(report)


# --- git, CI and the job summary --------------------------------------------------------------


def test_the_job_summary_lists_errors_as_file_and_line(
    invoiced: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = invoiced.trades / "2026-10.beancount"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "\n"
        + dedent(NOVEMBER).replace("2026-11-04", "2026-10-25"),
        encoding="utf-8",
    )
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = invoiced.run("check", "--base", "main")
    assert result.exit_code == 1
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## ❌ sif check: 1 error(s)\n")
    assert f"- `ledger/trades/2026-10.beancount:{line_of(path, '2026-10-25')}`: " in text
    assert "### What this change does to the books" in text
    assert "Compared with `main`: 1 trade added." in text


def test_summary_option_and_a_clean_report(committed: Repo, tmp_path: Path) -> None:
    committed.month("2026-11", NOVEMBER)
    summary = tmp_path / "out" / "summary.md"
    summary.parent.mkdir()
    git(committed.root, "add", "-A")
    result = committed.run("check", "--base", "main", "--summary", str(summary))
    assert result.exit_code == 0, result.output
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## ✅ sif check: the books are in order\n")
    assert "- adds a trade: 2026-11-04: bram-peeters to an-claes" in text
    assert "(`ledger/trades/2026-11.beancount:1`)" in text


def test_an_unknown_ref_is_a_clear_error(committed: Repo) -> None:
    result = committed.run("check", "--base", "origin/nope")
    assert result.exit_code == 1
    assert 'git knows no commit "origin/nope": fetch it first' in result.output


def test_outside_git_is_a_clear_error(repo: Repo) -> None:
    result = repo.run("check", "--base", "main")
    assert result.exit_code == 1
    assert "is not in a git repository" in result.output


def test_books_in_a_subfolder_and_a_base_without_books(tmp_path: Path) -> None:
    top = init(tmp_path / "repo")
    (top / "README.md").write_text("# books below\n", encoding="utf-8")
    base = commit(top, "before the books")
    root = build_repo(top / "boeken")
    git(top, "add", "-A")
    result = run_cli(root, "check", "--json", "--base", base)
    assert result.exit_code == 0, result.output
    changes = json.loads(result.stdout)["changes"]
    assert {c["kind"] for c in changes} == {"member", "concept", "menu"}
    assert "adds the menu card" in [c["text"] for c in changes]
    commit(top)
    (root / "ledger" / "trades" / "2026-11.beancount").write_text(
        dedent(NOVEMBER), encoding="utf-8"
    )
    git(top, "add", "-A")
    result = run_cli(root, "check", "--json", "--base", "HEAD")
    assert result.exit_code == 0, result.output
    (change,) = json.loads(result.stdout)["changes"]
    assert change["where"] == "ledger/trades/2026-11.beancount:1"


def test_the_summary_folds_warnings_below_the_change(tmp_path: Path) -> None:
    from sif.review import Change, Review
    from sif.review.summary import summary_markdown

    review = Review(
        "main", [Change("trade", "added", "ledger/trades/2026-11.beancount:3", "adds <b>")]
    )
    text = summary_markdown(tmp_path, {"trades": 1}, [], ["late: 2026-10"], review)
    assert text.index("### What this change does") < text.index("<details><summary>1 warning(s)")
    assert "- adds &lt;b&gt; (`ledger/trades/2026-11.beancount:3`)" in text
    assert "- late: 2026-10" in text


def test_a_pull_request_branch_against_origin(committed: Repo, tmp_path: Path) -> None:
    """As in CI: a clone, a branch with a commit, compared with origin/main."""
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(committed.root), str(clone))
    git(clone, "switch", "-q", "-c", "sessie-2026-11-04")
    (clone / "ledger" / "trades" / "2026-11.beancount").write_text(
        dedent(NOVEMBER), encoding="utf-8"
    )
    commit(clone, "Sessie 2026-11-04")
    result = run_cli(clone, "check", "--json", "--base", "origin/main")
    assert result.exit_code == 0, result.output
    (change,) = json.loads(result.stdout)["changes"]
    assert (change["kind"], change["action"]) == ("trade", "added")
    assert git(clone, "status", "--porcelain") == ""  # the review wrote nothing


def test_a_deleted_issued_file_fails(invoiced: Repo) -> None:
    (invoiced.root / "documents" / "2026-10" / "AF2026-00001.xml").unlink()
    code, report = review(invoiced)
    assert code == 1
    (error,) = [e for e in report["errors"] if e["kind"] == "IssuedChangedError"]
    assert (
        "documents/2026-10/AF2026-00001.xml was issued (it is in main) and is deleted"
        in (error["message"])
    )


def test_a_book_file_git_does_not_track_is_an_error_until_added(committed: Repo) -> None:
    """It passes on the laptop (which reads the folder) and would fail in CI: say so."""
    path = committed.write(
        "members/nieuw-lid.yaml",
        """
        name: Nieuw Lid
        kind: person
        roles: [innovator]
        languages: [nl]
        vat: {status: not-taxable}
        joined: 2026-01-01
        """,
    )
    result = committed.run("check")
    assert result.exit_code == 1
    assert (
        "members/nieuw-lid.yaml:0: git does not track this file, so a commit or pull request "
        "leaves it out and CI fails where this laptop passes: run `git add members/nieuw-lid.yaml`"
    ) in result.stderr
    git(committed.root, "add", str(path))
    assert committed.run("check").exit_code == 0


def test_a_deleted_member_is_one_message_that_lists_where_it_is_named(committed: Repo) -> None:
    for day in range(5, 12):
        committed.write(
            f"ledger/trades/2026-11/2026-11-{day:02d}-x.beancount",
            NOVEMBER.replace("2026-11-04", f"2026-11-{day:02d}"),
        )
    commit(committed.root, "November")
    (committed.root / "members" / "bram-peeters.yaml").unlink()
    git(committed.root, "add", "-A")
    result = committed.run("check")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    named = [line for line in lines if 'no member "bram-peeters" in members/' in line]
    assert len(named) == 1, result.stderr
    assert "yet 7 entries name it" in named[0]
    assert "and 2 more" in named[0]
    # The concept that lists the member as a partner says so in its own file.
    assert 'concepts/zorgboerderij.yaml:2: field "partners": no member "bram-peeters".' in lines
    assert "restore it (a member who leaves gets `left: DATE`)" in named[0]
    code, report = review(committed)
    assert code == 1
    kinds = [e["kind"] for e in report["errors"]]
    assert kinds.count("UnknownMemberError") == 1
    assert kinds.count("MemberStillNamedError") == 1


def test_a_yaml_slip_in_a_member_file_is_not_a_removal(committed: Repo) -> None:
    path = committed.root / "members" / "an-claes.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("kind: person", "kind: person\n  roles: [x]"),
        encoding="utf-8",
    )
    code, report = review(committed)
    assert code == 1
    texts = [c["text"] for c in report["changes"]]
    assert not any(t.startswith("removes member an-claes") for t in texts)
    assert "members/an-claes.yaml cannot be read (see its error above): fix it; not a removal" in (
        texts
    )
    assert all("MemberStillNamed" not in e["kind"] for e in report["errors"])
    assert not any(
        e["kind"] == "UnknownMemberError" and "an-claes" in e["message"] for e in report["errors"]
    )
    assert any(e["file"] == "members/an-claes.yaml" for e in report["errors"])


def test_the_same_session_twice_is_a_warning_that_names_both(committed: Repo) -> None:
    committed.month("2026-11", NOVEMBER + "\n" + NOVEMBER)
    git(committed.root, "add", "-A")
    report = committed.check()
    assert report["ok"]
    (warning,) = [w for w in report["warnings"] if "booked 2 times" in w]
    assert warning.startswith(
        "ledger/trades/2026-11.beancount:1 and ledger/trades/2026-11.beancount:7: "
        "the same session booked 2 times? (2026-11-04, coaching-hour, bram-peeters for an-claes)"
    )
