"""One e-mail per member: their statement, and the month's documents, in their language.

The message (RFC 5322, MIME) is::

    multipart/mixed
      multipart/alternative
        text/plain        greeting, the two positions, what to do, SIF and euro
        multipart/related
          text/html       the statement itself (statement.html)
          image/png       the EPC QR code of each payment, shown by the HTML (cid:)
      application/pdf     the statement
      application/pdf     each document issued to the member since the last statement
      application/xml     ... and its UBL e-invoice

Lines end in CRLF and every part is 7-bit (quoted-printable or base64), so any
SMTP server takes the bytes as they are. The Message-ID is made from the
content: the same statement gets the same id, so a mail client shows a message
that somehow arrived twice only once.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import io
import json
import textwrap
import unicodedata
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from pathlib import Path
from typing import Any

from sif.documents.stored import embedded_pdf, issued_ubl
from sif.errors import SifException
from sif.i18n import MAIL, Translator
from sif.model.community import Community
from sif.statements.model import Statement
from sif.statements.render import image_source, render_html, render_pdf
from sif.statements.say import words
from sif.statements.view import payment_code, view

#: RFC 5322 with CRLF line ends, every part encoded to 7 bits.
POLICY = policy.SMTP.clone(cte_type="7bit")
WIDTH = 72


class AddressError(SifException, ValueError):
    """A member's e-mail address cannot be used."""


def recipient(statement: Statement) -> Address:
    """The member as an address.

    Raises:
      AddressError: the member has no address, or one that is not valid.
    """
    member = statement.member
    if not member.email:
        raise AddressError(f"{member.filename or member.id}: no e-mail address; add `email:`")
    if not member.email.isascii():
        raise AddressError(
            f"{member.email!r} is not a plain ASCII address; international addresses are not "
            "supported, give another one in the member file"
        )
    try:
        return Address(display_name=member.name, addr_spec=member.email)
    except (ValueError, IndexError) as error:  # the parser raises header defects (ValueErrors)
        raise AddressError(f"{member.email!r} is not a valid address: {error}") from None


def sender_of(statement: Statement, sender: str | None) -> Address:
    """The From address: `sender` when given ("Name <addr>" or "addr"), else the operator."""
    if sender:
        name, addr = parseaddr(sender)
        return Address(display_name=name or statement.operator.name, addr_spec=addr)
    if not statement.operator.email:
        raise AddressError(
            "the operator has no e-mail address to send from: add `email:` to its member file, "
            "or set SIF_SMTP_FROM"
        )
    return Address(display_name=statement.operator.name, addr_spec=statement.operator.email)


def ascii_name(text: str) -> str:
    """A file name without accents or spaces: "Relevé de compte" -> "Releve-de-compte"."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "-".join(plain.split())


def _paragraphs(*texts: str) -> str:
    return "\n\n".join(textwrap.fill(t, WIDTH) for t in texts if t)


@functools.cache
def mail_words(language: str) -> Translator:
    """The e-mail's own words in `language` (sif/locale/<lang>/LC_MESSAGES/mail.po)."""
    return Translator(language, MAIL)


def plain_text(
    shown: dict[str, Any], w: dict[str, Any], files: list[str], name: str, language: str
) -> str:
    """The text/plain body: greeting, page 1 of the statement, SIF and euro, attachments.

    `w` are the statement's words (its colon, its sections); the e-mail's own
    sentences are the mail catalog's, in the member's `language`.
    """
    t = mail_words(language)
    footer = t.gettext("Questions about your account? Just reply to this e-mail.")
    closing = t.gettext("Kind regards,")
    todo = shown["todo"]
    positions = "\n".join(f"{key}{w['colon']}{value}" for key, value in shown["summary"])
    pay = []
    for item in todo["pay"]:
        details = "\n".join(f"  {key}{w['colon']}{value}" for key, value in item["details"])
        pay.append(textwrap.fill(item["text"], WIDTH) + "\n" + details)
    explain, in_kind, clears = shown["explain"], shown["in_kind"], shown["clears"]
    requests = "\n".join(textwrap.fill(f"- {item}", WIDTH) for item in in_kind["requests"])
    text = "\n\n".join(
        part
        for part in (
            t.gettext("Dear {name},").format(name=name),
            _paragraphs(
                t.gettext(
                    "Attached is your account statement for {month} from {operator}, with "
                    "this month's documents."
                ).format(month=shown["month"], operator=shown["issuer"])
            ),
            # In the order of the statement's page 1.
            _paragraphs(shown["standing"]),
            positions,
            todo["title"],
            "\n\n".join(pay),
            _paragraphs(*todo["receive"], todo["nothing"]),
            in_kind["title"],
            _paragraphs(in_kind["intro"]),
            requests,
            clears["title"],
            _paragraphs(*clears["lines"]),
            explain["title"],
            _paragraphs(*explain["paragraphs"]),
            _paragraphs(t.gettext("Attachments: {files}.").format(files=", ".join(files))),
            f"{closing}\n{shown['issuer']}",
            f"-- \n{textwrap.fill(footer, WIDTH)}",
        )
        if part
    )
    return text + "\n"


