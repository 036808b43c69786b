"""What a service costs in euro: the one place a price in the community currency becomes EUR.

`sif services`, the site's menu card and the documents' lines all price this
way: the units in the community currency times the value of one unit, to the
cent, half up; VAT on top of that rounded amount, to the cent, half up.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def eur_prices(
    units: Decimal, value: Decimal | None, vat_percent: Decimal | None
) -> tuple[Decimal | None, Decimal | None]:
    """(EUR excluding VAT, EUR including VAT) for `units` of the community currency.

    `value` is what one unit is worth in EUR excluding VAT (None when the
    currency has no value in money: then neither price exists); `vat_percent`
    the VAT rate (None when no rate is in force: no price including VAT).
    """
    if value is None:
        return None, None
    excl = (units * value).quantize(CENT, ROUND_HALF_UP)
    if vat_percent is None:
        return excl, None
    return excl, (excl * (1 + vat_percent / 100)).quantize(CENT, ROUND_HALF_UP)


def trade_price(tariff: Decimal, quantity: Decimal | int, quantum: Decimal) -> Decimal:
    """What a trade is worth in the community currency: the tariff times the quantity,
    rounded half up to the currency's `quantum` (its smallest amount, like 0.01).

    Recording (`sif record`), the plugin's checks and the demo all price a trade here.
    """
    return (tariff * quantity).quantize(quantum, ROUND_HALF_UP)
