"""A statement as words and figures in the member's language, for the templates.

The PDF (Typst), the HTML page (Jinja2) and the e-mail all show this one view,
so they always say the same. Every value is text, already formatted: numbers
and dates in the language's style, signs turned into words ("you owe", "in
credit"). The labels are `statement-labels.yaml` (next to the documents'
`labels.yaml`, whose number and date formats they use), from the books'
`templates/` folder or the package's copy.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import segno

from sif.documents.compute import party
from sif.documents.model import INVOICE
from sif.documents.pdf import party_view
from sif.documents.qr import epc_code, svg
from sif.ledger.balances import Balance
from sif.ledger.limits import rooms
from sif.model.community import Community
from sif.render.formats import grouped, short_date
from sif.statements.explain import explain, in_kind, payment_clears
from sif.statements.model import (
    DOCUMENT,
    PAYMENT,
    SETOFF,
    TRADE_GIVEN,
    TRADE_RECEIVED,
    EurLine,
    SifLine,
    Statement,
)
from sif.statements.say import Say


@functools.lru_cache(maxsize=256)
def payment_code(name: str, iban: str, amount: Decimal, reference: str, text: str) -> segno.QRCode:
    """The EPC QR code of a payment, made once: the statement and its e-mail both show it."""
    return epc_code(name, iban, amount, reference, text)


def _sif_row(line: SifLine, say: Say) -> list[str]:
    menu = say.community.menu
    assert menu is not None
    if line.kind in (TRADE_RECEIVED, TRADE_GIVEN):
        service = menu.services.get(line.service or "")
        name = service.name(say.language) if service else str(line.service)
        what = say("received" if line.kind == TRADE_RECEIVED else "given", service=name)
        with_ = ", ".join(say.name(m) for m in line.counterparts)
        concept = say.community.concepts.get(line.concept or "")
        if concept:
            with_ = f"{with_} ({concept.name})" if with_ else concept.name
    elif line.kind == PAYMENT:
        what, with_ = say("sif_payment", document=line.document or ""), ""
    else:
        what, with_ = line.note, ""
    # Like the EUR table: debit is what the member owes more, credit what they owe less.
    debit = say.number(line.change) if line.change > 0 else ""
    credit = say.number(line.change) if line.change < 0 else ""
    return [short_date(line.date), what, with_, debit, credit]


def _eur_row(line: EurLine, say: Say, not_taxable: bool) -> list[str]:
    number_ = line.number or ""
    if line.kind == DOCUMENT:
        what = say.document(line.document_kind, number_, not_taxable)
    elif line.kind == SETOFF:
        what = say("setoff", invoice=number_, other=line.other or "")
    elif line.kind == PAYMENT:
        doc = say.document(line.document_kind, number_, not_taxable, inline=True)
        what = say("paid_by_you" if line.change < 0 else "paid_to_you", document=doc)
    else:
        what = line.note
    if line.kind == SETOFF:
        debit = credit = say.eur(line.amount)
    else:
        debit = say.eur(line.change) if line.change > 0 else ""
        credit = say.eur(line.change) if line.change < 0 else ""
    return [short_date(line.date), what, debit, credit]


def _todo(statement: Statement, say: Say, not_taxable: bool) -> dict[str, Any]:
    operator = statement.operator
    pay = []
    for item in statement.to_pay:
        doc = say.document(item.kind, item.number, not_taxable, inline=True)
        iban = grouped(operator.iban or "")
        qr = ""
        if operator.iban and item.kind == INVOICE:
            code = payment_code(
                operator.name, operator.iban, item.open, item.reference, item.number
            )
            qr = svg(code, sized=False)  # the PDF and the page size it
        amount = say.eur(item.open)
        pay.append(
            {
                "text": say(
                    "todo_pay" if item.due >= statement.date else "todo_pay_overdue",
                    amount=amount,
                    document=doc,
                    due=say.date(item.due),
                ),
                "details": [
                    [say.w["pay_amount"], amount],
                    [say.w["pay_account"], iban],
                    [say.w["pay_beneficiary"], operator.name],
                ]
                + ([[say.w["pay_reference"], item.reference]] if item.reference else []),
                "qr": qr,
                "qr_alt": say(
                    "qr_alt",
                    amount=amount,
                    operator=operator.name,
                    iban=iban,
                    reference=item.reference,
                )
                if qr
                else "",
            }
        )
    receive = []
    member_iban = statement.member.iban
    for item in statement.to_receive:
        doc = say.document(item.kind, item.number, not_taxable, inline=True)
        values = {"operator": operator.name, "amount": say.eur(item.open), "document": doc}
        if member_iban:
            receive.append(say("todo_receive", iban=grouped(member_iban), **values))
        else:
            receive.append(say("todo_receive_no_iban", **values))
    return {
        "title": say.w["todo_title"],
        "pay": pay,
        "receive": receive,
        "nothing": "" if pay else say("todo_nothing"),
        "scan": say.w["pay_scan"],
    }


def _room(statement: Statement, community: Community, say: Say) -> str:
    """The member's credit limit and room left at the end of the month ("" without limits)."""
    balance = Balance(
        statement.member.id,
        statement.sif_closing,
        Decimal(0),
        Decimal(0),
        None,
        statement.debt_since,
        statement.debt_age_days,
    )
    room = rooms(community, [balance]).get(statement.member.id)
    if room is None or room.room is None:
        return ""
    limit = room.limit.hard if room.limit.hard is not None else room.limit.soft
    assert limit is not None  # a room comes from a limit
    return say("credit_room", limit=say.sif(limit), room=say.sif(room.room))


