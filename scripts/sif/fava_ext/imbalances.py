"""The Imbalances page: SIF owed over time, how old the debts are, the oldest debtors.

"In circulation" is what the members in debt owe, which is also what the
members in credit are owed: the member accounts always sum to zero. Each
month's figure comes from `balance_history` (the balances at the end of every
month, and today, in one pass), split by the age of each debtor's oldest
unpaid SIF (`debt_age_days`, first in first out, as `sif balances` shows it).
The debtors with the oldest debt come with the open requests they could
answer (`sif.matching.match.requests_for_member`), so staff can ask them to
pay back in kind.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sif.fava_ext.charts import BarChart, stacked_bars
from sif.ledger.balances import Balance
from sif.matching.match import requests_for_member
from sif.model.community import Community
from sif.reports.balances import MemberRow

ZERO = Decimal(0)

#: Debt age buckets: (label, from days, up to days excluded). 180 days is the
#: alert threshold of the demo's menu card, so the last two are the alerted ages.
AGE_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("under 3 months", 0, 90),
    ("3 to 6 months", 90, 180),
    ("6 to 12 months", 180, 365),
    ("a year or more", 365, None),
)
#: The buckets' labels under the bars, where the long ones do not fit.
SHORT_LABELS = ("< 3 months", "3-6 months", "6-12 months", "1 year +")
OLDEST = 15  # debtors listed under the charts


def bucket_of(days: int) -> int:
    """The index in AGE_BUCKETS of a debt `days` old."""
    for index, (_, low, high) in enumerate(AGE_BUCKETS):
        if days >= low and (high is None or days < high):
            return index
    return 0  # a negative age cannot happen: debts are dated on or before the as-of day


@dataclass(frozen=True)
class Point:
    """What was owed on one day.

    Attributes:
      date: The day (a month's last day, or today).
      label: "YYYY-MM", or "today".
      owed: SIF owed per AGE_BUCKETS bucket of the debtor's oldest unpaid part.
      debtors: Number of accounts in debt.
    """

    date: datetime.date
    label: str
    owed: tuple[Decimal, ...]
    debtors: int

    @property
    def total(self) -> Decimal:
        return sum(self.owed, ZERO)


@dataclass(frozen=True)
class Bucket:
    """Today's debtors of one age bucket: how many, and what they owe."""

    label: str
    members: int
    owed: Decimal


@dataclass(frozen=True)
class Debtor:
    """A member among those whose debt is oldest.

    Attributes:
      row: The member's line of the Members page.
      requests: (request id, question, their rank for it) of the open requests
        they could answer, oldest request first.
    """

    row: MemberRow
    requests: tuple[tuple[str, str, int], ...]


@dataclass(frozen=True)
class Imbalances:
    """Everything the Imbalances page shows.

    Attributes:
      series: What was owed at the end of each month, and today.
      buckets: Today's debtors per age bucket.
      over_time: The series as a stacked bar chart.
      ages: The buckets as a bar chart of members.
      oldest: The members whose debt is oldest (the operator aside).
      alerted: How many members are past the debt alert thresholds.
    """

    series: tuple[Point, ...]
    buckets: tuple[Bucket, ...]
    over_time: BarChart
    ages: BarChart
    oldest: tuple[Debtor, ...]
    alerted: int

    @property
    def today(self) -> Point:
        return self.series[-1]


def history_dates(first: datetime.date | None, today: datetime.date) -> list[datetime.date]:
    """The last day of every month from `first`'s to the last one ended, then today."""
    dates: list[datetime.date] = []
    if first is not None:
        year, month = first.year, first.month
        while True:
            end = datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(1)
            if end >= today:
                break
            dates.append(end)
            year, month = year + month // 12, month % 12 + 1
    return [*dates, today]


def point(day: datetime.date, label: str, balances: Sequence[Balance]) -> Point:
    owed = [ZERO] * len(AGE_BUCKETS)
    debtors = 0
    for b in balances:
        if b.balance > 0 and b.debt_age_days is not None:
            owed[bucket_of(b.debt_age_days)] += b.balance
            debtors += 1
    return Point(day, label, tuple(owed), debtors)


def imbalances(
    community: Community,
    dates: Sequence[datetime.date],
    history: Sequence[Sequence[Balance]],
    members: Sequence[MemberRow],
    code: str,
) -> Imbalances:
    """The page from the balances on `dates` (the last one today) and the Members rows."""
    today = dates[-1]
    series = tuple(
        point(day, "today" if day == today else f"{day:%Y-%m}", balances)
        for day, balances in zip(dates, history, strict=True)
    )
    labels = [label for label, _, _ in AGE_BUCKETS]
    over_time = stacked_bars(
        [p.label for p in series],
        [p.owed for p in series],
        labels,
        unit=code,
        description=(
            f"{code} owed by the members in debt at the end of each month and today, "
            "by the age of each debtor's oldest unpaid part"
        ),
    )
    buckets = []
    for index, label in enumerate(labels):
        in_bucket = [
            b
            for b in history[-1]
            if b.balance > 0
            and b.debt_age_days is not None
            and bucket_of(b.debt_age_days) == index
        ]
        buckets.append(Bucket(label, len(in_bucket), sum((b.balance for b in in_bucket), ZERO)))
    ages = stacked_bars(
        list(SHORT_LABELS),
        [
            [Decimal(b.members) if i == index else ZERO for i in range(len(labels))]
            for index, b in enumerate(buckets)
        ],
        labels,
        unit="members",
        description="Members in debt today, by the age of their oldest unpaid part",
        width=360.0,
    )
    operator = community.menu.operator if community.menu else None
    by_member = {b.member: b for b in history[-1]}
    oldest: list[Debtor] = []
    for row in members:  # oldest debt first
        if len(oldest) == OLDEST or row.balance <= 0 or row.debt_since is None:
            break
        if row.member == operator:
            continue
        asked = requests_for_member(community, by_member, row.member, today)
        requests = tuple(
            (s.request, community.requests[s.request].question, s.rank)
            for s in asked
            if s.request in community.requests
        )
        oldest.append(Debtor(row, requests))
    return Imbalances(
        series,
        tuple(buckets),
        over_time,
        ages,
        tuple(oldest),
        sum(1 for row in members if row.alert),
    )
