"""The statement's plain words: how SIF and euro relate, and paying back in kind.

A member who traded evenly in SIF can still owe euro: the VAT on what they
received, when what they gave carries none (not a taxable person, or the small
enterprise exemption). `explain` says so with the month's own figures;
`in_kind` lists, for a member in SIF debt, the open requests that fit them and
the services that earn SIF.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sif.documents.model import INVOICE, SELF_BILLING
from sif.render.formats import percent
from sif.statements.model import Statement
from sif.statements.say import Say


def explain(statement: Statement, say: Say, not_taxable: bool) -> dict[str, Any]:
    menu = say.community.menu
    assert menu is not None
    member = statement.member
    trade = statement.month_trade
    value = menu.currency.value_on(statement.month.end) or Decimal(0)
    rate = trade.vat_percent if trade else menu.vat_percent_on(statement.month.end)
    common = {"code": say.code, "operator": say.operator}
    # Without self-billing (`invoicing: invoices`) members invoice the operator themselves.
    own = "" if menu.self_billing else "_invoices"
    status = f"explain_{member.vat_status}"
    paragraphs = [
        say(
            f"explain_what{own}",
            currency_name=menu.currency.names.get(say.language, say.code),
            value=say.eur(value),
            **common,
        ),
        say(
            status + own if status + own in say.w else status,
            percent=percent(rate or Decimal(0), say.w),
            **common,
        ),
    ]
    if trade is not None:
        month = say.month(statement)
        facts = []
        if trade.invoice is not None:
            facts.append(
                say(
                    "explain_received",
                    month=month,
                    sif=say.sif(trade.received),
                    document=say.document(INVOICE, trade.invoice.number, not_taxable, inline=True),
                    total=say.eur(trade.invoice.total),
                    tax=say.eur(trade.invoice.tax),
                )
            )
        if trade.self_billed is not None:
            facts.append(
                say(
                    "explain_given",
                    month=month,
                    sif=say.sif(trade.given),
                    document=say.document(
                        SELF_BILLING, trade.self_billed.number, not_taxable, inline=True
                    ),
                    total=say.eur(trade.self_billed.total),
                )
            )
        rest = trade.remainder
        rest_text = (
            say("rest_pay", amount=say.eur(rest))
            if rest > 0
            else say("rest_receive", amount=say.eur(rest))
            if rest < 0
            else say("rest_zero")
        )
        if trade.set_off:
            facts.append(
                say("explain_setoff", amount=say.eur(trade.set_off), rest=rest_text, **common)
            )
        if facts:
            paragraphs.append(" ".join(facts))
        if not menu.self_billing:
            pass  # nothing is set off: what follows explains set-offs
        elif trade.even and rest > 0:
            paragraphs.append(say("explain_even", rest=say.eur(rest), **common))
        elif trade.even and member.vat_status == "registered":
            paragraphs.append(say("explain_even_registered", **common))
    # Without self-billing nothing is set off: the to-do list says what to pay.
    net = net_position(statement, say) if menu.self_billing else ""
    if net:
        paragraphs.append(net)
    paragraphs.append(say("explain_paying", **common))
    return {"title": say("explain_title", code=say.code), "paragraphs": paragraphs}


def net_position(statement: Statement, say: Say) -> str:
    """What the EUR position on the statement date means, once everything is set off."""
    now = statement.eur_now
    if statement.to_pay and statement.to_receive:
        return say("net_pending", operator=say.operator, position=say.position_eur(now))
    if now > 0:
        return say("net_owes", operator=say.operator, amount=say.eur(now))
    if now < 0:
        return say("net_owed", operator=say.operator, amount=say.eur(now))
    return ""


def in_kind(statement: Statement, say: Say) -> dict[str, Any]:
    if statement.sif_today <= 0:
        return {"title": "", "intro": "", "requests": [], "services": "", "contact": ""}
    menu = say.community.menu
    assert menu is not None
    amount = say.sif(statement.sif_today)
    items = []
    for way in statement.in_kind:
        item = say(
            "inkind_item",
            question=way.question,
            kind=say.w.get(f"kind_{way.kind}", way.kind),
            requester=say.name(way.requester),
            opened=say.date(way.opened),
            expertise=", ".join(way.expertise),
        )
        service = menu.services.get(way.service or "")
        if service is not None and way.value is not None and way.clears is not None:
            unit = menu.units.get(service.unit, {}).get(say.language, service.unit)
            clears = say(
                "inkind_clears",
                sif=say.sif(way.clears),
                service=service.name(say.language),
                value=say.sif(way.value),
                unit=unit,
            )
            item = f"{item} {clears}"
        items.append(item)
    services = []
    for service in menu.services.values():
        tariff = service.tariff_on(statement.date)
        if service.flow == "member-to-operator" or tariff is None:
            continue
        unit = menu.units.get(service.unit, {}).get(say.language, service.unit)
        services.append(
            say(
                "inkind_service",
                service=service.name(say.language),
                sif=say.sif(tariff.value),
                unit=unit,
            )
        )
    return {
        "title": say.w["inkind_title"],
        "intro": say("inkind_intro" if items else "inkind_intro_none", amount=amount),
        "requests": items,
        "services": say("inkind_services", code=say.code, services=", ".join(services))
        if services
        else "",
        "contact": say(
            "inkind_contact", operator=say.operator, email=statement.operator.email or ""
        )
        if statement.operator.email
        else "",
    }


def payment_clears(statement: Statement, say: Say, not_taxable: bool) -> dict[str, Any]:
    """How much SIF each euro payment to make clears (`OpenItem.sif`), and what is left."""
    lines = []
    debt = statement.sif_today
    for item in statement.to_pay:
        values = {
            "amount": say.eur(item.open),
            "document": say.document(item.kind, item.number, not_taxable, inline=True),
        }
        if item.sif > 0:
            whole = item.sif == debt
            lines.append(
                say("clears_all" if whole else "clears_part", sif=say.sif(item.sif), **values)
            )
            debt -= item.sif
        elif debt <= 0:
            lines.append(say("clears_none", code=say.code, **values))
    if lines and debt > 0:
        lines.append(say("clears_rest", sif=say.sif(debt)))
    return {"title": say.w["clears_title"] if lines else "", "lines": lines}
