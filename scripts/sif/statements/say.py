"""Formatting in a member's language: numbers, dates, positions in words, labels.

The words are the message catalogs' (`sif.statements.texts`), in the member's
language; the e-mail's words and any word staff override are
`statement-labels.yaml` (next to the documents' `labels.yaml`, whose number and
date formats they use), from the books' `templates/` folder or the package's copy.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from sif.documents.pdf import labels
from sif.documents.texts import title
from sif.i18n import translate
from sif.model.community import Community
from sif.render import templates
from sif.render.formats import long_date, lowered, money, month_text, number, units
from sif.render.templates import fill
from sif.statements.model import (
    Statement,
)
from sif.statements.texts import TEXTS

PACKAGE_TEMPLATES = Path(__file__).with_name("templates")
LABELS = "statement-labels.yaml"


def words(language: str, folder: Path) -> dict[str, Any]:
    """The documents' labels (number formats, months), the statements' words, staff's own."""
    return {
        **labels(language, folder),
        **{key: translate(language, text) for key, text in TEXTS.items()},
        **templates.labels(language, folder, LABELS, PACKAGE_TEMPLATES),
    }


class Say:
    """Formatting in one language."""

    def __init__(self, statement: Statement, community: Community, w: Mapping[str, Any]) -> None:
        assert community.menu is not None
        self.w = w
        self.community = community
        self.code = community.menu.currency.code
        self.places = community.menu.currency.decimals
        self.fiat = community.menu.currency.fiat
        self.language = statement.member.language
        self.operator = statement.operator.name

    def __call__(self, key: str, **values: str) -> str:
        return fill(self.w, key, **values)

    def sif(self, value: Decimal) -> str:
        return units(abs(value), self.code, self.places, self.w)

    def number(self, value: Decimal) -> str:
        """An amount of community currency without its sign: words or columns say which way."""
        return number(abs(value), self.places, self.w)

    def eur(self, value: Decimal) -> str:
        return money(abs(value), self.fiat, self.w)

    def date(self, value: datetime.date) -> str:
        return long_date(value, self.w)

    def month(self, statement: Statement) -> str:
        return month_text(statement.month.start, self.w)

    def name(self, member_id: str) -> str:
        member = self.community.members.get(member_id)
        return member.name if member else member_id

    def position_sif(self, balance: Decimal) -> str:
        if balance > 0:
            return self("owes", amount=self.sif(balance))
        if balance < 0:
            return self("has_credit", amount=self.sif(balance))
        return self("nothing")

    def standing(self, balance: Decimal, euro: bool = True) -> str:
        """Where the member stands, in a sentence: received more than given, or the reverse.

        With `euro`, euro payments and payouts count too (they move the balance).
        """
        suffix = "" if euro else "_no_euro"
        if balance > 0:
            return self("standing_debt" + suffix, amount=self.sif(balance))
        if balance < 0:
            return self("standing_credit" + suffix, amount=self.sif(balance))
        return self("standing_even", code=self.code)

    def position_eur(self, balance: Decimal) -> str:
        if balance > 0:
            return self("eur_owes", amount=self.eur(balance), operator=self.operator)
        if balance < 0:
            return self("eur_owed", amount=self.eur(balance), operator=self.operator)
        return self("eur_nothing")

    def document(
        self, kind: str | None, number_: str, not_taxable: bool, *, inline: bool = False
    ) -> str:
        """ "Factuur F2026-00012"; in a sentence (`inline`): "factuur F2026-00012"."""
        if kind is None:
            return number_
        name = title(kind, self.language, not_taxable_seller=not_taxable)
        return f"{lowered(name, self.language) if inline else name} {number_}"

    def balance(self, label: str, position: str) -> str:
        return f"{label}{self.w['colon']}{position}"
