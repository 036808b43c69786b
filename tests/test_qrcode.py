"""The EPC QR code on an invoice reads back, with a real decoder, as the payment it asks.

The code is drawn with one fixed mask (`sif.documents.qr.EPC_MASK`) instead of
segno's search over all eight; these tests decode it with ZXing, the library
behind many banking apps: codes of many payloads on their own, and the code on
an invoice page that Typst renders from the same template as the PDF.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import random
from decimal import Decimal

import pytest
import segno
import zxingcpp
from PIL import Image

from sif.documents import ogm
from sif.documents.compute import draft_month
from sif.documents.model import INVOICE
from sif.documents.pdf import typst_inputs
from sif.documents.qr import epc_code, epc_payload
from sif.ledger.books import load_books
from sif.model.period import Month
from sif.render.pdf import compiler
from tests.conftest import ISSUE, Repo


def decode(image: Image.Image) -> list[bytes]:
    """The bytes of every QR code ZXing finds in `image`."""
    found = zxingcpp.read_barcodes(
        image.convert("L"), formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    )
    return [barcode.bytes for barcode in found]


def picture(code: segno.QRCode, scale: int = 4) -> Image.Image:
    out = io.BytesIO()
    code.save(out, kind="png", scale=scale, border=4)
    return Image.open(io.BytesIO(out.getvalue()))


def test_the_payload_is_the_epc_format() -> None:
    data = epc_payload(
        "Sociale InnovatieFabriek",
        "BE12 0000 0000 9292",
        Decimal("121.50"),
        "+++261/0000/00149+++",
    )
    assert data.decode("iso-8859-1").split("\n") == [
        "BCD", "002", "2", "SCT", "", "Sociale InnovatieFabriek", "BE12000000009292",
        "EUR121.5", "", "261000000149",
    ]  # fmt: skip


def test_free_text_when_the_reference_is_not_structured() -> None:
    data = epc_payload("Łódź Partners", "BE12000000009292", Decimal("60.00"), "F2026-00007")
    lines = data.decode("utf-8").split("\n")
    assert lines[2] == "1"  # UTF-8: the name does not fit ISO 8859-1
    assert lines[7:] == ["EUR60", "", "", "F2026-00007"]


def test_the_code_has_level_m_and_the_fixed_mask() -> None:
    code = epc_code("X", "BE12000000009292", Decimal("1.00"), "+++261/0000/00149+++")
    assert code.error == "M"
    assert code.mask == 0
    assert isinstance(code.version, int) and code.version <= 13  # the EPC maximum


def test_codes_of_many_payments_decode_to_their_payload() -> None:
    rng = random.Random(2013)  # noqa: S311 (test data, not secrets)
    letters = "abcdefghijklmnopqrstuvwxyz éèçàÉ-&'."
    for n in range(150):
        name = "".join(rng.choice(letters) for _ in range(rng.randint(3, 70))).strip() or "x"
        amount = Decimal(rng.randint(1, 99_999_999)) / 100
        reference = ogm.make(rng.randint(1, 9_999_999_999)) if n % 3 else f"F2026-{n:05d}"
        iban = "BE" + "".join(rng.choice("0123456789") for _ in range(14))
        code = epc_code(name, iban, amount, reference)
        assert decode(picture(code)) == [epc_payload(name, iban, amount, reference)], n


def test_the_code_on_an_invoice_page_pays_that_invoice(books: Repo) -> None:
    loaded = load_books(books.root)
    drafts = draft_month(loaded.entries, loaded.community, Month.parse("2026-10"), ISSUE)
    draft = next(d for d in drafts if d.kind == INVOICE)
    doc = dataclasses.replace(draft, number="F2026-00001", reference=ogm.make(2610000001))
    template, inputs = typst_inputs(doc, loaded.community)
    issued = datetime.datetime.combine(doc.issue_date, datetime.time(12), datetime.UTC)
    page = compiler(template, template.stat().st_mtime_ns).compile(
        sys_inputs=inputs, timestamp=issued, format="png", ppi=150
    )
    assert isinstance(page, bytes)
    [found] = decode(Image.open(io.BytesIO(page)))
    fields = found.decode("iso-8859-1").split("\n")
    operator = loaded.community.operator
    assert operator is not None and operator.iban is not None
    assert fields[5:] == [
        doc.seller.name,
        operator.iban.replace(" ", ""),
        f"EUR{doc.total:.2f}".rstrip("0").rstrip("."),
        "",
        ogm.digits(doc.reference),
    ]


@pytest.mark.parametrize("amount", ["0.01", "10.00", "100.10", "999999999.99"])
def test_amounts_are_written_as_the_guideline_asks(amount: str) -> None:
    data = epc_payload("X", "BE12000000009292", Decimal(amount), "+++261/0000/00149+++")
    written = data.decode("iso-8859-1").split("\n")[7]
    assert written.startswith("EUR")
    assert Decimal(written.removeprefix("EUR")) == Decimal(amount)
    assert "." not in written or len(written.split(".")[1]) <= 2


@pytest.mark.parametrize("amount", ["0.00", "-1.00", "1000000000.00"])
def test_an_amount_no_transfer_can_have_is_refused(amount: str) -> None:
    with pytest.raises(ValueError, match=r"EUR 0\.01 to 999999999\.99"):
        epc_payload("X", "BE12000000009292", Decimal(amount), "F2026-00001")
