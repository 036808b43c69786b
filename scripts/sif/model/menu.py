"""The menu card, `services.yaml`: the currency, its value, VAT and the tariffs.

Everything that makes this community's currency what it is lives here as data,
dated, so that a change of value, rate or tariff is a change of data, and
another community can reuse the code with a menu card of its own.

Example::

    community:
      name: Sociale InnovatieFabriek
      operator: fabriek          # the member that issues all documents
    currency:
      code: SIF
      fiat: EUR
      decimals: 2
      values:                    # value of 1 SIF in EUR, excluding VAT
        - {from: 2013-10-01, value: 50}
    vat:
      - {from: 1996-01-01, percent: 21}
    units:
      session: {nl: sessie, fr: séance, en: session}
    services:
      - id: strengthening-session
        name: {nl: Versterkingssessie, fr: Session de renforcement, en: Strengthening session}
        unit: session
        flow: member-to-member
        tariffs:
          - {from: 2024-01-01, sif: 2}
"""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from sif.errors import SifException
from sif.model.errors import YamlError, source
from sif.model.limits import CreditLimits, parse_credit_limits
from sif.model.members import LANGUAGES
from sif.model.yamlio import Fields, LineDict, check_id, load_yaml

#: Who pays whom: "payer-to-payee". The payer receives the service.
FLOWS = ("member-to-member", "member-to-operator", "operator-to-member")
#: What the operator issues in fiat currency (`invoicing.documents`): nothing
#: (a time bank: no euro, no VAT), invoices to the recipients, or invoices and
#: self-billed documents for the providers (the SIF's way, and the default).
NO_INVOICING, INVOICES, SELF_BILLING = "none", "invoices", "invoices-and-self-billing"
INVOICING = (NO_INVOICING, INVOICES, SELF_BILLING)
#: Years issued documents are kept when services.yaml does not say: Belgian law
#: (art. 60 WBTW) keeps invoices ten years from the first of January after their date.
RETENTION_YEARS = 10


@dataclass(frozen=True)
class Dated:
    """A value in force from a date on, until the next one starts.

    Attributes:
      start: The first day this value applies.
      value: The value (SIF per unit, EUR per SIF, or a VAT percentage).
    """

    start: datetime.date
    value: Decimal


def in_force(history: tuple[Dated, ...], date: datetime.date) -> Dated | None:
    """The entry of a date-sorted history in force on `date`, or None before the first."""
    index = bisect.bisect_right(history, date, key=_start)
    return history[index - 1] if index else None


def _start(item: Dated) -> datetime.date:
    return item.start


@dataclass(frozen=True)
class Service:
    """One line of the menu card.

    Attributes:
      id: Slug used in the ledger's `service:` metadata.
      names: Name per language.
      descriptions: Description per language.
      unit: Unit id (see MenuCard.units).
      flow: One of FLOWS: who pays whom.
      tariffs: SIF per unit, sorted by start date.
      until: Last day the service can be traded, or None.
      line: Line of the service in services.yaml.
    """

    id: str
    names: dict[str, str]
    descriptions: dict[str, str]
    unit: str
    flow: str
    tariffs: tuple[Dated, ...]
    until: datetime.date | None = None
    line: int = 0

    def tariff_on(self, date: datetime.date) -> Dated | None:
        """The tariff in force on `date`, or None when the service is not offered then."""
        if self.until is not None and date > self.until:
            return None
        return in_force(self.tariffs, date)

    def name(self, language: str) -> str:
        return self.names.get(language) or next(iter(self.names.values()), self.id)


@dataclass(frozen=True)
class Currency:
    """The community currency.

    Attributes:
      code: Commodity code in the ledger, e.g. "SIF".
      fiat: The legal currency of the documents, e.g. "EUR".
      decimals: Decimal places of amounts in the community currency.
      names: Display name per language.
      values: Value of one unit in fiat currency excluding VAT, sorted by date.
    """

    code: str
    fiat: str
    decimals: int
    names: dict[str, str]
    values: tuple[Dated, ...]

    @property
    def quantum(self) -> Decimal:
        return Decimal(1).scaleb(-self.decimals)

    def value_on(self, date: datetime.date) -> Decimal | None:
        dated = in_force(self.values, date)
        return dated.value if dated else None


@dataclass(frozen=True)
class DebtThresholds:
    """When `sif check` warns about a member's debt (`alerts:` in services.yaml).

    A member is past the thresholds when both hold: they owe at least `debt_sif`
    and the oldest part of that debt (first in, first out) is at least
    `debt_days` old. A threshold left out always holds.

    Attributes:
      debt_sif: Debt in the community currency, or None.
      debt_days: Age in days of the oldest unpaid part, or None.
    """

    debt_sif: Decimal | None = None
    debt_days: int | None = None


