"""`sif fmt`: one canonical form for the ledger files, whitespace only, comments kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from sif.ledger.fmt import FormatError, format_text, ledger_files
from tests.conftest import REPO_ROOT, Repo, dedent

MESSY = """\
; March, typed by hand\r
\r
\r
2026-03-12 * "Versterkingssessie"   \r
    service:   "strengthening-session"
	concept: "repair-cafe-genk"
  Assets:Members:An-claes   -2.50 SIF
  Assets:Members:De-buurtkeuken 2.50 SIF   ; a comment stays
2026-03-13 * "Coaching"
  service: "coaching-hour"
    ; a note inside
  Assets:Members:Bram-peeters  -0.50 SIF
      document: "x"
  Assets:Members:An-claes 0.50 SIF


"""

CANONICAL = """\
; March, typed by hand

2026-03-12 * "Versterkingssessie"
  service:   "strengthening-session"
  concept: "repair-cafe-genk"
  Assets:Members:An-claes           -2.50 SIF
  Assets:Members:De-buurtkeuken      2.50 SIF   ; a comment stays

2026-03-13 * "Coaching"
  service: "coaching-hour"
  ; a note inside
  Assets:Members:Bram-peeters     -0.50 SIF
    document: "x"
  Assets:Members:An-claes          0.50 SIF
"""


def test_a_messy_file_gets_the_canonical_form() -> None:
    assert format_text(MESSY) == CANONICAL


def test_the_canonical_form_is_a_fixed_point() -> None:
    assert format_text(CANONICAL) == CANONICAL


def test_the_documented_trade_is_in_the_canonical_form() -> None:
    books = (REPO_ROOT / "docs" / "reference" / "books.md").read_text(encoding="utf-8")
    block = books.split("## A trade")[1].split("```beancount\n")[1].split("```")[0]
    assert format_text(block) == block


def test_the_demo_ledger_is_in_form(demo_root: Path) -> None:
    """The demo generator writes what `sif fmt` keeps (the books job checks the live books)."""
    paths = ledger_files(demo_root)
    assert len(paths) > 10
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert format_text(text) == text, path


def test_wide_numbers_and_other_directives() -> None:
    text = dedent(
        """
        option "title" "x"
        2013-10-01 commodity SIF
            name: "SIF"
        2026-01-01 open Assets:Cash EUR
        2026-01-02 * "Big"
          Assets:Cash  1234567890.00 EUR
          Equity:Opening
        2026-01-03 custom "sif-lock" "2025-12" "abc"
        """
    )
    assert format_text(text) == dedent(
        """
        option "title" "x"
        2013-10-01 commodity SIF
          name: "SIF"
        2026-01-01 open Assets:Cash EUR
        2026-01-02 * "Big"
          Assets:Cash  1234567890.00 EUR
          Equity:Opening

        2026-01-03 custom "sif-lock" "2025-12" "abc"
        """
    )


def test_a_file_that_does_not_parse_is_left_alone() -> None:
    with pytest.raises(FormatError, match="does not parse"):
        format_text('2026-01-02 * "Open quote\n  Assets:Cash   1 EUR\n')


def test_empty_file_stays_empty() -> None:
    assert format_text("") == ""
    assert format_text("\n\n") == ""


# --- the command -------------------------------------------------------------------------------


def test_fmt_check_fails_then_fmt_fixes(repo: Repo) -> None:
    path = repo.write("ledger/trades/2026-03.beancount", "")
    path.write_text(MESSY, encoding="utf-8")
    result = repo.run("fmt", "--check", "--diff")
    assert result.exit_code == 1
    assert "Would reformat ledger/trades/2026-03.beancount" in result.stdout
    assert "+  Assets:Members:An-claes           -2.50 SIF" in result.stdout
    assert "run `sif fmt`" in result.output
    assert path.read_bytes().decode("utf-8") == MESSY  # --check writes nothing

    result = repo.run("fmt")
    assert result.exit_code == 0, result.output
    assert "Reformatted ledger/trades/2026-03.beancount" in result.stdout
    assert path.read_bytes().decode("utf-8") == CANONICAL
    assert repo.check()["ok"]
    assert repo.run("fmt", "--check").exit_code == 0


def test_fmt_never_touches_issued_documents(repo: Repo) -> None:
    issued = repo.root / "ledger" / "documents" / "accounts.beancount"
    issued.write_text(issued.read_text(encoding="utf-8") + "\n\n\n", encoding="utf-8")
    payments = repo.write("ledger/payments/2026-11.beancount", "; payments\n\n\n")
    before = issued.read_bytes(), payments.read_bytes()
    assert repo.run("fmt").exit_code == 0
    result = repo.run("fmt", str(issued), str(payments))
    assert result.exit_code == 0
    assert "an issued document: never reformatted" in result.output
    assert "written by sif in its own layout" in result.output
    assert (issued.read_bytes(), payments.read_bytes()) == before


def test_fmt_with_files_formats_only_those(repo: Repo) -> None:
    one = repo.write("ledger/trades/2026-03.beancount", "; one\n\n\n")
    two = repo.write("ledger/trades/2026-04.beancount", "; two\n\n\n")
    result = repo.run("fmt", str(one))
    assert result.exit_code == 0, result.output
    assert one.read_text(encoding="utf-8") == "; one\n"
    assert two.read_text(encoding="utf-8") == "; two\n\n\n"


def test_a_recorded_trade_is_already_in_form(repo: Repo) -> None:
    result = repo.run(
        "record", "strengthening-session", "--date", "2026-03-12",
        "--provider", "an-claes", "--provider", "bram-peeters", "--recipient", "de-buurtkeuken",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert repo.run("fmt", "--check").exit_code == 0
