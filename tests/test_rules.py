"""Every rule of the books: one ledger that passes it and one that breaks it.

Each failing case asserts the error type (its class name, as `sif check --json`
reports it), the file and line, and the words that tell staff what to do.
"""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path

import pytest
from beancount.core import data
from beancount.parser import printer

from sif.ledger.books import load_books
from sif.ledger.locks import lock_entry
from tests.conftest import Repo, dedent, line_of, only

MONTH = "2026-03.beancount"

#: A trade that breaks no rule: a strengthening session at the 2026 tariff.
GOOD = """
    2026-03-12 * "Versterkingssessie: businessplan"
      service: "strengthening-session"
      quantity: 1
      concept: "repair-cafe-genk"
      Assets:Members:An-claes         -2.50 SIF
      Assets:Members:De-buurtkeuken    2.50 SIF
    """


def assert_clean(repo: Repo) -> None:
    report = repo.check()
    assert report["errors"] == []
    assert report["ok"] is True


def month_path(repo: Repo, month: str = "2026-03") -> Path:
    return repo.trades / f"{month}.beancount"


# --- members ---------------------------------------------------------------------------------


def test_known_members_pass(repo: Repo) -> None:
    repo.month("2026-03", GOOD)
    assert_clean(repo)
    assert repo.check()["counts"]["trades"] == 1


def test_unknown_member(repo: Repo) -> None:
    path = repo.month(
        "2026-03",
        """
        2026-03-12 * "Versterkingssessie"
          service: "strengthening-session"
          Assets:Members:An-clas          -2.50 SIF
          Assets:Members:De-buurtkeuken    2.50 SIF
        """,
    )
    error = only(repo.errors(), "UnknownMemberError")
    assert error["file"] == "ledger/trades/2026-03.beancount"
    assert error["line"] == line_of(path, "2026-03-12")
    assert 'no member "an-clas"' in error["message"]
    assert "sif member add" in error["message"]
    assert 'Did you mean "an-claes"?' in error["message"]


@pytest.mark.parametrize(
    ("date", "member", "other"),
    [
        ("2024-06-01", "Bram-peeters", "An-claes"),  # the day they joined
        ("2025-06-30", "Oud-lid", "An-claes"),  # the day they left
    ],
)
def test_active_member_passes_on_first_and_last_day(
    repo: Repo, date: str, member: str, other: str
) -> None:
    repo.month(
        date[:7],
        f"""
        {date} * "Coaching"
          service: "coaching-hour"
          Assets:Members:{member}   -0.50 SIF
          Assets:Members:{other}     0.50 SIF
        """,
    )
    assert_clean(repo)


@pytest.mark.parametrize(
    ("date", "member", "period"),
    [
        ("2024-05-31", "bram-peeters", "(joined 2024-06-01)"),
        ("2025-07-01", "oud-lid", "(joined 2024-01-01, left 2025-06-30)"),
    ],
)
def test_member_not_active(repo: Repo, date: str, member: str, period: str) -> None:
    account = member[:1].upper() + member[1:]
    path = repo.month(
        date[:7],
        f"""
        {date} * "Coaching"
          service: "coaching-hour"
          Assets:Members:An-claes     -0.50 SIF
          Assets:Members:{account}     0.50 SIF
        """,
    )
    error = only(repo.errors(), "InactiveMemberError")
    assert error["file"] == f"ledger/trades/{date[:7]}.beancount"
    assert error["line"] == line_of(path, date)
    assert f'member "{member}" is not active on {date} {period}' in error["message"]
    assert "check the date, or the joined/left dates" in error["message"]


def test_member_trading_with_themselves(repo: Repo) -> None:
    path = repo.month(
        "2026-03",
        """
        2026-03-12 * "Versterkingssessie"
          service: "strengthening-session"
          Assets:Members:An-claes   -2.50 SIF
          Assets:Members:An-claes    2.50 SIF
        """,
    )
    error = only(repo.errors(), "SelfTradeError")
    assert (error["file"], error["line"]) == (
        "ledger/trades/2026-03.beancount",
        line_of(path, "2026-03-12"),
    )
    assert "an-claes cannot both deliver and receive" in error["message"]
    assert "does not trade with themselves" in error["message"]


# --- services and tariffs --------------------------------------------------------------------


