"""The menu card on a day: each service with its tariff in the community currency and in EUR.

`sif services` prints these rows; the prices come from `sif.model.prices`, as
on the site's menu card.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from sif.model.menu import MenuCard
from sif.model.prices import eur_prices


@dataclass(frozen=True)
class ServiceRow:
    """One service of the menu card in force on a day.

    Attributes:
      service: Service id.
      name: Its name in the language asked for.
      unit: Its unit in that language.
      flow: Who pays whom ("member-to-member", ...).
      sif: Its tariff in the community currency.
      eur_excl_vat: That tariff in EUR excluding VAT, or None without a value in money.
      vat_percent: The VAT rate in force, or None.
      eur_incl_vat: The tariff in EUR including VAT, or None.
      valid_from: The day the tariff took effect.
    """

    service: str
    name: str
    unit: str
    flow: str
    sif: Decimal
    eur_excl_vat: Decimal | None
    vat_percent: Decimal | None
    eur_incl_vat: Decimal | None
    valid_from: datetime.date


def service_rows(menu: MenuCard, day: datetime.date, language: str) -> list[ServiceRow]:
    """Every service in force on `day`, in the order of services.yaml."""
    value = menu.currency.value_on(day)
    vat = menu.vat_percent_on(day)
    rows = []
    for service, tariff in menu.in_force(day):
        excl, incl = eur_prices(tariff.value, value, vat)
        rows.append(
            ServiceRow(
                service=service.id,
                name=service.name(language),
                unit=menu.units.get(service.unit, {}).get(language, service.unit),
                flow=service.flow,
                sif=tariff.value,
                eur_excl_vat=excl,
                vat_percent=vat,
                eur_incl_vat=incl,
                valid_from=tariff.start,
            )
        )
    return rows
