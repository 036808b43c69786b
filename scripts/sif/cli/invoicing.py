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
    booked in ledger/documents/YYYY-MM.beancount, their UBL files (each with
    its PDF inside) written to documents/YYYY-MM/, and the month is locked. A
    second run for the same month issues nothing.
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


@main.group("documents")
def documents_group() -> None:
    """The files of issued documents: stored once, older years archived."""


@documents_group.command("migrate")
@click.pass_obj
@writes_books("documents migrate")
def documents_migrate(root: Path) -> None:
    """Store each issued document once: remove the separate PDF copies.

    Books issued before kept each PDF twice, as documents/YYYY-MM/<n>.pdf and
    inside <n>.xml, the UBL file whose hash the ledger books. This proves
    each PDF file byte-identical to the PDF inside its hash-checked UBL file,
    removes the PDF files and their `document` lines, and changes nothing
    else; the PDF is then produced from the UBL file when needed. If any PDF
    differs, nothing is changed. Commit the result in a pull request of its own.
    """
    from sif.documents.migrate import migrate_pdfs

    done = migrate_pdfs(root)
    if not done.removed and not done.links:
        click.echo(
            f"Each of the {done.documents} issued document(s) is stored once already: "
            "nothing to remove."
        )
        return
    click.echo(
        f"Checked {done.documents} issued document(s); removed {len(done.removed)} PDF "
        f"file(s), each byte-identical to the PDF inside its UBL file, and {done.links} "
        f"link line(s) from {len(done.ledger_files)} ledger file(s)."
    )
    click.echo("Next: `git add -A documents ledger .gitignore` and commit.")


@documents_group.command("archive")
@click.option(
    "--before",
    type=int,
    required=True,
    metavar="YEAR",
    help="Archive the documents of periods before this year.",
)
@click.option(
    "--to",
    "to",
    type=click.Path(path_type=Path),
    required=True,
    help="The archive: a folder outside the books (a git repository, made if needed).",
)
@click.pass_obj
@writes_books("documents archive")
def documents_archive(root: Path, before: int, to: Path) -> None:
    """Move the files of older documents into an archive repository.

    Each UBL file of a period before YEAR is checked against the SHA-256 its
    booking holds, written into the archive (same paths) and committed there;
    the ledger records the archive (ledger/documents/archive.beancount); then
    the files leave the books. Bookings and hashes stay: `sif check` verifies
    archived documents in the archive when it is there, and says what it
    skipped when it is not. Push the archive, then commit the books.
    """
    from sif.documents.archive import archive_documents

    done = archive_documents(root, before, to, local_today())
    if not done.archived:
        click.echo(
            f"No document of a period before {before} is left in the books: nothing to move."
        )
        return
    click.echo(
        f"Moved {len(done.archived)} document file(s) of the periods before {before} to "
        f"{done.folder} (committed there), each checked against its booked hash; recorded in "
        f"{done.record.relative_to(root) if done.record else '-'}."
    )
    click.echo("Next: push the archive, then `git add -A documents ledger` and commit.")


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
