"""The delivery record: what was handed to the mail server, so nobody gets a mail twice.

`mail/sent/YYYY-MM.jsonl` in the books holds one JSON object per line, appended
and flushed to disk (fsync) before sif moves on::

    {"member": "an-claes", "to": "an@example.org", "status": "sending", "message_id": "<...>", "sha256": "...", "at": "2026-11-04T10:00:01+00:00"}
    {"member": "an-claes", "to": "an@example.org", "status": "delivered", "message_id": "<...>", "sha256": "...", "at": "2026-11-04T10:00:02+00:00"}

A member's state is the status of their last line:

- `sending`: sif was handing the message over when it stopped (killed, or the
  connection broke during the transfer). The server may or may not have
  accepted it, so a rerun does **not** send it again: it is reported as in
  doubt, and `--retry-in-doubt` sends it after staff checked the server's log.
- `delivered`: the server accepted it; never sent again.
- `failed`: the server refused it, or it never got to the server; a rerun
  sends it.

The record is committed with the books: it is the proof of what was sent to
whom, and any clone that sends next knows it. It holds no secret (addresses
are in members/ already), and appending lines merges without conflicts.
"""

from __future__ import annotations

import datetime
import json
import os
from dataclasses import dataclass
from pathlib import Path

from sif.paths import MAIL_RECORD_DIR

RECORD_DIR = MAIL_RECORD_DIR
SENDING = "sending"
DELIVERED = "delivered"
FAILED = "failed"
STATUSES = (SENDING, DELIVERED, FAILED)


@dataclass(frozen=True)
class Event:
    """One line of the record.

    Attributes:
      member: Member id.
      to: The address.
      status: SENDING, DELIVERED or FAILED.
      message_id: The message's Message-ID.
      sha256: SHA-256 of the message as sent (the .eml file).
      at: When, in UTC, ISO 8601.
      error: Why it failed, or "".
    """

    member: str
    to: str
    status: str
    message_id: str = ""
    sha256: str = ""
    at: str = ""
    error: str = ""


def record_path(root: Path, month: str) -> Path:
    return root / RECORD_DIR / f"{month}.jsonl"


class DeliveryRecord:
    """The append-only record of one month's mailing."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.damaged: list[str] = []  # lines that could not be read (a torn last write)

    def events(self) -> list[Event]:
        """Every event, in the order written."""
        self.damaged = []
        if not self.path.exists():
            return []
        events = []
        for number, line in enumerate(self.path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                event = Event(**{k: str(v) for k, v in item.items() if k in Event.__annotations__})
            except (ValueError, TypeError):
                self.damaged.append(f"{self.path}:{number}: cannot read {line[:60]!r}")
                continue
            if event.status in STATUSES:
                events.append(event)
        return events

    def state(self) -> dict[str, Event]:
        """Each member's last event."""
        return {event.member: event for event in self.events()}

    def append(self, event: Event) -> Event:
        """Write `event` (stamped now) and force it to disk before returning."""
        stamped = Event(
            event.member,
            event.to,
            event.status,
            event.message_id,
            event.sha256,
            event.at or datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            event.error,
        )
        new = not self.path.exists()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps(
            {k: v for k, v in stamped.__dict__.items() if v or k in ("member", "status")},
            ensure_ascii=False,
        )
        # One write of one line, opened for appending: the line is whole or absent.
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, (line + "\n").encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
        if new:  # make the new file's name durable too
            folder = os.open(self.path.parent, os.O_RDONLY)
            try:
                os.fsync(folder)
            finally:
                os.close(folder)
        return stamped