def test_unknown_service(repo: Repo) -> None:
    path = repo.month("2026-03", GOOD.replace('"strengthening-session"', '"strengthening-sesion"'))
    error = only(repo.errors(), "UnknownServiceError")
    assert error["file"] == "ledger/trades/2026-03.beancount"
    assert error["line"] == line_of(path, "2026-03-12")
    assert 'the service "strengthening-sesion" is not on the menu card' in error["message"]
    assert "services.yaml" in error["message"]
    assert 'Did you mean "strengthening-session"?' in error["message"]


def test_service_before_its_first_tariff(repo: Repo) -> None:
    path = repo.month(
        "2023-12",
        """
        2023-12-31 * "Versterkingssessie"
          service: "strengthening-session"
          Assets:Members:An-claes          -2.00 SIF
          Assets:Members:Atelier-soleil     2.00 SIF
        """,
    )
    error = only(repo.errors(), "ServiceNotInForceError")
    assert error["file"] == "ledger/trades/2023-12.beancount"
    assert error["line"] == line_of(path, "2023-12-31")
    assert 'the service "strengthening-session" has no tariff on 2023-12-31' in error["message"]
    assert "offered from 2024-01-01" in error["message"]
    assert "check the date or the menu card" in error["message"]


def _withdraw_coaching(repo: Repo) -> None:
    """Give coaching-hour a last day (2025-12-31) in the fixture's menu card."""
    menu = repo.root / "services.yaml"
    text = menu.read_text(encoding="utf-8")
    old = "      - {from: 2024-01-01, sif: 0.5}\n"
    assert text.count(old) == 1
    menu.write_text(text.replace(old, old + "    until: 2025-12-31\n"), encoding="utf-8")


def test_service_passes_on_its_last_day(repo: Repo) -> None:
    _withdraw_coaching(repo)
    repo.month(
        "2025-12",
        """
        2025-12-31 * "Coaching"
          service: "coaching-hour"
          Assets:Members:An-claes          -0.50 SIF
          Assets:Members:Atelier-soleil     0.50 SIF
        """,
    )
    assert_clean(repo)


def test_service_after_it_was_withdrawn(repo: Repo) -> None:
    _withdraw_coaching(repo)
    path = repo.month(
        "2026-01",
        """
        2026-01-02 * "Coaching"
          service: "coaching-hour"
          Assets:Members:An-claes          -0.50 SIF
          Assets:Members:Atelier-soleil     0.50 SIF
        """,
    )
    error = only(repo.errors(), "ServiceNotInForceError")
    assert (error["file"], error["line"]) == (
        "ledger/trades/2026-01.beancount",
        line_of(path, "2026-01-02"),
    )
    assert "has no tariff on 2026-01-02" in error["message"]
    assert "offered from 2024-01-01 until 2025-12-31" in error["message"]


def test_amount_matches_tariff_times_quantity(repo: Repo) -> None:
    repo.month(
        "2026-03",
        """
        2026-03-10 * "Coaching, three hours"
          service: "coaching-hour"
          quantity: 3
          Assets:Members:Bram-peeters      -1.50 SIF
          Assets:Members:Atelier-soleil     1.50 SIF
        """,
    )
    assert_clean(repo)


def test_amount_differs_from_tariff(repo: Repo) -> None:
    path = repo.month("2026-03", GOOD.replace("2.50 SIF", "2.00 SIF"))
    error = only(repo.errors(), "AmountError")
    assert error["file"] == "ledger/trades/2026-03.beancount"
    assert error["line"] == line_of(path, "2026-03-12")
    message = error["message"]
    assert '"strengthening-session" x 1 is 2.50 SIF on 2026-03-12' in message
    assert "tariff 2.5 SIF per session since 2026-01-01" in message
    assert "this trade moves 2.00 SIF" in message
    assert "correct the amounts" in message
    assert "override-reason" in message


def test_amount_differs_with_override_reason_passes(repo: Repo) -> None:
    repo.month(
        "2026-03",
        """
        2026-03-12 * "Versterkingssessie, kort"
          service: "strengthening-session"
          override-reason: "half a session, agreed with both"
          Assets:Members:An-claes         -1.25 SIF
          Assets:Members:De-buurtkeuken    1.25 SIF
        """,
    )
    assert_clean(repo)


