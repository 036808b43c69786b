"""One period type: months, quarters and years, and the prices every window shows alike."""

from __future__ import annotations

import datetime
import pickle
from decimal import Decimal

import pytest

from sif.model.period import Month, Period, PeriodError, label, parse_period
from sif.model.prices import eur_prices, trade_price


def test_a_month_is_the_period_of_its_label() -> None:
    october = Month(2026, 10)
    assert october == Month.parse("2026-10") == Month.of(datetime.date(2026, 10, 31))
    assert str(october) == "2026-10"
    assert (october.start, october.end) == (
        datetime.date(2026, 10, 1),
        datetime.date(2026, 10, 31),
    )
    assert isinstance(october, Period)
    assert october.kind == "month"
    assert october.number == 10
    assert datetime.date(2026, 10, 15) in october
    assert not october.contains(datetime.date(2026, 11, 1))
    assert Month(2026, 12).next() == Month(2027, 1)
    assert Month(2024, 2).end == datetime.date(2024, 2, 29)
    assert pickle.loads(pickle.dumps(october)) == october  # noqa: S301 (our own bytes)
    assert {october: 1}[Month(2026, 10)] == 1


def test_a_month_that_is_not_one_says_how_to_write_it() -> None:
    with pytest.raises(ValueError, match='"2026-13" is not a month; write it as YYYY-MM'):
        Month.parse("2026-13")


@pytest.mark.parametrize(
    ("text", "kind", "start", "end"),
    [
        ("2026-10", "month", datetime.date(2026, 10, 1), datetime.date(2026, 10, 31)),
        ("2026Q4", "quarter", datetime.date(2026, 10, 1), datetime.date(2026, 12, 31)),
        ("2026q1", "quarter", datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)),
        ("2026", "year", datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)),
    ],
)
def test_periods_of_every_kind(
    text: str, kind: str, start: datetime.date, end: datetime.date
) -> None:
    period = parse_period(text)
    assert (period.kind, period.start, period.end) == (kind, start, end)
    assert label(start, kind) == str(period) == text.upper()


@pytest.mark.parametrize("text", ["2026Q5", "2026-13", "20XX", "26"])
def test_a_bad_period_is_refused_with_what_to_write(text: str) -> None:
    with pytest.raises(PeriodError, match="write a month \\(2026-10\\), a quarter \\(2026Q4\\)"):
        parse_period(text)


def test_a_trade_is_priced_half_up_to_the_currency_s_quantum() -> None:
    assert trade_price(Decimal("1.25"), Decimal("0.5"), Decimal("0.01")) == Decimal("0.63")
    assert trade_price(Decimal("2"), 3, Decimal("0.01")) == Decimal("6.00")
    assert trade_price(Decimal("0.5"), Decimal(1), Decimal(1)) == Decimal(1)


def test_eur_prices_round_to_the_cent_then_add_vat() -> None:
    assert eur_prices(Decimal("0.25"), Decimal("50"), Decimal("21")) == (
        Decimal("12.50"),
        Decimal("15.13"),
    )
    assert eur_prices(Decimal("1"), Decimal("50"), None) == (Decimal("50.00"), None)
    assert eur_prices(Decimal("1"), None, Decimal("21")) == (None, None)
