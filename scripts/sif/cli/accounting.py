"""`sif vat` and `sif export`: what the accountant files."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from sif.cli.base import BooksError, failing, invoicing_only, load, main, print_errors

if TYPE_CHECKING:
    from sif.ledger.books import Books


@main.command()
@click.option("--quarter", metavar="YYYYQn", help="The quarter, like 2026Q4.")
@click.option("--month", metavar="YYYY-MM", help="The month, like 2026-10 (monthly filers).")
@click.option(
    "--listing",
    metavar="YYYY",
    help="The annual client listing of this year instead of a return.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "intervat"]),
    default="table",
    show_default=True,
    help="intervat: the XML to upload in Intervat.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the Intervat XML to this file (default: standard output).",
)
@click.pass_obj
@invoicing_only
def vat(
    root: Path,
    quarter: str | None,
    month: str | None,
    listing: str | None,
    fmt: str,
    out: Path | None,
) -> None:
    """The amounts for the periodic VAT return grids of a quarter or month.

    Computed from the documents whose VAT is due in the period (by issue
    date; for services to private persons, when they were performed), and
    again from the ledger's VAT, turnover and purchase accounts: both must
    agree to the cent. With --format intervat, the return as Intervat XML
    (VATConsignment), with the operator's member file as declarant.

    With --listing YEAR: the annual client listing (ClientListingConsignment)
    of the Belgian customers with a VAT number invoiced at least EUR 250
    excluding VAT in the year; says who was left out and why.
    """
    from sif.model.period import PeriodError, parse_period

    chosen = [
        (name, value)
        for name, value in (("--quarter", quarter), ("--month", month), ("--listing", listing))
        if value
    ]
    if len(chosen) != 1:
        raise click.UsageError("give one of --quarter YYYYQn, --month YYYY-MM or --listing YYYY")
    option, text = chosen[0]
    try:
        period = parse_period(text)
    except PeriodError as exc:
        raise click.BadParameter(str(exc), param_hint=option) from exc
    wanted = {"--quarter": "quarter", "--month": "month", "--listing": "year"}[option]
    if period.kind != wanted:
        example = {"quarter": "2026Q4", "month": "2026-10", "year": "2026"}[wanted]
        raise click.BadParameter(
            f'"{text}" is not a {wanted}; write it like {example}', param_hint=option
        )
    books = load(root)
    if fmt == "intervat" and books.errors:
        print_errors(books.errors, root)
        raise BooksError("the books have errors (see above); fix them before filing with Intervat")
    with failing("{problem}\nNothing was written."):
        if listing:
            _vat_listing(books, period.year, fmt, out)
        else:
            _vat_return(books, period, fmt, out)


def _write_or_echo(content: bytes, out: Path | None) -> None:
    from sif.fsutil import atomic_write

    if out is None:
        click.echo(content.decode("utf-8"), nl=False)
    else:
        atomic_write(out, content)
        click.echo(f"Written: {out}", err=True)


def _operator(books: Books) -> Any:
    operator = books.community.operator
    if operator is None:
        raise BooksError('services.yaml names no operator member ("community.operator")')
    return operator


def _vat_return(books: Books, period: Any, fmt: str, out: Path | None) -> None:
    from sif.accounting.intervat import vat_return_xml
    from sif.documents.vat import vat_return_between

    result = vat_return_between(books.entries, period.start, period.end, books.community.members)
    if fmt == "intervat":
        if not result.reconciles:
            raise BooksError(
                f"{period.label}: the documents and the ledger's VAT accounts do not agree "
                "(see `sif vat` without --format); nothing was written"
            )
        content, notes = vat_return_xml(result, period, _operator(books))
        for note in notes:
            click.echo(f"Note: {note}", err=True)
        _write_or_echo(content, out)
        return
    from sif.model.countries import country

    operator = books.community.operator
    home_code = operator.address.country if operator and operator.address else "BE"
    grids = (
        country(home_code).vat_return == "be"
    )  # the only return with grids sif knows (countries.yaml)
    by_rate = [
        {"what": what, "percent": str(percent), "base": str(base), "vat": str(tax)}
        for (what, percent), (base, tax) in sorted(result.by_rate.items())
    ]
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    period.kind: period.label,
                    "start": result.start.isoformat(),
                    "end": result.end.isoformat(),
                    "documents": result.documents,
                    "grids": {k: str(v) for k, v in result.grids.items()} if grids else None,
                    "by_rate": by_rate,
                    "ledger": {k: str(v) for k, v in result.ledger.items()},
                    "reconciles": result.reconciles,
                },
                indent=2,
            )
        )
    elif grids:
        click.echo(
            f"VAT return {period.label} ({result.start} to {result.end}), "
            f"{result.documents} document(s)"
        )
        for grid, amount in result.grids.items():
            click.echo(f"  grid {grid}  {amount:>12}")
        click.echo("Ledger: " + "; ".join(f"{k} {v}" for k, v in result.ledger.items()))
        click.echo("Reconciles with the ledger: " + ("yes" if result.reconciles else "NO"))
    else:
        click.echo(
            f"VAT {period.label} ({result.start} to {result.end}), {result.documents} "
            f"document(s): a summary by rate. sif fills no VAT return grids for {home_code}; "
            "copy these amounts into your country's return."
        )
        for row in by_rate:
            click.echo(
                f"  {row['what']:<22} {row['percent']:>5}%  base {row['base']:>12}  "
                f"VAT {row['vat']:>12}"
            )
        click.echo("Ledger: " + "; ".join(f"{k} {v}" for k, v in result.ledger.items()))
        click.echo("Reconciles with the ledger: " + ("yes" if result.reconciles else "NO"))
    if not result.reconciles:
        sys.exit(1)


def _vat_listing(books: Books, year: int, fmt: str, out: Path | None) -> None:
    from sif.accounting.intervat import client_listing, client_listing_xml

    listing = client_listing(books.entries, books.community, year)
    left = sum(len(ids) for ids in listing.left_out.values())
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "year": year,
                    "clients": [
                        {
                            "member": c.member,
                            "vat_number": c.vat_number,
                            "turnover": str(c.turnover),
                            "vat": str(c.vat),
                        }
                        for c in listing.clients
                    ],
                    "turnover": str(listing.turnover),
                    "vat": str(listing.vat),
                    "left_out": listing.left_out,
                },
                indent=2,
            )
        )
        return
    if fmt == "intervat":
        content, notes = client_listing_xml(listing, _operator(books))
        for note in notes:
            click.echo(f"Note: {note}", err=True)
        _write_or_echo(content, out)
    else:
        click.echo(f"Client listing {year}: {len(listing.clients)} customer(s)")
        for c in listing.clients:
            click.echo(f"  {c.vat_number}  {c.member:<40} {c.turnover:>12} {c.vat:>10}")
        click.echo(f"  total{'':<46} {listing.turnover:>12} {listing.vat:>10}")
    to_stderr = fmt == "intervat"  # the XML owns stdout
    click.echo(
        f"{len(listing.clients)} customer(s) listed, {left} member(s) invoiced in {year} left out.",
        err=to_stderr,
    )
    for reason, ids in sorted(listing.left_out.items()):
        click.echo(f"  Left out, {reason}: {len(ids)} ({', '.join(ids)})", err=to_stderr)


@main.command("export")
@click.option(
    "--period",
    "period_text",
    required=True,
    metavar="YYYY-MM|YYYYQn|YYYY",
    help="The month, quarter or year to export.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default="build/export",
    show_default=True,
    help="Folder that gets one folder per period.",
)
@click.pass_obj
def export(root: Path, period_text: str, out: Path) -> None:
    """Everything the accountant needs for a period, in one folder.

    sales.zip and purchases.zip (the documents issued, as UBL with the PDF
    inside), journal.csv (every EUR posting: documents, set-offs, payments),
    accounts.csv, parties.csv and a README.txt saying how they reconcile.
    Account numbers come from accounting.yaml (defaults: the Belgian MAR).
    The folder is written completely or not at all.
    """
    from sif.accounting.export import export_period
    from sif.model.period import PeriodError, parse_period

    try:
        period = parse_period(period_text)
    except PeriodError as exc:
        raise click.BadParameter(str(exc), param_hint="--period") from exc
    books = load(root)
    if books.errors:
        print_errors(books.errors, root)
    out = out if out.is_absolute() else root / out
    with failing("{problem}\nNothing was written."):
        result = export_period(books, period, out)
    click.echo(f"Export {period.label}: {result.folder}")
    click.echo(f"  sales.zip      {result.sales} document(s)")
    click.echo(f"  purchases.zip  {result.purchases} document(s)")
    click.echo(
        f"  journal.csv    {result.lines} line(s), debit {result.debit:.2f} = "
        f"credit {result.credit:.2f} EUR"
    )