@pytest.mark.parametrize(
    ("date", "amount", "ok"),
    [
        ("2025-12-31", "2.00", True),
        ("2025-12-31", "2.50", False),
        ("2026-01-01", "2.50", True),
        ("2026-01-01", "2.00", False),
    ],
)
def test_tariff_change_on_2026_01_01(repo: Repo, date: str, amount: str, ok: bool) -> None:
    """The same service is valued at the tariff in force on the day it was delivered."""
    repo.month(
        date[:7],
        f"""
        {date} * "Versterkingssessie"
          service: "strengthening-session"
          Assets:Members:An-claes          -{amount} SIF
          Assets:Members:Atelier-soleil     {amount} SIF
        """,
    )
    errors = repo.errors()
    if ok:
        assert errors == []
    else:
        expected = "2.00" if date < "2026" else "2.50"
        error = only(errors, "AmountError")
        assert f"is {expected} SIF on {date}" in error["message"]
        assert f"this trade moves {amount} SIF" in error["message"]


# --- splits ----------------------------------------------------------------------------------


def test_equal_split_passes(repo: Repo) -> None:
    repo.month(
        "2026-03",
        """
        2026-03-12 * "Versterkingssessie met twee coaches"
          service: "strengthening-session"
          Assets:Members:An-claes          -1.25 SIF
          Assets:Members:Bram-peeters      -1.25 SIF
          Assets:Members:De-buurtkeuken     2.50 SIF
        """,
    )
    assert_clean(repo)


@pytest.mark.parametrize(
    "shares",
    [
        ("0.17", "0.17", "0.16"),
        ("0.16", "0.17", "0.17"),  # the order of the lines does not matter
    ],
)
def test_equal_split_with_remainder_cents_passes(repo: Repo, shares: tuple[str, ...]) -> None:
    a, b, c = shares
    repo.month(
        "2026-03",
        f"""
        2026-03-12 * "Coaching for three"
          service: "coaching-hour"
          Assets:Members:Bram-peeters      -0.50 SIF
          Assets:Members:An-claes           {a} SIF
          Assets:Members:De-buurtkeuken     {b} SIF
          Assets:Members:Atelier-soleil     {c} SIF
        """,
    )
    assert_clean(repo)


UNEQUAL = """
    2026-03-12 * "Versterkingssessie voor twee"
      service: "strengthening-session"
      Assets:Members:An-claes          -2.50 SIF
      Assets:Members:De-buurtkeuken     1.50 SIF
      Assets:Members:Atelier-soleil     1.00 SIF
    """


def test_unequal_split(repo: Repo) -> None:
    path = repo.month("2026-03", UNEQUAL)
    error = only(repo.errors(), "SplitError")
    assert (error["file"], error["line"]) == (
        "ledger/trades/2026-03.beancount",
        line_of(path, "2026-03-12"),
    )
    assert "the recipients share 2.50 SIF equally (1.25, 1.25)" in error["message"]
    assert "split-reason" in error["message"]


def test_remainder_cents_given_twice_to_one_party(repo: Repo) -> None:
    repo.month(
        "2026-03",
        """
        2026-03-12 * "Coaching for three"
          service: "coaching-hour"
          Assets:Members:Bram-peeters      -0.50 SIF
          Assets:Members:An-claes           0.18 SIF
          Assets:Members:De-buurtkeuken     0.16 SIF
          Assets:Members:Atelier-soleil     0.16 SIF
        """,
    )
    error = only(repo.errors(), "SplitError")
    assert "the recipients share 0.50 SIF equally (0.17, 0.17, 0.16)" in error["message"]


def test_unequal_split_of_providers(repo: Repo) -> None:
    repo.month(
        "2026-03",
        """
        2026-03-12 * "Versterkingssessie met twee coaches"
          service: "strengthening-session"
          Assets:Members:An-claes          -2.00 SIF
          Assets:Members:Bram-peeters      -0.50 SIF
          Assets:Members:De-buurtkeuken     2.50 SIF
        """,
    )
    error = only(repo.errors(), "SplitError")
    assert "the providers share 2.50 SIF equally (1.25, 1.25)" in error["message"]


def test_unequal_split_with_split_reason_passes(repo: Repo) -> None:
    text = dedent(UNEQUAL).replace(
        '  service: "strengthening-session"\n',
        '  service: "strengthening-session"\n  split-reason: "Atelier Soleil left at noon"\n',
    )
    repo.month("2026-03", text)
    assert_clean(repo)


