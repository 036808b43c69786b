"""The age of a debt, first in, first out, on small constructed ledgers.

What a member gives clears the oldest of what they still owe; the debt's age is
the age of its oldest part not yet paid back. A coaching hour is 0.50 SIF, so
the ledgers below move any multiple of half a SIF with `quantity:`.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from tests.conftest import Repo


def coaching(date: str, provider: str, recipient: str, hours: int) -> str:
    """A trade of `hours` coaching hours (0.50 SIF each)."""
    amount = Decimal("0.50") * hours
    return (
        f'{date} * "Coaching"\n'
        f'  service: "coaching-hour"\n'
        f"  quantity: {hours}\n"
        f"  Assets:Members:{provider}   -{amount:.2f} SIF\n"
        f"  Assets:Members:{recipient}   {amount:.2f} SIF\n\n"
    )


def balances(repo: Repo, as_of: str) -> dict[str, dict[str, Any]]:
    result = repo.run("balances", "--as-of", as_of, "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # no warning: the books are in order
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    assert sum(Decimal(row["balance"]) for row in rows) == 0
    return {row["member"]: row for row in rows}


def position(row: dict[str, Any]) -> tuple[str, int | None]:
    return row["balance"], row["debt_age_days"]


# An Claes takes two blocks of coaching, then pays back with coaching of her own.
RECEIVES_TWICE = coaching("2026-01-10", "Bram-peeters", "An-claes", 4) + coaching(
    "2026-02-10", "Bram-peeters", "An-claes", 4
)


def test_debt_keeps_the_age_of_its_oldest_part(repo: Repo) -> None:
    repo.month("2026-01", RECEIVES_TWICE)
    an = balances(repo, "2026-04-10")["an-claes"]
    assert position(an) == ("4.00", 90)  # since 2026-01-10


def test_debt_partly_paid_back_keeps_the_age_of_the_oldest_unpaid_part(repo: Repo) -> None:
    repo.month(
        "2026-01",
        RECEIVES_TWICE + coaching("2026-03-10", "An-claes", "Atelier-soleil", 2),
    )
    an = balances(repo, "2026-04-10")["an-claes"]
    # 1.00 of the 2.00 from January is paid back: the rest is still from January.
    assert position(an) == ("3.00", 90)
    assert (an["given"], an["received"]) == ("1.00", "4.00")
    assert an["last_activity"] == "2026-03-10"


def test_paying_back_the_oldest_part_moves_the_age_to_the_next(repo: Repo) -> None:
    repo.month(
        "2026-01",
        RECEIVES_TWICE
        + coaching("2026-03-10", "An-claes", "Atelier-soleil", 2)
        + coaching("2026-03-20", "An-claes", "De-buurtkeuken", 4),
    )
    an = balances(repo, "2026-04-10")["an-claes"]
    # January is paid back in full, and 1.00 of February: the debt is from February.
    assert position(an) == ("1.00", 59)


def test_debt_fully_paid_back_has_no_age(repo: Repo) -> None:
    repo.month(
        "2026-01",
        RECEIVES_TWICE + coaching("2026-03-10", "An-claes", "Atelier-soleil", 8),
    )
    an = balances(repo, "2026-04-10")["an-claes"]
    assert position(an) == ("0.00", None)


def test_debt_paid_back_more_than_in_full_is_a_credit(repo: Repo) -> None:
    repo.month(
        "2026-01",
        RECEIVES_TWICE + coaching("2026-03-10", "An-claes", "Atelier-soleil", 10),
    )
    rows = balances(repo, "2026-04-10")
    assert position(rows["an-claes"]) == ("-1.00", None)
    assert position(rows["atelier-soleil"]) == ("5.00", 31)  # since 2026-03-10


def test_credit_first_then_debt(repo: Repo) -> None:
    repo.month(
        "2026-01",
        coaching("2026-01-10", "An-claes", "Bram-peeters", 4)  # an earns 2.00
        + coaching("2026-01-20", "Atelier-soleil", "An-claes", 2)  # spends 1.00 of it
        + coaching("2026-02-10", "Atelier-soleil", "An-claes", 4),  # spends 2.00: owes 1.00
    )
    on_jan_31 = balances(repo, "2026-01-31")["an-claes"]
    assert position(on_jan_31) == ("-1.00", None)  # still a credit
    an = balances(repo, "2026-03-12")["an-claes"]
    # The debt is from the day the credit ran out, not from the first trade.
    assert position(an) == ("1.00", 30)
    assert (an["given"], an["received"]) == ("2.00", "3.00")


def test_as_of_in_the_past_ignores_later_trades(repo: Repo) -> None:
    repo.month(
        "2026-01",
        RECEIVES_TWICE + coaching("2026-03-10", "An-claes", "Atelier-soleil", 8),
    )
    rows = balances(repo, "2026-02-01")
    an = rows["an-claes"]
    assert position(an) == ("2.00", 22)
    assert (an["given"], an["received"], an["last_activity"]) == (
        "0.00",
        "2.00",
        "2026-01-10",
    )
    soleil = rows["atelier-soleil"]
    assert (soleil["balance"], soleil["last_activity"]) == ("0.00", None)


def test_as_of_includes_the_whole_day(repo: Repo) -> None:
    repo.month("2026-01", RECEIVES_TWICE)
    assert position(balances(repo, "2026-01-09")["an-claes"]) == ("0.00", None)
    assert position(balances(repo, "2026-01-10")["an-claes"]) == ("2.00", 0)


def test_the_operators_account_is_included(repo: Repo) -> None:
    repo.month(
        "2026-01",
        """
        2026-01-15 * "Artikel"
          service: "article"
          Assets:Members:An-claes     -1.00 SIF
          Assets:Members:Fabriek       1.00 SIF

        2026-02-05 * "Workshop"
          service: "workshop"
          Assets:Members:Fabriek          -1.50 SIF
          Assets:Members:De-buurtkeuken    1.50 SIF
        """,
    )
    on_feb_1 = balances(repo, "2026-02-01")["fabriek"]
    # The Fabriek bought an article before it sold anything: it owes, since 2026-01-15.
    assert position(on_feb_1) == ("1.00", 17)
    fabriek = balances(repo, "2026-03-01")["fabriek"]
    assert position(fabriek) == ("-0.50", None)
    assert (fabriek["given"], fabriek["received"]) == ("1.50", "1.00")
    assert fabriek["last_activity"] == "2026-02-05"


def test_members_without_trades_are_listed_at_zero(repo: Repo) -> None:
    rows = balances(repo, "2026-04-10")
    assert sorted(rows) == [
        "an-claes", "atelier-soleil", "bram-peeters", "de-buurtkeuken", "fabriek", "oud-lid",
    ]  # fmt: skip
    assert {position(row) for row in rows.values()} == {("0.00", None)}
    assert {row["last_activity"] for row in rows.values()} == {None}
