"""A statement as data: its lines, the documents still open, the month's trading.

Every amount has one sign convention: **positive means the member owes** (SIF
or EUR), as in the ledger. `sif.statements.compute` makes these records from
the books; `sif.statements.view` turns them into words.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from sif.documents.booking import Issued
from sif.errors import SifException
from sif.model.members import Member
from sif.model.period import Month
from sif.statements.inkind import Opportunity

ZERO = Decimal(0)

#: Kinds of movement on a statement.
TRADE_RECEIVED = "received"
TRADE_GIVEN = "given"
PAYMENT = "payment"  # a euro payment (or payout) of a document
SETOFF = "setoff"
DOCUMENT = "document"
OTHER = "other"


class StatementError(SifException):
    """A statement cannot be made; the message says why and what to do."""


@dataclass(frozen=True)
class SifLine:
    """One movement on the member's SIF account in the month.

    Attributes:
      date: The day of the movement.
      kind: TRADE_RECEIVED, TRADE_GIVEN, PAYMENT or OTHER.
      change: Positive: the member owes more (received); negative: less (gave).
      service: The service id of a trade, or None.
      counterparts: Member ids on the other side of a trade.
      concept: The concept a trade was for, or None.
      document: For a payment, the document paid.
      note: The ledger's narration.
    """

    date: datetime.date
    kind: str
    change: Decimal
    service: str | None = None
    counterparts: tuple[str, ...] = ()
    concept: str | None = None
    document: str | None = None
    note: str = ""


@dataclass(frozen=True)
class EurLine:
    """One movement on the member's EUR accounts (receivable and payable).

    Attributes:
      date: The booking date.
      kind: DOCUMENT, SETOFF, PAYMENT or OTHER.
      change: Positive: the member owes more; negative: less. 0 for a set-off.
      number: The document concerned (for a set-off: the invoice).
      document_kind: The kind of that document, or None.
      other: For a set-off, the self-billed document set off; else None.
      amount: The amount moved, positive (for a set-off, the amount set off).
      note: The ledger's narration.
    """

    date: datetime.date
    kind: str
    change: Decimal
    number: str | None = None
    document_kind: str | None = None
    other: str | None = None
    amount: Decimal = ZERO
    note: str = ""


@dataclass(frozen=True)
class OpenItem:
    """A document with something still open on the statement date.

    Attributes:
      number: Document number.
      kind: Document kind.
      issued: Issue date.
      due: Date the payment is due.
      reference: Structured payment reference.
      open: What is open: positive, the member pays it; negative, the operator does.
      sif: The SIF that paying what is open clears (`sif_cleared`, the rule the
        payments are booked by), after the items before it are paid; positive.
    """

    number: str
    kind: str
    issued: datetime.date
    due: datetime.date
    reference: str
    open: Decimal
    sif: Decimal = ZERO


@dataclass(frozen=True)
class MonthTrade:
    """What the month's trading means in EUR: the basis of the VAT explanation.

    Attributes:
      received: SIF received in the month.
      given: SIF given in the month.
      invoice: The month's invoice, or None.
      self_billed: The month's self-billed document, or None.
      set_off: EUR set off between the two.
      vat_percent: The VAT rate charged on what the member received.
    """

    received: Decimal
    given: Decimal
    invoice: Issued | None
    self_billed: Issued | None
    set_off: Decimal
    vat_percent: Decimal

    @property
    def even(self) -> bool:
        """The member gave as much SIF as they received (and traded at all)."""
        return self.given == self.received and self.given > 0

    @property
    def remainder(self) -> Decimal:
        """Invoice total minus self-billed total: what the month leaves in EUR."""
        invoiced = self.invoice.total if self.invoice else ZERO
        bought = self.self_billed.total if self.self_billed else ZERO
        return invoiced - bought


@dataclass(frozen=True)
class Statement:
    """A member's account statement for one month.

    Attributes:
      month: The month.
      date: The statement date (what is open is computed on this day).
      member: The member.
      operator: The operator (who issues documents and receives payments).
      sif_opening: SIF balance at the end of the previous month (positive = owes).
      sif_lines: The month's SIF movements, in ledger order.
      sif_closing: SIF balance at the end of the month.
      debt_since: Date of the oldest SIF not paid back at the end of the month, or None.
      debt_age_days: Its age in days at the end of the month, or None.
      eur_from: The EUR window starts after this day (None: from the beginning).
      eur_until: ... and ends on this day: when the month's documents were issued.
      eur_opening: EUR position at the start of the window (positive = owes).
      eur_lines: EUR movements in the window.
      eur_closing: EUR position at the end of the window.
      eur_later: EUR movements after the window, up to the statement date.
      documents: Documents issued to the member in the window (to attach to a mail).
      open_items: Documents still open on the statement date.
      month_trade: The month's trading in EUR, for the VAT explanation.
      in_kind: Open requests the member could answer, when in SIF debt.
      sif_today: SIF balance on the statement date: what euro payments made now
        can clear (see `OpenItem.sif`).
    """

    month: Month
    date: datetime.date
    member: Member
    operator: Member
    sif_opening: Decimal
    sif_lines: tuple[SifLine, ...]
    sif_closing: Decimal
    debt_since: datetime.date | None
    debt_age_days: int | None
    eur_from: datetime.date | None
    eur_until: datetime.date
    eur_opening: Decimal
    eur_lines: tuple[EurLine, ...]
    eur_closing: Decimal
    eur_later: tuple[EurLine, ...] = ()
    documents: tuple[Issued, ...] = ()
    open_items: tuple[OpenItem, ...] = ()
    month_trade: MonthTrade | None = None
    in_kind: tuple[Opportunity, ...] = field(default_factory=tuple)
    sif_today: Decimal = ZERO

    @property
    def eur_now(self) -> Decimal:
        """The EUR position on the statement date."""
        return self.eur_closing + sum((line.change for line in self.eur_later), ZERO)

    @property
    def to_pay(self) -> tuple[OpenItem, ...]:
        return tuple(item for item in self.open_items if item.open > 0)

    @property
    def to_receive(self) -> tuple[OpenItem, ...]:
        return tuple(item for item in self.open_items if item.open < 0)
