"""Event files (`events/<id>.md`) and the calendar feed built from them."""

from __future__ import annotations

import datetime
import zoneinfo
from pathlib import Path

import icalendar
import pytest

from sif.model.events import load_events, parse_event
from sif.site.ical import calendar_feed
from tests.conftest import dedent, run_cli
from tests.sitebooks import EVENTS, TODAY, build_site_repo

VALID = """\
    ---
    title: "Solution Lab: vrijwilligers"
    kind: solution-lab
    date: 2026-12-03
    start: 18:30
    end: "21:30"
    place: Stationsstraat 40, 3500 Hasselt
    language: nl
    registration: https://example.org/lab
    capacity: 24
    ---
    Breng je vraag mee. [Meer](https://example.org/meer).
    """


def test_a_valid_event_file() -> None:
    event, errors = parse_event("2026-12-03-lab", dedent(VALID), "events/2026-12-03-lab.md")
    assert errors == []
    assert event is not None
    assert event.title == "Solution Lab: vrijwilligers"
    assert event.start == datetime.time(18, 30)  # unquoted: YAML reads 18:30 as 1110
    assert event.end == datetime.time(21, 30)
    assert event.capacity == 24
    assert event.body == "Breng je vraag mee. [Meer](https://example.org/meer)."
    assert event.upcoming(datetime.date(2026, 12, 3))
    assert not event.upcoming(datetime.date(2026, 12, 4))


@pytest.mark.parametrize(
    ("change", "line", "message"),
    [
        (
            ("kind: solution-lab", "kind: solution-lap"),
            3,
            'field "kind": "solution-lap" is not one of',
        ),
        (("kind: solution-lab", "kind: solution-lap"), 3, 'Did you mean "solution-lab"?'),
        (('end: "21:30"', 'end: "half tien"'), 6, 'field "end": "half tien" is not a time'),
        (('end: "21:30"', 'end: "17:00"'), 6, 'field "end": 17:00 is not after the start 18:30'),
        (("date: 2026-12-03", "date: 2026-12-32"), 4, 'field "date": should be a date'),
        (("place: Stationsstraat 40, 3500 Hasselt\n", ""), 2, 'field "place": is missing'),
        (("capacity: 24", "capacity: 2.5"), 10, 'field "capacity": should be a whole number'),
        (("language: nl", "taal: nl"), 8, 'field "taal": is not a known field'),
        (
            ("registration: https://example.org/lab", "registration: javascript:alert(1)"),
            9,
            'field "registration": "javascript:alert(1)" should be a web address',
        ),
        (
            ("[Meer](https://example.org/meer)", "[Meer](javascript:alert(1))"),
            12,
            'the description links to "javascript:alert(1"; only http(s) addresses',
        ),
        (("---\ntitle", "title"), 1, 'starts with a line "---"'),
    ],
)
def test_an_invalid_event_file_names_file_line_and_field(
    change: tuple[str, str], line: int, message: str
) -> None:
    text = dedent(VALID).replace(*change)
    event, errors = parse_event("2026-12-03-lab", text, "events/2026-12-03-lab.md")
    assert event is None
    located = [f"{e.source['filename']}:{e.source['lineno']}: {e.message}" for e in errors]
    assert any(
        entry.startswith(f"events/2026-12-03-lab.md:{line}: ") and message in entry
        for entry in located
    ), located


def test_a_bad_event_file_stops_the_build_with_its_location(tmp_path: Path) -> None:
    root = build_site_repo(tmp_path / "books")
    bad = root / "events" / "2026-12-24-kerst.md"
    bad.write_text(dedent(VALID).replace("kind: solution-lab", "kind: feest"), encoding="utf-8")
    (root / "events" / "notities.txt").write_text("x", encoding="utf-8")
    result = run_cli(root, "site", "build", "--today", TODAY.isoformat())
    assert result.exit_code == 1
    assert 'events/2026-12-24-kerst.md:3: field "kind": "feest" is not one of' in result.output
    assert "events/notities.txt:0: event files are named <id>.md" in result.output
    assert "2 error(s) in the event files" in result.output
    assert not (root / "public").exists()


def test_events_load_in_date_order(tmp_path: Path) -> None:
    root = build_site_repo(tmp_path / "books")
    events, errors = load_events(root / "events")
    assert errors == []
    assert [e.id for e in events] == sorted(EVENTS)


def root_of(tmp_path: Path) -> Path:
    return tmp_path / "books"


