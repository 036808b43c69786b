"""`sif invoice` and `sif settle`: the EUR documents."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from sif.cli.base import (
    DATE,
    FORMATS,
    emit,
    failing,
    invoicing_only,
    issuing,
    load,
    local_today,
    main,
    parse_month,
    print_run,
    print_setoffs,
    writes_books,
)

if TYPE_CHECKING:
    pass


@main.group()
def invoice() -> None:
    """Invoices, self-billed documents and credit notes, in EUR."""


@invoice.command("run")
@click.option(
    "--month", "month_text", required=True, metavar="YYYY-MM", help="The month of the services."
)
@click.option("--issue-date", type=DATE, help="Date of issue (default: today).")
@click.option("--dry-run", is_flag=True, help="Show what would be issued; write nothing.")
@click.pass_obj
@invoicing_only
@writes_books("invoice run")
def invoice_run(
    root: Path, month_text: str, issue_date: datetime.date | None, dry_run: bool
) -> None:
    """Issue the month's documents: one invoice per member for what they
    received, one self-billed document for what they delivered.

    Numbers are given only now, gapless per series and year. The documents are
    booked in ledger/documents/YYYY-MM.beancount, their UBL and PDF files
    written to documents/YYYY-MM/, and the month is locked. A second run for
    the same month issues nothing.
    """
    from sif.documents.run import run_month
    from sif.ledger.migrate import MigrationError, compact

    month = parse_month(month_text)
    with issuing():
        result = run_month(root, month, issue_date or local_today(), dry_run=dry_run)
    print_run(result, root, dry_run)
    if dry_run:
        return
    # The month is locked now: its trades need no file each any more (faster loads).
    try:
        compacted = compact(root, str(month))
    except MigrationError as exc:
        click.echo(f"Warning: the trades of {month} stay a file each: {exc}", err=True)
        return
    if compacted:
        click.echo(
            f"Wrote the {compacted} trade files of {month} into ledger/trades/{month}.beancount."
        )


@invoice.command("credit")
@click.argument("number")
@click.option(
    "--reason", required=True, help="Why the document is corrected (on the credit note)."
)
@click.option("--issue-date", type=DATE, help="Date of issue (default: today).")
@click.option(
    "--reissue",
    is_flag=True,
    help="Also issue a corrected document from the member data as it is now.",
)
@click.pass_obj
@invoicing_only
@writes_books("invoice credit")
def invoice_credit(
    root: Path, number: str, reason: str, issue_date: datetime.date | None, reissue: bool
) -> None:
    """Take back an issued document with a credit note that references it.

    With --reissue, a corrected document follows (after fixing a member's
    address or VAT number, say). The original never changes.
    """
    from sif.documents.credit import credit_document

    with issuing():
        result = credit_document(
            root, number, reason, issue_date or local_today(), reissue=reissue
        )
    print_run(result, root, False)


@invoice.command("list")
@click.option(
    "--month", "month_text", metavar="YYYY-MM", help="Only documents for this month of services."
)
@click.option("--member", "member_id", metavar="ID", help="Only this member's documents.")
@click.option(
    "--format", "fmt", type=FORMATS, default="table", show_default=True, help="Output format."
)
@click.pass_obj
@invoicing_only
def invoice_list(root: Path, month_text: str | None, member_id: str | None, fmt: str) -> None:
    """The issued documents with their amounts and status (open / settled)."""
    from sif.reports.documents import documents_report

    books = load(root)
    period = str(parse_month(month_text)) if month_text else None
    rows = [
        {
            "number": doc.number,
            "type": doc.kind,
            "member": doc.member,
            "period": doc.period,
            "issue_date": doc.issue_date.isoformat(),
            "net": str(doc.net),
            "vat": str(doc.tax),
            "total": str(doc.total),
            "open": str(doc.open),
            "status": doc.status,
            "reference": doc.reference,
        }
        for doc in documents_report(books, period=period, member=member_id)
    ]
    columns = ["number", "type", "member", "period", "issue_date", "net", "vat", "total", "status"]
    emit(rows, list(rows[0]) if rows and fmt == "json" else columns, fmt)


@main.command()
@click.option(
    "--as-of", type=DATE, help="Set off what is open on this day, booked on it (default: today)."
)
@click.option("--dry-run", is_flag=True, help="Show the set-offs; write nothing.")
@click.pass_obj
@invoicing_only
@writes_books("settle")
def settle(root: Path, as_of: datetime.date | None, dry_run: bool) -> None:
    """Set off each member's open invoices against their open self-billed documents.

    Oldest first on both sides, by the smaller amount, until no member both
    owes and is owed. Each set-off is booked in
    ledger/documents/setoffs-YYYY.beancount and names both documents. Every
    month-end run (`sif invoice run`) does the same.
    """
    from sif.documents.settle import settle as settle_books

    day = as_of or local_today()
    with failing("{problem}; nothing was booked"):
        result = settle_books(root, day, dry_run=dry_run)
    if not result.setoffs:
        click.echo(f"Nothing to set off on {day}: no member both owes and is owed.")
        return
    print_setoffs(result.setoffs, f"{'Would set' if dry_run else 'Set'} off on {day}")
    if result.ledger_file is not None:
        click.echo(f"Booked in {result.ledger_file.relative_to(root)}.")
