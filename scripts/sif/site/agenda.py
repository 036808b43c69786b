"""The agenda: upcoming and past events, a page per event, and the calendar feed.

Events come from `events/<id>.md` (see `sif.model.events`). An event is
upcoming until its last day is over; the lists are split on the build date.
"""

from __future__ import annotations

import datetime

from sif.model.events import Event
from sif.site.ical import calendar_feed
from sif.site.safe import (
    EVENT_KIND,
    LANGUAGE,
    SiteFile,
    external_link,
    front_matter,
    h,
    nl_date,
    rel_link,
)

INDEX = "agenda/index.md"
ARCHIVE = "agenda/archief.md"
FEED = "agenda/agenda.ics"


def event_page_path(event_id: str) -> str:
    return f"agenda/{event_id}.md"


def when(event: Event) -> str:
    """ "donderdag 10 december 2026, 19:00–21:00" (or a range of days)."""
    if event.end_date and event.end_date != event.date:
        return (
            f"{nl_date(event.date, weekday=True)} {event.start:%H:%M} tot "
            f"{nl_date(event.end_date, weekday=True)} {event.end:%H:%M}"
        )
    return f"{nl_date(event.date, weekday=True)}, {event.start:%H:%M}–{event.end:%H:%M}"


def _facts(event: Event) -> str:
    rows = [
        ("Wat", h(EVENT_KIND.get(event.kind, event.kind))),
        ("Wanneer", h(when(event))),
        ("Waar", h(event.place)),
        ("Taal", h(LANGUAGE.get(event.language, event.language))),
    ]
    if event.capacity is not None:
        rows.append(("Plaatsen", str(event.capacity)))
    if event.registration:
        rows.append(("Inschrijven", external_link(event.registration, "Schrijf je in")))
    return "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows)


def body_markdown(body: str) -> str:
    """The description as Markdown in which any raw HTML stays text."""
    return body.replace("<", "&lt;")


def event_page(event: Event, today: datetime.date) -> SiteFile:
    html = [
        '<div class="sif-event">',
        f"<h1>{h(event.title)}</h1>",
        f'<dl class="sif-fields">{_facts(event)}</dl>',
    ]
    if not event.upcoming(today):
        html.append('<p class="sif-sub">Dit evenement is voorbij.</p>')
    html.append("</div>")
    text = front_matter(event.title) + "\n".join(html) + "\n\n"
    if event.body.strip():
        text += body_markdown(event.body) + "\n\n"
    back = "index.md" if event.upcoming(today) else "archief.md"
    text += f"[← Terug naar de agenda]({back})\n"
    return SiteFile(event_page_path(event.id), text)


def _list(events: list[Event], page: str) -> str:
    items = []
    for event in events:
        href = rel_link(page, event_page_path(event.id))
        item = (
            f'<li class="sif-card sif-event-card" data-kind="{h(event.kind)}">'
            f'<p class="sif-sub">{h(EVENT_KIND.get(event.kind, event.kind))} · '
            f"{h(LANGUAGE.get(event.language, event.language))}</p>"
            f'<h3><a href="{h(href)}">{h(event.title)}</a></h3>'
            f"<p>{h(when(event))}<br>{h(event.place)}</p>"
        )
        if event.registration:
            item += f"<p>{external_link(event.registration, 'Schrijf je in')}</p>"
        items.append(item + "</li>")
    return '<ul class="sif-cards sif-events">\n' + "\n".join(items) + "\n</ul>\n"


def index_page(upcoming: list[Event]) -> SiteFile:
    text = (
        front_matter("Agenda") + "# Agenda\n\n"
        "Infosessies, workshops, Bootcamps en Solution Labs van de Fabriek. Elkaar ontmoeten "
        "is de kern van de community: kom langs.\n\n"
        '!!! tip "Zet de agenda in je eigen kalender"\n\n'
        "    Abonneer je op [de agenda als iCalendar-feed](agenda.ics): kopieer de link en "
        "voeg hem in je kalender toe als abonnement (Google Agenda: *Andere agenda's → Via "
        "URL*; Outlook: *Agenda toevoegen → Abonneren via internet*; Apple Agenda: "
        "*Archief → Nieuw agenda-abonnement*). Nieuwe activiteiten verschijnen dan vanzelf.\n\n"
        "## Binnenkort\n\n"
    )
    if upcoming:
        text += _list(upcoming, INDEX) + "\n"
    else:
        text += "Er staan nu geen activiteiten gepland. Kijk binnenkort opnieuw.\n\n"
    text += "Zie ook [de activiteiten die voorbij zijn](archief.md).\n"
    return SiteFile(INDEX, text)


def archive_page(past: list[Event]) -> SiteFile:
    text = front_matter("Archief") + "# Voorbije activiteiten\n\n"
    if past:
        text += _list(past, ARCHIVE) + "\n"
    else:
        text += "Nog geen.\n\n"
    text += "[← Terug naar de agenda](index.md)\n"
    return SiteFile(ARCHIVE, text)


def agenda_files(events: list[Event], today: datetime.date, site_name: str) -> list[SiteFile]:
    """The agenda (upcoming first), the archive (latest first), event pages and the feed."""
    upcoming = [event for event in events if event.upcoming(today)]
    past = sorted(
        (event for event in events if not event.upcoming(today)),
        key=lambda event: (event.date, event.start),
        reverse=True,
    )
    files = [index_page(upcoming), archive_page(past)]
    files += [event_page(event, today) for event in events]
    files.append(SiteFile(FEED, calendar_feed(events, site_name, today)))
    return files
