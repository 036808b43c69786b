"""One canonical form for the ledger files, so diffs show what changed and nothing else.

`format_text` changes whitespace only, and proves it: the result must parse to
the same entries, with the same comments, or nothing is written. The form is
the one of a trade in README.md ("A trade") and of `sif record`:

- metadata of an entry is indented by 2 spaces, metadata of a posting by 4;
- in each transaction the accounts are padded to the longest one, two spaces
  follow, the numbers are right-aligned (at least 8 wide), one space, then the
  currency and whatever follows it, as written;
- trailing whitespace goes, Windows line ends become Unix ones, runs of blank
  lines become one, a transaction is followed by a blank line, and the file
  ends with exactly one newline;
- comments and everything else are kept as written.

Before::

    2026-03-12 * "Versterkingssessie"
        service:   "strengthening-session"
      Assets:Members:An-claes   -2.50 SIF
      Assets:Members:De-buurtkeuken 2.50 SIF   ; a comment stays
    2026-03-13 * "Coaching"

After::

    2026-03-12 * "Versterkingssessie"
      service:   "strengthening-session"
      Assets:Members:An-claes        -2.50 SIF
      Assets:Members:De-buurtkeuken   2.50 SIF   ; a comment stays

    2026-03-13 * "Coaching"

Only the files people write are formatted: those in `ledger/` itself and
below `ledger/trades/`. Issued documents (`ledger/documents/`) never are, an
issued entry stays byte for byte as the month-end run wrote it, and other
files that sif commands write (payments) keep their own layout.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from beancount.parser import parser, printer

from sif.errors import SifException
from sif.fsutil import atomic_write
from sif.paths import LEDGER_DIR, LEDGER_DOCUMENTS_DIR

#: Below ledger/: the documents booked by the month-end run, never reformatted.
ISSUED_DIR = LEDGER_DOCUMENTS_DIR
#: Below ledger/: the folders of files people write (besides the files in ledger/ itself).
WRITTEN_BY_HAND = ("trades",)
MIN_AMOUNT_WIDTH = 8

_HEADER = re.compile(r"^\d{4}-\d{2}-\d{2}\b")
_TRANSACTION = re.compile(r"^\d{4}-\d{2}-\d{2}\s+(?:txn\b|[*!&#?%PSTCURM])")
_ACCOUNT = r"(?:[A-Z][\w-]*|[^\x00-\x7f])(?::[\w-]+|:[^\x00-\x7f][^\s:]*)+"
_POSTING = re.compile(
    rf"^(?P<account>(?:[!*]\s+)?{_ACCOUNT})"
    r"(?:\s+(?P<number>[-+]?(?:[\d,]+(?:\.\d*)?|\.\d+)|\([^)]*\))"
    r"\s+(?P<rest>[A-Z][A-Z0-9'._-]*\b.*))?"
    r"(?P<tail>\s.*)?$"
)
_KEY = re.compile(r"^[a-z][a-zA-Z0-9_-]*:")


class FormatError(SifException):
    """A file cannot be formatted safely; the message says why."""


@dataclass(frozen=True)
class Formatted:
    """The outcome for one file.

    Attributes:
      path: The file.
      before: Its text as read.
      after: Its text in the canonical form.
    """

    path: Path
    before: str
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


def align_postings(rows: Sequence[tuple[str, str | None, str]]) -> list[str]:
    """Posting lines of one transaction in the canonical layout.

    Args:
      rows: (account, number or None, currency and what follows it) per posting.
    """
    width = max((len(account) for account, number, _ in rows if number is not None), default=0)
    amount_width = max(
        [MIN_AMOUNT_WIDTH] + [len(number) for _, number, _ in rows if number is not None]
    )
    lines = []
    for account, number, rest in rows:
        if number is None:
            lines.append(f"  {account} {rest}".rstrip() if rest else f"  {account}")
        else:
            lines.append(f"  {account:<{width}}  {number:>{amount_width}} {rest}".rstrip())
    return lines


def _posting(body: str) -> tuple[str, str | None, str] | None:
    """(account, number, rest) of a posting line without its indentation, or None."""
    match = _POSTING.match(body)
    if match is None:
        return None
    account = " ".join(match["account"].split())
    tail = (match["tail"] or "").strip()
    if match["number"] is None:
        return account, None, tail
    return account, match["number"], match["rest"].rstrip()


def _layout(lines: list[str]) -> list[str]:
    """The lines of one file, whitespace normalised (comments and content kept)."""
    out: list[str] = []
    pending: list[tuple[str, str | None, str] | str] = []  # a transaction's postings and notes
    in_transaction = after_posting = False

    def flush() -> None:
        rows = [row for row in pending if isinstance(row, tuple)]
        aligned = iter(align_postings(rows))
        out.extend(next(aligned) if isinstance(row, tuple) else row for row in pending)
        pending.clear()

    for raw in lines:
        line = raw.rstrip()
        body = line.lstrip()
        indented = bool(line) and line[0] in " \t"
        if not indented:
            flush()
            if _HEADER.match(line) and in_transaction and out and out[-1].startswith(" "):
                out.append("")  # a transaction is followed by a blank line
            if not line and (not out or not out[-1]):
                continue  # no leading blank lines, no runs of them
            out.append(line)
            in_transaction = bool(_TRANSACTION.match(line))
            after_posting = False
            continue
        if body.startswith(";"):
            (pending if in_transaction else out).append("  " + body)
            continue
        if in_transaction and not _KEY.match(body):
            posting = _posting(body)
            if posting is not None:
                pending.append(posting)
                after_posting = True
                continue
        indent = "    " if after_posting else "  "
        (pending if in_transaction else out).append(indent + body)
    flush()
    while out and not out[-1]:
        out.pop()
    return out


def format_text(text: str, name: str = "<text>") -> str:
    """`text` in the canonical form; raises FormatError when that is not provably safe."""
    before = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = _layout(before.split("\n"))
    after = "\n".join(lines) + "\n" if lines else ""
    if after == text:
        return after
    old_entries, old_errors = _parsed(before)
    if old_errors:
        raise FormatError(
            f"{name}: it does not parse ({old_errors[0].message}); fix that first (sif check)"
        )
    new_entries, new_errors = _parsed(after)
    if new_errors or new_entries != old_entries or _comments(before) != _comments(after):
        raise FormatError(
            f"{name}: formatting would change what the file says; it was left alone "
            "(please report this as a bug in sif fmt)"
        )
    return after


def _parsed(text: str) -> tuple[list[str], list[Any]]:
    entries, errors, _ = parser.parse_string(text)
    return [printer.format_entry(entry) for entry in entries], list(errors)


def _comments(text: str) -> list[str]:
    return [
        line.split(";", 1)[1].strip()
        for line in text.splitlines()
        if line.lstrip().startswith(";")
    ]


def ledger_files(root: Path) -> list[Path]:
    """The ledger files `sif fmt` keeps in form: those people write (see `skip_reason`)."""
    ledger = root / LEDGER_DIR
    found = list(ledger.glob("*.beancount"))
    for folder in WRITTEN_BY_HAND:
        found += (ledger / folder).rglob("*.beancount")
    return sorted(found)


def skip_reason(path: Path, root: Path) -> str | None:
    """Why `sif fmt` leaves `path` alone, or None when it formats it.

    It formats the files people write: those directly in ledger/ (main.beancount)
    and below ledger/trades/. Issued documents are frozen, and what other sif
    commands write (payments, say) keeps the layout they write.
    """
    ledger = (root / LEDGER_DIR).resolve()
    resolved = path.resolve()
    if resolved.suffix != ".beancount":
        return "not a ledger file"
    if not resolved.is_relative_to(ledger):
        return "not in the ledger folder"
    parts = resolved.relative_to(ledger).parts
    if parts[0] == ISSUED_DIR:
        return "an issued document: never reformatted"
    if len(parts) > 1 and parts[0] not in WRITTEN_BY_HAND:
        return "written by sif in its own layout"
    return None


def format_files(paths: Iterable[Path], *, write: bool) -> list[Formatted]:
    """Format each file; with `write`, rewrite (atomically) those that changed.

    Raises:
      FormatError: a file cannot be read or formatted; no file after it is written.
    """
    results = []
    for path in paths:
        try:
            before = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise FormatError(f"{path}: cannot be read ({exc})") from exc
        result = Formatted(path, before, format_text(before, str(path)))
        if write and result.changed:
            atomic_write(path, result.after)
        results.append(result)
    return results
