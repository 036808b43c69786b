"""The figures behind the staff's pages, without Fava: history, months, buckets, charts."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from sif.fava_ext.charts import nice_step, stacked_bars
from sif.fava_ext.data import SifData
from sif.fava_ext.imbalances import AGE_BUCKETS, bucket_of, history_dates
from sif.ledger.balances import balance_history, compute_balances
from sif.ledger.books import load_books
from tests.conftest import Repo


def test_balance_history_is_compute_balances_on_each_day(demo_root: Path) -> None:
    books = load_books(demo_root)
    days = [
        datetime.date(2025, 4, 30),  # before the first trade
        datetime.date(2025, 8, 31),
        datetime.date(2026, 3, 15),
        datetime.date(2026, 10, 1),
        datetime.date(2026, 10, 1),  # twice the same day
        datetime.date(2027, 1, 1),  # after the last entry
    ]
    history = balance_history(books.entries, books.community, days)
    assert len(history) == len(days)
    for day, balances in zip(days, history, strict=True):
        assert balances == compute_balances(books.entries, books.community, day), day


def test_balance_history_wants_its_days_in_order(demo_root: Path) -> None:
    books = load_books(demo_root)
    with pytest.raises(ValueError, match="ascending"):
        balance_history(
            books.entries,
            books.community,
            [datetime.date(2026, 2, 1), datetime.date(2026, 1, 1)],
        )


def test_history_dates_are_month_ends_then_today() -> None:
    today = datetime.date(2026, 3, 10)
    assert history_dates(datetime.date(2025, 11, 20), today) == [
        datetime.date(2025, 11, 30),
        datetime.date(2025, 12, 31),
        datetime.date(2026, 1, 31),
        datetime.date(2026, 2, 28),
        today,
    ]
    # On a month's last day, that month is today's bar, not a second one.
    assert history_dates(datetime.date(2026, 1, 5), datetime.date(2026, 2, 28)) == [
        datetime.date(2026, 1, 31),
        datetime.date(2026, 2, 28),
    ]
    assert history_dates(None, today) == [today]


@pytest.mark.parametrize(
    ("days", "bucket"),
    [(0, 0), (89, 0), (90, 1), (179, 1), (180, 2), (364, 2), (365, 3), (4000, 3)],
)
def test_debt_age_buckets_meet_at_90_180_and_365_days(days: int, bucket: int) -> None:
    assert bucket_of(days) == bucket
    assert AGE_BUCKETS[2][1] == 180  # "at least 180 days", the demo's alert


@pytest.mark.parametrize(
    ("top", "step"), [(0, 1.0), (8, 2.0), (9.5, 5.0), (546.58, 200.0), (1000, 500.0)]
)
def test_grid_steps_are_one_two_or_five_times_a_power_of_ten(top: float, step: float) -> None:
    assert nice_step(top) == step


def test_stacked_bars_are_as_high_as_their_values() -> None:
    chart = stacked_bars(
        ["2026-01", "2026-02", "today"],
        [
            [Decimal(10), Decimal(0)],
            [Decimal(30), Decimal(10)],
            [Decimal(0), Decimal(0)],
        ],
        ["young", "old"],
        unit="SIF",
        description="test",
    )
    # A step of 10 up to 40: 40 units fill the plot.
    plot = chart.bottom - chart.top
    assert [tick.label for tick in chart.y_ticks] == ["0", "10", "20", "30", "40"]
    heights = [(rect.series, rect.height) for rect in chart.rects]
    assert heights == [
        (0, round(plot / 4, 1)),
        (0, round(plot * 3 / 4, 1)),
        (1, round(plot / 4, 1)),
    ]
    # The second bar's old part sits on its young part, and reaches the top.
    young, old = chart.rects[1], chart.rects[2]
    assert old.y + old.height == pytest.approx(young.y, abs=0.11)
    assert old.y == pytest.approx(chart.top, abs=0.11)
    assert chart.rects[2].title == "2026-02, old: 10 SIF"
    assert [tick.label for tick in chart.x_ticks] == ["2026-01", "2026-02", "today"]


def test_crowded_labels_are_thinned_but_the_latest_is_kept() -> None:
    labels = [f"m{index}" for index in range(30)]
    chart = stacked_bars(
        labels, [[Decimal(1)] for _ in labels], ["all"], unit="SIF", description="d"
    )
    shown = [tick.label for tick in chart.x_ticks]
    assert len(shown) <= 12
    assert shown[-1] == "m29"
    empty = stacked_bars([], [], ["all"], unit="SIF", description="nothing yet")
    assert empty.rects == ()


def issue_october(repo: Repo, issue_date: str) -> None:
    result = repo.run("invoice", "run", "--month", "2026-10", "--issue-date", issue_date)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (datetime.date(2026, 10, 31), "running"),
        (datetime.date(2026, 11, 1), "not invoiced"),
        (datetime.date(2026, 11, 15), "not invoiced"),
        (datetime.date(2026, 11, 16), "overdue"),
    ],
)
def test_a_month_not_invoiced_is_running_then_due_then_overdue(
    books: Repo, today: datetime.date, state: str
) -> None:
    loaded = load_books(books.root)
    data = SifData(loaded.entries, loaded.community, today)
    october = next(row for row in data.months if row.month == "2026-10")
    assert october.state == state
    assert october.invoiced_on is None
    assert october.trades == 4
    assert october.volume == Decimal("9.00")
    assert october.deadline == datetime.date(2026, 11, 15)
    assert bool(data.late) == (state == "overdue")


def test_a_month_invoiced_after_the_15th_is_late_by_so_many_days(books: Repo) -> None:
    issue_october(books, "2026-11-20")
    loaded = load_books(books.root)
    data = SifData(loaded.entries, loaded.community, datetime.date(2026, 11, 27))
    october = next(row for row in data.months if row.month == "2026-10")
    assert october.state == "late"
    assert october.invoiced_on == datetime.date(2026, 11, 20)
    assert october.days_late == 5
    assert october.documents == len(data.documents) > 0
    assert october.open_documents == sum(
        1 for doc in data.documents if doc.status in ("open", "partly settled")
    )
    assert not data.late


def test_a_month_invoiced_by_the_15th_is_on_time(books: Repo) -> None:
    issue_october(books, "2026-11-15")
    loaded = load_books(books.root)
    data = SifData(loaded.entries, loaded.community, datetime.date(2026, 11, 27))
    october = next(row for row in data.months if row.month == "2026-10")
    assert october.state == "on time"
    assert october.days_late is None


def test_documents_say_when_they_are_due_who_pays_and_how_late(books: Repo) -> None:
    issue_october(books, "2026-11-10")
    loaded = load_books(books.root)
    before = SifData(loaded.entries, loaded.community, datetime.date(2026, 12, 10))
    after = SifData(loaded.entries, loaded.community, datetime.date(2026, 12, 20))
    assert before.documents
    for doc in before.documents:
        assert doc.due_date == datetime.date(2026, 12, 10)  # 30 days after issue
        assert doc.days_overdue is None  # due today, not yet late
        assert doc.name  # names, not only ids
    operator = loaded.community.operator
    assert operator is not None
    pays = {"invoice": "lid betaalt", "self-billing": f"{operator.name} betaalt"}
    pays["settlement"] = f"{operator.name} betaalt"  # the operator's name, from its member file
    assert {doc.kind for doc in after.documents} & {"self-billing", "settlement"}
    for doc in after.documents:
        assert doc.direction == pays.get(doc.kind, ""), doc.kind
    late = [doc for doc in after.documents if doc.days_overdue is not None]
    assert late
    assert all(doc.days_overdue == 10 and doc.open != 0 for doc in late)
    assert all("overdue" in doc.tags.split() for doc in late)
    settled = [doc for doc in after.documents if doc.open == 0]
    assert all(doc.days_overdue is None for doc in settled)


def test_month_end_lists_only_months_with_trades_or_documents(books: Repo) -> None:
    issue_october(books, "2026-11-10")
    loaded = load_books(books.root)
    data = SifData(loaded.entries, loaded.community, datetime.date(2026, 11, 27))
    assert data.months
    assert all(row.trades or row.documents for row in data.months)
