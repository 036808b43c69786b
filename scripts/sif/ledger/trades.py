"""Trades: the Beancount transactions that record a service delivered.

A trade is a transaction with `service:` metadata whose postings move community
currency from the recipients' accounts (positive: they now owe it) to the
providers' accounts (negative: they earned it)::

    2026-03-12 * "Versterkingssessie: businessplan"
      service: "strengthening-session"
      quantity: 1
      concept: "repair-cafe-genk"
      Assets:Members:An-claes          -2.50 SIF
      Assets:Members:De-buurtkeuken     2.50 SIF

With several providers or recipients the value is split equally per side; cents
that do not divide go one each to the first listed (see `split`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import NamedTuple

from beancount.core import data

from sif.ledger.accounts import member_of


class Trade(NamedTuple):
    """A service delivered, as read from the ledger.

    Attributes:
      date: Date of the service.
      service: Service id.
      quantity: Number of units.
      concept: Concept id, or None.
      providers: (member id, amount) of those who delivered, amounts positive.
      recipients: (member id, amount) of those who received, amounts positive.
      entry: The Beancount transaction.
    """

    date: datetime.date
    service: str
    quantity: Decimal
    concept: str | None
    providers: tuple[tuple[str, Decimal], ...]
    recipients: tuple[tuple[str, Decimal], ...]
    entry: data.Transaction

    @property
    def total(self) -> Decimal:
        return sum((amount for _, amount in self.recipients), Decimal(0))


def sides(entry: data.Transaction, currency: str) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """(providers, recipients) of a transaction's member postings, amounts positive."""
    providers: dict[str, Decimal] = {}
    recipients: dict[str, Decimal] = {}
    for posting in entry.postings:
        member = member_of(posting.account)
        units = posting.units
        if member is None or units is None or units.currency != currency:
            continue
        number = units.number
        if not isinstance(number, Decimal):
            continue
        if number < 0:
            providers[member] = providers.get(member, Decimal(0)) - number
        elif number > 0:
            recipients[member] = recipients.get(member, Decimal(0)) + number
    return providers, recipients


#: The most units one trade may record: more is a typing error, not a service
#: (and tariff x quantity would overflow the ledger's 28 digits).
MAX_QUANTITY = Decimal(10_000)


def quantity_of(entry: data.Transaction) -> Decimal | None:
    """The `quantity:` of a trade (1 when absent), or None unless a number in (0, MAX_QUANTITY]."""
    value = entry.meta.get("quantity", Decimal(1))
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        return None
    value = Decimal(value)
    return value if 0 < value <= MAX_QUANTITY else None


def iter_trades(entries: Iterable[data.Directive], currency: str) -> Iterator[Trade]:
    """The trades among `entries`, in ledger order."""
    for entry in entries:
        if not isinstance(entry, data.Transaction):
            continue
        service = entry.meta.get("service")
        if not isinstance(service, str):
            continue
        providers, recipients = sides(entry, currency)
        concept = entry.meta.get("concept")
        yield Trade(
            entry.date,
            service,
            quantity_of(entry) or Decimal(1),
            concept if isinstance(concept, str) else None,
            tuple(providers.items()),
            tuple(recipients.items()),
            entry,
        )


def split(total: Decimal, parties: int, quantum: Decimal) -> list[Decimal]:
    """Split `total` into `parties` shares, equal to the quantum; the first get the rest.

    >>> split(Decimal("2.00"), 3, Decimal("0.01"))
    [Decimal('0.67'), Decimal('0.67'), Decimal('0.66')]
    """
    units = int((total / quantum).to_integral_value())
    base, rest = divmod(units, parties)
    return [(base + (1 if index < rest else 0)) * quantum for index in range(parties)]