# --- the shape of a trade --------------------------------------------------------------------


def test_transaction_without_member_postings_needs_no_service(repo: Repo) -> None:
    repo.month(
        "2026-03",
        """
        2026-01-01 open Expenses:Services:Bank-fees EUR

        2026-03-31 * "Bank fee"
          Assets:Bank                    -1.00 EUR
          Expenses:Services:Bank-fees     1.00 EUR
        """,
    )
    assert_clean(repo)


def test_member_posting_without_service(repo: Repo) -> None:
    path = repo.month(
        "2026-03",
        """
        2026-03-12 * "Versterkingssessie"
          Assets:Members:An-claes         -2.50 SIF
          Assets:Members:De-buurtkeuken    2.50 SIF
        """,
    )
    errors = repo.errors()
    assert [e["kind"] for e in errors] == ["MissingServiceError"]
    error = errors[0]
    assert (error["file"], error["line"]) == (
        "ledger/trades/2026-03.beancount",
        line_of(path, "2026-03-12"),
    )
    assert "posts to a member account but names no service" in error["message"]
    assert 'service: "<id>"' in error["message"]
    assert "sif services" in error["message"]


def test_unbalanced_trade(repo: Repo) -> None:
    path = repo.month(
        "2026-03",
        """
        2026-03-12 * "Versterkingssessie"
          service: "strengthening-session"
          Assets:Members:An-claes         -2.50 SIF
          Assets:Members:De-buurtkeuken    3.00 SIF
        """,
    )
    error = only(repo.errors(), "UnbalancedError")
    assert (error["file"], error["line"]) == (
        "ledger/trades/2026-03.beancount",
        line_of(path, "2026-03-12"),
    )
    assert "the providers earn 2.50 SIF but the recipients owe 3.00 SIF" in error["message"]
    assert "must add up to the same amount" in error["message"]


def test_trade_dated_today_passes(repo: Repo) -> None:
    today = datetime.date.today()  # noqa: DTZ011 (the books use local dates)
    repo.month(
        today.strftime("%Y-%m"),
        f"""
        {today} * "Coaching"
          service: "coaching-hour"
          Assets:Members:An-claes          -0.50 SIF
          Assets:Members:Atelier-soleil     0.50 SIF
        """,
    )
    assert_clean(repo)


def test_trade_dated_in_the_future(repo: Repo) -> None:
    today = datetime.date.today()  # noqa: DTZ011
    day = today + datetime.timedelta(days=40)
    path = repo.month(
        day.strftime("%Y-%m"),
        f"""
        {day} * "Coaching"
          service: "coaching-hour"
          Assets:Members:An-claes          -0.50 SIF
          Assets:Members:Atelier-soleil     0.50 SIF
        """,
    )
    error = only(repo.errors(), "FutureDateError")
    assert (error["file"], error["line"]) == (
        f"ledger/trades/{day:%Y-%m}.beancount",
        line_of(path, str(day)),
    )
    assert f"the trade is dated {day}, after today ({today})" in error["message"]
    assert "once it has been delivered" in error["message"]


@pytest.mark.parametrize(
    ("service", "provider", "recipient", "amount"),
    [
        ("workshop", "Fabriek", "An-claes", "1.50"),
        ("bootcamp", "Fabriek", "De-buurtkeuken", "5.00"),
        ("article", "An-claes", "Fabriek", "1.00"),
        ("case-research", "Atelier-soleil", "Fabriek", "2.00"),
    ],
)
def test_operator_services_pass(
    repo: Repo, service: str, provider: str, recipient: str, amount: str
) -> None:
    repo.month(
        "2026-03",
        f"""
        2026-03-12 * "With the Fabriek"
          service: "{service}"
          Assets:Members:{provider}    -{amount} SIF
          Assets:Members:{recipient}    {amount} SIF
        """,
    )
    assert_clean(repo)


