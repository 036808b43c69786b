"""The demo books, made from the data embedded in the package (`sif.demo.books`).

The repository commits the same books as its own demo; `sif check` checks those,
the tests check the books the demo generator makes.

The demo must check clean and show every feature the software has: all kinds
of members and VAT statuses, three languages, concepts with several partners,
18 months of trades at both tariffs, multi-party trades, a member who left,
old debts and credits.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path

import pytest

from sif.ledger.balances import Balance, compute_balances
from sif.ledger.books import Books, load_books
from sif.ledger.trades import Trade, iter_trades
from sif.model.members import KINDS, LANGUAGES, VAT_STATUSES, Member
from tests.conftest import run_cli

FIRST_MONTH = datetime.date(2025, 5, 1)
LAST_DAY = datetime.date(2026, 10, 31)


def _months() -> list[str]:
    months = []
    year, month = FIRST_MONTH.year, FIRST_MONTH.month
    while (year, month) <= (LAST_DAY.year, LAST_DAY.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


MONTHS = _months()


@pytest.fixture(scope="module")
def books(demo_root: Path) -> Iterator[Books]:
    yield load_books(demo_root)


@pytest.fixture(scope="module")
def trades(books: Books) -> list[Trade]:
    assert books.community.menu is not None
    return list(iter_trades(books.entries, books.community.menu.currency.code))


@pytest.fixture(scope="module")
def peers(books: Books) -> list[Member]:
    """Every member but the operator."""
    assert books.community.menu is not None
    operator = books.community.menu.operator
    return [m for m in books.community.members.values() if m.id != operator]


@pytest.fixture(scope="module")
def balances(books: Books) -> dict[str, Balance]:
    return {b.member: b for b in compute_balances(books.entries, books.community, LAST_DAY)}


def test_months_cover_18_months() -> None:
    assert len(MONTHS) == 18
    assert (MONTHS[0], MONTHS[-1]) == ("2025-05", "2026-10")


def test_the_demo_checks_clean(books: Books, demo_root: Path) -> None:
    assert books.errors == [], [error.message for error in books.errors]
    result = run_cli(demo_root, "check")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("The books are in order")


def test_at_least_40_members_besides_the_operator(peers: list[Member]) -> None:
    assert len(peers) >= 40


def test_every_kind_and_vat_status(peers: list[Member]) -> None:
    assert {m.kind for m in peers} == set(KINDS)
    assert {m.vat_status for m in peers} == set(VAT_STATUSES)


def test_every_language_is_someones_first(peers: list[Member]) -> None:
    # The Fabriek's members speak its three languages; sif knows more (German).
    assert {m.language for m in peers} == {"nl", "fr", "en"} < set(LANGUAGES)


def test_concepts_have_several_partners(books: Books) -> None:
    concepts = books.community.concepts
    assert len(concepts) >= 12
    for concept in concepts.values():
        assert len(concept.partners) >= 2, concept.id
        assert set(concept.partners) <= set(books.community.members), concept.id


def test_trades_in_each_of_the_18_months_and_none_later(trades: list[Trade]) -> None:
    months = {trade.date.strftime("%Y-%m") for trade in trades}
    assert set(MONTHS) <= months
    assert max(trade.date for trade in trades) <= LAST_DAY


def test_every_service_is_used(books: Books, trades: list[Trade]) -> None:
    assert books.community.menu is not None
    assert {trade.service for trade in trades} == set(books.community.menu.services)


def test_some_trades_have_several_parties(trades: list[Trade]) -> None:
    multi = [t for t in trades if len(t.providers) + len(t.recipients) > 2]
    assert len(multi) >= 2
    assert any(len(t.recipients) > 1 for t in multi)


def test_both_tariffs_of_the_strengthening_session_are_used(
    books: Books, trades: list[Trade]
) -> None:
    assert books.community.menu is not None
    service = books.community.menu.services["strengthening-session"]
    used = {
        tariff.start
        for trade in trades
        if trade.service == service.id and (tariff := service.tariff_on(trade.date)) is not None
    }
    assert used == {tariff.start for tariff in service.tariffs}
    assert len(used) == 2


def test_members_who_left_do_not_trade_after_leaving(
    peers: list[Member], trades: list[Trade]
) -> None:
    left = [m for m in peers if m.left is not None]
    assert left
    for member in left:
        assert member.left is not None
        late = [
            t
            for t in trades
            if t.date > member.left and member.id in {m for m, _ in (*t.providers, *t.recipients)}
        ]
        assert late == [], member.id


def test_old_debts_and_credits(balances: dict[str, Balance], peers: list[Member]) -> None:
    ids = {m.id for m in peers}
    old_debts = [
        b for b in balances.values() if b.debt_age_days is not None and b.debt_age_days > 180
    ]
    credits = [b for b in balances.values() if b.member in ids and b.balance < 0]
    assert {b.member for b in old_debts} & ids
    assert credits
    assert sum(b.balance for b in balances.values()) == 0


def test_sif_demo_writes_the_demo_books_and_refuses_a_folder_in_use(
    tmp_path: Path, demo_root: Path
) -> None:
    target = tmp_path / "demo"
    result = run_cli(tmp_path, "demo", str(target))
    assert result.exit_code == 0, result.output
    made = sorted(p.relative_to(target) for p in target.rglob("*.beancount"))
    assert made == sorted(p.relative_to(demo_root) for p in demo_root.rglob("*.beancount"))
    again = run_cli(tmp_path, "demo", str(target))
    assert again.exit_code == 1
    assert "is not empty: choose a new folder for the demo books" in again.output
