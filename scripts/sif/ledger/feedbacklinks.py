"""The plugin's rule for feedback: every entry names a trade of the ledger.

A feedback entry (`feedback/YYYY-MM/*.yaml`, see `sif.model.feedback`) names its
trade by fingerprint (`sif.ledger.locks.fingerprint`) and repeats the trade's
date, service, coaches and recipients. An entry is linked to the trade with
its fingerprint on its date or, when the trade's text changed since (a
reworded narration changes the fingerprint), to a trade of that date with the
same service, coaches and recipients. The plugin (`sif.ledger.plugin`)
reports entries that link to no trade, so `sif check`, `bean-check` and Fava
show them; recording feedback is `sif.feedback.record`.

Before: an entry of `feedback/2026-10/` names the trade "3f9a0c1d2e4b" of
2026-10-12, and that trade was removed. After: an error at the entry's line,
`no trade on 2026-10-12 has the fingerprint 3f9a0c1d2e4b, nor the service
strengthening-session by an-claes for de-buurtkeuken: the trade was changed or
removed; ...`.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from beancount.core import data

from sif.ledger.locks import fingerprint
from sif.ledger.trades import Trade, iter_trades
from sif.model.errors import SifError, source
from sif.model.feedback import Feedback, load_feedback


class FeedbackLinkError(SifError):
    """A feedback entry names a trade the ledger does not have."""


def _key(trade: Trade) -> tuple[str, frozenset[str], frozenset[str]]:
    return (
        trade.service,
        frozenset(member for member, _ in trade.providers),
        frozenset(member for member, _ in trade.recipients),
    )


def link(entry: Feedback, on_day: list[Trade]) -> Trade | None:
    """The trade of `entry`: by fingerprint, else by service, coaches and recipients."""
    return Day(on_day).link(entry)


class Day:
    """The trades of one day, indexed once for linking any number of entries.

    Each trade's fingerprint is computed once, so linking n entries to a day of
    m trades costs m + n, not m x n.
    """

    def __init__(self, trades: list[Trade]) -> None:
        self.by_print: dict[str, list[Trade]] = defaultdict(list)
        self.by_key: dict[tuple[str, frozenset[str], frozenset[str]], Trade] = {}
        for trade in trades:
            self.by_print[fingerprint(trade.entry)].append(trade)
            self.by_key.setdefault(_key(trade), trade)

    def link(self, entry: Feedback) -> Trade | None:
        """As `link`: the first trade with the entry's fingerprint, else with its key."""
        same = self.by_print.get(entry.trade)
        if same:
            return same[0]
        return self.by_key.get(
            (entry.service, frozenset(entry.coaches), frozenset(entry.recipients))
        )

    def count(self, print_: str) -> int:
        """How many trades of the day have this fingerprint."""
        return len(self.by_print.get(print_, ()))


def check_feedback(root: Path, entries: Iterable[data.Directive], currency: str) -> list[SifError]:
    """Errors in `feedback/`: malformed entries, and entries that link to no trade.

    Fingerprints are computed only for trades on the days that have feedback,
    once each: the time grows with the trades and answers, not their product.
    """
    feedback, yaml_errors = load_feedback(root)
    errors: list[SifError] = list(yaml_errors)
    if not feedback:
        return errors
    days = {entry.date for entry in feedback}
    by_day: dict[datetime.date, list[Trade]] = defaultdict(list)
    # Only the days with feedback: the rest of the ledger is skipped over cheaply.
    for candidate in iter_trades((e for e in entries if e.date in days), currency):
        by_day[candidate.date].append(candidate)
    indexed = {date: Day(trades) for date, trades in by_day.items()}
    nothing = Day([])
    answers: Counter[tuple[str, str | None]] = Counter()
    for entry in feedback:
        day = indexed.get(entry.date, nothing)
        trade = day.link(entry)
        if trade is None:
            errors.append(
                FeedbackLinkError(
                    source(entry.filename, entry.line),
                    f"no trade on {entry.date} has the fingerprint {entry.trade}, nor the "
                    f"service {entry.service} by {', '.join(entry.coaches)} for "
                    f"{', '.join(entry.recipients) or 'nobody'}: the trade was changed or "
                    "removed; correct the entry (`sif feedback add` shows the fingerprint), "
                    "or remove it",
                    None,
                )
            )
            continue
        print_ = fingerprint(trade.entry)
        answers[print_, entry.respondent] += 1
        if answers[print_, entry.respondent] > day.count(print_):
            errors.append(
                FeedbackLinkError(
                    source(entry.filename, entry.line),
                    f"the feedback{' from ' + entry.respondent if entry.respondent else ''} on "
                    f"the trade {print_} ({entry.date}) is recorded twice; keep one",
                    None,
                )
            )
    return errors
