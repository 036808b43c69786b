"""`sif balances`, `sif services` and `sif fmt`: reading and tidying the books."""

from __future__ import annotations

import contextlib
import datetime
import sys
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from sif.cli.base import (
    DATE,
    FORMATS,
    emit,
    load,
    local_today,
    main,
    write_lock,
)
from sif.i18n import _
from sif.model.members import LANGUAGES

if TYPE_CHECKING:
    pass


@main.command()
@click.option("--as-of", type=DATE, help="Balances at the end of this day (default: today).")
@click.option(
    "--format", "fmt", type=FORMATS, default="table", show_default=True, help="Output format."
)
@click.pass_obj
def balances(root: Path, as_of: datetime.date | None, fmt: str) -> None:
    """Each member's balance in the community currency.

    The table says who owes whom in words ("owes 4.83 SIF", "is owed 4.83
    SIF"). JSON and CSV keep one sign in balance, with the currency's code in
    currency: > 0 the member owes, < 0 the member is owed.
    debt_age_days: how long the oldest part not yet paid back has been owed
    (first in, first out); empty when the member owes nothing. With credit
    limits in services.yaml, credit_limit is the member's hard limit (or soft,
    without a hard one) and room what they may still receive before it.
    """
    from sif.model.menu import require_menu
    from sif.reports.balances import balances_report

    books = load(root)
    menu = require_menu(books.community.menu, books.errors)
    if books.errors:
        click.echo(
            f"Warning: the books have {len(books.errors)} error(s); run `sif check`. "
            "These balances may be wrong.",
            err=True,
        )
    code = menu.currency.code
    rows = []
    for b in balances_report(books, as_of or local_today()):
        row: dict[str, Any] = {
            "member": b.member,
            "name": b.name or None,
            "currency": code,
            "balance": str(b.balance),
            "position": _owes(b.balance, code),
            "given": str(b.given),
            "received": str(b.received),
            "last_activity": b.last_activity.isoformat() if b.last_activity else None,
            "debt_age_days": b.debt_age_days,
        }
        if menu.credit_limits is not None:
            row["credit_limit"] = _text(b.limit)
            row["room"] = _text(b.room)
        rows.append(row)
    columns = [
        "member",
        *(["position"] if fmt == "table" else ["currency", "balance"]),
        "given",
        "received",
        "last_activity",
        "debt_age_days",
    ]
    if menu.credit_limits is not None:
        columns += ["credit_limit", "room"]
    if fmt == "json":
        rows = [{k: v for k, v in row.items() if k != "position"} for row in rows]
    emit(rows, columns if fmt != "json" else list(rows[0]) if rows else columns, fmt)


def _text(amount: Decimal | None) -> str | None:
    return None if amount is None else str(amount)


def _owes(balance: Decimal, unit: str) -> str:
    """A balance in words: "owes 4.83 SIF", "is owed 4.83 SIF", "owes nothing"."""
    if balance > 0:
        return f"owes {balance} {unit}"
    if balance < 0:
        return f"is owed {-balance} {unit}"
    return "owes nothing"


@main.command()
@click.option("--on", "on", type=DATE, help="The menu card in force on this day (default: today).")
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default="nl",
    show_default=True,
    help="Language of the service names.",
)
@click.option(
    "--format", "fmt", type=FORMATS, default="table", show_default=True, help="Output format."
)
@click.pass_obj
def services(root: Path, on: datetime.date | None, lang: str, fmt: str) -> None:
    """The menu card: each service, its unit and its tariff in SIF and EUR."""
    from sif.model.menu import load_menu, require_menu
    from sif.paths import MENU_FILE
    from sif.reports.services import service_rows

    menu = require_menu(*load_menu(root / MENU_FILE))
    day = on or local_today()
    value = menu.currency.value_on(day)
    rows = [
        {
            "service": row.service,
            "name": row.name,
            "unit": row.unit,
            "flow": row.flow,
            "sif": str(row.sif),
            "eur_excl_vat": _text(row.eur_excl_vat),
            "vat_percent": _text(row.vat_percent),
            "eur_incl_vat": _text(row.eur_incl_vat),
            "valid_from": row.valid_from.isoformat(),
        }
        for row in service_rows(menu, day, lang)
    ]
    if fmt == "table" and value is None:
        click.echo(f"Menu card on {day}, in {menu.currency.code} (no value in money)")
    elif fmt == "table":
        click.echo(
            f"Menu card on {day}: 1 {menu.currency.code} = {value} {menu.currency.fiat} excl. VAT"
        )
    emit(rows, list(rows[0]) if rows else ["service"], fmt)


@main.command("fmt")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if a file is not in form.")
@click.option("--diff", "show_diff", is_flag=True, help="Show what would change, as a diff.")
@click.pass_obj
def fmt(root: Path, files: tuple[Path, ...], check: bool, show_diff: bool) -> None:
    """Write the ledger files in their canonical form (whitespace only).

    FILES default to the ledger files people write: ledger/*.beancount and
    ledger/trades/. Issued documents (ledger/documents/) are never touched.
    The layout is that of a trade in README.md and of `sif record`; comments
    stay. Every change is proved harmless: the file must parse to the same
    entries and comments, or it is left alone.
    """
    import difflib

    from sif.ledger.fmt import format_files, ledger_files, skip_reason

    paths = []
    for path in files or ledger_files(root):
        reason = skip_reason(path, root)
        if reason is None:
            paths.append(path)
        else:
            click.echo(_("{path}: skipped, {reason}").format(path=path, reason=reason), err=True)
    with write_lock(root, "fmt") if not check else contextlib.nullcontext():
        results = format_files(paths, write=not check)
    changed = [r for r in results if r.changed]
    for result in changed:
        shown = result.path.resolve()
        name = str(shown.relative_to(root)) if shown.is_relative_to(root) else str(result.path)
        if show_diff:
            click.echo(
                "".join(
                    difflib.unified_diff(
                        result.before.splitlines(keepends=True),
                        result.after.splitlines(keepends=True),
                        f"{name} (now)",
                        f"{name} (formatted)",
                    )
                ),
                nl=False,
            )
        click.echo(
            (_("Would reformat {name}") if check else _("Reformatted {name}")).format(name=name)
        )
    unchanged = len(results) - len(changed)
    if check and changed:
        click.echo(
            _("{changed} file(s) not in form, {unchanged} in form: run `sif fmt`.").format(
                changed=len(changed), unchanged=unchanged
            ),
            err=True,
        )
        sys.exit(1)
    done = (
        _("{changed} file(s) would be reformatted, {unchanged} already in form.")
        if check
        else _("{changed} file(s) reformatted, {unchanged} already in form.")
    )
    click.echo(done.format(changed=len(changed), unchanged=unchanged))