@pytest.mark.parametrize(
    ("service", "sides", "words"),
    [
        (
            "strengthening-session",
            ("Fabriek", "An-claes", "2.50"),
            'the service "strengthening-session" is traded between members; fabriek is not a side of it',
        ),
        (
            "workshop",
            ("An-claes", "De-buurtkeuken", "1.50"),
            'the service "workshop" is delivered by fabriek alone; members pay fabriek for it',
        ),
        (
            "article",
            ("An-claes", "De-buurtkeuken", "1.00"),
            'the service "article" is bought by fabriek alone; fabriek pays the members for it',
        ),
    ],
)
def test_flow_violation(repo: Repo, service: str, sides: tuple[str, str, str], words: str) -> None:
    provider, recipient, amount = sides
    path = repo.month(
        "2026-03",
        f"""
        2026-03-12 * "Wrong way round"
          service: "{service}"
          Assets:Members:{provider}    -{amount} SIF
          Assets:Members:{recipient}    {amount} SIF
        """,
    )
    error = only(repo.errors(), "TradeFormError")
    assert (error["file"], error["line"]) == (
        "ledger/trades/2026-03.beancount",
        line_of(path, "2026-03-12"),
    )
    assert words in error["message"]


def test_non_member_account_in_a_trade(repo: Repo) -> None:
    path = repo.month(
        "2026-03",
        """
        2026-01-01 open Expenses:Sessions SIF

        2026-03-12 * "Versterkingssessie"
          service: "strengthening-session"
          Assets:Members:An-claes    -2.50 SIF
          Expenses:Sessions           2.50 SIF
        """,
    )
    errors = [e for e in repo.errors() if e["kind"] == "TradeFormError"]
    posting = next(e for e in errors if "between member accounts" in e["message"])
    assert (posting["file"], posting["line"]) == (
        "ledger/trades/2026-03.beancount",
        line_of(path, "Expenses:Sessions", occurrence=2),
    )
    assert "a trade only moves SIF between member accounts" in posting["message"]
    assert "not 2.50 SIF on Expenses:Sessions" in posting["message"]
    # With only one member posting there is nobody on the receiving side.
    assert any("needs a provider" in e["message"] for e in errors)


def test_wrong_currency_in_a_trade(repo: Repo) -> None:
    path = repo.month(
        "2026-03",
        """
        2026-03-12 * "Versterkingssessie in euro"
          service: "strengthening-session"
          Assets:Members:An-claes         -125.00 EUR
          Assets:Members:De-buurtkeuken    125.00 EUR
        """,
    )
    errors = [e for e in repo.errors() if e["kind"] == "TradeFormError"]
    lines = {e["line"] for e in errors if "only moves SIF between member accounts" in e["message"]}
    assert lines == {line_of(path, "An-claes"), line_of(path, "De-buurtkeuken")}
    assert any("not -125.00 EUR on Assets:Members:An-claes" in e["message"] for e in errors)


def test_posting_that_moves_nothing(repo: Repo) -> None:
    path = repo.month(
        "2026-03",
        """
        2026-03-12 * "Versterkingssessie"
          service: "strengthening-session"
          Assets:Members:An-claes         -2.50 SIF
          Assets:Members:Bram-peeters      0.00 SIF
          Assets:Members:De-buurtkeuken    2.50 SIF
        """,
    )
    error = only(repo.errors(), "TradeFormError")
    assert error["line"] == line_of(path, "Bram-peeters")
    assert "Assets:Members:Bram-peeters moves nothing; remove the line" in error["message"]


def test_known_concept_passes(repo: Repo) -> None:
    repo.month("2026-03", GOOD)
    assert_clean(repo)


def test_unknown_concept(repo: Repo) -> None:
    path = repo.month("2026-03", GOOD.replace('"repair-cafe-genk"', '"repair-cafe-gnk"'))
    error = only(repo.errors(), "UnknownConceptError")
    assert (error["file"], error["line"]) == (
        "ledger/trades/2026-03.beancount",
        line_of(path, "2026-03-12"),
    )
    assert 'no concept "repair-cafe-gnk" in concepts/' in error["message"]
    assert 'Did you mean "repair-cafe-genk"?' in error["message"]


@pytest.mark.parametrize("quantity", ["0", "-1", '"two"', "9" * 40, "10000.01"])
def test_quantity_not_positive(repo: Repo, quantity: str) -> None:
    path = repo.month("2026-03", GOOD.replace("quantity: 1", f"quantity: {quantity}"))
    error = only(repo.errors(), "TradeFormError")
    assert (error["file"], error["line"]) == (
        "ledger/trades/2026-03.beancount",
        line_of(path, "2026-03-12"),
    )
    assert "quantity should be a number greater than zero" in error["message"]


