"""The agenda as an iCalendar feed (RFC 5545) people can subscribe to.

Every event is a VEVENT in local Belgian time (TZID=Europe/Brussels, with its
VTIMEZONE), with a UID that stays the same from build to build (the event's
id), so calendar apps update an event instead of adding it twice. An event of
several days is one VEVENT per day, each from its start to its end time (a
three-day Bootcamp is three days of 09:00-17:00, not one block of 56 hours),
with the UIDs `<id>-1`, `<id>-2`, ... Each VEVENT's URL is the event's page on
the site when the site's address is known; registration stays in the
description. The `icalendar` package does the folding and escaping of lines.
"""

from __future__ import annotations

import datetime
import re
import zoneinfo
from collections.abc import Callable

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


def days(event: Event) -> list[datetime.date]:
    """Every day of the event, first to last."""
    count = (event.last_day - event.date).days + 1
    return [event.date + datetime.timedelta(days=n) for n in range(count)]


def calendar_feed(
    events: list[Event],
    site_name: str,
    today: datetime.date,
    *,
    page_of: Callable[[Event], str | None] | None = None,
    words: tuple[str, str] = ("Inschrijven", "Plaatsen"),
    kind_label: Callable[[str], str] | None = None,
) -> str:
    """The .ics text of all events. DTSTAMP is the build date, so a rebuild on the same
    day gives the same bytes. `page_of` gives an event's address on the site; `words`
    are "Register" and "Seats" in the feed's language, `kind_label` names a kind in it."""
    # Here, not at the top: `sif check` reads the events through this module, and
    # icalendar takes a third of a second to import.
    import icalendar  # noqa: PLC0415

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
        all_days = days(event)
        page = page_of(event) if page_of is not None else None
        description = plain_text(event.body)
        if event.registration:
            description += f"\n\n{words[0]}: {event.registration}"
        if event.capacity is not None:
            description += f"\n{words[1]}: {event.capacity}"
        for number, day in enumerate(all_days, start=1):
            item = icalendar.Event()
            uid = event.id if len(all_days) == 1 else f"{event.id}-{number}"
            item.add("uid", f"{uid}@{domain}")
            item.add("dtstamp", stamp)
            item.add("dtstart", datetime.datetime.combine(day, event.start, tzinfo=zone))
            item.add("dtend", datetime.datetime.combine(day, event.end, tzinfo=zone))
            summary = event.title
            if len(all_days) > 1:
                summary += f" ({number}/{len(all_days)})"
            item.add("summary", summary)
            item.add("location", event.place)
            kind = kind_label(event.kind) if kind_label else EVENT_KIND.get(event.kind, event.kind)
            item.add("categories", [kind])
            if page:
                item.add("url", page)
            item.add("description", description.strip())
            calendar.add_component(item)
    calendar.add_missing_timezones()
    return str(calendar.to_ical(), "utf-8")
