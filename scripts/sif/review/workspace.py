"""What `sif check` says about the working folder beside the books themselves.

Three things a green check must not hide:

* a file the books are made of that git does not track: it passes on the
  laptop (which reads the folder) and fails in CI (which reads the commit);
* a temporary file that a killed sif command left behind (`sif.bookslock`);
* the same session booked twice: same date, note, service, providers and
  recipients.
"""

from __future__ import annotations

import datetime
import subprocess
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from sif.bookslock import stale_temporaries
from sif.i18n import _
from sif.ledger.trades import Trade
from sif.model.errors import SifError
from sif.paths import BOOK_FILES


def untracked_book_files(root: Path) -> list[Path]:
    """Files of the books that git does not track (nothing when `root` is not in git)."""
    try:
        # git from PATH, as the person who runs sif would; fixed arguments only.
        result = subprocess.run(  # noqa: S603
            ["git", "ls-files", "--others", "--exclude-standard", "-z", "--", *BOOK_FILES],  # noqa: S607
            cwd=root,
            capture_output=True,
            check=False,
        )
    except OSError:
        return []
    if result.returncode != 0:
        return []  # not a git work tree: nothing to compare with
    names = [name for name in result.stdout.decode("utf-8").split("\0") if name]
    return sorted(root / name for name in names if name.endswith((".yaml", ".beancount", ".md")))


def untracked_errors(root: Path) -> list[SifError]:
    """An error for each file of the books that a commit would leave out."""
    return [
        SifError(
            {"filename": str(path), "lineno": 0},
            _(
                "git does not track this file, so a commit or pull request leaves it out and "
                "CI fails where this laptop passes: run `git add {path}`"
            ).format(path=path.relative_to(root)),
            None,
        )
        for path in untracked_book_files(root)
    ]


def temporary_warnings(root: Path) -> list[str]:
    """A warning for each temporary file a stopped sif command left in the books."""
    return [
        _(
            "{path}: a temporary file a stopped sif command left behind; the next sif "
            "command that writes the books removes it (or delete it yourself); never commit it"
        ).format(path=path.relative_to(root))
        for path in stale_temporaries(root)
    ]


def duplicate_warnings(trades: Iterable[Trade], root: Path) -> list[str]:
    """A warning for trades with the same date, service, providers and recipients."""
    groups: dict[tuple[datetime.date, str, str, tuple[str, ...], tuple[str, ...]], list[Trade]]
    groups = defaultdict(list)
    for trade in trades:
        # A different note is how staff say "both took place" (two participants).
        key = (
            trade.date,
            trade.entry.narration or "",
            trade.service,
            tuple(sorted(m for m, _ in trade.providers)),
            tuple(sorted(m for m, _ in trade.recipients)),
        )
        groups[key].append(trade)
    warnings = []
    for (date, _note, service, providers, recipients), same in groups.items():
        if len(same) < 2:
            continue
        places = " and ".join(_where(t, root) for t in same)
        warnings.append(
            _(
                "{places}: the same session booked {count} times? ({date}, {service}, "
                "{providers} for {recipients}). Remove the extra booking, or if both took "
                "place, say how they differ in their notes"
            ).format(
                places=places,
                count=len(same),
                date=date,
                service=service,
                providers=", ".join(providers),
                recipients=", ".join(recipients),
            )
        )
    return warnings


def _where(trade: Trade, root: Path) -> str:
    filename = str(trade.entry.meta.get("filename", "?"))
    path = Path(filename)
    shown = path.relative_to(root) if path.is_relative_to(root) else path
    return f"{shown}:{trade.entry.meta.get('lineno', 0)}"
