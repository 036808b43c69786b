"""`sif member forget`: what goes, what the law keeps, and books that still check."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from sif.mail.record import DeliveryRecord
from sif.privacy.forget import retention_end
from tests.conftest import Repo, issue

FORGET_DAY = "2026-11-10"


def leave(repo: Repo, member: str, day: str) -> None:
    path = repo.root / "members" / f"{member}.yaml"
    path.write_text(path.read_text(encoding="utf-8") + f"left: {day}\n", encoding="utf-8")


def give_feedback(repo: Repo, *args: str) -> None:
    result = repo.run("feedback", "add", "--rating", "4", "--prepared", "yes", *args)
    assert result.exit_code == 0, result.output


def feedback_text(root: Path) -> str:
    return "".join(
        p.read_text(encoding="utf-8") for p in sorted((root / "feedback").rglob("*.yaml"))
    )


@pytest.fixture
def left(books: Repo) -> Repo:
    """October 2026 invoiced; de-buurtkeuken left on 31 October with feedback, a request, mail."""
    issue(books)
    leave(books, "de-buurtkeuken", "2026-10-31")
    # de-buurtkeuken answered on an-claes's session, an-claes on de-buurtkeuken's,
    # and bram-peeters's answer on the Fabriek's workshop is not about them.
    give_feedback(
        books, "--date", "2026-10-05", "--coach", "an-claes", "--comment", "Heel concreet."
    )
    give_feedback(books, "--date", "2026-10-06", "--coach", "de-buurtkeuken")
    give_feedback(
        books, "--date", "2026-10-20", "--coach", "fabriek", "--comment", "Goede workshop."
    )
    books.write(
        "requests/2026-10-buurtkeuken-vraag.yaml",
        """\
        question: Hoe vinden we vrijwilligers voor de keuken?
        kind: session
        requester: de-buurtkeuken
        expertise: [community-building]
        status: closed
        opened: 2026-10-01
        closed: 2026-10-30
        """,
    )
    books.write(
        "requests/2026-10-ander.yaml",
        """\
        question: Hoe schrijven we een businessplan?
        kind: session
        requester: an-claes
        expertise: [business-plans]
        status: open
        opened: 2026-10-02
        """,
    )
    record = books.root / "mail" / "sent" / "2026-10.jsonl"
    record.parent.mkdir(parents=True)
    record.write_text(
        json.dumps({"member": "de-buurtkeuken", "to": "hallo@buurtkeuken.example",
                    "status": "failed", "error": "550 hallo@buurtkeuken.example unknown"})
        + "\n"
        + json.dumps({"member": "an-claes", "to": "an.claes@example.org", "status": "delivered"})
        + "\n",
        encoding="utf-8",
    )  # fmt: skip
    for name in ("statements/2026-10/de-buurtkeuken.pdf", "mail/2026-10/de-buurtkeuken.eml",
                 "mail/2026-10/an-claes.eml"):  # fmt: skip
        path = books.root / "out" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("Stationsstraat 12", encoding="utf-8")
    assert books.check()["ok"], books.errors()
    return books


def test_forget_removes_contact_profile_feedback_requests_and_keeps_the_documents(
    left: Repo,
) -> None:
    root = left.root
    before = left.run("invoice", "list", "--member", "de-buurtkeuken", "--format", "json")
    documents = json.loads(before.output)
    assert documents, "the fixture issues documents to de-buurtkeuken"
    files = {p: p.read_bytes() for p in (root / "documents").rglob("*") if p.is_file()}
    ledger = {p: p.read_bytes() for p in (root / "ledger").rglob("*") if p.is_file()}
    feedback_before = feedback_text(root)
    assert "Heel concreet" in feedback_before and "coaches: [de-buurtkeuken]" in feedback_before

    result = left.run("member", "forget", "de-buurtkeuken", "--as-of", FORGET_DAY)
    assert result.exit_code == 0, result.output

    member = (root / "members" / "de-buurtkeuken.yaml").read_text(encoding="utf-8")
    for gone in ("hallo@buurtkeuken.example", "BE71", "iban", "Sociaal restaurant", "publish",
                 "expertise", "roles"):  # fmt: skip
        assert gone not in member
    for kept in ("De Buurtkeuken", "Stationsstraat 12", "BE0412345614", "left: 2026-10-31"):
        assert kept in member
    feedback = feedback_text(root)
    assert "Heel concreet" not in feedback  # the answer they gave
    assert "coaches: [de-buurtkeuken]" not in feedback  # the answer about their session
    assert "Goede workshop." in feedback  # someone else's, about someone else
    assert not (root / "requests" / "2026-10-buurtkeuken-vraag.yaml").exists()
    assert (root / "requests" / "2026-10-ander.yaml").exists()
    record = DeliveryRecord(root / "mail" / "sent" / "2026-10.jsonl")
    text = record.path.read_text(encoding="utf-8")
    assert "hallo@buurtkeuken.example" not in text and "an.claes@example.org" in text
    assert record.state()["de-buurtkeuken"].status == "failed" and not record.damaged
    assert not (root / "out" / "statements" / "2026-10" / "de-buurtkeuken.pdf").exists()
    assert not (root / "out" / "mail" / "2026-10" / "de-buurtkeuken.eml").exists()
    assert (root / "out" / "mail" / "2026-10" / "an-claes.eml").exists()

    # The law's part: every issued file and booking unchanged, still listed for the member.
    assert {p: p.read_bytes() for p in (root / "documents").rglob("*") if p.is_file()} == files
    assert {p: p.read_bytes() for p in (root / "ledger").rglob("*") if p.is_file()} == ledger
    after = left.run("invoice", "list", "--member", "de-buurtkeuken", "--format", "json")
    assert json.loads(after.output) == documents
    assert left.check()["ok"], left.errors()
    # And the output says when each document may go: ten years after the year of issue.
    for row in documents:
        assert f"{row['number']} of 2026-11-03: kept until 2036-12-31" in result.output
    assert "may go from 2037-01-01" in result.output


def test_the_retention_period_is_data_in_the_menu_card(left: Repo) -> None:
    menu = left.root / "services.yaml"
    text = menu.read_text(encoding="utf-8")
    assert "retention_years: 10" in text
    menu.write_text(text.replace("retention_years: 10", "retention_years: 7"), encoding="utf-8")
    result = left.run("member", "forget", "de-buurtkeuken", "--as-of", FORGET_DAY, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "kept until 2033-12-31, may go from 2034-01-01" in result.output


def test_retention_counts_from_the_first_of_january_after_the_document() -> None:
    assert retention_end(datetime.date(2026, 1, 1), 10) == datetime.date(2036, 12, 31)
    assert retention_end(datetime.date(2026, 12, 31), 10) == datetime.date(2036, 12, 31)


def test_dry_run_changes_nothing(left: Repo) -> None:
    before = left.snapshot()
    result = left.run("member", "forget", "de-buurtkeuken", "--as-of", FORGET_DAY, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Would remove from members/de-buurtkeuken.yaml: roles, expertise" in result.output
    assert left.snapshot() == before


def test_a_member_who_has_not_left_is_refused(books: Repo) -> None:
    before = books.snapshot()
    result = books.run("member", "forget", "an-claes", "--as-of", FORGET_DAY)
    assert result.exit_code == 1
    assert "an-claes is still a member on 2026-11-10: set `left:`" in result.output
    assert "Traceback" not in result.output
    assert books.snapshot() == before


def test_trades_not_yet_invoiced_are_refused(books: Repo) -> None:
    leave(books, "de-buurtkeuken", "2026-10-31")
    before = books.snapshot()
    result = books.run("member", "forget", "de-buurtkeuken", "--as-of", FORGET_DAY)
    assert result.exit_code == 1
    assert "trades in 2026-10 that are not invoiced yet" in result.output
    assert "sif invoice run --month 2026-10" in result.output
    assert books.snapshot() == before


def test_the_operator_and_unknown_members_are_refused(books: Repo) -> None:
    assert "the operator" in books.run("member", "forget", "fabriek").output
    unknown = books.run("member", "forget", "nobody")
    assert unknown.exit_code == 1 and 'no member "nobody"' in unknown.output


def test_a_member_without_documents_keeps_only_what_ties_the_trades(repo: Repo) -> None:
    """oud-lid left in 2025 and never traded: its file keeps only the essentials."""
    result = repo.run("member", "forget", "oud-lid", "--as-of", FORGET_DAY)
    assert result.exit_code == 0, result.output
    assert "No issued documents" in result.output
    text = (repo.root / "members" / "oud-lid.yaml").read_text(encoding="utf-8")
    assert "roles" not in text and "Oud Lid cv" in text
    assert repo.check()["ok"]


def test_books_that_would_fail_afterwards_are_put_back(
    left: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the result would not check (here: a forged plan), every file is restored."""
    from sif.privacy import forget

    real = forget.forgotten_member_text

    def broken(*args: object, **kwargs: object) -> tuple[str, tuple[str, ...]]:
        text, removed = real(*args, **kwargs)  # type: ignore[arg-type]
        return text.replace("kind: organisation", "kind: robot"), removed

    monkeypatch.setattr(forget, "forgotten_member_text", broken)
    before = left.snapshot()
    result = left.run("member", "forget", "de-buurtkeuken", "--as-of", FORGET_DAY)
    assert result.exit_code == 1
    assert "would not pass `sif check` afterwards" in result.output
    assert "nothing was changed" in result.output
    assert left.snapshot() == before


