"""The demo books for the Fava tests: a copy of the session's demo books (`demo_root`)."""

from __future__ import annotations

import shutil
from pathlib import Path

#: What the demo books are made of (templates/ and documents/ for the PDF and UBL links).
BOOKS = (
    "services.yaml",
    "ledger",
    "members",
    "concepts",
    "requests",
    "feedback",
    "documents",
    "templates",
)
#: The pages, in the order of Fava's sidebar.
PAGE_NAMES = ("SifMembers", "SifDocuments", "SifMonthEnd", "SifImbalances", "SifFeedback")


def copy_books(demo_root: Path, target: Path) -> Path:
    """The demo books at `demo_root`, copied to `target`."""
    target.mkdir(parents=True, exist_ok=True)
    for name in BOOKS:
        source = demo_root / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.is_file():
            shutil.copy2(source, target / name)
    return target