def compose(
    statement: Statement,
    community: Community,
    *,
    templates: Path,
    sender: str | None,
    now: datetime.datetime,
    shown: dict[str, Any] | None = None,
    pdf: bytes | None = None,
) -> EmailMessage:
    """The e-mail carrying `statement` and the documents issued with it.

    `shown` and `pdf` are the statement's view and PDF when the caller made
    them already (they are made here otherwise).

    Raises:
      AddressError: the member's or the sender's address cannot be used.
      StoredDocumentError: a document's UBL file is missing or not the one issued.
      TemplateError: a template has an error.
    """
    to = recipient(statement)
    sender_address = sender_of(statement, sender)
    member = statement.member
    w = words(member.language, templates)
    if shown is None:
        shown = view(statement, community, w)
    if pdf is None:
        pdf = render_pdf(statement, shown, templates)
    title = ascii_name(str(w["title"]))
    attachments: list[tuple[str, str, bytes]] = [(f"{title}-{statement.month}.pdf", "pdf", pdf)]
    for doc in statement.documents:
        # The PDF as issued, from the UBL file whose hash the ledger books.
        ubl = issued_ubl(community.root, doc)
        name = Path(doc.ubl).name
        pdf_bytes = embedded_pdf(ubl, f"{doc.number}: {doc.ubl}")
        attachments.append((str(Path(name).with_suffix(".pdf")), "pdf", pdf_bytes))
        attachments.append((name, "xml", ubl))

    digest = hashlib.sha256(json.dumps(shown, sort_keys=True).encode("utf-8"))
    for name, _, data in attachments:
        digest.update(name.encode("utf-8") + hashlib.sha256(data).digest())
    domain = sender_address.domain or "sif.invalid"

    message = EmailMessage(policy=POLICY)
    message["From"] = sender_address
    message["To"] = to
    subject = mail_words(member.language).gettext("Your account statement for {month}")
    message["Subject"] = subject.format(month=shown["month"])
    message["Date"] = format_datetime(now)
    # Short enough not to be folded: some readers keep a folded id's leading space.
    message["Message-ID"] = f"<{statement.month}.{digest.hexdigest()[:20]}@{domain}>"
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies, please
    message.set_content(
        plain_text(shown, w, [name for name, _, _ in attachments], member.name, member.language),
        charset="utf-8",
    )

    cids: dict[str, str] = {}
    images: list[tuple[str, bytes]] = []
    operator = statement.operator
    for item, open_item in zip(shown["todo"]["pay"], statement.to_pay, strict=True):
        if item["qr"] and operator.iban:
            cid = f"<qr{len(images) + 1}.{digest.hexdigest()[:16]}@{domain}>"
            cids[item["qr"]] = cid
            code = payment_code(
                operator.name, operator.iban, open_item.open, open_item.reference, open_item.number
            )
            out = io.BytesIO()
            code.save(out, kind="png", scale=4, border=2)
            images.append((cid, out.getvalue()))
    message.add_alternative(
        render_html(shown, templates, image_source(cids)), subtype="html", charset="utf-8"
    )
    html_part = list(message.iter_parts())[1]
    assert isinstance(html_part, EmailMessage)
    for cid, png in images:
        html_part.add_related(png, "image", "png", cid=cid)
    for name, kind, data in attachments:
        message.add_attachment(data, "application", kind, filename=name)
    # Last: making the message multipart moves Content-* headers into its first part.
    message["Content-Language"] = member.language
    return message
