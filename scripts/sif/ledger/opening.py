"""Going live: opening balances from the community's previous system, from CSV.

Two files, either or both, as the previous system can export them:

    balances.csv                         documents.csv
    member,balance                       member,document,date,due,amount,side
    an-claes,4.50                        an-claes,F-2026-117,2026-06-30,2026-07-30,121.00,receivable
    de-buurtkeuken,-2.00                 atelier-soleil,AF-2026-88,2026-06-30,,50.00,payable
    fabriek,-2.50

* `balance` is the member's balance in the community currency on the go-live
  date, positive when they owe (as `sif balances` shows it). The balances of
  all members, the operator's included, sum to zero: a trade moves currency
  from one member to another, so they always do.
* Each document is one that is still open in euro: `receivable` when the member
  owes the operator, `payable` when the operator owes the member; `amount` is
  what is still open, `due` may be empty.

`import_opening` books them, dated the go-live date, in
`ledger/opening/<date>.beancount`: one transaction for the currency balances
(metadata `opening: "balances"`), and one per open document against
`Equity:Opening-Balances`, with the document's number as link. It refuses the
whole import on any bad row (file:line, what to do) and writes nothing; after
writing it loads the books and reads the totals back, and puts everything back
if the books would have an error.
"""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from beancount.core import data

from sif.errors import SifException
from sif.fsutil import atomic_write
from sif.ledger.accounts import PAYABLES, RECEIVABLES, member_account, member_of
from sif.ledger.books import load_books
from sif.ledger.rules import OPENING
from sif.ledger.syntax import quote
from sif.model.community import load_community
from sif.model.errors import did_you_mean
from sif.paths import LEDGER_DIR, LEDGER_MAIN, OPENING_DIR

OPENING_INCLUDE = 'include "opening/*.beancount"'
EQUITY = "Equity:Opening-Balances"
SIDES = {"receivable": RECEIVABLES, "payable": PAYABLES}


