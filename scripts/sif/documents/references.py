"""Payment references by scheme: the Belgian OGM/VCS and the international RF reference.

Which scheme a community uses is data (`payment_reference` of the operator's
country in sif/model/data/countries.yaml): the Belgian structured reference
(`+++261/0000/01260+++`, see sif.documents.ogm) in Belgium, the ISO 11649
creditor reference (`RF43261000001260`, checked with python-stdnum) elsewhere.
Both carry the same ten-digit base, so a document has one reference whichever
way it is written, and a bank line matches it in either scheme's form.
"""

from __future__ import annotations

import re

from stdnum import iso11649

from sif.documents import ogm
from sif.model.countries import OGM, RF


def make(base: int, scheme: str) -> str:
    """The payment reference of a ten-digit `base` in `scheme` (OGM or RF)."""
    if scheme == OGM:
        return ogm.make(base)
    if scheme == RF:
        if not 0 < base < 10**10:
            raise ValueError(f"{base} does not fit a payment reference")
        body = f"{base:010d}"
        # ISO 11649: the check digits make "<body>RF<check>" (letters as 10..35) 1 modulo 97.
        numeric = int(body + "2715" + "00")
        return f"RF{98 - numeric % 97:02d}{body}"
    raise ValueError(f"unknown payment reference scheme {scheme}")


def is_rf(reference: str) -> bool:
    return iso11649.compact(reference).startswith("RF")


def is_valid(reference: str) -> bool:
    """True for a well-formed reference of either scheme, with right check digits."""
    if is_rf(reference):
        return bool(iso11649.is_valid(reference))
    return ogm.is_valid(reference)


def key(reference: str) -> str:
    """What identifies a reference however it is written: RF compact, or the OGM's 12 digits."""
    if is_rf(reference):
        return str(iso11649.compact(reference))
    return ogm.digits(reference)


def looks_like_reference(reference: str) -> bool:
    """True when the text is meant as a reference (RF..., or twelve digits)."""
    if is_rf(reference):
        return bool(re.fullmatch(r"RF\d{2}[0-9A-Z]{1,21}", iso11649.compact(reference)))
    return len(ogm.digits(reference)) == 12


def epc(reference: str) -> str:
    """The reference as the EPC QR code's structured field wants it."""
    return key(reference)
