"""Words on documents that the law or the reader needs, per language.

Dutch first; French and English for members whose language asks for it.
"""

from __future__ import annotations

from sif.documents.model import (
    CREDIT_NOTE,
    EXEMPT,
    INVOICE,
    NOT_SUBJECT,
    SELF_BILLING,
    SELF_BILLING_CREDIT,
)

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
}

#: Title of a self-billed document for a seller who is not a taxable person:
#: not an invoice in the VAT sense, but a settlement statement.
SETTLEMENT = {"nl": "Afrekeningsnota", "fr": "Note de décompte", "en": "Settlement statement"}

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


def exemption_text(category: str, language: str) -> str | None:
    texts = EXEMPTIONS.get(category)
    return texts.get(language, texts["nl"]) if texts else None


def title(kind: str, language: str, not_taxable_seller: bool = False) -> str:
    if kind == SELF_BILLING and not_taxable_seller:
        return SETTLEMENT.get(language, SETTLEMENT["nl"])
    return TITLES[kind].get(language, TITLES[kind]["nl"])