def test_removed_paths_are_inside_the_books(left: Repo) -> None:
    from sif.ledger.books import load_books
    from sif.privacy.forget import plan_forget

    plan = plan_forget(load_books(left.root), "de-buurtkeuken", datetime.date(2026, 11, 10))
    root = left.root.resolve()
    for path in (plan.member_file, *plan.rewrites, *plan.deleted):
        assert Path(path).resolve().is_relative_to(root)


def test_the_pull_request_check_accepts_the_forgetting(left: Repo) -> None:
    """CI runs `sif check --base`: forgetting touches nothing issued, so it passes."""
    import subprocess

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(left.root), *args], check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "books")
    assert left.run("member", "forget", "de-buurtkeuken", "--as-of", FORGET_DAY).exit_code == 0
    result = left.run("check", "--base", "main")
    assert result.exit_code == 0, result.output
    assert "de-buurtkeuken" in result.output


def test_forgetting_twice_changes_nothing_the_second_time(left: Repo) -> None:
    assert left.run("member", "forget", "de-buurtkeuken", "--as-of", FORGET_DAY).exit_code == 0
    before = left.snapshot()
    again = left.run("member", "forget", "de-buurtkeuken", "--as-of", FORGET_DAY)
    assert again.exit_code == 0, again.output
    assert "Removed from members/de-buurtkeuken.yaml: nothing." in again.output
    assert left.snapshot() == before


def test_a_month_file_of_the_older_layout_keeps_the_other_answers(left: Repo) -> None:
    """Books not yet migrated keep a month's answers in one file: only theirs go."""
    folder = left.root / "feedback" / "2026-10"
    answers = [path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.yaml"))]
    for path in folder.glob("*.yaml"):
        path.unlink()
    folder.rmdir()
    month = left.root / "feedback" / "2026-10.yaml"
    month.write_text("# Feedback of 2026-10\n" + "".join(answers), encoding="utf-8")
    assert left.check()["ok"], left.errors()
    result = left.run("member", "forget", "de-buurtkeuken", "--as-of", FORGET_DAY)
    assert result.exit_code == 0, result.output
    assert "Removed 2 entries about de-buurtkeuken from feedback/2026-10.yaml." in result.output
    text = month.read_text(encoding="utf-8")
    assert text.startswith("# Feedback of 2026-10\n")
    assert text.count("- trade:") == 1 and "Goede workshop." in text
    assert "Heel concreet" not in text and "coaches: [de-buurtkeuken]" not in text
    assert left.check()["ok"], left.errors()
