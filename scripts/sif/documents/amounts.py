"""Exact amounts: line amounts, VAT per category and rate, document totals.

Rounding is explicit and happens in two places only: each line amount is
rounded to the cent (ROUND_HALF_UP), and the VAT of each category and rate is
computed once on the sum of its lines and rounded to the cent. This is what
EN 16931 (BR-CO-17, BR-CO-15) requires, and it makes the booked VAT equal to
the VAT on the document, to the cent.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from sif.documents.model import Line, VatSubtotal

CENT = Decimal("0.01")
ZERO = Decimal(0)


def cents(value: Decimal) -> Decimal:
    """Round half up to the cent."""
    return value.quantize(CENT, ROUND_HALF_UP)


def line_amount(sif: Decimal, unit_price: Decimal) -> Decimal:
    return cents(sif * unit_price)


def vat_subtotals(lines: Iterable[Line]) -> tuple[VatSubtotal, ...]:
    """VAT per (category, rate), in a stable order: highest rate first."""
    taxable: dict[tuple[str, Decimal], Decimal] = {}
    for line in lines:
        key = (line.vat_category, line.vat_percent)
        taxable[key] = taxable.get(key, ZERO) + line.amount
    return tuple(
        VatSubtotal(category, percent, amount, cents(amount * percent / 100))
        for (category, percent), amount in sorted(
            taxable.items(), key=lambda kv: (-kv[0][1], kv[0][0])
        )
    )


def totals(lines: Iterable[Line]) -> tuple[tuple[VatSubtotal, ...], Decimal, Decimal, Decimal]:
    """(vat subtotals, net, tax, total) of a document's lines."""
    subtotals = vat_subtotals(lines)
    net = sum((s.taxable for s in subtotals), ZERO)
    tax = sum((s.tax for s in subtotals), ZERO)
    return subtotals, net, tax, net + tax


def quantity_text(quantity: Fraction, decimal: str) -> str:
    """A quantity as people write it: 3, 0,5 or 0,75 when it has at most two
    decimals, else as a fraction: 1/3, 2/3."""
    if (quantity * 100).denominator == 1:
        text = f"{Decimal(quantity.numerator) / quantity.denominator:.2f}".rstrip("0").rstrip(".")
        return text.replace(".", decimal)
    return f"{quantity.numerator}/{quantity.denominator}"
