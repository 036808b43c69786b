"""The `sif` command: keep the books of a knowledge-exchange currency.

Each command parses its options, calls one library function, prints, and sets
the exit code. Heavy imports happen inside the commands.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from sif import __version__

if TYPE_CHECKING:
    from sif.ledger.books import Books


class BooksError(click.ClickException):
    """The books could not be read or changed; the message says why."""


def _today() -> datetime.date:
    return datetime.date.today()  # noqa: DTZ011 (the books use local dates)


class DateType(click.ParamType[datetime.date]):
    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: Any, ctx: Any) -> datetime.date:
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            self.fail(
                f"{value!r} is not a date; write it as YYYY-MM-DD, like 2026-03-12", param, ctx
            )


class DecimalType(click.ParamType[Decimal]):
    name = "NUMBER"

    def convert(self, value: Any, param: Any, ctx: Any) -> Decimal:
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            self.fail(f"{value!r} is not a number", param, ctx)
        if not number.is_finite():
            self.fail(f"{value!r} is not a number", param, ctx)
        return number


DATE = DateType()
DECIMAL = DecimalType()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    envvar="SIF_ROOT",
    show_default=True,
    help="The books' folder: the one holding ledger/, members/ and services.yaml.",
)
@click.version_option(__version__, prog_name="sif")
@click.pass_context
def main(ctx: click.Context, root: Path) -> None:
    """Keep the books of the SIF, the knowledge-exchange currency.

    Every service delivered in the network is a trade in ledger/trades/;
    members are described in members/, the tariffs in services.yaml.
    Start with `sif check`, then `sif balances`.
    """
    ctx.obj = root.resolve()


def _load(root: Path) -> Books:
    from sif.ledger.books import BooksNotFoundError, load_books

    try:
        return load_books(root)
    except BooksNotFoundError as exc:
        raise BooksError(str(exc)) from exc


def _print_errors(errors: list[Any], root: Path) -> None:
    from sif.ledger.books import format_error, sorted_errors

    for error in sorted_errors(errors, root):
        click.echo(format_error(error, root), err=True)
        click.echo(err=True)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_obj
def check(root: Path, as_json: bool) -> None:
    """Check the books: member files, concepts, menu card and every trade.

    Prints each problem as `file:line: what is wrong, and what to do`, and
    exits with 1 if there is any.
    """
    from sif.ledger.books import error_json, sorted_errors
    from sif.ledger.trades import iter_trades

    books = _load(root)
    community = books.community
    menu = community.menu
    trades = sum(1 for _ in iter_trades(books.entries, menu.currency.code)) if menu else 0
    counts = {
        "members": len(community.members),
        "concepts": len(community.concepts),
        "services": len(menu.services) if menu else 0,
        "trades": trades,
    }
    errors = sorted_errors(books.errors, root)
    if as_json:
        result = {
            "ok": not errors,
            "counts": counts,
            "errors": [error_json(error, root) for error in errors],
        }
        click.echo(json.dumps(result, indent=2))
    else:
        _print_errors(errors, root)
        summary = ", ".join(f"{n} {what}" for what, n in counts.items())
        if errors:
            click.echo(f"{len(errors)} error(s) in the books ({summary}).", err=True)
        else:
            click.echo(f"The books are in order: {summary}.")
    if errors:
        sys.exit(1)


@main.command()
@click.argument("service")
@click.option("--date", "date", type=DATE, required=True, help="Day the service was delivered.")
@click.option(
    "--provider",
    "providers",
    multiple=True,
    metavar="ID",
    help="Who delivered (repeat for several).",
)
@click.option(
    "--recipient",
    "recipients",
    multiple=True,
    metavar="ID",
    help="Who received (repeat for several).",
)
@click.option("--quantity", type=DECIMAL, default="1", show_default=True, help="Number of units.")
@click.option("--concept", metavar="ID", help="The concept the service was for.")
@click.option("--note", help="A short description (default: the service's name).")
@click.pass_obj
def record(
    root: Path,
    service: str,
    date: datetime.date,
    providers: tuple[str, ...],
    recipients: tuple[str, ...],
    quantity: Decimal,
    concept: str | None,
    note: str | None,
) -> None:
    """Record one service delivered, valued from the menu card.

    SERVICE is an id from `sif services`. The trade is checked with the whole
    ledger before it is written to ledger/trades/YYYY-MM.beancount; if it would
    not pass, nothing is written and the errors say why. For a service the
    Fabriek sells (workshop) or buys (article), it is the implied provider or
    recipient; name it by its id otherwise.

    Example: sif record strengthening-session --date 2026-03-12
    --provider an-claes --recipient de-buurtkeuken --concept repair-cafe-genk
    """
    from sif.ledger.books import BooksNotFoundError
    from sif.ledger.record import RecordError, RecordRejectedError, TradeRequest, record_trade

    request = TradeRequest(service, date, providers, recipients, quantity, concept, note)
    try:
        path, text = record_trade(root, request)
    except RecordRejectedError as exc:
        _print_errors(exc.errors, root)
        raise BooksError(f"{exc}; nothing was written") from exc
    except (RecordError, BooksNotFoundError) as exc:
        raise BooksError(f"{exc}; nothing was written") from exc
    click.echo(text.rstrip("\n"))
    click.echo(f"Recorded in {path.relative_to(root)}.")


@main.group()
def member() -> None:
    """Members of the network (files in members/)."""


@member.command("add")
@click.option(
    "--id", "member_id", help="File name, lowercase with dashes (default: from the name)."
)
@click.option("--name", prompt="Name", help="Full name, as on documents.")
@click.option(
    "--kind", type=click.Choice(["person", "organisation"]), prompt="Kind (person/organisation)"
)
@click.option(
    "--legal-form",
    help="For organisations: vzw, cooperative, company, foundation, public-body, ...",
)
@click.option(
    "--role",
    "roles",
    multiple=True,
    help="innovator, coach, facilitator, funder, researcher, other.",
)
@click.option("--expertise", multiple=True, help="An expertise tag, like marketing (repeatable).")
@click.option(
    "--language", "languages", multiple=True, help="nl, fr or en; the first is used for documents."
)
@click.option("--email", help="E-mail address.")
@click.option("--phone", help="Phone number.")
@click.option("--street", help="Street and number.")
@click.option("--postcode", help="Postal code.")
@click.option("--city", help="Municipality.")
@click.option("--country", default="BE", show_default=True, help="Two-letter country code.")
@click.option(
    "--vat-status",
    type=click.Choice(["registered", "small-enterprise", "not-taxable"]),
    prompt="VAT status (registered/small-enterprise/not-taxable)",
)
@click.option("--vat-number", help="Belgian enterprise or VAT number.")
@click.option("--iban", help="Bank account (IBAN).")
@click.option("--peppol", help="Peppol id, like 0208:0412345678.")
@click.option("--joined", type=DATE, help="First day of membership (default: today).")
@click.option(
    "--publish", multiple=True, help="A field the member consents to publish (repeatable)."
)
@click.pass_obj
def member_add(root: Path, /, member_id: str | None, **fields: Any) -> None:
    """Create a member file that passes the checks.

    Asks for the name, kind and VAT status when they are not given.
    """
    from sif.model.newmember import (
        InvalidMemberError,
        MemberExistsError,
        add_member,
        member_yaml,
        slugify,
    )

    member_id = member_id or slugify(fields["name"])
    fields["joined"] = fields["joined"] or _today()
    fields["languages"] = fields["languages"] or ("nl",)
    text = member_yaml(**fields)
    try:
        path, _ = add_member(root, member_id, text)
    except MemberExistsError as exc:
        raise BooksError(str(exc)) from exc
    except InvalidMemberError as exc:
        _print_errors(exc.errors, root)
        raise BooksError("the member was not added; nothing was written") from exc
    click.echo(f"Added {path.relative_to(root)}. Check it, then commit it.")


FORMATS = click.Choice(["table", "json", "csv"])


def _table(rows: list[dict[str, Any]], columns: list[str]) -> str:
    cells = [[("" if row[c] is None else str(row[c])) for c in columns] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    for r in cells:
        lines.append("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip())
    return "\n".join(lines)


def _emit(rows: list[dict[str, Any]], columns: list[str], fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, default=str))
    elif fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(
            out, fieldnames=columns, extrasaction="ignore", lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows(rows)
        click.echo(out.getvalue(), nl=False)
    else:
        click.echo(_table(rows, columns))


@main.command()
@click.option("--as-of", type=DATE, help="Balances at the end of this day (default: today).")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_obj
def balances(root: Path, as_of: datetime.date | None, fmt: str) -> None:
    """Each member's balance in the community currency.

    balance_sif > 0: the member owes SIF; < 0: the member is owed SIF.
    debt_age_days: how long the oldest SIF not yet paid back has been owed
    (first in, first out); empty when the member owes nothing.
    """
    from sif.ledger.balances import compute_balances

    books = _load(root)
    if books.community.menu is None:
        _print_errors(books.errors, root)
        raise BooksError("services.yaml has errors; fix them first (see above)")
    if books.errors:
        click.echo(
            f"Warning: the books have {len(books.errors)} error(s); run `sif check`. "
            "These balances may be wrong.",
            err=True,
        )
    rows = []
    code = books.community.menu.currency.code
    quantum = books.community.menu.currency.quantum
    for b in compute_balances(books.entries, books.community, as_of or _today()):
        member = books.community.members.get(b.member)
        rows.append(
            {
                "member": b.member,
                "name": member.name if member else None,
                "currency": code,
                "balance_sif": str(b.balance.quantize(quantum)),
                "given_sif": str(b.given.quantize(quantum)),
                "received_sif": str(b.received.quantize(quantum)),
                "last_activity": b.last_activity.isoformat() if b.last_activity else None,
                "debt_age_days": b.debt_age_days,
            }
        )
    columns = [
        "member",
        "balance_sif",
        "given_sif",
        "received_sif",
        "last_activity",
        "debt_age_days",
    ]
    _emit(rows, columns if fmt != "json" else list(rows[0]) if rows else columns, fmt)


@main.command()
@click.option("--on", "on", type=DATE, help="The menu card in force on this day (default: today).")
@click.option("--lang", type=click.Choice(["nl", "fr", "en"]), default="nl", show_default=True)
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_obj
def services(root: Path, on: datetime.date | None, lang: str, fmt: str) -> None:
    """The menu card: each service, its unit and its tariff in SIF and EUR."""
    from sif.model.community import MENU_FILE
    from sif.model.menu import load_menu

    menu, errors = load_menu(root / MENU_FILE)
    if menu is None:
        _print_errors(errors, root)
        raise BooksError("services.yaml has errors; fix them first (see above)")
    day = on or _today()
    value = menu.currency.value_on(day)
    vat = menu.vat_percent_on(day)
    cent = Decimal("0.01")
    rows = []
    for service, tariff in menu.in_force(day):
        excl = (tariff.value * value).quantize(cent) if value is not None else None
        incl = (
            (excl * (1 + vat / 100)).quantize(cent)
            if excl is not None and vat is not None
            else None
        )
        rows.append(
            {
                "service": service.id,
                "name": service.name(lang),
                "unit": menu.units.get(service.unit, {}).get(lang, service.unit),
                "flow": service.flow,
                "sif": str(tariff.value),
                "eur_excl_vat": str(excl) if excl is not None else None,
                "vat_percent": str(vat) if vat is not None else None,
                "eur_incl_vat": str(incl) if incl is not None else None,
                "valid_from": tariff.start.isoformat(),
            }
        )
    if fmt == "table":
        click.echo(
            f"Menu card on {day}: 1 {menu.currency.code} = {value} {menu.currency.fiat} excl. VAT"
        )
    _emit(rows, list(rows[0]) if rows else ["service"], fmt)