@dataclass(frozen=True)
class MenuCard:
    """The whole of services.yaml.

    Attributes:
      name: The community's name.
      operator: Member id of the organisation that issues documents.
      currency: The community currency.
      vat: VAT percentages, sorted by date.
      units: Unit names per language, by unit id.
      services: Services by id, in file order.
      filename: Path of services.yaml.
      operator_line: Line of `community.operator` in services.yaml.
      invoicing_start: First day of the first month whose documents sif issues
        (earlier months were invoiced before sif), or None for all months.
      alerts: When to warn about a member's debt, or None for never.
      invoicing: One of INVOICING: which documents the operator issues.
      credit_limits: What members may owe (`credit_limits:`), or None for no limit.
      retention_years: How long issued documents are kept, in years counted from the
        first of January after their date (`invoicing.retention_years`; Belgium: 10).
    """

    name: str
    operator: str
    currency: Currency
    vat: tuple[Dated, ...]
    units: dict[str, dict[str, str]]
    services: dict[str, Service] = field(default_factory=dict)
    filename: str = ""
    invoicing_start: datetime.date | None = None
    alerts: DebtThresholds | None = None
    operator_line: int = 0
    credit_limits: CreditLimits | None = None
    invoicing: str = SELF_BILLING
    retention_years: int = RETENTION_YEARS

    @property
    def invoices(self) -> bool:
        """True when the operator issues documents in fiat currency at all."""
        return self.invoicing != NO_INVOICING

    @property
    def self_billing(self) -> bool:
        """True when the operator also issues the providers' documents (self-billing)."""
        return self.invoicing == SELF_BILLING

    def vat_percent_on(self, date: datetime.date) -> Decimal | None:
        dated = in_force(self.vat, date)
        return dated.value if dated else None

    def in_force(self, date: datetime.date) -> list[tuple[Service, Dated]]:
        """The services offered on `date` with their tariff."""
        result = []
        for service in self.services.values():
            tariff = service.tariff_on(date)
            if tariff is not None:
                result.append((service, tariff))
        return result


def _history(f: Fields, key: str, value_key: str, what: str) -> tuple[Dated, ...]:
    raw = f.raw(key)
    if raw is None:
        f.error(key, f"is missing; list {what} with the date each applies from")
        return ()
    if not isinstance(raw, list) or not raw:
        f.error(key, f"should be a list of {{from: YYYY-MM-DD, {value_key}: number}}")
        return ()
    result: list[Dated] = []
    for index, item in enumerate(raw):
        line = item.line if isinstance(item, LineDict) else f.line_of(key)
        sub = Fields(item, f.filename, f.errors, f"{f.where}{key}[{index + 1}].", line)
        start = sub.date("from", required=True)
        value = sub.decimal(value_key, required=True)
        if value is not None and value < 0:
            sub.error(value_key, "cannot be negative")
            value = None
        sub.finish()
        if start is not None and value is not None:
            if result and start <= result[-1].start:
                sub.error(
                    "from",
                    f"{start} should come after {result[-1].start}: keep the list in date order",
                )
            result.append(Dated(start, value))
    return tuple(result)


def parse_menu(data: object, filename: str) -> tuple[MenuCard | None, list[YamlError]]:
    """Build the MenuCard from the loaded YAML of services.yaml."""
    errors: list[YamlError] = []
    f = Fields(data, filename, errors, line=1)

    community = f.sub("community")
    name = community.text("name", required=True)
    operator = community.text("operator", required=True)
    community.finish()

    c = f.sub("currency")
    code = c.text("code", required=True)
    if code is not None and not (code.isupper() and code.isalpha() and 2 <= len(code) <= 10):
        c.error("code", f'"{code}" should be 2 to 10 capital letters, like SIF')
        code = None
    fiat = c.text("fiat") or "EUR"
    decimals_raw = c.decimal("decimals")
    decimals = 2 if decimals_raw is None else int(decimals_raw)
    if decimals_raw is not None and (decimals_raw != decimals or not 0 <= decimals <= 6):
        c.error("decimals", "should be a whole number from 0 to 6")
    names = c.translations("names", LANGUAGES)
    invoicing, start, retention = _parse_invoicing(f)
    # Without invoicing a currency needs no value in fiat money (hours) and no VAT.
    optional = invoicing == NO_INVOICING
    values: tuple[Dated, ...] = ()
    if not optional or c.has("values"):
        values = _history(c, "values", "value", "the value of one unit in " + fiat)
    c.finish()

    vat: tuple[Dated, ...] = ()
    if not optional or f.has("vat"):
        vat = _history(f, "vat", "percent", "the VAT percentage")

    units: dict[str, dict[str, str]] = {}
    unit_fields = f.sub("units")
    for unit_id in unit_fields.data:
        if (problem := check_id(unit_id, "unit")) is not None:
            unit_fields.error(unit_id, problem)
        units[unit_id] = unit_fields.translations(unit_id, LANGUAGES, required=True)
    if not units:
        f.error("units", "is missing; name each unit per language, e.g. session: {nl: sessie}")

    services: dict[str, Service] = {}
    raw_services = f.raw("services")
    if not isinstance(raw_services, list) or not raw_services:
        f.error("services", "should be a list of services, each starting with `- id: ...`")
        raw_services = []
    for index, item in enumerate(raw_services):
        line = item.line if isinstance(item, LineDict) else f.line_of("services")
        s = Fields(item, filename, errors, f"services[{index + 1}].", line)
        service = _parse_service(s, units, decimals)
        if service is None:
            continue
        if service.id in services:
            s.error(
                "id", f'the service "{service.id}" is listed twice; give each service its own id'
            )
            continue
        services[service.id] = service
    alerts = _parse_alerts(f)
    credit_limits = parse_credit_limits(f)
    f.finish()

    if errors or name is None or operator is None or code is None:
        return None, errors
    currency = Currency(code, fiat, decimals, names or {"nl": code}, values)
    menu = MenuCard(
        name,
        operator,
        currency,
        vat,
        units,
        services,
        filename,
        start,
        alerts,
        community.line_of("operator"),
        credit_limits,
        invoicing,
        RETENTION_YEARS if retention is None else retention,
    )
    return menu, errors


