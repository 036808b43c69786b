"""Feedback files: `feedback/YYYY-MM/*.yaml`, the survey after each session. PRIVATE.

After a session the Fabriek asks how it went and whether the coach from the
community was well prepared. `sif feedback add` writes each answer to a file of
its own in the folder of the session's month (so that two pull requests adding
feedback never conflict), as a YAML list of one entry::

    - trade: "3f9a0c1d2e4b"          # fingerprint of the trade (sif.ledger.locks)
      date: 2026-10-12               # the trade's date, service, coaches and
      service: strengthening-session #   recipients, so the file reads on its own
      coaches: [an-claes]            #   and the link survives a reworded narration
      recipients: [de-buurtkeuken]
      from: de-buurtkeuken           # optional: the recipient who answered
      rating: 4                      # 1 (bad) to 5 (excellent)
      prepared: true                 # was the coach well prepared?
      comment: "Concrete tips voor het businessplan."
      recorded: 2026-10-20           # the day the answer was recorded

Older books kept a month's answers in one file, `feedback/YYYY-MM.yaml`; such
files are still read, and `sif migrate` moves them into the folders.

Feedback is never published: nothing in `sif.site` reads this folder, and the
community (`sif.model.community`) does not hold it. This module reads and
writes the files; `sif.ledger.feedbacklinks` links the entries to the trades, and
`sif.feedback` records new ones and reports on them.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from sif.model.errors import YamlError, source
from sif.model.yamlio import Fields, LineDict, load_yaml
from sif.paths import FEEDBACK_DIR

RATINGS = range(1, 6)
FILE_RE = re.compile(r"^(\d{4})-(\d{2})\.yaml$")
FOLDER_RE = re.compile(r"^(\d{4})-(\d{2})$")
FINGERPRINT_RE = re.compile(r"^[0-9a-f]{12}$")
HEADER = (
    "# Feedback after the sessions of {month}: PRIVATE, never published.\n"
    '# Written by `sif feedback add`; see README, "Requests, matching and feedback".\n'
)
_PLAIN_ID = re.compile(r"^[a-z][a-z0-9-]*$")
_RESERVED = frozenset(("y", "n", "yes", "no", "on", "off", "true", "false", "null"))
# Characters YAML does not accept raw in a file (C0 and C1 controls, surrogates...)
# or reads as a line break (NEL, LS, PS): written as \uXXXX escapes instead.
_NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


@dataclass(frozen=True)
class Feedback:
    """One answer to the survey after a session.

    Attributes:
      trade: The fingerprint of the trade (`sif.ledger.locks.fingerprint`).
      date: The date of the trade.
      service: Its service id.
      coaches: The providers of the trade (member ids).
      recipients: Its recipients (member ids).
      respondent: The recipient who answered (`from:`), or None.
      rating: 1 to 5.
      prepared: Whether the coach was well prepared.
      comment: Free text, or None.
      recorded: The day the answer was recorded.
      filename: The feedback file.
      line: The line of the entry in the file.
    """

    trade: str
    date: datetime.date
    service: str
    coaches: tuple[str, ...]
    recipients: tuple[str, ...]
    respondent: str | None
    rating: int
    prepared: bool
    comment: str | None
    recorded: datetime.date
    filename: str = ""
    line: int = 0


def month_path(root: Path, date: datetime.date) -> Path:
    """The feedback file of the month of `date` in the older layout."""
    return root / FEEDBACK_DIR / f"{date.year:04d}-{date.month:02d}.yaml"


def entry_path(root: Path, entry: Feedback) -> Path:
    """The file of one answer: `feedback/YYYY-MM/<date>-<trade>-<who>-<digest>.yaml`."""
    digest = hashlib.sha256(entry_text(entry).encode("utf-8")).hexdigest()[:6]
    who = entry.respondent if entry.respondent and _PLAIN_ID.match(entry.respondent) else "anon"
    name = f"{entry.date.isoformat()}-{entry.trade}-{who[:40]}-{digest}.yaml"
    return root / FEEDBACK_DIR / f"{entry.date:%Y-%m}" / name


def parse_entry(
    data: object, filename: str, index: int, line: int
) -> tuple[Feedback | None, list[YamlError]]:
    """One entry of a feedback file (index counts from 1, for the messages)."""
    errors: list[YamlError] = []
    f = Fields(data, filename, errors, f"[{index}].", line)
    trade_raw = f.raw("trade")
    trade = None
    if trade_raw is None:
        f.error("trade", "is missing; give the trade's fingerprint, in quotes")
    elif not isinstance(trade_raw, str) or not FINGERPRINT_RE.match(trade_raw.strip()):
        f.error(
            "trade",
            f'"{trade_raw}" is not a trade fingerprint: 12 characters 0-9 and a-f, in quotes',
        )
    else:
        trade = trade_raw.strip()
    date = f.date("date", required=True)
    service = f.text("service", required=True)
    coaches = f.str_list("coaches")
    if not coaches:
        f.error("coaches", "is missing; list the trade's providers, e.g. [an-claes]")
    recipients = f.str_list("recipients")
    respondent = f.text("from")
    rating_raw = f.decimal("rating", required=True)
    rating = None
    if rating_raw is not None:
        if rating_raw != rating_raw.to_integral_value() or int(rating_raw) not in RATINGS:
            f.error("rating", f"{rating_raw} should be a whole number from 1 to 5")
        else:
            rating = int(rating_raw)
    prepared = f.raw("prepared")
    if not isinstance(prepared, bool):
        f.error("prepared", "should be true or false: was the coach well prepared?")
    comment = f.text("comment")
    recorded = f.date("recorded", required=True)
    if date and recorded and recorded < date:
        f.error("recorded", f"{recorded} is before the session ({date}): feedback comes after it")
    if respondent is not None and recipients and respondent not in recipients:
        f.error("from", f'"{respondent}" is not among the recipients ({", ".join(recipients)})')
    f.finish()
    if (
        errors
        or trade is None
        or date is None
        or service is None
        or rating is None
        or not isinstance(prepared, bool)
        or recorded is None
    ):
        return None, errors
    entry = Feedback(
        trade,
        date,
        service,
        coaches,
        recipients,
        respondent,
        rating,
        prepared,
        comment,
        recorded,
        filename,
        f.line,
    )
    return entry, errors


def parse_feedback(data: object, filename: str) -> tuple[list[Feedback], list[YamlError]]:
    """The entries of one loaded feedback file; its name says the month of every entry."""
    errors: list[YamlError] = []
    if data is None:
        return [], errors  # only comments, or empty
    if not isinstance(data, list):
        errors.append(
            YamlError(
                source(filename, 1),
                "a feedback file is a list of entries, each starting with `- trade: ...`",
                None,
            )
        )
        return [], errors
    match = FILE_RE.match(Path(filename).name) or FOLDER_RE.match(Path(filename).parent.name)
    entries = []
    for index, item in enumerate(data, start=1):
        line = item.line if isinstance(item, LineDict) else 0
        entry, entry_errors = parse_entry(item, filename, index, line)
        errors.extend(entry_errors)
        if entry is None:
            continue
        if match and (entry.date.year, entry.date.month) != (int(match[1]), int(match[2])):
            errors.append(
                YamlError(
                    source(filename, entry.line),
                    f'field "[{index}].date": {entry.date} is not in {match[1]}-{match[2]}; '
                    f"move the entry to {FEEDBACK_DIR}/{entry.date:%Y-%m}/",
                    None,
                )
            )
            continue
        entries.append(entry)
    return entries, errors


def feedback_files(root: Path) -> tuple[list[Path], list[YamlError]]:
    """The feedback files below `root`, by month and name, and those misplaced."""
    directory = root / FEEDBACK_DIR
    files: list[Path] = []
    errors: list[YamlError] = []
    if not directory.is_dir():
        return files, errors
    for path in sorted(directory.iterdir()):
        if path.name.startswith("."):
            continue
        if path.is_dir() and FOLDER_RE.match(path.name):
            files += (p for p in sorted(path.iterdir()) if not p.name.startswith("."))
        elif path.is_file() and FILE_RE.match(path.name):
            files.append(path)
        else:
            errors.append(
                YamlError(
                    source(str(path), 0),
                    "feedback lives in a folder per month of the sessions, "
                    f"{FEEDBACK_DIR}/YYYY-MM/, one file per answer (`sif feedback add` writes "
                    "them); move it there",
                    None,
                )
            )
    for path in files:
        if path.suffix != ".yaml" or not path.is_file():
            errors.append(YamlError(source(str(path), 0), "not a .yaml file; remove it", None))
    return [p for p in files if p.suffix == ".yaml" and p.is_file()], errors


def load_feedback(root: Path) -> tuple[list[Feedback], list[YamlError]]:
    """Every entry of the feedback files below `root`, by month and file order."""
    entries: list[Feedback] = []
    paths, errors = feedback_files(root)
    for path in paths:
        data, load_errors = load_yaml(path)
        errors.extend(load_errors)
        if load_errors:
            continue
        found, parse_errors = parse_feedback(data, str(path))
        entries.extend(found)
        errors.extend(parse_errors)
    return entries, errors


def quote(text: str) -> str:
    """`text` as a YAML double-quoted scalar that any YAML reader reads back exactly."""
    quoted = json.dumps(text, ensure_ascii=False)
    return _NOT_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def _id(text: str) -> str:
    """An id plain when YAML reads it back as the same text (not 2024, 0755 or yes)."""
    return text if _PLAIN_ID.match(text) and text not in _RESERVED else quote(text)


def _flow(items: tuple[str, ...]) -> str:
    return "[" + ", ".join(_id(item) for item in items) + "]"


def entry_text(entry: Feedback) -> str:
    """The YAML text of one entry, as `sif feedback add` appends it."""
    lines = [
        f"- trade: {quote(entry.trade)}",
        f"  date: {entry.date.isoformat()}",
        f"  service: {_id(entry.service)}",
        f"  coaches: {_flow(entry.coaches)}",
        f"  recipients: {_flow(entry.recipients)}",
    ]
    if entry.respondent:
        lines.append(f"  from: {_id(entry.respondent)}")
    lines += [
        f"  rating: {entry.rating}",
        f"  prepared: {'true' if entry.prepared else 'false'}",
    ]
    if entry.comment:
        lines.append(f"  comment: {quote(entry.comment)}")
    lines.append(f"  recorded: {entry.recorded.isoformat()}")
    return "\n".join(lines) + "\n"
