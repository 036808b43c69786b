"""The summary of `sif check`: what the books hold, and the result as JSON.

The errors and warnings come from the rules that find them (the plugin,
`sif.review`, `sif.privacy`, the site's checks); this module counts the books
and shapes the result, for the terminal, `--json` and the CI job summary.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from beancount.core import data

from sif.ledger.books import Books, error_json


class Counts(NamedTuple):
    """What the books hold.

    Attributes:
      members: Member files.
      concepts: Concept files.
      services: Services on the menu card (0 when services.yaml cannot be read).
      trades: Trades in the ledger.
    """

    members: int
    concepts: int
    services: int
    trades: int


def count_books(books: Books) -> Counts:
    """Count the members, concepts, services and trades of loaded books."""
    community = books.community
    menu = community.menu
    return Counts(
        members=len(community.members),
        concepts=len(community.concepts),
        services=len(menu.services) if menu else 0,
        trades=sum(
            1 for e in books.entries if isinstance(e, data.Transaction) and "service" in e.meta
        ),
    )


def check_json(
    counts: Counts,
    errors: Sequence[Any],
    warnings: Sequence[str],
    root: Path,
    changes: Sequence[NamedTuple] | None = None,
) -> dict[str, Any]:
    """The result of `sif check --json`: ok, counts, errors (with file and line), warnings,
    and with --base the changes in words."""
    result: dict[str, Any] = {
        "ok": not errors,
        "counts": counts._asdict(),
        "errors": [error_json(error, root) for error in errors],
        "warnings": list(warnings),
    }
    if changes is not None:
        result["changes"] = [change._asdict() for change in changes]
    return result
