"""`sif migrate`: move books of the older layout into one file per trade and answer;
and `compact`: an invoiced month's trades into one file.

Before, a month's trades were one file (`ledger/trades/YYYY-MM.beancount`) and
a month's feedback one list (`feedback/YYYY-MM.yaml`): any two pull requests of
the same month conflicted. This moves each transaction (with the comment lines
right above it) into its own file (`sif.ledger.layout`) and each answer into
its own file (`sif.model.feedback.entry_path`), points the main ledger's
include at the new glob, and proves the move changed nothing: the same entries
(by fingerprint), the same balance on every account, the same feedback, and no
new error. If the proof fails, every file is put back as it was.

Once a month is invoiced it is locked: no pull request may add to it any more,
so its trades no longer need a file each. `compact` writes them into one month
file (`ledger/trades/YYYY-MM.beancount`, in the order of their file names) and
removes the month's folder, with the same proof: loading a file per trade costs
Beancount about 0.35 ms a file, and years of books would pay that on every
cold load. `sif invoice run` compacts the month it locks; `sif migrate` compacts
every locked month still kept a file per trade.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from beancount.core import data
from beancount.parser import parser

from sif.errors import SifException
from sif.fsutil import atomic_write
from sif.ledger.books import Books, load_books
from sif.ledger.fmt import ISSUED_DIR
from sif.ledger.layout import (
    KEEPER,
    KEEPER_TEXT,
    MONTHLY_INCLUDE,
    TRADES_INCLUDE,
    month_files,
    trade_path,
    trades_root,
)
from sif.ledger.locks import fingerprint, read_locks
from sif.model.feedback import (
    FILE_RE,
    HEADER,
    entry_path,
    entry_text,
    feedback_files,
    load_feedback,
)
from sif.paths import LEDGER_DIR, LEDGER_MAIN

#: The header line the older month files started with; not kept.
_BOILERPLATE = "; Trades of "


class MigrationError(SifException):
    """The books cannot be moved, or the move would change them; nothing was changed."""


@dataclass(frozen=True)
class Migration:
    """What `migrate` did.

    Attributes:
      trades: Transactions and other entries moved into files of their own.
      month_files: Month files of trades removed.
      answers: Feedback answers moved into files of their own.
      feedback_files: Month files of feedback removed.
      accounts: Accounts whose balances were compared (all unchanged).
    """

    trades: int
    month_files: int
    answers: int
    feedback_files: int
    accounts: int


def split_entries(text: str, filename: str) -> list[tuple[data.Directive, str]]:
    """Each entry of a ledger file with its own text and the comment lines above it.

    Raises:
      MigrationError: The file does not parse.
    """
    entries, errors, _ = parser.parse_string(text, filename)
    if errors:
        raise MigrationError(
            f"{filename}:{errors[0].source.get('lineno', 0)}: {errors[0].message}"
        )
    lines = text.splitlines()
    starts = sorted((entry.meta["lineno"] - 1, index) for index, entry in enumerate(entries))
    pieces: list[tuple[data.Directive, str]] = []
    pending: list[str] = []  # comment lines waiting for the entry below them
    position = 0
    for start, index in starts:
        pending += [line for line in lines[position:start] if line.strip()]
        end = start + 1
        while end < len(lines) and lines[end][:1] in (" ", "\t") and lines[end].strip():
            end += 1
        comments = [line for line in pending if not line.startswith(_BOILERPLATE)]
        pieces.append((entries[index], "\n".join([*comments, *lines[start:end]]) + "\n"))
        pending = []
        position = end
    rest = [line for line in lines[position:] if line.strip()]
    if rest and pieces:
        entry, piece = pieces[-1]
        pieces[-1] = (entry, piece + "\n".join(rest) + "\n")
    return pieces


def _proof(books: Books) -> tuple[Counter[str], dict[tuple[str, str], Decimal], list[str]]:
    prints: Counter[str] = Counter()
    totals: dict[tuple[str, str], Decimal] = {}
    for entry in books.entries:
        if isinstance(entry, data.Transaction):
            prints[fingerprint(entry)] += 1
            for posting in entry.postings:
                if posting.units is None or posting.units.number is None:
                    continue
                key = (posting.account, posting.units.currency)
                totals[key] = totals.get(key, Decimal(0)) + posting.units.number
    return prints, totals, sorted(error.message for error in books.errors)


def migrate(root: Path) -> Migration:
    """Move the books at `root` into the layout of one file per trade and answer.

    Raises:
      MigrationError: The books have errors, or the moved books would differ;
        then the books are as they were.
    """
    # An invoiced month is locked and stays one file (see `compact`).
    locked = _locked_months(root)
    months = [path for path in month_files(root) if path.stem not in locked]
    old_feedback = [p for p in feedback_files(root)[0] if FILE_RE.match(p.name)]
    main = root / LEDGER_MAIN
    main_text = main.read_text(encoding="utf-8")
    if not months and not old_feedback and MONTHLY_INCLUDE not in main_text:
        return Migration(0, 0, 0, 0, 0)
    before = load_books(root)
    if before.errors:
        raise MigrationError(
            f"the books have {len(before.errors)} error(s); run `sif check`, fix them, then migrate"
        )
    answers_before, feedback_errors = load_feedback(root)
    if feedback_errors:
        raise MigrationError(
            f"{feedback_errors[0].source['filename']}: {feedback_errors[0].message}"
        )

    written: list[Path] = []
    originals: dict[Path, str] = {path: path.read_text(encoding="utf-8") for path in months}
    originals.update({path: path.read_text(encoding="utf-8") for path in old_feedback})
    originals[main] = main_text
    moved = 0
    try:
        for month in months:
            for entry, piece in split_entries(originals[month], str(month)):
                kind = entry.meta.get("service") or type(entry).__name__.lower()
                path = trade_path(root, entry.date, str(kind), piece)
                atomic_write(path, piece)
                written.append(path)
                moved += 1
        for answer in answers_before:
            if not FILE_RE.match(Path(answer.filename).name):
                continue
            path = entry_path(root, answer)
            atomic_write(path, HEADER.format(month=f"{answer.date:%Y-%m}") + entry_text(answer))
            written.append(path)
        keeper = trades_root(root) / KEEPER
        if not keeper.exists():
            atomic_write(keeper, KEEPER_TEXT)
            written.append(keeper)
        atomic_write(main, main_text.replace(MONTHLY_INCLUDE, TRADES_INCLUDE))
        for path in [*months, *old_feedback]:
            path.unlink()
        after = load_books(root)
        answers_after, _ = load_feedback(root)
        same = _proof(before) == _proof(after) and sorted(
            entry_text(a) for a in answers_before
        ) == sorted(entry_text(a) for a in answers_after)
        if not same:
            raise MigrationError(
                "the moved books would not be the same (entries, balances or feedback "
                "differ); nothing was changed: report this with the books attached"
            )
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        for path, text in originals.items():
            atomic_write(path, text)
        raise
    accounts = len(_proof(after)[1])
    answers = sum(1 for a in answers_before if FILE_RE.match(Path(a.filename).name))
    return Migration(moved, len(months), answers, len(old_feedback), accounts)


def compact(root: Path, month: str) -> int:
    """Write the trades of the locked `month` ("YYYY-MM") into one month file.

    Returns the number of trade files compacted (0 when there is nothing to do).

    Raises:
      MigrationError: The month is not locked, a month file exists already, a
        file does not parse, or the compacted file would say something else;
        then the books are as they were.
    """
    folder = trades_root(root) / month
    files = sorted(folder.glob("*.beancount")) if folder.is_dir() else []
    if not files:
        return 0
    target = trades_root(root) / f"{month}.beancount"
    if target.exists():
        raise MigrationError(f"{target.relative_to(root)} exists already: nothing was compacted")
    if month not in _locked_months(root):
        raise MigrationError(f"{month} is not invoiced: its trades stay a file each")
    texts = {path: path.read_text(encoding="utf-8") for path in files}
    header = f"; Trades of {month}: invoiced and locked, so one file (see sif.ledger.migrate).\n"
    compacted = header + "\n" + "\n".join(text.rstrip("\n") + "\n" for text in texts.values())
    # Only these files change, so proving them the same proves the books the same,
    # without loading years of books twice at every month-end.
    before = [entry for path, text in texts.items() for entry in _parsed(text, str(path))]
    if _moved(before) != _moved(_parsed(compacted, str(target))):
        raise MigrationError(
            f"compacting {month} would change the books; nothing was changed: report this"
        )
    try:
        atomic_write(target, compacted)
        for path in files:
            path.unlink()
        folder.rmdir()
    except BaseException:
        target.unlink(missing_ok=True)
        folder.mkdir(parents=True, exist_ok=True)
        for path, text in texts.items():
            atomic_write(path, text)
        raise
    return len(files)


def _locked_months(root: Path) -> set[str]:
    """The months locked by `sif invoice run`, read from the issued documents' files."""
    entries: list[data.Directive] = []
    for path in sorted((root / LEDGER_DIR / ISSUED_DIR).glob("*.beancount")):
        entries += parser.parse_file(str(path))[0]
    return set(read_locks(entries)[0])


def _parsed(text: str, filename: str) -> list[data.Directive]:
    entries, errors, _ = parser.parse_string(text, filename)
    if errors:
        where = f"{filename}:{errors[0].source.get('lineno', 0)}"
        raise MigrationError(f"{where}: {errors[0].message}; nothing was compacted")
    return entries


def _moved(entries: list[data.Directive]) -> tuple[Counter[str], Counter[str]]:
    """What moving entries must keep: each transaction, and every other directive."""
    prints = Counter(fingerprint(e) for e in entries if isinstance(e, data.Transaction))
    others = Counter(
        f"{type(e).__name__} {e.date}" for e in entries if not isinstance(e, data.Transaction)
    )
    return prints, others


def compact_locked(root: Path) -> dict[str, int]:
    """Compact every locked month still kept a file per trade; returns files by month."""
    locked = read_locks(load_books(root).entries)[0]
    done = {}
    for month in sorted(locked):
        if (trades_root(root) / month).is_dir():
            done[month] = compact(root, month)
    return {month: n for month, n in done.items() if n}
