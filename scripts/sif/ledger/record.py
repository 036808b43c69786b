"""Recording a trade: write one valid transaction into a file of its own.

The trade is valued from the menu card, loaded together with the whole ledger
and checked by the same plugin as everything else; only when the result is
free of errors is it written, atomically, to its own file in
`ledger/trades/YYYY-MM/` (see `sif.ledger.layout`: parallel pull requests
never conflict). The command holds the books' lock (`sif.bookslock`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sif.errors import SifException
from sif.fsutil import atomic_write
from sif.ledger.accounts import member_account
from sif.ledger.balances import compute_balances
from sif.ledger.books import Books, load_books
from sif.ledger.fmt import align_postings
from sif.ledger.layout import trade_path
from sif.ledger.limits import limit_warnings
from sif.ledger.syntax import quote
from sif.ledger.trades import MAX_QUANTITY, split
from sif.model.community import Community, load_community
from sif.model.errors import did_you_mean
from sif.model.prices import trade_price
from sif.model.yamlio import check_id


class RecordError(SifException):
    """The trade cannot be recorded; the message says why."""


class RecordRejectedError(RecordError):
    """The ledger would not validate with the trade; `errors` says why."""

    def __init__(self, errors: list[Any]) -> None:
        super().__init__(f"the trade was not recorded: {len(errors)} error(s)")
        self.errors = errors


@dataclass(frozen=True)
class TradeRequest:
    """What staff ask to record.

    Attributes:
      service: Service id.
      date: Date of the service.
      providers: Member ids of those who delivered (the operator is implied
        for services it sells, when none is named).
      recipients: Member ids of those who received (the operator is implied for
        services it buys, when none is named).
      quantity: Number of units.
      concept: Concept id, or None.
      note: Description for the narration, or None for the service's name.
    """

    service: str
    date: datetime.date
    providers: tuple[str, ...]
    recipients: tuple[str, ...]
    quantity: Decimal = Decimal(1)
    concept: str | None = None
    note: str | None = None


def trade_text(community: Community, request: TradeRequest) -> str:
    """The Beancount text of a trade, valued at the tariff in force on its date."""
    menu = community.menu
    if menu is None:
        raise RecordError("services.yaml has errors; run `sif check` and fix them first")
    service = menu.services.get(request.service)
    if service is None:
        raise RecordError(
            f'the service "{request.service}" is not on the menu card; see `sif services`.'
            + did_you_mean(request.service, menu.services)
        )
    tariff = service.tariff_on(request.date)
    if tariff is None:
        raise RecordError(f'the service "{service.id}" has no tariff on {request.date}')
    providers, recipients = request.providers, request.recipients
    if not providers and service.flow == "member-to-operator":
        providers = (menu.operator,)
    if not recipients and service.flow == "operator-to-member":
        recipients = (menu.operator,)
    if not providers:
        raise RecordError("name who delivered the service with --provider")
    if not recipients:
        raise RecordError("name who received the service with --recipient")
    for side, ids in (("provider", providers), ("recipient", recipients)):
        for member_id in ids:
            if (problem := check_id(member_id, "member")) is not None:
                raise RecordError(f"--{side}: {problem}")
        if len(set(ids)) != len(ids):
            raise RecordError(f"a {side} is named twice")
    if not request.quantity.is_finite() or not 0 < request.quantity <= MAX_QUANTITY:
        raise RecordError(
            f"--quantity {request.quantity}: the quantity must be a number greater than zero "
            f"and at most {MAX_QUANTITY:,} (record a larger service as several trades)"
        )

    quantum = menu.currency.quantum
    total = trade_price(tariff.value, request.quantity, quantum)
    note = request.note
    if not note:
        note = service.name("nl")
        concept = community.concepts.get(request.concept or "")
        if concept is not None:
            note += f" voor {concept.name}"
    lines = [f"{request.date.isoformat()} * {quote(note)}"]
    lines.append(f"  service: {quote(service.id)}")
    lines.append(f"  quantity: {request.quantity:f}")  # never 1E+1: Beancount reads no exponents
    if request.concept:
        lines.append(f"  concept: {quote(request.concept)}")
    code = menu.currency.code
    postings = [
        (member_account(member), -share)
        for member, share in zip(providers, split(total, len(providers), quantum), strict=True)
    ] + [
        (member_account(member), share)
        for member, share in zip(recipients, split(total, len(recipients), quantum), strict=True)
    ]
    # The layout of `sif fmt`, so a recorded trade is already in the canonical form.
    lines += align_postings(
        [(account, f"{number:.{menu.currency.decimals}f}", code) for account, number in postings]
    )
    return "\n".join(lines) + "\n"


def record_trade(root: Path, request: TradeRequest) -> tuple[Path, str, list[str]]:
    """Validate and write a trade (a file of its own).

    Returns the file written, the trade's text, and warnings: the trade's
    recipients now past a soft credit limit (see sif.ledger.limits).

    Raises:
      RecordError: the request itself is incomplete.
      RecordRejectedError: the ledger would have errors with this trade (or has
        errors already); nothing is written.
    """
    text = trade_text(load_community(root), request)
    books = load_books(root, extra=text)
    if books.errors:
        raise RecordRejectedError(books.errors)
    path = trade_path(root, request.date, request.service, text)
    atomic_write(path, text)
    return path, text, _limit_warnings(books, request)


def _limit_warnings(books: Books, request: TradeRequest) -> list[str]:
    """The warnings of `sif check` about credit limits that concern the trade's recipients."""
    community = books.community
    if community.menu is None or community.menu.credit_limits is None:
        return []
    today = datetime.date.today()  # noqa: DTZ011 (the books use local dates)
    found = compute_balances(books.entries, community, today)
    return [
        warning
        for warning in limit_warnings(community, found, today)
        if warning.split(" ", 1)[0] in request.recipients
    ]
