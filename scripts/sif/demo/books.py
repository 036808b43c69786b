"""The demo books, made from the data embedded in the package.

The demo is the committed books of this repository: 45 fictional members,
their concepts, 18 months of trades, and the documents of the first two
invoiced months (2026-08 and 2026-09). `write_demo_books` makes the same books
anywhere, from `sif/demo/template/` and the seeded generator, so that the
main job and the tests never read the live books of a checkout (which staff
change every day).
"""

from __future__ import annotations

import datetime
from pathlib import Path

from sif.demo.generate import DEMO_MEMBERS, TEMPLATE, generate
from sif.documents.run import run_month
from sif.errors import SifException
from sif.ledger.migrate import compact
from sif.model.period import Month

#: The months the demo has invoiced, with the day their documents were issued.
INVOICED = (("2026-08", datetime.date(2026, 9, 3)), ("2026-09", datetime.date(2026, 10, 2)))


class DemoFolderError(SifException, FileExistsError):
    """The folder for the demo books holds files already."""


def write_demo_books(target: Path, *, invoiced: bool = True) -> Path:
    """Write the demo books into `target` (which must not exist or be empty).

    Args:
      target: The folder to write.
      invoiced: Also run the month-ends of INVOICED, as the committed demo has.

    Returns:
      The target.

    Raises:
      DemoFolderError: When `target` holds files already.
    """
    if target.exists() and any(target.iterdir()):
        raise DemoFolderError(f"{target} is not empty: choose a new folder for the demo books")
    target.mkdir(parents=True, exist_ok=True)
    generate(target, TEMPLATE, members=DEMO_MEMBERS, extras=True)
    if invoiced:
        for month_text, issued in INVOICED:
            run_month(target, Month.parse(month_text), issued)
            compact(target, month_text)  # as `sif invoice run` does
    return target
