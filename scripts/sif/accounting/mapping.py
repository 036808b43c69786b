"""Account numbers for the accountant: the books' EUR accounts in the Belgian chart (PCMN/MAR).

Every EUR account of the ledger gets a number of the accountant's chart. The
defaults follow the minimum standard chart (PCMN / MAR); staff change or add
numbers in `accounting.yaml` next to services.yaml, which is optional::

    # accounting.yaml: account numbers for `sif export`
    accounts:
      Income:Services: {number: "700100", name: Omzet kennisruil}
      Assets:Bank: {number: "550100", name: KBC zichtrekening}
    clearing: {number: "580000", name: SIF-verrekening}

A ledger account takes the number of its longest mapped prefix, so every
member's receivable (`Assets:Receivables:<Id>`) books to the customers'
account 400000 with the member as the counterparty. `clearing` is the transit
account through which a set-off of a member's invoice against their
self-billed document passes in the journal (see docs/accounting/).

`sif check` reports an EUR account that has no number; `sif export` refuses
to run until it has one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from beancount.core import data

from sif.model.errors import SifError, YamlError
from sif.model.yamlio import Fields, load_yaml
from sif.paths import MAPPING_FILE

_NUMBER = re.compile(r"^[0-9]{2,10}$")
_ACCOUNT = re.compile(r"^(Assets|Liabilities|Equity|Income|Expenses)(:[A-Z0-9][A-Za-z0-9-]*)*$")


class MappingError(SifError):
    """An EUR account of the ledger has no number in the accountant's chart."""


@dataclass(frozen=True)
class ChartAccount:
    """An account of the accountant's chart.

    Attributes:
      number: The account number, digits only ("400000").
      name: Its name in the chart.
    """

    number: str
    name: str


#: The defaults: Beancount account (or prefix) -> account of the Belgian standard chart.
DEFAULTS: dict[str, ChartAccount] = {
    "Assets:Receivables": ChartAccount("400000", "Handelsvorderingen: klanten"),
    "Liabilities:Payables": ChartAccount("440000", "Leveranciers"),
    "Liabilities:VAT:Due": ChartAccount("451000", "Te betalen btw"),
    "Assets:VAT:Deductible": ChartAccount("411000", "Terug te vorderen btw"),
    "Income:Services": ChartAccount("700000", "Omzet: diensten"),
    "Expenses:Services": ChartAccount("610000", "Diensten en diverse goederen"),
    "Assets:Bank": ChartAccount("550000", "Bank: zichtrekening"),
    # The counterpart of the opening balances that `sif opening import` books from
    # the previous system: a suspense account the accountant clears against the
    # balances already in the package.
    "Equity:Opening-Balances": ChartAccount("499000", "Wachtrekening: openingsbalansen"),
}
#: The clearing account of set-offs, named after the community currency.
CLEARING_NUMBER, CLEARING_NAME = "580000", "{code}-verrekening (interne overboekingen)"


def default_clearing(code: str) -> ChartAccount:
    """The default clearing account: "SIF-verrekening (interne overboekingen)" for the SIF."""
    return ChartAccount(CLEARING_NUMBER, CLEARING_NAME.format(code=code))


@dataclass(frozen=True)
class Mapping:
    """The chart used for the export.

    Attributes:
      accounts: Beancount account or prefix -> chart account (defaults, then the file).
      clearing: The transit account of set-offs.
      errors: Problems in accounting.yaml.
      filename: accounting.yaml, when there is one.
    """

    accounts: dict[str, ChartAccount]
    clearing: ChartAccount
    errors: list[YamlError] = field(default_factory=list)
    filename: str | None = None

    def lookup(self, account: str) -> ChartAccount | None:
        """The chart account of a ledger account: its own number, else its longest prefix's."""
        name = account
        while True:
            found = self.accounts.get(name)
            if found is not None:
                return found
            if ":" not in name:
                return None
            name = name.rsplit(":", 1)[0]


def _chart_account(f: Fields, key: str) -> ChartAccount | None:
    sub = f.sub(key)
    number = sub.text("number", required=True)
    name = sub.text("name", required=True)
    sub.finish()
    if number is not None and not _NUMBER.match(number):
        sub.error("number", f'"{number}" should be 2 to 10 digits, like "400000" (quote it)')
        return None
    if number is None or name is None:
        return None
    return ChartAccount(number, name)


def load_mapping(root: Path, code: str) -> Mapping:
    """The defaults (for the community currency `code`), changed by `accounting.yaml`
    below `root` when it exists."""
    path = root / MAPPING_FILE
    accounts = dict(DEFAULTS)
    if not path.is_file():
        return Mapping(accounts, default_clearing(code))
    loaded, errors = load_yaml(path)
    clearing = default_clearing(code)
    if not errors and loaded is not None:
        f = Fields(loaded, str(path), errors, line=1)
        table = f.sub("accounts")
        for key in list(table.data):
            if not _ACCOUNT.match(key):
                table.error(
                    key,
                    "is not a Beancount account name; write it as in the ledger, "
                    "like Income:Services",
                )
                table.seen.add(key)
                continue
            chart = _chart_account(table, key)
            if chart is not None:
                accounts[key] = chart
        if f.has("clearing"):
            clearing = _chart_account(f, "clearing") or clearing
        f.finish()
    return Mapping(accounts, clearing, errors, str(path))


def eur_accounts(entries: data.Directives, fiat: str = "EUR") -> dict[str, data.Open]:
    """The ledger's accounts that hold `fiat`, with their open directive."""
    opens: dict[str, data.Open] = {}
    used: set[str] = set()
    for entry in entries:
        if isinstance(entry, data.Open):
            opens.setdefault(entry.account, entry)
            if entry.currencies and fiat in entry.currencies:
                used.add(entry.account)
        elif isinstance(entry, data.Transaction):
            for posting in entry.postings:
                if posting.units is not None and posting.units.currency == fiat:
                    used.add(posting.account)
    return {account: opens[account] for account in sorted(used) if account in opens}


def mapping_errors(
    root: Path, entries: data.Directives, fiat: str = "EUR", code: str = ""
) -> list[SifError]:
    """accounting.yaml's problems, and each EUR account without a number (at its open)."""
    mapping = load_mapping(root, code)
    errors: list[SifError] = list(mapping.errors)
    for account, opened in eur_accounts(entries, fiat).items():
        if mapping.lookup(account) is None:
            errors.append(MappingError(opened.meta, unmapped_message(account), None))
    return errors


def unmapped_message(account: str) -> str:
    return (
        f"the {account} account has no number in the accountant's chart; add it to "
        f'{MAPPING_FILE} under "accounts", like `{account}: {{number: "...", name: ...}}`'
    )
