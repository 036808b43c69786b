"""The agenda as an iCalendar feed (RFC 5545) people can subscribe to.

Every event is a VEVENT in local Belgian time (TZID=Europe/Brussels, with its
VTIMEZONE), with a UID that stays the same from build to build (the event's
id), so calendar apps update an event instead of adding it twice. The
`icalendar` package does the folding and escaping of lines.
"""

from __future__ import annotations

import datetime
import re
import zoneinfo

import icalendar

from sif.model.events import Event
from sif.site.safe import EVENT_KIND

TIMEZONE = "Europe/Brussels"
_MD_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]*)[^)]*\)")
_MD_MARKS = re.compile(r"[*_`#>]+")


def plain_text(markdown: str) -> str:
    """The description without Markdown marks: `[text](url)` becomes `text (url)`."""
    text = _MD_LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})", markdown)
    return _MD_MARKS.sub("", text).strip()


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "sif"


def calendar_feed(events: list[Event], site_name: str, today: datetime.date) -> str:
    """The .ics text of all events. DTSTAMP is the build date, so a rebuild on the same
    day gives the same bytes."""
    zone = zoneinfo.ZoneInfo(TIMEZONE)
    stamp = datetime.datetime.combine(today, datetime.time(0, 0), tzinfo=datetime.UTC)
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{site_name}//sif site//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"Agenda {site_name}")
    calendar.add("x-wr-timezone", TIMEZONE)
    calendar.add(
        "refresh-interval", datetime.timedelta(hours=12), parameters={"VALUE": "DURATION"}
    )
    calendar.add("x-published-ttl", "PT12H")
    domain = _slug(site_name)
    for event in events:
        item = icalendar.Event()
        item.add("uid", f"{event.id}@{domain}")
        item.add("dtstamp", stamp)
        item.add("dtstart", datetime.datetime.combine(event.date, event.start, tzinfo=zone))
        item.add("dtend", datetime.datetime.combine(event.last_day, event.end, tzinfo=zone))
        item.add("summary", event.title)
        item.add("location", event.place)
        item.add("categories", [EVENT_KIND.get(event.kind, event.kind)])
        description = plain_text(event.body)
        if event.registration:
            item.add("url", event.registration)
            description += f"\n\nInschrijven: {event.registration}"
        if event.capacity is not None:
            description += f"\nPlaatsen: {event.capacity}"
        item.add("description", description.strip())
        calendar.add_component(item)
    calendar.add_missing_timezones()
    return str(calendar.to_ical(), "utf-8")