def view(statement: Statement, community: Community, w: Mapping[str, Any]) -> dict[str, Any]:
    """Everything a statement shows, as text in the member's language."""
    say = Say(statement, community, w)
    member, operator = statement.member, statement.operator
    not_taxable = member.vat_status == "not-taxable"
    month = say.month(statement)
    before = statement.month.start - datetime.timedelta(days=1)
    code = say.code
    sif_rows = [_sif_row(line, say) for line in statement.sif_lines]
    eur_rows = [_eur_row(line, say, not_taxable) for line in statement.eur_lines]
    later_rows = [_eur_row(line, say, not_taxable) for line in statement.eur_later]
    window = (
        say(
            "eur_window",
            start=say.date(statement.eur_from + datetime.timedelta(days=1)),
            until=say.date(statement.eur_until),
            month=month,
        )
        if statement.eur_from
        else say("eur_window_all", until=say.date(statement.eur_until), month=month)
    )
    debt = ""
    if statement.debt_since is not None and statement.sif_closing > 0:
        debt = say(
            "debt_age",
            date=say.date(statement.debt_since),
            days=str(statement.debt_age_days or 0),
        )
    room = _room(statement, community, say)
    debt = " ".join(part for part in (debt, room) if part)
    documents = [say.document(doc.kind, doc.number, not_taxable) for doc in statement.documents]
    home = operator.address.country if operator.address else "BE"
    euro = community.menu is None or community.menu.invoices
    return {
        "language": say.language,
        "title": w["title"],
        "month": month,
        "issuer": operator.name,
        "member": party_view(party(member), w["member"], w, home) | ({} if euro else {"ids": []}),
        "info": [
            [w["date"], say.date(statement.date)],
            [w["month"], month],
            [w["member"], member.id],
        ],
        # Without invoicing (services.yaml `invoicing: none`) a statement shows no euro.
        "euro": euro,
        # Page 1, in this order: where the member stands, what to pay or receive
        # (todo), how to pay back in kind (in_kind), what a euro payment clears.
        "standing": say.standing(statement.sif_today, euro),
        "summary": [
            [say("sif_title", code=code), say.position_sif(statement.sif_today)],
        ]
        + ([[w["eur_title"], say.position_eur(statement.eur_now)]] if euro else []),
        "sif": {
            "title": say("sif_title", code=code),
            "columns": [
                w["col_date"],
                w["col_what"],
                w["col_with"],
                say("col_sif_debit", code=code),
                say("col_sif_credit", code=code),
            ],
            "opening": say.balance(
                say("sif_opening", date=say.date(before)),
                say.position_sif(statement.sif_opening),
            ),
            "rows": sif_rows,
            "none": "" if sif_rows else say("sif_none", month=month),
            "closing": say.balance(
                say("sif_closing", date=say.date(statement.month.end)),
                say.position_sif(statement.sif_closing),
            ),
            # Euro payments since the month's end moved SIF: the balance on page 1.
            "now": say.balance(
                say("sif_now", date=say.date(statement.date)),
                say.position_sif(statement.sif_today),
            )
            if statement.sif_today != statement.sif_closing
            else "",
            "debt": debt,
            "signs": say("sif_signs" if euro else "sif_signs_no_euro", code=code),
        },
        "eur": {
            "title": w["eur_title"],
            "window": window,
            "columns": [w["col_date"], w["col_what"], w["col_debit"], w["col_credit"]],
            "opening": say.balance(
                say("eur_opening", date=say.date(statement.eur_from)),
                say.position_eur(statement.eur_opening),
            )
            if statement.eur_from
            else "",
            "rows": eur_rows,
            "none": "" if eur_rows else w["eur_none"],
            "closing": say.balance(
                say("eur_closing", date=say.date(statement.eur_until)),
                say.position_eur(statement.eur_closing),
            ),
            "later_title": say("eur_later", date=say.date(statement.date)) if later_rows else "",
            "later": later_rows,
            "now": say.balance(
                say("eur_now", date=say.date(statement.date)),
                say.position_eur(statement.eur_now),
            )
            if later_rows
            else "",
            "signs": say("eur_signs", operator=operator.name),
        },
        "documents": documents,
        "todo": _todo(statement, say, not_taxable),
        "explain": explain(statement, say, not_taxable),
        "in_kind": in_kind(statement, say),
        "clears": payment_clears(statement, say, not_taxable)
        if euro
        else {"title": "", "lines": []},
        "operator": party_view(party(operator), "", w, home)
        | {"iban": grouped(operator.iban or ""), "email": operator.email or ""}
        | ({} if euro else {"ids": []}),  # VAT numbers and statuses only where there is VAT
        "page": w["page"],
    }