def _parse_invoicing(f: Fields) -> tuple[str, datetime.date | None, int | None]:
    """`invoicing:`: which documents, from which month, kept how long.

    The fields are `documents`, `start` and `retention_years`; `invoicing: none`
    is short for `invoicing: {documents: none}`.
    """
    if isinstance(f.raw("invoicing"), str):
        mode = f.choice("invoicing", INVOICING)
        return mode or SELF_BILLING, None, None
    invoicing = f.sub("invoicing")
    mode = invoicing.choice("documents", INVOICING) or SELF_BILLING
    start = invoicing.date("start")
    if start is not None and start.day != 1:
        invoicing.error("start", "should be the first day of a month, like 2026-07-01")
    retention = invoicing.decimal("retention_years", positive=True)
    if retention is not None and retention != retention.to_integral_value():
        invoicing.error("retention_years", f"{retention} should be a whole number of years")
        retention = None
    invoicing.finish()
    return mode, start, None if retention is None else int(retention)


def _parse_alerts(f: Fields) -> DebtThresholds | None:
    if not f.has("alerts"):
        return None
    a = f.sub("alerts")
    debt_sif = a.decimal("debt_sif", positive=True)
    days = a.decimal("debt_days")
    if days is not None and (days != int(days) or days < 0):
        a.error("debt_days", f"{days} should be a whole number of days, 0 or more")
        days = None
    given = isinstance(f.raw("alerts"), dict)  # else Fields said it is no mapping
    if given and not a.has("debt_sif") and not a.has("debt_days"):
        a.error(None, "give debt_sif, debt_days or both, like {debt_sif: 10, debt_days: 180}")
    a.finish()
    if debt_sif is None and days is None:
        return None
    return DebtThresholds(debt_sif, None if days is None else int(days))


def _parse_service(s: Fields, units: dict[str, dict[str, str]], decimals: int) -> Service | None:
    service_id = s.text("id", required=True)
    if service_id is not None and (problem := check_id(service_id, "service")) is not None:
        s.error("id", problem)
        service_id = None
    names = s.translations("name", LANGUAGES, required=True)
    descriptions = s.translations("description", LANGUAGES)
    unit = s.choice("unit", units, required=True)
    flow = s.choice("flow", FLOWS, required=True)
    tariffs = _history(s, "tariffs", "sif", "the tariff in the community currency per unit")
    for tariff in tariffs:
        if tariff.value.as_tuple().exponent < -decimals:  # type: ignore[operator]
            s.error("tariffs", f"{tariff.value} has more than {decimals} decimals")
    until = s.date("until")
    s.finish()
    if service_id is None or not names or unit is None or flow is None or not tariffs:
        return None
    return Service(service_id, names, descriptions, unit, flow, tariffs, until, s.line)


def load_menu(path: Path) -> tuple[MenuCard | None, list[YamlError]]:
    """Load services.yaml."""
    if not path.is_file():
        return None, [
            YamlError(source(str(path), 0), "the menu card services.yaml is missing", None)
        ]
    data, errors = load_yaml(path)
    if errors:
        return None, errors
    return parse_menu(data, str(path))


class MenuError(SifException):
    """services.yaml cannot be used; `errors` says where and why."""

    def __init__(self, errors: Sequence[Any]) -> None:
        super().__init__("services.yaml has errors; fix them first (see above)")
        self.errors = errors


def require_menu(menu: MenuCard | None, errors: Sequence[Any]) -> MenuCard:
    """The menu card, or MenuError with `errors` when services.yaml could not be read."""
    if menu is None:
        raise MenuError(errors)
    return menu


class NoInvoicingError(SifException):
    """The community issues no invoices (`invoicing: none`), so the command has nothing to do."""


def require_invoicing(menu: MenuCard | None) -> None:
    """Raise NoInvoicingError when the menu card says the community does not invoice."""
    if menu is not None and not menu.invoices:
        raise NoInvoicingError(
            f"{menu.name} does not invoice (services.yaml: invoicing: none), so there are "
            "no invoices, VAT or payments to work with. Trades, balances, statements and "
            "the site work without them; to issue invoices, set invoicing in services.yaml "
            "(see docs/reference/community.md)."
        )
