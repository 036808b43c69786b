"""Each issued document stored once: the UBL file, with its PDF inside.

The month-end writes one file per document, `documents/YYYY-MM/<number>.xml`:
the UBL 2.1 e-invoice, which carries its PDF as base64
(`cac:AdditionalDocumentReference/cac:Attachment/cbc:EmbeddedDocumentBinaryObject`).
The ledger books that file's SHA-256, so one hash proves both. The PDF is
produced from it on demand, by decoding the embedded object: the very bytes
that were issued, every time, on every machine, with any version of sif.

- `issued_pdf` gives them in memory (mail), after checking the UBL file
  against its booked hash: a changed file is refused, never decoded;
- `write_pdf` writes them below `out/` (git-ignored, made again whenever
  missing), where Fava links them: the documents plugin adds, for every
  issued document, a `document` entry for `out/documents/YYYY-MM/<number>.pdf`
  (`pdf_link`), and `sif fava` writes the file when it is asked for.

Books issued before kept a separate copy of each PDF beside its UBL file;
`sif documents migrate` (`sif.documents.migrate`) proves each copy equal to the
embedded PDF and removes it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Callable
from pathlib import Path

from beancount.core import data

from sif.documents.booking import Issued, member_side
from sif.errors import SifException
from sif.fsutil import atomic_write
from sif.ledger.accounts import member_account

#: Where produced PDFs go, below the books (git-ignored: made again whenever needed).
OUT_DIR = "out"
PDF_MIME = "application/pdf"
_EMBEDDED = "{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}EmbeddedDocumentBinaryObject"


class StoredDocumentError(SifException):
    """An issued document's PDF cannot be produced; the message says why and what to do."""


def embedded_pdf(ubl: bytes, name: str = "the UBL file") -> bytes:
    """The PDF embedded in a UBL file, decoded.

    Raises:
      StoredDocumentError: the file is not XML, or holds no PDF, or a broken one.
    """
    from lxml import etree  # noqa: PLC0415 (lxml only when a PDF is asked for)

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        root = etree.fromstring(ubl, parser)
    except etree.XMLSyntaxError as error:
        raise StoredDocumentError(f"{name} is not well-formed XML ({error})") from None
    for node in root.iter(_EMBEDDED):
        if node.get("mimeCode") == PDF_MIME:
            try:
                return base64.b64decode("".join((node.text or "").split()), validate=True)
            except (binascii.Error, ValueError):
                raise StoredDocumentError(f"{name}: its embedded PDF is not base64") from None
    raise StoredDocumentError(
        f"{name} holds no PDF (no EmbeddedDocumentBinaryObject of {PDF_MIME})"
    )


def issued_ubl(root: Path, doc: Issued, folder: Path | None = None) -> bytes:
    """The UBL file of `doc`, checked against the SHA-256 its booking holds.

    Args:
      root: The books.
      doc: The document.
      folder: Where its file is, when not in the books (an archive,
        `sif.documents.archive.ubl_folder`).

    Raises:
      StoredDocumentError: the file is missing or is not the one issued.
    """
    restore = "restore it from git: an issued document never changes"
    try:
        content = ((folder or root) / doc.ubl).read_bytes()
    except OSError:
        raise StoredDocumentError(
            f"{doc.number}: its UBL file {doc.ubl} is missing; {restore}"
        ) from None
    if hashlib.sha256(content).hexdigest() != doc.sha256:
        raise StoredDocumentError(
            f"{doc.number}: the UBL file {doc.ubl} is not the one issued (its SHA-256 is not "
            f"the one booked), so its PDF is not given out; {restore}"
        )
    return content


def issued_pdf(root: Path, doc: Issued, folder: Path | None = None) -> bytes:
    """The PDF of `doc` as issued: decoded from its hash-checked UBL file (in `folder`
    when it is not in the books).

    Raises:
      StoredDocumentError: as `issued_ubl` and `embedded_pdf`.
    """
    return embedded_pdf(issued_ubl(root, doc, folder), f"{doc.number}: {doc.ubl}")


def pdf_name(ubl: str) -> str:
    """Where the PDF of the UBL file `ubl` (relative to the books) is produced, relative too."""
    return str(Path(OUT_DIR) / Path(ubl).with_suffix(".pdf"))


def pdf_path(root: Path, doc: Issued) -> Path:
    return root / pdf_name(doc.ubl)


def write_pdf(root: Path, doc: Issued, folder: Path | None = None) -> Path:
    """Produce the PDF of `doc` below `out/` (see `pdf_name`) and return its path.

    The file is written (atomically) only when it is missing or differs.

    Raises:
      StoredDocumentError: as `issued_pdf`.
    """
    pdf = issued_pdf(root, doc, folder)
    path = pdf_path(root, doc)
    try:
        if path.read_bytes() == pdf:
            return path
    except OSError:
        path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, pdf, sync=False)  # made again from the UBL file whenever needed
    return path


def pdf_link(root: Path, doc: Issued) -> data.Document:
    """The `document` entry that links the PDF of `doc` for Fava, as the month-end once wrote."""
    return document_link(doc, pdf_path(root, doc))


def document_link(doc: Issued, path: Path) -> data.Document:
    """A `document` entry that links the file `path` of `doc` for Fava."""
    account = member_account(doc.member, member_side(doc.kind))
    meta = data.new_metadata(
        str(doc.entry.meta.get("filename", "<sif>")), int(doc.entry.meta.get("lineno") or 0)
    )
    return data.Document(
        meta, doc.date, account, str(path), data.EMPTY_SET, frozenset([doc.number])
    )


def write_linked_pdf(
    root: Path,
    issued: list[Issued],
    filename: str,
    folder_of: Callable[[Issued], Path | None] = lambda doc: None,
) -> Path | None:
    """Produce the PDF that `filename` (a path `pdf_link` gave) stands for; None if none does.

    `folder_of` tells where a document's UBL file is when not in the books.

    Raises:
      StoredDocumentError: as `issued_pdf`.
    """
    asked = Path(filename)
    if asked.suffix.lower() != ".pdf" or not asked.is_relative_to(root / OUT_DIR):
        return None
    for doc in issued:
        if doc.number == asked.stem and pdf_path(root, doc) == asked:
            return write_pdf(root, doc, folder_of(doc))
    return None
