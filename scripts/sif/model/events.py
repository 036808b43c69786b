"""Event files: `events/<id>.md`, one per infosession, workshop, Bootcamp or Solution Lab.

Staff write the facts as YAML front matter and the description as Markdown
below it. The id is the file name; starting it with the date keeps the folder
in order. Example, `events/2026-12-10-infosessie-brussel.md`::

    ---
    title: "Infosessie: zo werkt de SIF"
    kind: infosession            # infosession | workshop | bootcamp | solution-lab
    date: 2026-12-10
    end_date: 2026-12-12         # optional: last day of an event of several days
    start: "19:00"
    end: "21:00"
    place: Sociale InnovatieFabriek, Voorbeeldstraat 1, 1000 Brussel
    language: nl                 # nl | fr | en
    registration: https://innovatiefabriek.example/inschrijven/infosessie
    capacity: 30                 # optional: number of seats
    ---
    Een avond over de kennisruilmunt: hoe je SIF verdient en uitgeeft.

The description is Markdown, shown on the event's page and in the calendar
feed. Raw HTML in it is shown as text, and links may only go to http(s)
addresses: the file says where, when an event file breaks either rule.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sif.model.errors import YamlError, source
from sif.model.members import LANGUAGES, URL_RE
from sif.model.yamlio import Fields, check_id, parse_yaml

KINDS = ("infosession", "workshop", "bootcamp", "solution-lab")
FIELDS = (
    "title", "kind", "date", "end_date", "start", "end", "place", "language",
    "registration", "capacity",
)  # fmt: skip
TIME_RE = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")
#: Link targets in Markdown: inline `](target` and reference definitions `[x]: target`.
_LINK_TARGET = re.compile(r"\]\(\s*<?([^\s)>]+)|^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


@dataclass(frozen=True)
class Event:
    """An activity of the network, as announced on the public site.

    Attributes:
      id: The slug from the file name, e.g. "2026-12-10-infosessie-brussel".
      title: The title, as staff wrote it.
      kind: One of KINDS.
      date: The (first) day.
      end_date: The last day of an event of several days, or None for one day.
      start: Starting time, local time in Belgium.
      end: Ending time on the last day.
      place: Where, as one line.
      language: The language the event is held in (LANGUAGES).
      registration: The http(s) address to register, or None.
      capacity: The number of seats, or None.
      body: The description, Markdown.
      filename: The event file.
      line: Line of the front matter's first field.
    """

    id: str
    title: str
    kind: str
    date: datetime.date
    end_date: datetime.date | None
    start: datetime.time
    end: datetime.time
    place: str
    language: str
    registration: str | None
    capacity: int | None
    body: str
    filename: str
    line: int = 0

    @property
    def last_day(self) -> datetime.date:
        return self.end_date or self.date

    def upcoming(self, today: datetime.date) -> bool:
        """True until the event's last day is over."""
        return self.last_day >= today


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(front matter, body, first line of the body), or None without `---` fences."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() == "---":
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    return None


def _time(f: Fields, key: str) -> datetime.time | None:
    value: Any = f.raw(key)
    if value is None:
        f.error(key, 'is missing; add it as "HH:MM", like "19:00"')
        return None
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        # YAML 1.1 reads an unquoted 19:00 as the sexagesimal number 1140.
        return datetime.time(value // 60, value % 60)
    match = TIME_RE.match(str(value).strip())
    if match is None:
        f.error(key, f'"{value}" is not a time; write it as "HH:MM", like "19:00"')
        return None
    return datetime.time(int(match.group(1)), int(match.group(2)))


def check_body(body: str, filename: str, first_line: int) -> list[YamlError]:
    """Errors for links in the description that go elsewhere than http(s)."""
    errors = []
    for match in _LINK_TARGET.finditer(body):
        target = match.group(1) or match.group(2) or ""
        scheme = _SCHEME.match(target)
        if scheme and scheme.group(1).lower() not in ("http", "https"):
            line = first_line + body.count("\n", 0, match.start())
            errors.append(
                YamlError(
                    source(filename, line),
                    f'the description links to "{target[:60]}"; only http(s) addresses may be '
                    "linked, like https://example.org",
                    None,
                )
            )
    return errors


def parse_event(event_id: str, text: str, filename: str) -> tuple[Event | None, list[YamlError]]:
    """Build an Event from the text of one event file."""
    errors: list[YamlError] = []
    if (problem := check_id(event_id, "event")) is not None:
        errors.append(YamlError(source(filename, 0), problem + "; rename the file", None))
    parts = split_front_matter(text)
    if parts is None:
        errors.append(
            YamlError(
                source(filename, 1),
                'an event file starts with a line "---", the fields (title: ..., date: ...), '
                'and another line "---"; the description follows',
                None,
            )
        )
        return None, errors
    front, body, body_line = parts
    # A leading newline keeps YAML's line numbers equal to the file's.
    data, yaml_errors = parse_yaml("\n" + front, filename)
    if yaml_errors:
        return None, errors + yaml_errors
    f = Fields(data, filename, errors, line=2)
    name = f.text("title", required=True)
    kind = f.choice("kind", KINDS, required=True)
    date = f.date("date", required=True)
    end_date = f.date("end_date")
    if date and end_date and end_date < date:
        f.error("end_date", f"{end_date} is before the event's date {date}")
    start = _time(f, "start")
    end = _time(f, "end")
    if start and end and end <= start and not (end_date and date and end_date > date):
        f.error("end", f"{end:%H:%M} is not after the start {start:%H:%M}")
    place = f.text("place", required=True)
    language = f.choice("language", LANGUAGES, required=True)
    registration = f.text("registration")
    if registration is not None and not URL_RE.match(registration):
        f.error("registration", f'"{registration}" should be a web address starting with https://')
        registration = None
    capacity_raw = f.decimal("capacity", positive=True)
    capacity = int(capacity_raw) if capacity_raw is not None else None
    if capacity_raw is not None and capacity != capacity_raw:
        f.error("capacity", "should be a whole number of seats")
    f.finish()
    errors += check_body(body, filename, body_line)
    if errors or None in (name, kind, date, start, end, place, language):
        return None, errors
    assert name and kind and date and start and end and place and language
    event = Event(
        event_id,
        name,
        kind,
        date,
        end_date,
        start,
        end,
        place,
        language,
        registration,
        capacity,
        body.strip("\n"),
        filename,
        f.line,
    )
    return event, errors


def load_events(directory: Path) -> tuple[list[Event], list[YamlError]]:
    """Every `*.md` event file in `directory` (a missing folder means none), by date."""
    events: list[Event] = []
    errors: list[YamlError] = []
    if not directory.is_dir():
        return events, errors
    for path in sorted(directory.iterdir()):
        if path.name.startswith(".") or path.name.lower() == "readme.md":
            continue
        if path.suffix != ".md":
            errors.append(
                YamlError(source(str(path), 0), "event files are named <id>.md; rename it", None)
            )
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            errors.append(YamlError(source(str(path), 0), f"cannot read the file: {exc}", None))
            continue
        event, event_errors = parse_event(path.stem, text, str(path))
        errors += event_errors
        if event is not None:
            events.append(event)
    events.sort(key=lambda event: (event.date, event.start, event.id))
    return events, errors
