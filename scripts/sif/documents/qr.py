"""The EPC QR code (SEPA credit transfer) on invoices and statements.

A banking app that scans it fills in a transfer: beneficiary, IBAN, amount and
the structured payment reference. It is drawn with one fixed mask
(`EPC_MASK`), which every reader undoes, instead of trying all eight;
`tests/test_qrcode.py` decodes the codes of many payloads, and the code on a
rendered invoice page.
"""

from __future__ import annotations

import io
from decimal import Decimal

import segno

from sif.documents import references
from sif.documents.model import INVOICE, Document


def epc_qr(doc: Document) -> str:
    """The EPC QR code (SEPA credit transfer) of an invoice as SVG, or "" for other kinds.

    It asks for what is left to pay after any set-off, so that paying what it
    says settles the invoice.
    """
    structured = references.is_valid(doc.reference)
    if doc.kind != INVOICE or not doc.seller.iban or doc.payable <= 0:
        return ""
    if not structured and not doc.number:
        return ""  # a draft: nothing to pay yet
    return epc_svg(doc.seller.name, doc.seller.iban, doc.payable, doc.reference, doc.number)


#: The mask pattern of every EPC QR code. An encoder may pick any of the eight:
#: the symbol names its mask, and every reader undoes it. Segno otherwise tries
#: all eight and scores each (four fifths of the drawing's time), to avoid
#: patterns that are merely harder to read; tests/test_qrcode.py decodes the
#: codes of many payloads, and the code on a rendered invoice page.
EPC_MASK = 0
#: The character sets of the EPC format, by number: UTF-8, then ISO 8859-1.
_EPC_CHARSETS = {"1": "utf-8", "2": "iso-8859-1"}


def epc_payload(name: str, iban: str, amount: Decimal, reference: str, text: str = "") -> bytes:
    """The data of an EPC QR code (EPC069-12, version 002): a SEPA credit transfer.

    A valid structured `reference` goes in the reference field (digits only),
    anything else in the free text (`text`, or the reference as written). The
    character set is ISO 8859-1 when the text fits it, else UTF-8.
    """
    if not Decimal("0.01") <= amount <= Decimal("999999999.99"):
        raise ValueError(f"an EPC QR code pays EUR 0.01 to 999999999.99, not {amount}")
    structured = references.is_valid(reference)
    figures = f"{amount:.2f}".rstrip("0").rstrip(".")
    fields = [
        "BCD",  # service tag
        "002",  # version
        "",  # character set, below
        "SCT",  # SEPA credit transfer
        "",  # BIC: optional within the EEA
        name.strip()[:70],
        iban.replace(" ", ""),
        f"EUR{figures}",
        "",  # purpose
        references.epc(reference) if structured else "",
    ]
    if not structured:
        fields.append((text or reference).strip()[:140])
    for number, charset in reversed(_EPC_CHARSETS.items()):
        try:
            fields[2] = number
            return "\n".join(fields).encode(charset)
        except UnicodeEncodeError:
            continue
    raise AssertionError("UTF-8 encodes every text")  # pragma: no cover


def epc_code(
    name: str, iban: str, amount: Decimal, reference: str, text: str = ""
) -> segno.QRCode:
    """An EPC QR code (SEPA credit transfer): pay `amount` to `name` at `iban`.

    Error correction level M, as the EPC guideline requires, with the fixed
    mask `EPC_MASK`. See `epc_payload` for what it carries.
    """
    data = epc_payload(name, iban, amount, reference, text)
    return segno.make_qr(data, error="m", boost_error=False, mask=EPC_MASK)


def svg(code: segno.QRCode, *, sized: bool = True) -> str:
    """A QR code as SVG with a quiet zone of two modules; without a fixed size
    (`sized=False`, only a viewBox) where the page sizes it."""
    out = io.BytesIO()
    code.save(out, kind="svg", xmldecl=False, border=2, omitsize=not sized)
    return out.getvalue().decode("ascii")


def epc_svg(name: str, iban: str, amount: Decimal, reference: str, text: str = "") -> str:
    """The EPC QR code of `epc_code` as SVG."""
    return svg(epc_code(name, iban, amount, reference, text))