def feed(tmp_path: Path) -> tuple[str, list[icalendar.Component]]:
    root = build_site_repo(root_of(tmp_path))
    result = run_cli(
        root,
        "site",
        "build",
        "--today",
        TODAY.isoformat(),
        "--site-url",
        "https://fabriek.example/",
    )
    assert result.exit_code == 0, result.output
    raw = (root / "public" / "agenda" / "agenda.ics").read_bytes()
    calendar = icalendar.Calendar.from_ical(raw)
    return raw.decode("utf-8"), list(calendar.walk("VEVENT"))


def test_the_calendar_feed_parses_and_has_the_upcoming_events(tmp_path: Path) -> None:
    raw, events = feed(tmp_path)
    by_uid = {str(e["UID"]): e for e in events}
    domain = "sociale-innovatiefabriek"
    days = {"2027-02-15-bootcamp": 3}
    assert set(by_uid) == {
        f"{event_id}{f'-{n}' if event_id in days else ''}@{domain}"
        for event_id in EVENTS
        for n in range(1, days.get(event_id, 1) + 1)
    }
    info = by_uid[f"2026-12-10-infosessie@{domain}"]
    brussels = zoneinfo.ZoneInfo("Europe/Brussels")
    assert info.decoded("DTSTART") == datetime.datetime(2026, 12, 10, 19, 0, tzinfo=brussels)
    assert info.decoded("DTEND") == datetime.datetime(2026, 12, 10, 21, 0, tzinfo=brussels)
    assert str(info["SUMMARY"]) == "Infosessie: zo werkt de SIF"
    # The event's URL is its page on the site; registration is in the description.
    assert str(info["URL"]) == "https://fabriek.example/agenda/2026-12-10-infosessie.html"
    assert "Inschrijven: https://example.org/inschrijven" in str(info["DESCRIPTION"])
    # A Bootcamp of three days is three days of 09:00-17:00, not one block of 56 hours.
    for n, day in enumerate((15, 16, 17), start=1):
        camp = by_uid[f"2027-02-15-bootcamp-{n}@{domain}"]
        start = datetime.datetime(2027, 2, day, 9, 0, tzinfo=brussels)
        assert camp.decoded("DTSTART") == start
        assert camp.decoded("DTEND") == start.replace(hour=17)
        assert str(camp["SUMMARY"]).endswith(f"({n}/3)")
    assert camp.decoded("CATEGORIES") == ["Bootcamp"]
    french = icalendar.Calendar.from_ical(
        (root_of(tmp_path) / "public/fr/agenda/agenda.ics").read_bytes()
    )
    info_fr = next(e for e in french.walk("VEVENT") if str(e["UID"]).startswith("2026-12-10"))
    assert info_fr.decoded("CATEGORIES") == ["Séance d'information"]
    assert str(info_fr["URL"]) == "https://fabriek.example/fr/agenda/2026-12-10-infosessie.html"
    assert "BEGIN:VTIMEZONE\r\nTZID:Europe/Brussels" in raw
    assert "DTSTART;TZID=Europe/Brussels:20261210T190000" in raw


def test_the_calendar_feed_follows_rfc_5545_lines(tmp_path: Path) -> None:
    raw, _ = feed(tmp_path)
    assert raw.startswith("BEGIN:VCALENDAR\r\n")
    assert raw.endswith("END:VCALENDAR\r\n")
    assert "\n" not in raw.replace("\r\n", "")
    for line in raw.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75, line
    assert "VERSION:2.0" in raw
    assert "PRODID:" in raw
    # The long title is folded: a continuation line starts with a space.
    assert "\r\n " in raw


def test_the_feed_escapes_text_and_is_the_same_each_build() -> None:
    event, errors = parse_event(
        "2026-12-03-lab",
        dedent(VALID).replace('"Solution Lab: vrijwilligers"', '"Lab; komma, en \\\\ schuin"'),
        "events/2026-12-03-lab.md",
    )
    assert errors == [] and event is not None
    first = calendar_feed([event], "Fabriek", TODAY)
    assert first == calendar_feed([event], "Fabriek", TODAY)
    assert "SUMMARY:Lab\\; komma\\, en \\\\ schuin" in first
    parsed = icalendar.Calendar.from_ical(first)
    assert str(next(iter(parsed.walk("VEVENT")))["SUMMARY"]) == "Lab; komma, en \\ schuin"
