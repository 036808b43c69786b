"""Recording feedback after a session, linked to its trade of the ledger.

`add_feedback` finds the trade from what staff know (`--trade` fingerprint or
its first characters, `--date`, `--coach`, `--service`, `--recipient`),
refuses an unknown, ambiguous or future trade with a message that says what to
do, and writes the entry atomically to a file of its own; nothing is written on
any error. How an entry is linked to its trade, and the check that every entry
is, are the plugin's (`sif.ledger.feedbacklinks`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sif.errors import SifException
from sif.fsutil import atomic_write
from sif.ledger.books import Books
from sif.ledger.feedbacklinks import Day
from sif.ledger.locks import fingerprint
from sif.ledger.trades import Trade, iter_trades
from sif.model.errors import did_you_mean
from sif.model.feedback import (
    HEADER,
    Feedback,
    entry_path,
    entry_text,
    load_feedback,
    parse_feedback,
)
from sif.model.yamlio import parse_yaml

#: The shortest fingerprint prefix `--trade` accepts.
MIN_PREFIX = 6


class FeedbackRejectedError(SifException):
    """The feedback cannot be recorded; the message says why and what to do."""


@dataclass(frozen=True)
class TradeSelector:
    """What staff know about the session the feedback is about; all given must hold.

    Attributes:
      ref: The trade's fingerprint, or its first characters (at least MIN_PREFIX).
      date: The day of the session.
      coach: A provider of the trade.
      service: The trade's service id.
      recipient: A recipient of the trade.
    """

    ref: str | None = None
    date: datetime.date | None = None
    coach: str | None = None
    service: str | None = None
    recipient: str | None = None


@dataclass(frozen=True)
class Answer:
    """The survey's answers.

    Attributes:
      rating: 1 to 5.
      prepared: Whether the coach was well prepared.
      comment: Free text, or None.
      respondent: The recipient who answered, or None.
    """

    rating: int
    prepared: bool
    comment: str | None = None
    respondent: str | None = None


def describe(trade: Trade) -> str:
    """One line naming a trade: fingerprint, date, service, coaches -> recipients."""
    coaches = ", ".join(member for member, _ in trade.providers)
    recipients = ", ".join(member for member, _ in trade.recipients)
    return f"{fingerprint(trade.entry)}  {trade.date}  {trade.service}  {coaches} -> {recipients}"


def _fits(trade: Trade, selector: TradeSelector) -> bool:
    providers = {member for member, _ in trade.providers}
    recipients = {member for member, _ in trade.recipients}
    return (
        (selector.date is None or trade.date == selector.date)
        and (selector.coach is None or selector.coach in providers)
        and (selector.service is None or trade.service == selector.service)
        and (selector.recipient is None or selector.recipient in recipients)
        and (selector.ref is None or fingerprint(trade.entry).startswith(selector.ref.lower()))
    )


def find_trades(trades: Iterable[Trade], selector: TradeSelector) -> list[Trade]:
    """The trades that fit everything the selector gives."""
    return [trade for trade in trades if _fits(trade, selector)]


def _selector_text(selector: TradeSelector) -> str:
    parts = []
    if selector.ref:
        parts.append(f"fingerprint {selector.ref}")
    if selector.date:
        parts.append(f"on {selector.date}")
    if selector.service:
        parts.append(f"service {selector.service}")
    if selector.coach:
        parts.append(f"coach {selector.coach}")
    if selector.recipient:
        parts.append(f"recipient {selector.recipient}")
    return ", ".join(parts)


def select_trade(
    trades: list[Trade], selector: TradeSelector, members: Iterable[str], today: datetime.date
) -> Trade:
    """The one trade the selector names; FeedbackRejectedError when none, several or future."""
    if selector.ref is None and selector.date is None:
        raise FeedbackRejectedError(
            "name the session: --trade FINGERPRINT, or --date YYYY-MM-DD (with --coach ID "
            "when several sessions were given that day)"
        )
    if selector.ref is not None and len(selector.ref) < MIN_PREFIX:
        raise FeedbackRejectedError(
            f'--trade "{selector.ref}" is too short: give at least {MIN_PREFIX} characters '
            "of the fingerprint"
        )
    if selector.date is not None and selector.date > today:
        raise FeedbackRejectedError(
            f"the session of {selector.date} has not taken place yet (today is {today}): "
            "feedback is recorded after the session"
        )
    known = list(members)
    for who in (selector.coach, selector.recipient):
        if who is not None and who not in known:
            raise FeedbackRejectedError(f'no member "{who}".' + did_you_mean(who, known))
    found = find_trades(trades, selector)
    if not found:
        message = f"no trade fits {_selector_text(selector)}"
        same_day = [t for t in trades if t.date == selector.date] if selector.date else []
        if same_day:
            listed = "\n".join("  " + describe(t) for t in same_day[:20])
            message += f"; the trades of {selector.date} are:\n{listed}\nname one with --trade"
        elif selector.date:
            message += f"; there is no trade on {selector.date}: check the date, or record the session first (`sif record`)"
        else:
            message += "; find the session with --date YYYY-MM-DD and --coach ID"
        raise FeedbackRejectedError(message)
    if len(found) > 1:
        listed = "\n".join("  " + describe(t) for t in found[:20])
        unused = [
            f"--{name}"
            for name in ("coach", "service", "recipient")
            if getattr(selector, name) is None
        ]
        more = f" (or add {', '.join(unused)})" if unused and selector.ref is None else ""
        raise FeedbackRejectedError(
            f"{len(found)} trades fit {_selector_text(selector)}:\n{listed}\n"
            f"name one with --trade FINGERPRINT{more}"
        )
    trade = found[0]
    if trade.date > today:
        raise FeedbackRejectedError(
            f"the trade {fingerprint(trade.entry)} is dated {trade.date}, after today ({today}): "
            "feedback is recorded after the session"
        )
    if not trade.providers:
        raise FeedbackRejectedError(
            f"the trade {fingerprint(trade.entry)} has no provider to give feedback on"
        )
    return trade


def add_feedback(
    books: Books, selector: TradeSelector, answer: Answer, today: datetime.date
) -> tuple[Path, Feedback]:
    """Record the survey of one session in `feedback/YYYY-MM/`; return the file and entry.

    Raises:
      FeedbackRejectedError: The trade is unknown, ambiguous or in the future; the
        respondent did not receive the session; the same answer is recorded
        already; or the feedback files have errors. Nothing is written then.
    """
    menu = books.community.menu
    if menu is None:
        raise FeedbackRejectedError("services.yaml has errors; run `sif check` and fix them first")
    if answer.rating not in range(1, 6):
        raise FeedbackRejectedError(f"the rating {answer.rating} should be from 1 to 5")
    existing, errors = load_feedback(books.root)
    if errors:
        raise FeedbackRejectedError(
            f"the feedback files have {len(errors)} error(s); run `sif check` and fix them first"
        )
    trades = list(iter_trades(books.entries, menu.currency.code))
    trade = select_trade(trades, selector, books.community.members, today)
    print_ = fingerprint(trade.entry)
    recipients = tuple(member for member, _ in trade.recipients)
    if answer.respondent is not None and answer.respondent not in recipients:
        raise FeedbackRejectedError(
            f'--from "{answer.respondent}" did not receive the session {print_} '
            f"(recipients: {', '.join(recipients) or 'none'})"
        )
    same_day = Day([t for t in trades if t.date == trade.date])
    for old in existing:
        if old.date == trade.date and old.respondent == answer.respondent:
            linked = same_day.link(old)
            if linked is not None and fingerprint(linked.entry) == print_:
                raise FeedbackRejectedError(
                    f"feedback on the trade {print_}"
                    f"{' from ' + answer.respondent if answer.respondent else ''} is recorded "
                    f"already ({_shown(old.filename, books.root)}:{old.line}); edit it there"
                )
    entry = Feedback(
        print_,
        trade.date,
        trade.service,
        tuple(member for member, _ in trade.providers),
        recipients,
        answer.respondent,
        answer.rating,
        answer.prepared,
        " ".join(answer.comment.split()) if answer.comment and answer.comment.strip() else None,
        today,
    )
    path = entry_path(books.root, entry)
    text = HEADER.format(month=f"{trade.date:%Y-%m}") + entry_text(entry)
    # The text must read back as the entry it was made from, before it is written.
    loaded, yaml_errors = parse_yaml(text, str(path))
    parsed, parse_errors = parse_feedback(loaded, str(path))
    if yaml_errors or parse_errors or not parsed or parsed[-1].comment != entry.comment:
        raise FeedbackRejectedError(
            f"{path}: the entry would not read back as written; nothing was written"
        )
    atomic_write(path, text)
    return path, parsed[-1]


def _shown(filename: str, root: Path) -> str:
    """A feedback file as staff know it: relative to the books' folder."""
    path = Path(filename)
    return str(path.relative_to(root)) if path.is_relative_to(root) else filename
