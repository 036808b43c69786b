"""Made-up numbers with valid check digits: enterprise numbers and IBANs.

The documents and the member files check these numbers the way the KBO and
the banks do, so the demo's fictional numbers must pass the same checks.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from stdnum import iban as stdnum_iban
from stdnum.be import vat as be_vat

from sif.demo.words import BANK_CODES


def enterprise_number(rng: random.Random) -> str:
    """A random Belgian enterprise number, ten digits with mod-97 check digits."""
    body = f"0{rng.randint(2_000_000, 9_999_999)}"
    number = f"{body}{97 - int(body) % 97:02d}"
    assert be_vat.is_valid(number), number
    return number


def belgian_iban(rng: random.Random) -> str:
    """A random Belgian IBAN, grouped by four, with national and ISO 13616 check digits."""
    first = rng.choice(BANK_CODES) + f"{rng.randint(0, 9_999_999):07d}"
    bban = f"{first}{int(first) % 97 or 97:02d}"
    check = 98 - int(bban + "111400") % 97  # "BE00" moved to the end, B=11, E=14
    compact = f"BE{check:02d}{bban}"
    assert stdnum_iban.is_valid(compact), compact
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


class Unique:
    """Draws numbers (enterprise numbers, IBANs) that no member has yet."""

    def __init__(
        self, rng: random.Random, make: Callable[[random.Random], str], reserved: str | None
    ) -> None:
        self.rng = rng
        self.make = make
        self.used = {reserved} if reserved else set()

    def draw(self) -> str:
        """A new value; values compare without their spaces."""
        while True:
            value = self.make(self.rng)
            if value.replace(" ", "") not in self.used:
                self.used.add(value.replace(" ", ""))
                return value
