"""`sif mail`: write the month's e-mails to an outbox, and send them.

The outbox is `out/mail/YYYY-MM/<member>.eml` below the books (git-ignored:
the messages are made from the books again whenever needed). Without
sending, every member with an address gets a fresh .eml. With sending, the
members whose mail was delivered (or is in doubt) keep the .eml that was
sent; the others get a fresh one, which is then sent (see `sif.mail.send`).
The delivery record (`sif.mail.record`) is in the books, `mail/sent/`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parseaddr
from pathlib import Path

from sif.fsutil import atomic_write
from sif.mail.compose import AddressError, compose, recipient, sender_of
from sif.mail.record import DELIVERED, SENDING, DeliveryRecord, record_path
from sif.mail.send import (
    INVALID_ADDRESS,
    NO_ADDRESS,
    Connect,
    DeliveryReport,
    Failure,
    Outgoing,
    connect,
    deliver,
)
from sif.mail.settings import SmtpSettings
from sif.model.community import Community
from sif.model.period import Month
from sif.paths import OUTBOX_DIR
from sif.render.templates import TemplateError
from sif.statements.compute import compute_statements
from sif.statements.model import Statement
from sif.statements.parallel import map_statements
from sif.statements.render import render_html, render_pdf, statement_view, templates_folder
from sif.statements.run import UNPRINTABLE, checked_books, default_folder, unprintable_reason

CANNOT_PRINT = "statement cannot be printed"
COMPOSING = "composing"
SENDING_PHASE = "sending"

#: progress(phase, done, total): COMPOSING or SENDING_PHASE.
Progress = Callable[[str, int, int], None]


@dataclass
class MailResult:
    """What `mail_month` did.

    Attributes:
      month: The month.
      outbox: The outbox folder.
      record: The delivery record file.
      statements: Where the statements (PDF and HTML) of the messages written are.
      written: The messages written to the outbox in this run.
      unaddressed: Members who cannot get a mail (no address, or an invalid one).
      unmade: Members whose statement could not be made (a character no font shows).
      kept: Members delivered or in doubt before: their .eml was not made again.
      report: What the delivery did, or None when nothing was sent.
    """

    month: Month
    outbox: Path
    record: Path
    statements: Path
    written: list[Outgoing] = field(default_factory=list)
    unaddressed: list[Failure] = field(default_factory=list)
    unmade: list[Failure] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    report: DeliveryReport | None = None

    @property
    def ok(self) -> bool:
        return not self.unaddressed and not self.unmade and (self.report is None or self.report.ok)


def default_outbox(root: Path, month: Month) -> Path:
    return root / OUTBOX_DIR / str(month)


def compose_job(
    statement: Statement,
    community: Community,
    templates: Path,
    sender: str | None,
    now: datetime.datetime,
) -> tuple[bytes, str, tuple[bytes, str, str] | Failure]:
    """The statement's PDF and HTML, and (the .eml, the address, the Message-ID) or why not."""
    shown = statement_view(statement, community, templates)
    try:
        pdf = render_pdf(statement, shown, templates)
    except TemplateError as error:
        if UNPRINTABLE not in str(error):
            raise  # the template's error, not the member's: stop the run
        why = unprintable_reason(statement, community, templates, str(error).splitlines()[-1])
        member = statement.member
        return b"", "", Failure(member.id, member.email or "", CANNOT_PRINT, why)
    html = render_html(shown, templates)
    try:
        to = recipient(statement)
    except AddressError as error:
        member = statement.member
        reason = NO_ADDRESS if not member.email else INVALID_ADDRESS
        return pdf, html, Failure(member.id, member.email or "", reason, str(error))
    message = compose(
        statement, community, templates=templates, sender=sender, now=now, shown=shown, pdf=pdf
    )
    return pdf, html, (message.as_bytes(), to.addr_spec, str(message["Message-ID"]))


def mail_month(
    root: Path,
    month: Month,
    as_of: datetime.date,
    *,
    outbox: Path | None = None,
    statements_folder: Path | None = None,
    settings: SmtpSettings | None = None,
    retry_in_doubt: bool = False,
    now: datetime.datetime | None = None,
    templates: Path | None = None,
    progress: Progress | None = None,
    connector: Connect = connect,
    workers: int | None = None,
) -> MailResult:
    """Write the e-mails of `month` to the outbox and, given `settings`, send them.

    Args:
      root: The books.
      month: The month (invoiced).
      as_of: The statement date.
      outbox: The outbox folder (default: out/mail/YYYY-MM below the books).
      statements_folder: Where to write the statements as PDF and HTML too
        (default: out/statements/YYYY-MM below the books, as `sif statements`).
      settings: The SMTP server to send through; None writes the outbox only.
      retry_in_doubt: Send again the messages whose delivery is in doubt.
      now: The Date of the messages (default: now).
      templates: The templates folder (default: the books' templates/).
      progress: Called as each message is written and sent.
      connector: Opens the SMTP session (tests replace it).
      workers: Processes to compose with (default: one per core, for many members).

    Raises:
      StatementError: the books have errors or the month is not invoiced.
      AddressError: there is no address to send from.
      TemplateError: a template has an error.
    """
    books = checked_books(root)
    folder = outbox if outbox is not None else default_outbox(root, month)
    record = DeliveryRecord(record_path(root, str(month)))
    state = record.state()
    result = MailResult(
        month, folder, record.path, statements_folder or default_folder(root, month)
    )
    statements = compute_statements(books.entries, books.community, month, as_of)
    when = now or datetime.datetime.now(datetime.UTC).astimezone()
    sender = settings.sender if settings else None
    folder_templates = templates_folder(books.community, templates)
    kept: list[Outgoing] = []
    fresh: list[Statement] = []
    for statement in statements:
        member = statement.member.id
        last = state.get(member)
        if last is not None and (
            last.status == DELIVERED or (last.status == SENDING and not retry_in_doubt)
        ):
            kept.append(Outgoing(member, last.to, folder / f"{member}.eml", last.message_id))
            result.kept.append(member)
        else:
            fresh.append(statement)
    context = (books.community, folder_templates, sender, when)
    composed = map_statements(compose_job, fresh, context, workers)
    for done, (statement, (pdf, html, made)) in enumerate(zip(fresh, composed, strict=True), 1):
        member = statement.member.id
        if isinstance(made, Failure) and made.reason == CANNOT_PRINT:
            result.unmade.append(made)  # reported; the others go on
            continue
        # The statement too: to look at, and to post to a member without an address.
        atomic_write(result.statements / f"{member}.pdf", pdf, sync=False)
        atomic_write(result.statements / f"{member}.html", html, sync=False)
        if isinstance(made, Failure):
            result.unaddressed.append(made)
        else:
            data, to, message_id = made
            path = folder / f"{member}.eml"
            atomic_write(path, data, sync=False)
            result.written.append(Outgoing(member, to, path, message_id))
        if progress is not None:
            progress(COMPOSING, done, len(fresh))
    if settings is None:
        return result

    envelope = parseaddr(str(sender_of(statements[0], sender)))[1] if statements else ""
    sent = 0

    def step(_: Outgoing) -> None:
        nonlocal sent
        sent += 1
        if progress is not None:
            progress(SENDING_PHASE, sent, len(result.written))

    result.report = deliver(
        kept + result.written,
        settings,
        record,
        sender=envelope,
        retry_in_doubt=retry_in_doubt,
        progress=step,
        connector=connector,
    )
    return result
