"""Private requests and feedback comments never leave the books: not on the site, not by mail.

The statement books (tests/statementbooks.py) get, next to their public request
that de-buurtkeuken (in SIF debt, expertise food) could answer, a private
request that fits de-buurtkeuken just as well, and a feedback comment on its
October session. The month's e-mails go through a real SMTP server, and the
site is built; each received message (text, HTML and the PDF statement) and
each page is read for the private texts, and for the public request, so a
channel that shows nothing at all cannot pass.
"""

from __future__ import annotations

import io
import os
import re
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

import pypdf
import pytest

from tests import statementbooks
from tests.conftest import Repo, run_cli
from tests.sitebooks import copy_site_sources, site_texts
from tests.test_mail import Mailbox, smtp_server

PRIVATE_QUESTION = "PRIVEVRAAG wie kookt er voor ons personeelsfeest"
FEEDBACK_COMMENT = "FEEDBACKGEHEIM de sessie was rommelig"
PUBLIC_QUESTION = "Hoe koken we elke week voor veertig bewoners van de zorgboerderij?"


@pytest.fixture
def books(repo: Repo) -> Repo:
    statementbooks.build(repo)
    repo.write(
        "requests/2026-10-prive.yaml",
        f"""\
        question: {PRIVATE_QUESTION}
        kind: session
        requester: bram-peeters
        expertise: [food]
        status: open
        opened: 2026-10-02
        public: false
        """,
    )
    added = repo.run(
        "feedback", "add", "--date", "2026-10-05", "--coach", "an-claes",
        "--rating", "2", "--prepared", "no", "--comment", FEEDBACK_COMMENT,
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    assert repo.check()["ok"], repo.errors()
    # Staff still see the private request where it is needed.
    match = repo.run("match", "--request", "2026-10-prive", "--as-of", "2026-11-20")
    assert PRIVATE_QUESTION in match.output
    return repo


def message_texts(raw: bytes) -> str:
    """Every readable text of a message: its text and HTML parts and its PDF attachments."""
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert isinstance(message, EmailMessage)
    texts = [str(message["Subject"])]
    for part in message.walk():
        kind = part.get_content_type()
        if kind in ("text/plain", "text/html"):
            texts.append(str(part.get_content()))
        elif kind == "application/pdf":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            reader = pypdf.PdfReader(io.BytesIO(payload))
            texts.extend(page.extract_text() for page in reader.pages)
    return " ".join(" ".join(texts).split())


def test_the_months_e_mails_hold_no_private_request_and_no_feedback(
    books: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in list(os.environ):
        if name.startswith("SIF_SMTP_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("SIF_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SIF_SMTP_STARTTLS", "0")
    mailbox = Mailbox()
    with smtp_server(mailbox) as port:
        monkeypatch.setenv("SIF_SMTP_PORT", str(port))
        result = books.run(
            "mail", "--month", statementbooks.MONTH, "--as-of", str(statementbooks.AS_OF), "--send"
        )
    assert result.exit_code == 0, result.output
    received = {tuple(tos): message_texts(raw) for tos, raw in mailbox.received}
    assert ("hallo@buurtkeuken.example",) in received
    # The public request reaches the member who can answer it: the channel works.
    assert PUBLIC_QUESTION in received[("hallo@buurtkeuken.example",)]
    for tos, text in received.items():
        assert "PRIVEVRAAG" not in text, tos
        assert "FEEDBACKGEHEIM" not in text, tos


def test_the_statements_on_disk_hold_no_private_request(books: Repo) -> None:
    result = books.run(
        "statements", "--month", statementbooks.MONTH, "--as-of", str(statementbooks.AS_OF)
    )
    assert result.exit_code == 0, result.output
    folder = books.root / "out" / "statements" / statementbooks.MONTH
    debtor = (folder / "de-buurtkeuken.html").read_text(encoding="utf-8")
    assert PUBLIC_QUESTION in debtor
    for path in folder.glob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "PRIVEVRAAG" not in text and "FEEDBACKGEHEIM" not in text, path.name


def test_the_site_holds_no_private_request_and_no_feedback(books: Repo) -> None:
    copy_site_sources(books.root)
    result = run_cli(books.root, "site", "build", "--today", "2026-11-20")
    assert result.exit_code == 0, result.output
    pages = dict(site_texts(books.root / "public"))
    assert any(PUBLIC_QUESTION in text for text in pages.values())
    for path, text in pages.items():
        assert not re.search("PRIVEVRAAG|FEEDBACKGEHEIM", text), path
