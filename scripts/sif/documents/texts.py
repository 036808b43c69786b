"""Words on documents that the law or the reader needs, per language.

Dutch first; French and English for members whose language asks for it.
"""

from __future__ import annotations

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

#: Title of what the operator buys from a seller who is not a taxable person:
#: not an invoice in the VAT sense, but a purchase settlement statement.
SETTLEMENT_TITLE = {
    "nl": "Afrekeningsnota",
    "fr": "Décompte de frais",
    "en": "Settlement statement",
}

TITLES = {
    INVOICE: {"nl": "Factuur", "fr": "Facture", "en": "Invoice"},
    SELF_BILLING: {
        "nl": "Autofactuur",
        "fr": "Autofacture",
        "en": "Self-billed invoice",
    },
    CREDIT_NOTE: {"nl": "Creditnota", "fr": "Note de crédit", "en": "Credit note"},
    SELF_BILLING_CREDIT: {
        "nl": "Creditnota bij autofactuur",
        "fr": "Note de crédit sur autofacture",
        "en": "Self-billed credit note",
    },
    SETTLEMENT: SETTLEMENT_TITLE,
    SETTLEMENT_CREDIT: {
        "nl": "Verbeterende afrekeningsnota",
        "fr": "Décompte de frais rectificatif",
        "en": "Corrective settlement statement",
    },
}

#: The mention every self-billed document carries (Belgian VAT code, art. 53 §2).
SELF_BILLING_MENTION = {"nl": "Autofacturatie", "fr": "Autofacturation", "en": "Self-billing"}

EXEMPTIONS = {
    EXEMPT: {
        "nl": "Bijzondere vrijstellingsregeling kleine ondernemingen",
        "fr": "Régime particulier de franchise des petites entreprises",
        "en": "Special exemption scheme for small enterprises",
    },
    NOT_SUBJECT: {
        "nl": "Niet onderworpen aan btw: de verkoper is geen btw-plichtige",
        "fr": "Non soumis à la TVA : le vendeur n'est pas assujetti",
        "en": "Not subject to VAT: the seller is not a taxable person",
    },
}


#: Names of the item properties (UBL BG-32) that carry the service's quantity
#: and its price per unit: ("Hoeveelheid", "Prijs per") + " uur".
ITEM_PROPERTIES = {
    "nl": ("Hoeveelheid", "Prijs per"),
    "fr": ("Quantité", "Prix par"),
    "en": ("Quantity", "Price per"),
}

#: The payment terms (UBL BT-20) of documents that ask for no payment, and of set-offs.
TERMS = {
    "nl": {
        "credit": "Niets te betalen: dit bedrag wordt afgetrokken van wat u {operator} verschuldigd bent, of teruggestort.",
        "purchase": "Niets te betalen: {operator} betaalt dit bedrag op uw rekening, na verrekening met wat u {operator} verschuldigd bent.",
        "purchase_credit": "Niets te betalen: dit bedrag wordt afgetrokken van wat {operator} u betaalt.",
        "setoff": "Verrekend met {number}: {amount}.",
        "left": "Blijft: {amount}.",
    },
    "fr": {
        "credit": "Rien à payer : ce montant est déduit de ce que vous devez à {operator}, ou remboursé.",
        "purchase": "Rien à payer : {operator} verse ce montant sur votre compte, après compensation avec ce que vous devez à {operator}.",
        "purchase_credit": "Rien à payer : ce montant est déduit de ce que {operator} vous paie.",
        "setoff": "Compensé avec {number} : {amount}.",
        "left": "Reste : {amount}.",
    },
    "en": {
        "credit": "Nothing to pay: this amount is deducted from what you owe {operator}, or refunded.",
        "purchase": "Nothing to pay: {operator} pays this amount to your account, after setting off what you owe {operator}.",
        "purchase_credit": "Nothing to pay: this amount is deducted from what {operator} pays you.",
        "setoff": "Set off against {number}: {amount}.",
        "left": "Remaining: {amount}.",
    },
}


def payment_terms(doc: Document) -> str | None:
    """How a document's amount is settled, when the due date alone does not say it."""
    words = TERMS.get(doc.language, TERMS["nl"])
    operator = doc.buyer.name if doc.self_billed else doc.seller.name
    parts = []
    if doc.kind in CREDIT_NOTES:
        key = "purchase_credit" if doc.self_billed else "credit"
        parts.append(words[key].format(operator=operator))
    elif doc.self_billed:
        parts.append(words["purchase"].format(operator=operator))
    for setoff in doc.setoffs:
        amount = f"{setoff.amount:.2f} {doc.currency}"
        parts.append(words["setoff"].format(number=setoff.number, amount=amount))
    if doc.setoffs:
        parts.append(words["left"].format(amount=f"{doc.payable:.2f} {doc.currency}"))
    return " ".join(parts) or None


def exemption_text(category: str, language: str) -> str | None:
    texts = EXEMPTIONS.get(category)
    return texts.get(language, texts["nl"]) if texts else None


def title(kind: str, language: str, not_taxable_seller: bool = False) -> str:
    if kind == SELF_BILLING and not_taxable_seller:
        return SETTLEMENT_TITLE.get(language, SETTLEMENT_TITLE["nl"])
    return TITLES[kind].get(language, TITLES[kind]["nl"])
