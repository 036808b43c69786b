"""Delivering the outbox through SMTP, at most once per member.

For each message, in this order:

1. MAIL FROM and RCPT TO. A refused recipient (or sender) fails this message
   only; the run goes on with the next.
2. Append `sending` to the delivery record (fsynced).
3. DATA: the message. On the server's "250 OK", append `delivered` (fsynced)
   before the next message. A refusal of the message appends `failed`.

A run killed at any moment therefore leaves a record a rerun can trust:
`delivered` is never sent again; a message killed before step 2 was never
handed over and is sent by the rerun; one killed between steps 2 and 3 is
*in doubt* (the server may have accepted it) and is not sent again until staff
say so (`--retry-in-doubt`). A broken connection before DATA fails that
message; sif reconnects for the next one and, if that fails, reports every
message left as not sent.
"""

from __future__ import annotations

import dataclasses
import hashlib
import smtplib
import ssl
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sif.mail.record import DELIVERED, FAILED, SENDING, DeliveryRecord, Event
from sif.mail.settings import SmtpSettings

#: Why a message was not delivered.
NO_ADDRESS = "no e-mail address"
INVALID_ADDRESS = "invalid address"
REFUSED_RECIPIENT = "refused recipient"
REFUSED_SENDER = "refused sender"
REFUSED_MESSAGE = "refused message"
CONNECTION_LOST = "connection lost"
NOT_CONNECTED = "cannot connect"
IN_DOUBT = "in doubt"


@dataclass(frozen=True)
class Outgoing:
    """A message in the outbox, ready to send.

    Attributes:
      member: Member id.
      to: The recipient's address.
      path: The .eml file.
      message_id: Its Message-ID.
    """

    member: str
    to: str
    path: Path
    message_id: str


@dataclass(frozen=True)
class Failure:
    """A member who did not get their mail, and why.

    Attributes:
      member: Member id.
      to: The address, or "".
      reason: One of the reasons above (NO_ADDRESS, REFUSED_RECIPIENT, ...).
      detail: The server's answer or the error, in full.
    """

    member: str
    to: str
    reason: str
    detail: str

    def __str__(self) -> str:
        who = f"{self.member} <{self.to}>" if self.to else self.member
        return f"{who}: {self.reason}: {self.detail}"


@dataclass
class DeliveryReport:
    """What a delivery run did.

    Attributes:
      delivered: Members whose message the server accepted in this run.
      failed: Members whose message was not delivered, with the reason.
      already: Members delivered by an earlier run (not sent again).
      in_doubt: Members whose earlier delivery may or may not have happened
        (not sent again without `retry_in_doubt`).
    """

    delivered: list[str] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    in_doubt: list[Failure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed and not self.in_doubt


Connect = Callable[[SmtpSettings], smtplib.SMTP]


def connect(settings: SmtpSettings) -> smtplib.SMTP:
    """An SMTP session, switched to TLS and logged in as the settings say."""
    server = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    try:
        server.ehlo()
        if settings.starttls:
            context = ssl.create_default_context(cafile=settings.cafile)
            server.starttls(context=context)
            server.ehlo()
        if settings.user:
            server.login(settings.user, settings.password or "")
    except BaseException:
        server.close()
        raise
    return server


def _describe(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error
        text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
        return f"{error.smtp_code} {text}"
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


def _reply(code: int, text: bytes) -> str:
    return f"{code} {text.decode('utf-8', 'replace')}"


def _reset(server: smtplib.SMTP) -> smtplib.SMTP | None:
    """Abandon the current transaction; None when the session broke doing so."""
    try:
        server.rset()
    except (smtplib.SMTPException, OSError):
        _quit(server)
        return None
    return server


def _quit(server: smtplib.SMTP | None) -> None:
    if server is None:
        return
    try:
        server.quit()
    except (smtplib.SMTPException, OSError):
        server.close()


def deliver(
    messages: Iterable[Outgoing],
    settings: SmtpSettings,
    record: DeliveryRecord,
    *,
    sender: str,
    retry_in_doubt: bool = False,
    progress: Callable[[Outgoing], None] | None = None,
    connector: Connect = connect,
) -> DeliveryReport:
    """Send each message not delivered yet, recording each step before the next.

    Args:
      messages: The outbox.
      settings: The SMTP server.
      record: The month's delivery record.
      sender: The envelope sender (MAIL FROM).
      retry_in_doubt: Also send messages whose earlier delivery is in doubt.
      progress: Called after each message, delivered or not.
      connector: Opens the SMTP session (tests replace it).
    """
    report = DeliveryReport()
    state = record.state()
    todo: list[Outgoing] = []
    for message in messages:
        last = state.get(message.member)
        if last is not None and last.status == DELIVERED:
            report.already.append(message.member)
        elif last is not None and last.status == SENDING and not retry_in_doubt:
            report.in_doubt.append(
                Failure(
                    message.member,
                    message.to,
                    IN_DOUBT,
                    f"a run stopped while handing it to the server on {last.at}; check the "
                    "server's log, then send it with --retry-in-doubt if it did not arrive",
                )
            )
        else:
            todo.append(message)

    server: smtplib.SMTP | None = None
    try:
        for index, message in enumerate(todo):
            if server is None:
                try:
                    server = connector(settings)
                except (smtplib.SMTPException, OSError) as error:
                    where = f"{settings.host}:{settings.port}: {_describe(error)}"
                    for left in todo[index:]:
                        report.failed.append(Failure(left.member, left.to, NOT_CONNECTED, where))
                        if progress is not None:
                            progress(left)
                    break
            server = _send_one(server, message, sender, record, report)
            if progress is not None:
                progress(message)
    finally:
        _quit(server)
    return report


def _send_one(
    server: smtplib.SMTP,
    message: Outgoing,
    sender: str,
    record: DeliveryRecord,
    report: DeliveryReport,
) -> smtplib.SMTP | None:
    """Send one message; the session to go on with, or None when it broke."""
    data = message.path.read_bytes()
    event = Event(
        message.member, message.to, SENDING, message.message_id, hashlib.sha256(data).hexdigest()
    )

    def fail(reason: str, detail: str) -> None:
        record.append(dataclasses.replace(event, status=FAILED, error=f"{reason}: {detail}"))
        report.failed.append(Failure(message.member, message.to, reason, detail))

    try:
        code, text = server.mail(sender)
        if code == 250:
            code, text = server.rcpt(message.to)
            if code not in (250, 251):
                reason = INVALID_ADDRESS if code in (501, 553) else REFUSED_RECIPIENT
                fail(reason, _reply(code, text))
                return _reset(server)
        else:
            fail(REFUSED_SENDER, _reply(code, text))
            return _reset(server)
    except (smtplib.SMTPException, OSError) as error:
        fail(CONNECTION_LOST, f"before the message was handed over: {_describe(error)}")
        _quit(server)
        return None
    record.append(event)  # from here on, the server may have the message
    try:
        server.data(data)
    except smtplib.SMTPDataError as error:
        fail(REFUSED_MESSAGE, _describe(error))
        return _reset(server)
    except (smtplib.SMTPException, OSError) as error:
        report.in_doubt.append(
            Failure(
                message.member,
                message.to,
                IN_DOUBT,
                f"the connection broke while the message was handed over ({_describe(error)}); "
                "check the server's log, then send it with --retry-in-doubt if it did not arrive",
            )
        )
        _quit(server)
        return None
    record.append(dataclasses.replace(event, status=DELIVERED))
    report.delivered.append(message.member)
    return server
