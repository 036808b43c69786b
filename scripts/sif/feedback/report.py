"""The feedback report: answers per coach, service and period.

A session with two coaches counts for each of them. Periods are months
(`2026-10`), quarters (`2026Q4`) or years (`2026`); the report groups by the
kind of period asked for, or by year when none is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from sif.model.errors import YamlError
from sif.model.feedback import Feedback, load_feedback
from sif.model.period import PERIOD_KINDS, Period, PeriodError, label


@dataclass(frozen=True)
class ReportRow:
    """The answers about one coach for one service in one period.

    Attributes:
      coach: Member id of the coach.
      service: Service id.
      period: The period's label.
      answers: Number of answers.
      average_rating: Mean rating, to one decimal.
      lowest_rating: The lowest rating.
      prepared: Answers that found the coach well prepared.
      entries: The answers themselves (with their comments), by date.
    """

    coach: str
    service: str
    period: str
    answers: int
    average_rating: Decimal
    lowest_rating: int
    prepared: int
    entries: tuple[Feedback, ...]


def feedback_report(
    feedback: Iterable[Feedback],
    coach: str | None = None,
    period: Period | None = None,
    by: str | None = None,
) -> list[ReportRow]:
    """Rows per coach, service and period, sorted by coach, period and service.

    Args:
      feedback: The entries (`sif.model.feedback.load_feedback`).
      coach: Only this coach.
      period: Only sessions in this period.
      by: The kind of period to group by (default: the kind of `period`, else year).
    """
    kind = by or (period.kind if period else "year")
    if kind not in PERIOD_KINDS:
        raise PeriodError(f'"{kind}" is not one of: {", ".join(PERIOD_KINDS)}')
    groups: dict[tuple[str, str, str], list[Feedback]] = defaultdict(list)
    for entry in feedback:
        if period is not None and entry.date not in period:
            continue
        for who in entry.coaches:
            if coach is None or who == coach:
                groups[who, label(entry.date, kind), entry.service].append(entry)
    rows = []
    for (who, when, service), entries in sorted(groups.items()):
        ratings = [entry.rating for entry in entries]
        average = (Decimal(sum(ratings)) / len(ratings)).quantize(Decimal("0.1"), ROUND_HALF_UP)
        rows.append(
            ReportRow(
                who,
                service,
                when,
                len(entries),
                average,
                min(ratings),
                sum(1 for entry in entries if entry.prepared),
                tuple(sorted(entries, key=lambda entry: entry.date)),
            )
        )
    return rows


def report_rows(
    root: Path, coach: str | None = None, period: Period | None = None, by: str | None = None
) -> tuple[list[dict[str, Any]], list[YamlError]]:
    """`sif feedback report`: the rows of `feedback_report` over `feedback/`, as JSON-ready data.

    Entries with errors are left out and their errors returned, so a typo in one
    file does not hide the rest of the report.
    """
    feedback, errors = load_feedback(root)
    rows = [
        {
            "coach": row.coach,
            "service": row.service,
            "period": row.period,
            "answers": row.answers,
            "average_rating": str(row.average_rating),
            "lowest_rating": row.lowest_rating,
            "prepared": row.prepared,
            "entries": [
                {
                    "date": entry.date.isoformat(),
                    "trade": entry.trade,
                    "from": entry.respondent,
                    "rating": entry.rating,
                    "prepared": entry.prepared,
                    "comment": entry.comment,
                }
                for entry in row.entries
            ],
        }
        for row in feedback_report(feedback, coach, period, by)
    ]
    return rows, errors
