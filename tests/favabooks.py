"""The demo books for the Fava tests: copied, because other work shares the tree."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import REPO_ROOT

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


def copy_books(target: Path) -> Path:
    """The repository's demo books, copied to `target`."""
    target.mkdir(parents=True, exist_ok=True)
    for name in BOOKS:
        source = REPO_ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.is_file():
            shutil.copy2(source, target / name)
    return target
