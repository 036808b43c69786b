"""The report of `sif check` as Markdown, for a GitHub job summary.

GitHub shows the file named by `$GITHUB_STEP_SUMMARY` on the page of the run,
so a staff member who opened a pull request from the browser reads there, in
words, what their change does to the books, and each error as `file:line`
with what to do about it::

    ## ❌ sif check: 1 error

    ### Errors
    - `ledger/trades/2026-10.beancount:12`: 2026-10 was invoiced at origin/main ...

    ### What this change does to the books
    Compared with `origin/main`: 1 trade added.
    - adds a trade: 2026-11-04: an-claes to de-buurtkeuken, ... (`ledger/trades/2026-11.beancount:3`)
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from sif.ledger.books import error_location
from sif.review.changes import Review


def _text(text: str) -> str:
    """Plain text made safe for Markdown: no HTML, one line."""
    return html.escape(" ".join(text.split()), quote=False)


def summary_markdown(
    root: Path,
    counts: Mapping[str, int],
    errors: Sequence[Any],
    warnings: Sequence[str],
    review: Review | None,
) -> str:
    """The job summary: status, errors as `file:line`, warnings, and the change in words."""
    books = ", ".join(f"{n} {what}" for what, n in counts.items())
    if errors:
        lines = [f"## ❌ sif check: {len(errors)} error(s)", ""]
    else:
        lines = ["## ✅ sif check: the books are in order", ""]
    lines += [f"The books: {books}.", ""]
    if errors:
        lines += ["### Errors", ""]
        for error in errors:
            filename, line = error_location(error, root)
            lines.append(f"- `{filename}:{line}`: {_text(error.message)}")
        lines += [
            "",
            (
                "Each error names the file and line to fix. See the staff guide in README.md, "
                '"Wat een rode check betekent · What a failing check means".'
            ),
            "",
        ]
    if review is not None:
        lines += ["### What this change does to the books", ""]
        if review.changes:
            counted = ", ".join(f"{n} {what}" for what, n in review.counts().items())
            lines += [f"Compared with `{_text(review.ref)}`: {counted}.", ""]
            for change in review.changes:
                where = f" (`{change.where}`)" if change.where else ""
                lines.append(f"- {_text(change.text)}{where}")
        else:
            lines.append(f"Compared with `{_text(review.ref)}`: nothing in the books changes.")
        lines.append("")
    if warnings:
        # Warnings do not fail the check; folded, so the change stays on top.
        lines += [f"<details><summary>{len(warnings)} warning(s)</summary>", ""]
        lines += [f"- {_text(warning)}" for warning in warnings]
        lines += ["", "</details>", ""]
    return "\n".join(lines)


def write_summary(path: Path, text: str) -> None:
    """Append `text` to `path` (GitHub collects every step's summary in one file)."""
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text + "\n")
