"""`sif init`, `sif demo`, `sif month-end-demo`, `sif migrate` and `sif opening`: books that start or move."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from sif import DISTRIBUTION, __version__
from sif.cli.base import (
    DATE,
    DECIMAL,
    issuing,
    local_today,
    main,
    print_run,
    writes_books,
)

if TYPE_CHECKING:
    pass


@main.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", required=True, help="The community's name, on the site and the ledger.")
@click.option("--code", required=True, help="The currency's code in the ledger, like SIF.")
@click.option(
    "--value",
    type=DECIMAL,
    help="Value of 1 unit in EUR, excluding VAT (required unless --invoicing none).",
)
@click.option(
    "--invoicing",
    type=click.Choice(["none", "invoices", "invoices-and-self-billing"]),
    default="invoices-and-self-billing",
    show_default=True,
    help="What the operator issues: nothing (a time bank), invoices, or invoices and "
    "self-billed documents for the providers.",
)
@click.option("--vat", type=DECIMAL, default="21", show_default=True, help="VAT percentage.")
@click.option(
    "--operator-id", required=True, help="Member id of the organisation that issues documents."
)
@click.option("--operator-name", help="Its legal name, as on documents (default: --name).")
@click.option("--legal-form", default="vzw", show_default=True, help="Its legal form.")
@click.option(
    "--vat-number", help="Its VAT number (required unless --invoicing none: it charges VAT)."
)
@click.option("--street", required=True, help="Its street and number.")
@click.option("--postcode", required=True, help="Its postal code.")
@click.option("--city", required=True, help="Its municipality.")
@click.option("--country", default="BE", show_default=True, help="Its two-letter country code.")
@click.option("--email", help="Its e-mail address.")
@click.option("--iban", help="Its bank account.")
@click.option(
    "--start", type=DATE, help="First day of the value, VAT rate and operator (default: today)."
)
@click.option("--fiat", default="EUR", show_default=True, help="The currency of the documents.")
@click.option(
    "--decimals",
    type=click.IntRange(0, 6),
    default=2,
    show_default=True,
    help="Decimals of amounts in the community currency.",
)
@click.option("--currency-name", help="The currency's display name (default: its code).")
@click.option(
    "--language",
    "languages",
    multiple=True,
    help="The operator's language (repeatable; the first is its staff's; default nl, fr, en).",
)
@click.option(
    "--sif-requirement",
    default=f"{DISTRIBUTION}=={__version__}",
    show_default=True,
    help="What requirements.txt installs sif from: a version of the distribution "
    f"{DISTRIBUTION}, a wheel file or a git address (see its README).",
)
def init(directory: Path, **options: Any) -> None:
    """Create a new, valid repository of books for another community currency.

    DIRECTORY (new or empty) gets its own menu card, operator, ledger, public
    site, CI workflows, commit checks and a README, and must pass `sif check`
    and `sif site build` as it is. Nothing is written on an error.

    Example: sif init ../kng-books --name "Kennisnetwerk Gent" --code KNG
    --value 20 --operator-id kennisnetwerk --vat-number BE0999000030
    --street "Kerkstraat 1" --postcode 9000 --city Gent
    """
    from sif.scaffold import Settings, init_books

    options["operator_name"] = options["operator_name"] or options["name"]
    options["start"] = options["start"] or local_today()
    options["requirement"] = options.pop("sif_requirement")
    options["languages"] = options["languages"] or ("nl", "fr", "en")
    files = init_books(directory.resolve(), Settings(**options))
    click.echo(f"Created {len(files)} files in {directory}:")
    for name in files:
        click.echo(f"  {name}")
    click.echo(
        f"Next: cd {directory}, git init, push it to a PRIVATE repository (it will hold "
        "members' personal data; never make it public), and follow README.md "
        "(set-up, then `sif check`)."
    )


@main.command("demo")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def demo(directory: Path) -> None:
    """Write the demo books (fictional) into DIRECTORY, which must be new or empty.

    45 members, their concepts, 18 months of trades, events, requests and
    feedback, with 2026-08 and 2026-09 invoiced: made from the data embedded in
    sif, the same every time. Then try `sif --root DIRECTORY check`.
    """
    from sif.demo.books import write_demo_books

    with issuing(DemoFolderError="{problem}"):
        write_demo_books(directory)
    click.echo(f"Wrote the demo books to {directory}: try `sif --root {directory} check`.")


@main.command("month-end-demo")
@click.option(
    "--scratch",
    type=click.Path(file_okay=False, path_type=Path),
    default="build/demo-books",
    show_default=True,
    help="Folder for the scratch copy (emptied first).",
)
@click.pass_obj
def month_end_demo(root: Path, scratch: Path) -> None:
    """Run the month-end on a scratch copy of the books.

    Copies the books to --scratch and invoices the latest month that has
    ended and is not invoiced yet, with today as the issue date, then writes
    every member's statement and e-mail (not sent). The committed files never
    change. Prints where the documents, statements and e-mails are.
    """
    from sif.demo.monthend import scratch_month_end

    scratch = scratch if scratch.is_absolute() else root / scratch
    with issuing(NothingToInvoiceError="{problem}", StatementError="{problem}"):
        result, mailed = scratch_month_end(root, scratch, local_today())
    print_run(result, scratch, False)
    if result.files:
        click.echo(f"Documents (UBL, each with its PDF inside): {result.files[0].parent}")
    click.echo(f"Statements (PDF and HTML): {mailed.statements}")
    click.echo(f"E-mails, not sent (.eml, one per member): {mailed.outbox}")
    for member in mailed.unaddressed:
        click.echo(f"No e-mail for {member}: their statement goes by post", err=True)
    for member in mailed.unmade:
        click.echo(f"No statement for {member}", err=True)


@main.command("migrate")
@click.pass_obj
@writes_books("migrate")
def migrate_command(root: Path) -> None:
    """Move the books to one file per trade and per feedback answer.

    Older books kept a month's trades in ledger/trades/YYYY-MM.beancount and a
    month's feedback in feedback/YYYY-MM.yaml, so two pull requests of the same
    month conflicted. This moves the trades of every month not invoiced yet to
    ledger/trades/YYYY-MM/ and every answer to feedback/YYYY-MM/, one file each
    (invoiced months, locked, stay one file), and proves the books unchanged
    (the same entries and the balance of every account); otherwise it puts
    everything back. Commit the result in a pull request of its own.
    """
    from sif.ledger.migrate import compact_locked, migrate

    done = migrate(root)
    compacted = compact_locked(root)
    for month, files in compacted.items():
        click.echo(
            f"Invoiced {month}: its {files} trade files now one, ledger/trades/{month}.beancount."
        )
    if not (done.trades or done.answers or done.month_files or done.feedback_files):
        if not compacted:
            click.echo("The books are in the current layout already: nothing to move.")
        return
    click.echo(
        f"Moved {done.trades} trade(s) from {done.month_files} month file(s) to "
        f"ledger/trades/YYYY-MM/ and {done.answers} feedback answer(s) from "
        f"{done.feedback_files} file(s) to feedback/YYYY-MM/, one file each."
    )
    click.echo(
        f"Proved unchanged: the same entries, and the balance of all {done.accounts} "
        "accounts. Next: `git add -A ledger feedback` and commit."
    )


@main.group()
def opening() -> None:
    """Going live: opening balances from the previous system."""


@opening.command("import")
@click.option("--date", "date", type=DATE, required=True, help="The go-live date.")
@click.option(
    "--balances",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV member,balance: each member's balance in the currency (positive = owes).",
)
@click.option(
    "--documents",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV member,document,date,due,amount,side: the documents still open in euro.",
)
@click.pass_obj
@writes_books("opening import")
def opening_import(
    root: Path, date: datetime.date, balances: Path | None, documents: Path | None
) -> None:
    """Book the balances and open documents of the previous system on the go-live date.

    Every row is checked first; any bad row is reported as file:line and
    nothing is written. Prints the totals of the CSV files and the same totals
    read back from the books. See docs/staff/going-live.md.
    """
    from sif.ledger.opening import import_opening

    report = import_opening(root, date, balances, documents)
    click.echo(f"Booked in {report.path.relative_to(root)}:")
    click.echo(
        f"  {report.members} member balance(s): owed {report.owed:f} in the CSV, "
        f"{report.owed_booked:f} in the books"
    )
    click.echo(
        f"  {report.documents} open document(s): receivable {report.receivable[0]:.2f} EUR in the "
        f"CSV, {report.receivable[1]:.2f} in the books; payable {report.payable[0]:.2f} in the "
        f"CSV, {report.payable[1]:.2f} in the books"
    )
    same = (
        report.owed == report.owed_booked
        and report.receivable[0] == report.receivable[1]
        and report.payable[0] == report.payable[1]
    )
    click.echo("The totals match." if same else "The totals DO NOT match: do not commit this.")
    if not same:
        sys.exit(1)
