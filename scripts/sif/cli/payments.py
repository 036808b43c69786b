"""`sif payment`: bank files and payments by hand."""

from __future__ import annotations

import datetime
import sys
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import click

from sif.cli.base import DATE, DECIMAL, failing, invoicing_only, main, writes_books

if TYPE_CHECKING:
    pass


@main.group()
def payment() -> None:
    """Payments received and made, matched to documents by structured reference."""


@payment.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--column",
    "columns",
    multiple=True,
    metavar="FIELD=HEADER",
    help="For CSV: the header of a field (date, amount, currency, reference, name, iban, id).",
)
@click.pass_obj
@invoicing_only
@writes_books("payment import")
def payment_import(root: Path, file: Path, columns: tuple[str, ...]) -> None:
    """Book the payments in a bank statement (CSV or CAMT.053 XML).

    Each line is matched to an open invoice or self-billed document by its
    structured reference. What cannot be matched with certainty is reported,
    not booked. Lines already booked (same bank id) are skipped, so importing
    a file twice books nothing twice. Exits 1 if any line was left unbooked.
    The files are read by the beangulp importers of sif.payments.importers,
    which Fava's import page can use too (docs/operations/bank-import.md).
    """
    from sif.payments.importer import import_payments

    mapping = {}
    for item in columns:
        field, _, header = item.partition("=")
        if not header:
            raise click.BadParameter(f"{item!r}: write FIELD=HEADER", param_hint="--column")
        mapping[field.strip()] = header.strip()
    with failing("{problem}; nothing was booked"):
        report = import_payments(root, file, mapping)
    for outcome in report.outcomes:
        line = outcome.line
        click.echo(
            f"{line.source}: {line.date} {line.amount:>10} {line.currency}  {outcome.status:<17} {outcome.message}"
        )
    click.echo(
        f"{len(report.booked)} booked, {len(report.not_booked)} not booked, "
        f"{len(report.outcomes) - len(report.booked) - len(report.not_booked)} already in the books."
    )
    if report.not_booked:
        sys.exit(1)


@payment.command("record")
@click.option("--document", "number", required=True, help="The number of the document paid.")
@click.option("--amount", type=DECIMAL, required=True, help="The amount in EUR (positive).")
@click.option("--date", "date", type=DATE, required=True, help="Date of the payment.")
@click.option("--note", default="", help="A short note (e.g. cash, or the bank's reference).")
@click.pass_obj
@invoicing_only
@writes_books("payment record")
def payment_record(
    root: Path, number: str, amount: Decimal, date: datetime.date, note: str
) -> None:
    """Book a payment by hand: money a member paid, or the operator paid out."""
    from sif.payments.importer import record_payment

    with failing("{problem}; nothing was booked"):
        outcome = record_payment(root, number, amount, date, note)
    click.echo(f"Booked: {outcome.message}.")
