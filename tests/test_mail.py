"""`sif mail`: the outbox, and delivery to a real SMTP server (aiosmtpd) that the tests start.

The books are tests/statementbooks.py: four members get a statement of
October 2026 (an-claes nl, atelier-soleil fr, bram-peeters en, de-buurtkeuken
nl), sent in that order. Every delivery test ends by counting what the server
received: each member exactly once, whatever broke in between.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import ssl
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from sif.documents.stored import embedded_pdf
from sif.mail.settings import SettingsError, load_settings
from tests import statementbooks
from tests.conftest import BuiltOnce, Repo

MONTH = statementbooks.MONTH
AS_OF = str(statementbooks.AS_OF)
ADDRESSES = {
    "an-claes": "an.claes@example.org",
    "atelier-soleil": "bonjour@atelier-soleil.example",
    "bram-peeters": "bram@peeters.example",
    "de-buurtkeuken": "hallo@buurtkeuken.example",
}
LANGUAGES = {
    "an-claes": "nl",
    "atelier-soleil": "fr",
    "bram-peeters": "en",
    "de-buurtkeuken": "nl",
}
SIF = Path(sys.executable).parent / "sif"


@dataclass
class Mailbox:
    """An SMTP server's behaviour, and what it received.

    Attributes:
      received: (recipients, message bytes) of each message accepted.
      refuse: Recipients answered with 550.
      drop_at: Close the connection at this MAIL command (1-based), once.
      kill_at_mail: Kill process `pid` at this MAIL command (1-based).
      kill_in_data: Kill process `pid` after storing this message (1-based), before answering.
      pid: The process to kill.
    """

    received: list[tuple[list[str], bytes]] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    drop_at: int | None = None
    kill_at_mail: int | None = None
    kill_in_data: int | None = None
    pid: int | None = None
    mails: int = 0

    async def handle_MAIL(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        self.mails += 1
        if self.mails == self.drop_at:
            assert server.transport is not None
            server.transport.close()
            return "421 4.3.0 closing the connection"
        if self.mails == self.kill_at_mail and self.pid:
            os.kill(self.pid, signal.SIGKILL)
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if address in self.refuse:
            return f"550 5.1.1 <{address}>: mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or b""
        self.received.append((list(envelope.rcpt_tos), content))
        if len(self.received) == self.kill_in_data and self.pid:
            os.kill(self.pid, signal.SIGKILL)
        return "250 OK"

    def recipients(self) -> list[str]:
        return [to for tos, _ in self.received for to in tos]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@contextmanager
def smtp_server(mailbox: Mailbox, **options: Any) -> Iterator[int]:
    """A real SMTP server on localhost for the duration; yields its port."""
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


@pytest.fixture
def books(built_once: BuiltOnce, tmp_path: Path) -> Repo:
    return built_once.copy("statements", statementbooks.build, tmp_path / "books")


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """SMTP settings in the environment, as for a plain local server."""
    for name in list(os.environ):
        if name.startswith("SIF_SMTP_"):
            monkeypatch.delenv(name)
    values = {"SIF_SMTP_HOST": "127.0.0.1", "SIF_SMTP_STARTTLS": "0", "SIF_SMTP_TIMEOUT": "10"}
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


def send(repo: Repo, port: int, monkeypatch: pytest.MonkeyPatch, *args: str) -> Any:
    monkeypatch.setenv("SIF_SMTP_PORT", str(port))
    return repo.run("mail", "--month", MONTH, "--as-of", AS_OF, "--send", *args)


def outbox(repo: Repo) -> Path:
    return repo.root / "out" / "mail" / MONTH


def parse(path: Path) -> EmailMessage:
    message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    assert isinstance(message, EmailMessage)
    return message


def record(repo: Repo) -> list[dict[str, str]]:
    path = repo.root / "mail" / "sent" / f"{MONTH}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def state(repo: Repo) -> dict[str, str]:
    return {event["member"]: event["status"] for event in record(repo)}


# The outbox ------------------------------------------------------------------

SUBJECTS = {
    "an-claes": "Uw rekeningoverzicht van oktober 2026",
    "atelier-soleil": "Votre relevé de compte pour octobre 2026",
    "bram-peeters": "Your account statement for October 2026",
    "de-buurtkeuken": "Uw rekeningoverzicht van oktober 2026",
}


def test_the_outbox_holds_one_rfc5322_message_per_member(books: Repo) -> None:
    result = books.run("mail", "--month", MONTH, "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    files = sorted(outbox(books).iterdir())
    assert [f.name for f in files] == [f"{m}.eml" for m in sorted(ADDRESSES)]
    for path in files:
        member = path.stem
        raw = path.read_bytes()
        assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")  # CRLF only
        assert all(byte < 128 for byte in raw)  # 7-bit: any server takes it
        message = parse(path)
        assert message["Subject"] == SUBJECTS[member]
        assert message["To"].addresses[0].addr_spec == ADDRESSES[member]
        assert message["From"].addresses[0].addr_spec == "boekhouding@innovatiefabriek.example"
        assert message["Message-ID"].startswith(f"<{MONTH}.")
        assert message["Date"] is not None
        assert message["Content-Language"] == LANGUAGES[member]


def test_a_changed_ubl_file_is_not_mailed(books: Repo) -> None:
    ubl = books.root / "documents" / MONTH / "F2026-00002.xml"
    ubl.write_bytes(ubl.read_bytes() + b"<!-- changed -->\n")
    result = books.run("mail", "--month", MONTH, "--as-of", AS_OF)
    assert result.exit_code == 1
    assert (
        "F2026-00002: the UBL file documents/2026-10/F2026-00002.xml was changed after it was "
        "issued" in " ".join(result.output.split())
    ), result.output
    assert not outbox(books).exists()


def test_a_message_carries_the_statement_and_the_documents(books: Repo) -> None:
    assert books.run("mail", "--month", MONTH, "--as-of", AS_OF).exit_code == 0
    message = parse(outbox(books) / "an-claes.eml")
    assert message["Content-Language"] == "nl"
    attachments = {str(part.get_filename()): part for part in message.iter_attachments()}
    assert sorted(attachments) == [
        "AN2026-00001.pdf",
        "AN2026-00001.xml",
        "F2026-00002.pdf",
        "F2026-00002.xml",
        "Rekeningoverzicht-2026-10.pdf",
    ]
    statement = attachments["Rekeningoverzicht-2026-10.pdf"].get_content()
    assert statement.startswith(b"%PDF")
    for number in ("F2026-00002", "AN2026-00001"):
        # The one stored file, and the PDF as issued: the one inside it.
        ubl = (books.root / "documents" / MONTH / f"{number}.xml").read_bytes()
        assert attachments[f"{number}.xml"].get_content() == ubl
        assert attachments[f"{number}.pdf"].get_content() == embedded_pdf(ubl)
        assert embedded_pdf(ubl).startswith(b"%PDF")

    text = message.get_body(("plain",))
    assert text is not None
    body = text.get_content()
    assert body.startswith("Beste An Claes,")
    assert "Betaal EUR 26,25 (factuur F2026-00002)" in " ".join(body.split())
    assert "dat is de btw op wat u kreeg" in " ".join(body.split())
    html = message.get_body(("html",))
    assert html is not None
    page = html.get_content()
    assert "Rekeningoverzicht" in page and "<svg" not in page
    # The QR code is an image in the message, which the HTML shows by its Content-ID.
    images = [part for part in message.walk() if part.get_content_type() == "image/png"]
    assert len(images) == 1
    assert f'src="cid:{images[0]["Content-ID"].strip("<>")}"' in page


def test_each_message_is_in_the_members_language(books: Repo) -> None:
    assert books.run("mail", "--month", MONTH, "--as-of", AS_OF).exit_code == 0
    openings = {
        "atelier-soleil": "Bonjour Atelier Soleil SRL,",
        "bram-peeters": "Dear Bram Peeters,",
        "de-buurtkeuken": "Beste De Buurtkeuken,",
    }
    for member, opening in openings.items():
        message = parse(outbox(books) / f"{member}.eml")
        body = message.get_body(("plain",))
        assert body is not None and body.get_content().startswith(opening)
    # The text says what page 1 of the statement says, in its order.
    debtor = parse(outbox(books) / "de-buurtkeuken.eml").get_body(("plain",))
    assert debtor is not None
    words = " ".join(debtor.get_content().split())
    parts = [
        "U hebt 0,85 SIF meer ontvangen dan u gaf of in euro betaalde.",
        "Betaal EUR 77,50 (factuur F2026-00004)",
        "- Hoe koken we elke week voor veertig bewoners van de zorgboerderij?",
        "Een antwoord vereffent 0,50 SIF van uw schuld",
        "Betaalt u EUR 77,50 (factuur F2026-00004), dan is uw schuld van 0,85 SIF vereffend.",
    ]
    places = [words.find(part) for part in parts]
    assert -1 not in places and places == sorted(places), (places, words)
    names = [
        p.get_filename() for p in parse(outbox(books) / "atelier-soleil.eml").iter_attachments()
    ]
    assert "Releve-de-compte-2026-10.pdf" in names
    names = [
        p.get_filename() for p in parse(outbox(books) / "bram-peeters.eml").iter_attachments()
    ]
    assert "Account-statement-2026-10.pdf" in names


def test_the_same_statement_gets_the_same_message_id(books: Repo) -> None:
    books.run("mail", "--month", MONTH, "--as-of", AS_OF)
    first = parse(outbox(books) / "an-claes.eml")["Message-ID"]
    books.run("mail", "--month", MONTH, "--as-of", AS_OF)
    assert parse(outbox(books) / "an-claes.eml")["Message-ID"] == first


def test_a_member_without_an_address_is_reported_and_the_others_get_theirs(
    books: Repo, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = books.root / "members" / "de-buurtkeuken.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("email: hallo@buurtkeuken.example\n", ""),
        encoding="utf-8",
    )
    written = books.run("mail", "--month", MONTH, "--as-of", AS_OF)
    assert written.exit_code == 0  # the outbox is written; the gap is a warning
    assert "No e-mail for de-buurtkeuken: no e-mail address" in written.output
    assert not (outbox(books) / "de-buurtkeuken.eml").exists()
    # Its statement is there to be posted.
    assert (books.root / "out" / "statements" / MONTH / "de-buurtkeuken.pdf").is_file()

    mailbox = Mailbox()
    with smtp_server(mailbox) as port:
        result = send(books, port, monkeypatch)
    assert result.exit_code == 1
    assert "No e-mail for de-buurtkeuken: no e-mail address" in result.output
    assert "Delivered 3;" in result.output and "failed 1;" in result.output
    assert sorted(mailbox.recipients()) == sorted(
        a for m, a in ADDRESSES.items() if m != "de-buurtkeuken"
    )


def test_an_address_that_cannot_be_used_is_reported(
    books: Repo, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = books.root / "members" / "an-claes.yaml"
    text = path.read_text(encoding="utf-8").replace("an.claes@example.org", "zoë@example.org")
    path.write_text(text, encoding="utf-8")
    mailbox = Mailbox()
    with smtp_server(mailbox) as port:
        result = send(books, port, monkeypatch)
    assert result.exit_code == 1
    assert "No e-mail for an-claes <zoë@example.org>: invalid address:" in result.output
    assert len(mailbox.received) == 3


# Delivery ----------------------------------------------------------------------


def test_every_member_is_delivered_once_and_a_rerun_sends_nothing(
    books: Repo, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    mailbox = Mailbox()
    with smtp_server(mailbox) as port:
        first = send(books, port, monkeypatch)
        assert first.exit_code == 0, first.output
        assert "Delivered 4; delivered before 0; failed 0; in doubt 0." in first.output
        again = send(books, port, monkeypatch)
    assert again.exit_code == 0, again.output
    assert "Delivered 0; delivered before 4;" in again.output
    assert sorted(mailbox.recipients()) == sorted(ADDRESSES.values())
    # What the server got is the outbox file, byte for byte, as the record says.
    events = [e for e in record(books) if e["status"] == "delivered"]
    assert [e["member"] for e in events] == sorted(ADDRESSES)
    for (_, content), event in zip(mailbox.received, events, strict=True):
        eml = (outbox(books) / f"{event['member']}.eml").read_bytes()
        assert content.replace(b"\r\n", b"\n") == eml.replace(b"\r\n", b"\n")
        assert parse(outbox(books) / f"{event['member']}.eml")["Message-ID"] == event["message_id"]


def test_a_refused_recipient_fails_alone_and_a_rerun_sends_only_that_one(
    books: Repo, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    refusing = Mailbox(refuse={ADDRESSES["bram-peeters"]})
    with smtp_server(refusing) as port:
        result = send(books, port, monkeypatch)
    assert result.exit_code == 1
    assert (
        "Not delivered: bram-peeters <bram@peeters.example>: refused recipient: "
        "550 5.1.1 <bram@peeters.example>: mailbox unavailable"
    ) in result.output
    assert sorted(refusing.recipients()) == sorted(
        a for m, a in ADDRESSES.items() if m != "bram-peeters"
    )
    assert state(books)["bram-peeters"] == "failed"

    fixed = Mailbox()
    with smtp_server(fixed) as port:
        rerun = send(books, port, monkeypatch)
    assert rerun.exit_code == 0, rerun.output
    assert fixed.recipients() == [ADDRESSES["bram-peeters"]]


def test_a_dropped_connection_is_reported_and_a_rerun_sends_only_the_rest(
    books: Repo, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    dropping = Mailbox(drop_at=3)  # the third message: bram-peeters
    with smtp_server(dropping) as port:
        result = send(books, port, monkeypatch)
        assert result.exit_code == 1
        assert (
            "Not delivered: bram-peeters <bram@peeters.example>: connection lost:" in result.output
        )
        # sif reconnected for the next one.
        assert sorted(dropping.recipients()) == sorted(
            a for m, a in ADDRESSES.items() if m != "bram-peeters"
        )
        rerun = send(books, port, monkeypatch)
    assert rerun.exit_code == 0, rerun.output
    assert "Delivered 1; delivered before 3;" in rerun.output
    assert sorted(dropping.recipients()) == sorted(ADDRESSES.values())  # each exactly once


def test_a_server_that_cannot_be_reached_sends_nothing_and_a_rerun_sends_all(
    books: Repo, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    result = send(books, free_port(), monkeypatch)  # nobody listens there
    assert result.exit_code == 1
    assert result.output.count(": cannot connect: 127.0.0.1:") == 4
    assert not (books.root / "mail" / "sent" / f"{MONTH}.jsonl").exists()
    mailbox = Mailbox()
    with smtp_server(mailbox) as port:
        assert send(books, port, monkeypatch).exit_code == 0
    assert sorted(mailbox.recipients()) == sorted(ADDRESSES.values())


def run_sif(
    repo: Repo, port: int, mailbox: Mailbox, *args: str
) -> subprocess.CompletedProcess[str]:
    """`sif mail --send` in its own process, which the server may kill."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("SIF_SMTP_")}
    environ |= {"SIF_SMTP_HOST": "127.0.0.1", "SIF_SMTP_PORT": str(port), "SIF_SMTP_STARTTLS": "0"}
    command = [str(SIF), "--root", str(repo.root), "mail", "--month", MONTH, "--as-of", AS_OF]
    process = subprocess.Popen(
        [*command, "--send", *args],
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    mailbox.pid = process.pid
    out, err = process.communicate(timeout=120)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def test_a_run_killed_half_way_is_finished_by_a_rerun_and_nobody_gets_two(books: Repo) -> None:
    mailbox = Mailbox(kill_at_mail=3)  # killed after two messages were delivered
    with smtp_server(mailbox) as port:
        killed = run_sif(books, port, mailbox)
        assert killed.returncode == -signal.SIGKILL
        assert len(mailbox.received) == 2
        assert state(books) == {"an-claes": "delivered", "atelier-soleil": "delivered"}
        mailbox.kill_at_mail = None
        rerun = run_sif(books, port, mailbox)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert "Delivered 2; delivered before 2; failed 0; in doubt 0." in rerun.stdout
    assert sorted(mailbox.recipients()) == sorted(ADDRESSES.values())  # each exactly once


def test_a_run_killed_during_a_transfer_never_sends_that_message_twice(books: Repo) -> None:
    # The server stores the second message, then the sender dies before hearing "250 OK":
    # sif cannot know whether it arrived, so it does not send it again by itself.
    mailbox = Mailbox(kill_in_data=2)
    with smtp_server(mailbox) as port:
        killed = run_sif(books, port, mailbox)
        assert killed.returncode == -signal.SIGKILL
        assert state(books) == {"an-claes": "delivered", "atelier-soleil": "sending"}
        mailbox.kill_in_data = None
        rerun = run_sif(books, port, mailbox)
        assert rerun.returncode == 1
        assert (
            "In doubt: atelier-soleil <bonjour@atelier-soleil.example>: in doubt:" in rerun.stderr
        )
        assert "--retry-in-doubt" in rerun.stderr
        assert sorted(mailbox.recipients()) == sorted(ADDRESSES.values())  # each exactly once
        # Staff checked the server's log and found nothing: they ask for it explicitly.
        retried = run_sif(books, port, mailbox, "--retry-in-doubt")
    assert retried.returncode == 0, retried.stdout + retried.stderr
    assert "Delivered 1; delivered before 3;" in retried.stdout
    assert mailbox.recipients().count(ADDRESSES["atelier-soleil"]) == 2


# STARTTLS and log-in -------------------------------------------------------------


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (made with openssl)."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


def authenticator(
    server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and auth_data.password == b"geheim"
    return AuthResult(success=ok, handled=False)


def test_starttls_and_log_in(
    books: Repo,
    env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    certificate: tuple[Path, Path],
) -> None:
    cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    monkeypatch.setenv("SIF_SMTP_STARTTLS", "1")
    monkeypatch.setenv("SIF_SMTP_CAFILE", str(cert))
    monkeypatch.setenv("SIF_SMTP_USER", "boekhouding")
    mailbox = Mailbox()
    options = {
        "tls_context": context,
        "require_starttls": True,
        "authenticator": authenticator,
        "auth_require_tls": True,
    }
    with smtp_server(mailbox, **options) as port:
        monkeypatch.setenv("SIF_SMTP_PASSWORD", "fout")
        wrong = send(books, port, monkeypatch)
        assert wrong.exit_code == 1
        assert wrong.output.count(": cannot connect: 127.0.0.1:") == 4
        assert "535" in wrong.output
        monkeypatch.setenv("SIF_SMTP_PASSWORD", "geheim")
        right = send(books, port, monkeypatch)
    assert right.exit_code == 0, right.output
    assert sorted(mailbox.recipients()) == sorted(ADDRESSES.values())


# Settings ------------------------------------------------------------------------


def test_settings_come_from_the_environment(tmp_path: Path) -> None:
    settings = load_settings(
        tmp_path,
        {
            "SIF_SMTP_HOST": "smtp.example.org",
            "SIF_SMTP_USER": "u",
            "SIF_SMTP_PASSWORD": "password",
        },
    )
    assert (settings.host, settings.port, settings.starttls) == ("smtp.example.org", 587, True)
    assert "password" not in repr(settings)
    plain = load_settings(tmp_path, {"SIF_SMTP_HOST": "localhost", "SIF_SMTP_STARTTLS": "no"})
    assert (plain.port, plain.starttls) == (25, False)


def test_settings_file_outside_the_books_and_the_environment_wins(tmp_path: Path) -> None:
    books, config = tmp_path / "books", tmp_path / "smtp.toml"
    books.mkdir()
    config.write_text(
        '[smtp]\nhost = "smtp.example.org"\nport = 2525\npassword = "s"\nuser = "u"\n',
        encoding="utf-8",
    )
    config.chmod(0o600)
    settings = load_settings(books, {"SIF_SMTP_PORT": "587"}, config)
    assert (settings.host, settings.port, settings.password) == ("smtp.example.org", 587, "s")
    assert load_settings(books, {"SIF_SMTP_CONFIG": str(config)}).port == 2525


@pytest.mark.parametrize(
    ("where", "text", "mode", "message"),
    [
        ("books/smtp.toml", '[smtp]\nhost = "h"\n', 0o600, "inside the books"),
        ("smtp.toml", '[smtp]\nhost = "h"\npassword = "p"\n', 0o644, "chmod 600"),
        ("smtp.toml", '[smtp]\nhots = "h"\n', 0o600, 'Did you mean "host"?'),
        ("smtp.toml", 'host = "h"\n', 0o600, "[smtp] table"),
        ("smtp.toml", "[smtp\n", 0o600, "not a readable TOML file"),
        ("smtp.toml", '[smtp]\nhost = "smtp.example.org"\nstarttls = false\npassword = "p"\n', 0o600, "without encryption"),
        ("smtp.toml", '[smtp]\nhost = "h"\nport = 0\n', 0o600, "not a port number"),
        ("smtp.toml", '[smtp]\nport = 25\n', 0o600, "no SMTP server"),
    ],
)  # fmt: skip
def test_unsafe_or_wrong_settings_are_refused(
    tmp_path: Path, where: str, text: str, mode: int, message: str
) -> None:
    books = tmp_path / "books"
    books.mkdir()
    config = tmp_path / where
    config.write_text(text, encoding="utf-8")
    config.chmod(mode)
    with pytest.raises(SettingsError, match=message.replace("[", r"\[").replace("?", r"\?")):
        load_settings(books, {}, config)


def test_send_without_settings_says_what_to_set(
    books: Repo, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SIF_SMTP_HOST")
    result = books.run("mail", "--month", MONTH, "--send")
    assert result.exit_code == 1
    assert "no SMTP server: set SIF_SMTP_HOST" in result.output
    assert not outbox(books).exists()  # nothing was written before the settings were checked


def test_the_record_file_mode_is_ordinary(
    books: Repo, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with smtp_server(Mailbox()) as port:
        send(books, port, monkeypatch)
    path = books.root / "mail" / "sent" / f"{MONTH}.jsonl"
    assert stat.S_IMODE(path.stat().st_mode) & 0o644 == 0o644
