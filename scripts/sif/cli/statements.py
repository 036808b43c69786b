"""`sif statements` and `sif mail`: each member's monthly statement."""

from __future__ import annotations

import contextlib
import datetime
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from sif.cli.base import DATE, Progress, local_today, main, parse_month, write_lock

if TYPE_CHECKING:
    pass


@main.command()
@click.option(
    "--month", "month_text", required=True, metavar="YYYY-MM", help="The month, invoiced."
)
@click.option(
    "--member", "members", multiple=True, metavar="ID", help="Only this member (repeatable)."
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the files (default: out/statements/YYYY-MM in the books).",
)
@click.option("--as-of", type=DATE, help="Statement date: what is open that day (default: today).")
@click.pass_obj
def statements(
    root: Path,
    month_text: str,
    members: tuple[str, ...],
    out: Path | None,
    as_of: datetime.date | None,
) -> None:
    """Write each member's account statement of a month, as PDF and HTML.

    SIF and euro side by side, in the member's language: the month's trades
    and balances, the documents, set-offs and payments, what to pay (with the
    structured reference and an EPC QR code) or what the operator owes.
    """
    from sif.statements.run import write_statements

    month = parse_month(month_text)
    progress = Progress()
    try:
        result = write_statements(
            root,
            month,
            as_of or local_today(),
            members=members or None,
            out=out,
            progress=lambda _: progress("writing statements", 0, 0),
        )
    finally:
        progress.close()
    made = len(result.statements) - len(result.unmade)
    click.echo(f"Wrote {made} statement(s) of {month} (PDF and HTML) to {result.folder}")
    for unmade in result.unmade:
        click.echo(f"No statement for {unmade}", err=True)
    if result.unmade:
        sys.exit(1)


@main.command("mail")
@click.option(
    "--month", "month_text", required=True, metavar="YYYY-MM", help="The month, invoiced."
)
@click.option(
    "--send", is_flag=True, help="Deliver the messages through SMTP (else: outbox only)."
)
@click.option(
    "--outbox",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the .eml files (default: out/mail/YYYY-MM in the books).",
)
@click.option(
    "--config",
    type=click.Path(dir_okay=False, path_type=Path),
    help="SMTP settings file, outside the books (default: $SIF_SMTP_CONFIG; or SIF_SMTP_* variables).",
)
@click.option(
    "--retry-in-doubt",
    is_flag=True,
    help="Send again the messages a stopped run may or may not have delivered (check the server's log first).",
)
@click.option("--as-of", type=DATE, help="Statement date: what is open that day (default: today).")
@click.pass_obj
def mail_command(
    root: Path,
    month_text: str,
    send: bool,
    outbox: Path | None,
    config: Path | None,
    retry_in_doubt: bool,
    as_of: datetime.date | None,
) -> None:
    """E-mail each member their statement and the month's documents.

    Without --send: one .eml per member in the outbox, to read before sending.
    With --send: delivery through SMTP, recorded message by message in
    mail/sent/YYYY-MM.jsonl, so a rerun after a failure or a kill sends only
    what was not delivered, and nobody twice. Exit 1 if anyone was not reached.
    """
    import os

    from sif.mail.outbox import mail_month
    from sif.mail.settings import load_settings

    month = parse_month(month_text)
    progress = Progress()
    try:
        settings = load_settings(root, os.environ, config) if send else None
        # Sending writes the delivery record in the books: one writer at a time.
        with write_lock(root, "mail --send") if send else contextlib.nullcontext():
            result = mail_month(
                root,
                month,
                as_of or local_today(),
                outbox=outbox,
                settings=settings,
                retry_in_doubt=retry_in_doubt,
                progress=progress,
            )
    finally:
        progress.close()
    click.echo(
        f"Wrote {len(result.written)} message(s) for {month} to {result.outbox} "
        f"(and the statements, PDF and HTML, to {result.statements})"
    )
    for failure in result.unaddressed:
        click.echo(f"No e-mail for {failure}", err=True)
    for failure in result.unmade:
        click.echo(f"No e-mail for {failure}", err=True)
    report = result.report
    if report is None:
        if result.kept:
            click.echo(
                f"{len(result.kept)} member(s) already mailed (see {result.record}): kept as sent"
            )
        if result.unmade:
            sys.exit(1)
        return
    click.echo(
        f"Delivered {len(report.delivered)}; delivered before {len(report.already)}; "
        f"failed {len(report.failed) + len(result.unaddressed) + len(result.unmade)}; in doubt {len(report.in_doubt)}. "
        f"Record: {result.record}"
    )
    for failure in report.failed:
        click.echo(f"Not delivered: {failure}", err=True)
    for failure in report.in_doubt:
        click.echo(f"In doubt: {failure}", err=True)
    if not result.ok:
        click.echo(
            "Fix what is listed and run the same command again: it sends only the rest.", err=True
        )
        sys.exit(1)