class OpeningError(SifException):
    """The opening balances cannot be imported; `problems` lists each, nothing was written."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problem(s); nothing was written")
        self.problems = problems
        self.details = problems


@dataclass(frozen=True)
class OpeningReport:
    """What was imported, read back from the books.

    Attributes:
      path: The ledger file written.
      members: Members with a balance.
      owed: The sum of the positive balances (what members owe), from the CSV.
      owed_booked: The same, read back from the loaded books.
      receivable: Open receivables in euro, from the CSV and read back.
      payable: Open payables in euro, from the CSV and read back.
      documents: Open documents booked.
    """

    path: Path
    members: int
    owed: Decimal
    owed_booked: Decimal
    receivable: tuple[Decimal, Decimal]
    payable: tuple[Decimal, Decimal]
    documents: int


def _rows(
    path: Path, columns: tuple[str, ...], problems: list[str]
) -> list[tuple[int, dict[str, str]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{path}: cannot be read ({exc})")
        return []
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in columns if c not in (reader.fieldnames or [])]
    if missing:
        problems.append(
            f"{path}:1: the header lacks {', '.join(missing)}; it must be {','.join(columns)}"
        )
        return []
    return [(number, row) for number, row in enumerate(reader, start=2)]


def _amount(text: str | None, where: str, decimals: int, problems: list[str]) -> Decimal | None:
    try:
        value = Decimal((text or "").strip())
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or abs(value) >= Decimal(10) ** 12:
        problems.append(f'{where}: "{text}" is not an amount; write it like 12.50')
        return None
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > decimals:
        problems.append(f'{where}: "{text}" has more than {decimals} decimals')
        return None
    return value


def import_opening(
    root: Path, date: datetime.date, balances: Path | None, documents: Path | None
) -> OpeningReport:
    """Book the opening balances of `balances` and `documents` (CSV) on `date`.

    Raises:
      OpeningError: A row is wrong, the balances do not sum to zero, the date
        was imported before, or the books would have errors; nothing written.
    """
    community = load_community(root)
    menu = community.menu
    if menu is None:
        raise OpeningError(["services.yaml has errors; run `sif check` and fix them first"])
    if balances is None and documents is None:
        raise OpeningError(["give --balances FILE, --documents FILE or both"])
    code, fiat, decimals = menu.currency.code, menu.currency.fiat, menu.currency.decimals
    path = root / LEDGER_DIR / OPENING_DIR / f"{date.isoformat()}.beancount"
    problems: list[str] = []
    if path.exists():
        problems.append(f"{path.relative_to(root)}: opening balances of {date} are booked already")

    def member(text: str | None, where: str) -> str | None:
        member_id = (text or "").strip()
        if member_id not in community.members:
            problems.append(
                f'{where}: no member "{member_id}" in members/; add the member file first.'
                + did_you_mean(member_id, community.members)
            )
            return None
        return member_id

    lines = [
        f"; Opening balances on {date}, imported by `sif opening import` from the previous system.",
        "; Never edited by hand: see docs/staff/going-live.md.",
        "",
    ]
    postings: dict[str, Decimal] = {}
    if balances is not None:
        for number, row in _rows(balances, ("member", "balance"), problems):
            where = f"{balances}:{number}"
            member_id = member(row.get("member"), where)
            value = _amount(row.get("balance"), where, decimals, problems)
            if member_id is None or value is None:
                continue
            if member_id in postings:
                problems.append(f'{where}: "{member_id}" is listed twice; keep one line')
            elif value:
                postings[member_id] = value
        total = sum(postings.values(), Decimal(0))
        if total and not problems:
            problems.append(
                f"{balances}: the balances sum to {total:f} {code}, not 0: every trade moves "
                f"{code} from one member to another; include the operator ({menu.operator})"
            )
    open_docs: list[tuple[str, str, datetime.date, datetime.date | None, Decimal, str]] = []
    if documents is not None:
        columns = ("member", "document", "date", "due", "amount", "side")
        seen: set[str] = set()
        for number, row in _rows(documents, columns, problems):
            where = f"{documents}:{number}"
            member_id = member(row.get("member"), where)
            value = _amount(row.get("amount"), where, 2, problems)
            number_text = (row.get("document") or "").strip()
            side = (row.get("side") or "").strip()
            issued = due = None
            try:
                issued = datetime.date.fromisoformat((row.get("date") or "").strip())
                due_text = (row.get("due") or "").strip()
                due = datetime.date.fromisoformat(due_text) if due_text else None
            except ValueError:
                problems.append(f"{where}: write the dates as YYYY-MM-DD")
            if not number_text or number_text in seen or '"' in number_text:
                problems.append(
                    f'{where}: the document number "{number_text}" is empty, repeated or has a quote'
                )
            seen.add(number_text)
            if side not in SIDES:
                problems.append(f'{where}: side "{side}" must be receivable or payable')
            if value is not None and value <= 0:
                problems.append(f"{where}: the open amount must be more than 0")
            if issued is not None and issued > date:
                problems.append(f"{where}: the document is dated after the go-live date {date}")
            if member_id and value and value > 0 and issued and side in SIDES and number_text:
                open_docs.append((member_id, number_text, issued, due, value, side))
    if problems:
        raise OpeningError(problems)

    if postings:
        lines += [f"{date} * {quote(f'Openingsbalans {code}')}", f'  {OPENING}: "balances"']
        lines += [
            f"  {member_account(m)}  {v:.{decimals}f} {code}" for m, v in sorted(postings.items())
        ]
        lines.append("")
    if open_docs:
        lines += [f"{date} open {EQUITY} {fiat}", ""]
    for member_id, number_text, issued, due, value, side in open_docs:
        link = "".join(c if c.isalnum() or c in "-_./" else "-" for c in number_text)
        lines += [
            f"{date} * {quote(f'Openstaand document {number_text} van {issued} (vorig systeem)')} ^open-{link}",
            f'  {OPENING}: "document"',
            f"  document: {quote(number_text)}",
        ]
        if due is not None:
            lines.append(f"  due: {due}")
        sign = 1 if side == "receivable" else -1
        lines += [
            f"  {SIDES[side]}:{member_account(member_id).rsplit(':', 1)[1]}  {sign * value:.2f} {fiat}",
            f"  {EQUITY}  {-sign * value:.2f} {fiat}",
            "",
        ]
    main = root / LEDGER_MAIN
    main_text = main.read_text(encoding="utf-8")
    try:
        atomic_write(path, "\n".join(lines).rstrip("\n") + "\n")
        if OPENING_INCLUDE not in main_text:
            atomic_write(
                main,
                main_text.rstrip("\n")
                + f"\n; Opening balances from the previous system (sif opening import).\n{OPENING_INCLUDE}\n",
            )
        books = load_books(root)
        if books.errors:
            raise OpeningError(
                [
                    f"{e.source.get('filename')}:{e.source.get('lineno')}: {e.message}"
                    for e in books.errors[:20]
                ]
            )
    except BaseException:
        path.unlink(missing_ok=True)
        atomic_write(main, main_text)
        raise
    booked: dict[str, Decimal] = {}
    eur = {"receivable": Decimal(0), "payable": Decimal(0)}
    for entry in books.entries:
        if not isinstance(entry, data.Transaction) or entry.meta.get(OPENING) is None:
            continue
        for posting in entry.postings:
            units = posting.units
            if units is None or units.number is None:
                continue
            if member_of(posting.account) and units.currency == code:
                booked[posting.account] = booked.get(posting.account, Decimal(0)) + units.number
            elif posting.account.startswith(RECEIVABLES + ":"):
                eur["receivable"] += units.number
            elif posting.account.startswith(PAYABLES + ":"):
                eur["payable"] -= units.number
    csv_eur = {side: sum((d[4] for d in open_docs if d[5] == side), Decimal(0)) for side in SIDES}
    return OpeningReport(
        path,
        len(postings),
        sum((v for v in postings.values() if v > 0), Decimal(0)),
        sum((v for v in booked.values() if v > 0), Decimal(0)),
        (csv_eur["receivable"], eur["receivable"]),
        (csv_eur["payable"], eur["payable"]),
        len(open_docs),
    )