def test_fractional_quantity_passes(repo: Repo) -> None:
    repo.month(
        "2026-03",
        """
        2026-03-12 * "Coaching, an hour and a half"
          service: "coaching-hour"
          quantity: 1.5
          Assets:Members:An-claes          -0.75 SIF
          Assets:Members:Atelier-soleil     0.75 SIF
        """,
    )
    assert_clean(repo)


# --- locked months ---------------------------------------------------------------------------

LOCKED_MONTH = """
    2026-03-05 * "Coaching"
      service: "coaching-hour"
      Assets:Members:Bram-peeters      -0.50 SIF
      Assets:Members:Atelier-soleil     0.50 SIF

    2026-03-12 * "Versterkingssessie: businessplan"
      service: "strengthening-session"
      Assets:Members:An-claes         -2.50 SIF
      Assets:Members:De-buurtkeuken    2.50 SIF
    """

EXTRA_TRADE = """
    2026-03-20 * "Coaching achteraf"
      service: "coaching-hour"
      Assets:Members:An-claes          -0.50 SIF
      Assets:Members:Atelier-soleil     0.50 SIF
    """


def _lock_march(repo: Repo) -> Path:
    """Lock 2026-03 as the month-end run would, in the April file; return that file."""
    repo.month("2026-03", LOCKED_MONTH)
    books = load_books(repo.root)
    assert books.errors == []
    trades = [
        entry
        for entry in books.entries
        if isinstance(entry, data.Transaction)
        and "service" in entry.meta
        and entry.date.strftime("%Y-%m") == "2026-03"
    ]
    assert len(trades) == 2
    lock = lock_entry("2026-03", trades, datetime.date(2026, 4, 3))
    return repo.month("2026-04", printer.format_entry(lock))


def test_locked_month_unchanged_passes(repo: Repo) -> None:
    lock_file = _lock_march(repo)
    assert 'custom "sif-lock" "2026-03"' in lock_file.read_text(encoding="utf-8")
    assert_clean(repo)


def test_locked_month_trade_moved_to_another_file_passes(repo: Repo) -> None:
    """A fingerprint ignores where a trade is written."""
    _lock_march(repo)
    first, second = dedent(LOCKED_MONTH).split("\n\n")
    repo.month("2026-03", first)
    repo.write("ledger/trades/2026-03-extra.beancount", second)
    assert_clean(repo)


def test_locked_month_added_trade(repo: Repo) -> None:
    _lock_march(repo)
    path = repo.month("2026-03", dedent(LOCKED_MONTH) + "\n" + dedent(EXTRA_TRADE))
    errors = repo.errors()
    error = only(errors, "LockedMonthError")
    assert (error["file"], error["line"]) == (
        "ledger/trades/2026-03.beancount",
        line_of(path, "2026-03-20"),
    )
    assert "2026-03 is already invoiced (locked on 2026-04-03)" in error["message"]
    assert "cannot be added or changed" in error["message"]
    assert "book a new trade in an open month" in error["message"]
    assert "credit note" in error["message"]


def test_locked_month_changed_trade(repo: Repo) -> None:
    lock_file = _lock_march(repo)
    path = repo.month(
        "2026-03",
        dedent(LOCKED_MONTH).replace("businessplan", "marketingplan"),
    )
    errors = sorted(
        (e for e in repo.errors() if e["kind"] == "LockedMonthError"),
        key=lambda e: e["file"],
    )
    assert [(e["file"], e["line"]) for e in errors] == [
        ("ledger/trades/2026-03.beancount", line_of(path, "2026-03-12")),
        ("ledger/trades/2026-04.beancount", line_of(lock_file, "sif-lock")),
    ]
    assert "cannot be added or changed" in errors[0]["message"]
    assert "1 trade(s) invoiced for 2026-03 were changed or removed" in errors[1]["message"]
    assert "restore them as they were" in errors[1]["message"]


def test_locked_month_changed_amount(repo: Repo) -> None:
    _lock_march(repo)
    path = repo.month(
        "2026-03",
        dedent(LOCKED_MONTH).replace("Versterkingssessie: businessplan", "Extra")
        + '\n2026-03-12 * "Versterkingssessie: businessplan"\n'
        '  service: "strengthening-session"\n'
        '  override-reason: "a longer session"\n'
        "  Assets:Members:An-claes         -3.00 SIF\n"
        "  Assets:Members:De-buurtkeuken    3.00 SIF\n",
    )
    errors = [e for e in repo.errors() if e["kind"] == "LockedMonthError"]
    lines = sorted(e["line"] for e in errors if e["file"] == "ledger/trades/2026-03.beancount")
    assert lines == [line_of(path, "2026-03-12"), line_of(path, "2026-03-12", occurrence=2)]


