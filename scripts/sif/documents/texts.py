"""Words on documents that the law or the reader needs, in the member's language.

They are messages of the documents' catalog (`sif/locale/<lang>/LC_MESSAGES/
documents.po`, one per language: a language is added by adding a catalog), read
with `Translator.gettext`, so Babel finds them. The PDF's other labels are
`templates/labels.yaml`, which staff may edit in the books.
"""

from __future__ import annotations

import functools

from sif.documents.model import (
    CREDIT_NOTE,
    CREDIT_NOTES,
    EXEMPT,
    INVOICE,
    NOT_SUBJECT,
    SELF_BILLING,
    SELF_BILLING_CREDIT,
    SETTLEMENT,
    SETTLEMENT_CREDIT,
    Document,
)
from sif.i18n import DOCUMENTS, Translator
from sif.model.countries import mentions


@functools.cache
def words(language: str) -> Translator:
    """The documents' catalog in `language` (sif/locale/<lang>/LC_MESSAGES/documents.po)."""
    return Translator(language, DOCUMENTS)


def _titles(language: str) -> dict[str, str]:
    t = words(language)
    return {
        INVOICE: t.gettext("Invoice"),
        SELF_BILLING: t.gettext("Self-billed invoice"),
        CREDIT_NOTE: t.gettext("Credit note"),
        SELF_BILLING_CREDIT: t.gettext("Self-billed credit note"),
        # What the operator buys from a seller who is not a taxable person: not an
        # invoice in the VAT sense, but a purchase settlement statement.
        SETTLEMENT: t.gettext("Settlement statement"),
        SETTLEMENT_CREDIT: t.gettext("Corrective settlement statement"),
    }


def self_billing_mention(country: str | None, language: str) -> str:
    """The mention every self-billed document carries, by the operator's country
    ("Autofacturatie" in Belgium; see sif/model/data/mentions.yaml)."""
    return mentions(country, language)["self_billing"]


def item_properties(language: str) -> tuple[str, str]:
    """Names of the item properties (UBL BG-32) that carry the service's quantity and its
    price per unit: ("Hoeveelheid", "Prijs per") + " uur"."""
    t = words(language)
    return t.gettext("Quantity"), t.gettext("Price per")


def payment_terms(doc: Document) -> str | None:
    """How a document's amount is settled, when the due date alone does not say it."""
    t = words(doc.language)
    operator = doc.buyer.name if doc.self_billed else doc.seller.name
    parts = []
    if doc.kind in CREDIT_NOTES and doc.self_billed:
        parts.append(
            t.gettext(
                "Nothing to pay: this amount is deducted from what {operator} pays you."
            ).format(operator=operator)
        )
    elif doc.kind in CREDIT_NOTES:
        parts.append(
            t.gettext(
                "Nothing to pay: this amount is deducted from what you owe {operator}, "
                "or refunded."
            ).format(operator=operator)
        )
    elif doc.self_billed:
        parts.append(
            t.gettext(
                "Nothing to pay: {operator} pays this amount to your account, after setting "
                "off what you owe {operator}."
            ).format(operator=operator)
        )
    for setoff in doc.setoffs:
        amount = f"{setoff.amount:.2f} {doc.currency}"
        parts.append(
            t.gettext("Set off against {number}: {amount}.").format(
                number=setoff.number, amount=amount
            )
        )
    if doc.setoffs:
        amount = f"{doc.payable:.2f} {doc.currency}"
        parts.append(t.gettext("Remaining: {amount}.").format(amount=amount))
    return " ".join(parts) or None


def exemption_text(category: str, language: str, country: str | None) -> str | None:
    """Why a line carries no VAT (UBL BT-120), by the operator's country, or None."""
    key = {EXEMPT: "exempt", NOT_SUBJECT: "not_subject"}.get(category)
    return mentions(country, language)[key] if key else None


def title(kind: str, language: str, not_taxable_seller: bool = False) -> str:
    """A document's title in `language`: "Factuur", "Autofactuur", "Afrekeningsnota", ..."""
    if kind == SELF_BILLING and not_taxable_seller:
        kind = SETTLEMENT
    return _titles(language)[kind]
