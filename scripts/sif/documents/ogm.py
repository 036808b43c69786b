"""Belgian structured payment references (OGM/VCS): +++123/4567/89002+++.

Ten digits and a two-digit check: the ten digits modulo 97, where a remainder
of 0 is written 97.
"""

from __future__ import annotations

import re

_RE = re.compile(r"^\+\+\+(\d{3})/(\d{4})/(\d{5})\+\+\+$")


def make(base: int) -> str:
    """The structured reference for a base number of at most ten digits."""
    if not 0 < base < 10**10:
        raise ValueError(f"{base} does not fit a structured reference")
    check = base % 97 or 97
    digits = f"{base:010d}{check:02d}"
    return f"+++{digits[:3]}/{digits[3:7]}/{digits[7:]}+++"


def digits(reference: str) -> str:
    """The twelve digits of a reference written with or without +++ and slashes."""
    return re.sub(r"[^0-9]", "", reference)


def is_valid(reference: str) -> bool:
    """True if `reference` is a well-formed structured reference with a right check."""
    text = reference.strip()
    if text.startswith(("+++", "***")):
        text = "+++" + text[3:-3] + "+++" if len(text) > 6 else text
        if not _RE.match(text):
            return False
    number = digits(text)
    if len(number) != 12:
        return False
    base, check = int(number[:10]), int(number[10:])
    return base > 0 and check == (base % 97 or 97)