def test_locked_month_removed_trade(repo: Repo) -> None:
    lock_file = _lock_march(repo)
    first, _ = dedent(LOCKED_MONTH).split("\n\n")
    repo.month("2026-03", first)
    errors = repo.errors()
    error = only(errors, "LockedMonthError")
    assert (error["file"], error["line"]) == (
        "ledger/trades/2026-04.beancount",
        line_of(lock_file, "sif-lock"),
    )
    assert "1 trade(s) invoiced for 2026-03 were changed or removed" in error["message"]
    assert "see the history in git" in error["message"]


def test_month_locked_twice(repo: Repo) -> None:
    lock_file = _lock_march(repo)
    lock_line = lock_file.read_text(encoding="utf-8").strip()
    repo.month("2026-04", lock_line + "\n" + lock_line.replace("2026-04-03", "2026-04-04") + "\n")
    error = only(repo.errors(), "LockedMonthError")
    assert error["line"] == 2
    assert "month 2026-03 is locked twice; keep the first lock" in error["message"]


def test_malformed_lock(repo: Repo) -> None:
    repo.month("2026-04", '2026-04-03 custom "sif-lock" "2026-03"\n')
    error = only(repo.errors(), "LockedMonthError")
    assert (error["file"], error["line"]) == ("ledger/trades/2026-04.beancount", 1)
    assert 'a lock reads: DATE custom "sif-lock" "YYYY-MM" "FINGERPRINTS"' in error["message"]


# --- the ledger's setup ----------------------------------------------------------------------


def test_price_agreeing_with_the_menu_card_passes(repo: Repo) -> None:
    repo.month("2026-03", "2026-03-01 price SIF 50.00 EUR\n")
    assert_clean(repo)


def test_price_disagreeing_with_the_menu_card(repo: Repo) -> None:
    repo.month("2026-03", "2026-03-01 price SIF 60.00 EUR\n")
    error = only(repo.errors(), "PriceError")
    assert (error["file"], error["line"]) == ("ledger/trades/2026-03.beancount", 1)
    assert "services.yaml values 1 SIF at 50 EUR on 2026-03-01" in error["message"]
    assert "remove this price" in error["message"]


def test_plugin_missing_from_the_main_file(repo: Repo) -> None:
    main = repo.root / "ledger" / "main.beancount"
    text = main.read_text(encoding="utf-8")
    assert 'plugin "sif.ledger.plugin"\n' in text
    main.write_text(text.replace('plugin "sif.ledger.plugin"\n', ""), encoding="utf-8")
    error = only(repo.errors(), "PluginMissingError")
    assert error["file"] == "ledger/main.beancount"
    assert 'add the line `plugin "sif.ledger.plugin"`' in error["message"]


def test_currency_not_declared(repo: Repo) -> None:
    main = repo.root / "ledger" / "main.beancount"
    text = main.read_text(encoding="utf-8")
    main.write_text(text.replace("2013-10-01 commodity SIF\n", ""), encoding="utf-8")
    error = only(repo.errors(), "CurrencyError")
    assert error["file"] == "ledger/main.beancount"
    assert "2000-01-01 commodity SIF" in error["message"]


# --- the same errors in every tool -----------------------------------------------------------


def test_bean_check_reports_what_sif_check_reports(repo: Repo) -> None:
    repo.month(
        "2026-03",
        dedent(GOOD)
        + "\n"
        + dedent(
            """
            2026-03-14 * "Versterkingssessie"
              service: "strengthening-sesion"
              Assets:Members:An-clas          -2.50 SIF
              Assets:Members:Atelier-soleil    2.50 SIF
            """
        ),
    )
    sif = repo.run("check")
    assert sif.exit_code == 1
    errors = repo.errors()
    assert {e["kind"] for e in errors} == {"UnknownServiceError", "UnknownMemberError"}

    bean_check = Path(sys.executable).parent / "bean-check"
    main = (repo.root / "ledger" / "main.beancount").resolve()
    done = subprocess.run(
        [str(bean_check), str(main)],
        capture_output=True,
        text=True,
        check=False,
        cwd=repo.root,
        timeout=60,
    )
    assert done.returncode == 1
    output = done.stdout + done.stderr
    root = repo.root.resolve()
    for error in errors:
        # bean-check prints the absolute path, `sif check` the path in the repository.
        assert f"{root / error['file']}:{error['line']}: {error['message']}" in output
        assert f"{error['file']}:{error['line']}: {error['message']}" in sif.stderr
    assert output.count(": the service") == 1
    assert output.count(": no member") == 1


def test_price_before_the_currency_has_a_value(repo: Repo) -> None:
    repo.month("2026-03", "2010-01-01 price SIF 50.00 EUR\n")
    error = only(repo.errors(), "PriceError")
    assert (error["file"], error["line"]) == ("ledger/trades/2026-03.beancount", 1)
    assert "None" not in error["message"]
    assert "2013-10-01" in error["message"]  # when services.yaml gives SIF its first value
    assert "remove this price" in error["message"]


def test_locked_month_reformatted_trade_passes(repo: Repo) -> None:
    """Alignment, the order of postings and of metadata do not change a fingerprint."""
    _lock_trades(repo, GOOD)
    repo.month(
        "2026-03",
        """
        2026-03-12 * "Versterkingssessie: businessplan"
          concept: "repair-cafe-genk"
          service: "strengthening-session"
          quantity: 1
          Assets:Members:De-buurtkeuken 2.50 SIF
          Assets:Members:An-claes -2.50 SIF
        """,
    )
    assert_clean(repo)


TWICE = """
    2026-03-05 * "Coachinguur"
      service: "coaching-hour"
      Assets:Members:Bram-peeters      -0.50 SIF
      Assets:Members:Atelier-soleil     0.50 SIF
    """


def _lock_trades(repo: Repo, text: str) -> Path:
    repo.month("2026-03", text)
    books = load_books(repo.root)
    assert books.errors == []
    trades = [e for e in books.entries if isinstance(e, data.Transaction)]
    lock = lock_entry("2026-03", trades, datetime.date(2026, 4, 3))
    return repo.month("2026-04", printer.format_entry(lock))


def test_locked_month_duplicate_of_a_trade_added(repo: Repo) -> None:
    """Two equal coaching hours on one day are two trades: a copy added later is caught."""
    _lock_trades(repo, TWICE)
    assert_clean(repo)
    path = repo.month("2026-03", dedent(TWICE) + "\n" + dedent(TWICE))
    error = only(repo.errors(), "LockedMonthError")
    assert (error["file"], error["line"]) == (
        "ledger/trades/2026-03.beancount",
        line_of(path, "2026-03-05", occurrence=2),
    )
    assert "cannot be added or changed" in error["message"]


def test_locked_month_one_of_two_equal_trades_removed(repo: Repo) -> None:
    lock_file = _lock_trades(repo, dedent(TWICE) + "\n" + dedent(TWICE))
    assert_clean(repo)
    repo.month("2026-03", TWICE)
    error = only(repo.errors(), "LockedMonthError")
    assert (error["file"], error["line"]) == (
        "ledger/trades/2026-04.beancount",
        line_of(lock_file, "sif-lock"),
    )
    assert "1 trade(s) invoiced for 2026-03 were changed or removed" in error["message"]


def test_amount_with_more_decimals_than_the_currency(repo: Repo) -> None:
    path = repo.month(
        "2026-03",
        """
        2026-03-12 * "Coaching"
          service: "coaching-hour"
          quantity: 0.25
          override-reason: "a quarter of an hour, exactly"
          Assets:Members:An-claes          -0.125 SIF
          Assets:Members:Atelier-soleil     0.125 SIF
        """,
    )
    errors = [e for e in repo.errors() if e["kind"] == "TradeFormError"]
    assert [e["line"] for e in errors] == [line_of(path, "An-claes"), line_of(path, "Atelier")]
    assert "-0.125 SIF has more decimals than SIF allows (2): round it" in errors[0]["message"]


def test_quarter_hour_rounded_to_the_cent_passes(repo: Repo) -> None:
    repo.month(
        "2026-03",
        """
        2026-03-12 * "Coaching"
          service: "coaching-hour"
          quantity: 0.25
          Assets:Members:An-claes          -0.13 SIF
          Assets:Members:Atelier-soleil     0.13 SIF
        """,
    )
    assert_clean(repo)
