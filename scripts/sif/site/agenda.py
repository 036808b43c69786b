"""The agenda: upcoming and past events, a page per event, and the calendar feed.

Events come from `events/<id>.md` (see `sif.model.events`). An event is
upcoming until its last day is over; the lists are split on the build date.
"""

from __future__ import annotations

import datetime

from sif.i18n import _
from sif.model.events import Event
from sif.site.context import Context
from sif.site.ical import calendar_feed
from sif.site.safe import (
    SiteFile,
    external_link,
    front_matter,
    h,
    rel_link,
)
from sif.site.words import NAMES, long_date

INDEX = "agenda/index.md"
ARCHIVE = "agenda/archief.md"
FEED = "agenda/agenda.ics"
KINDS = {
    "infosession": ("Infosessie", "Séance d'information", "Information session"),
    "workshop": ("Workshop", "Atelier", "Workshop"),
    "bootcamp": ("Bootcamp", "Bootcamp", "Bootcamp"),
    "solution-lab": ("Solution Lab", "Solution Lab", "Solution Lab"),
}


def event_page_path(event_id: str) -> str:
    return f"agenda/{event_id}.md"


def kind_label(kind: str, ctx: Context) -> str:
    return ctx.t(*KINDS[kind]) if kind in KINDS else kind


def when(event: Event, ctx: Context) -> str:
    """ "donderdag 10 december 2026, 19:00–21:00" (or a range of days)."""
    first = long_date(event.date, ctx.language, weekday=True)
    hours = f"{event.start:%H:%M}–{event.end:%H:%M}"
    if event.end_date and event.end_date != event.date:
        last = long_date(event.end_date, ctx.language, weekday=True)
        return ctx.t(
            f"{first} tot {last}, elke dag {hours}",
            f"du {first} au {last}, chaque jour {hours}",
            f"{first} to {last}, every day {hours}",
        )
    return f"{first}, {hours}"


def _register(ctx: Context) -> str:
    return ctx.t("Schrijf je in", "Inscrivez-vous", "Register")


def _facts(event: Event, ctx: Context) -> str:
    rows = [
        (ctx.t("Wat", "Quoi", "What"), h(kind_label(event.kind, ctx))),
        (ctx.t("Wanneer", "Quand", "When"), h(when(event, ctx))),
        (ctx.t("Waar", "Où", "Where"), h(event.place)),
        (ctx.t("Taal", "Langue", "Language"), h(NAMES.get(event.language, event.language))),
    ]
    if event.capacity is not None:
        rows.append((ctx.t("Plaatsen", "Places", "Seats"), str(event.capacity)))
    if event.registration:
        rows.append(
            (ctx.t("Inschrijven", "Inscription", "Registration"),
             external_link(event.registration, _register(ctx)))
        )  # fmt: skip
    return "".join(f"<dt>{h(label)}</dt><dd>{value}</dd>" for label, value in rows)


def body_markdown(body: str) -> str:
    """The description as Markdown in which any raw HTML stays text."""
    return body.replace("<", "&lt;")


def event_page(event: Event, ctx: Context) -> SiteFile:
    html = [
        '<div class="sif-event">',
        f'<h1 lang="{h(event.language)}">{h(event.title)}</h1>',
        f'<dl class="sif-fields">{_facts(event, ctx)}</dl>',
    ]
    if not event.upcoming(ctx.today):
        over = ctx.t(
            "Dit evenement is voorbij.", "Cet événement est passé.", "This event is over."
        )
        html.append(f'<p class="sif-sub">{h(over)}</p>')
    html.append("</div>")
    text = front_matter(event.title) + "\n".join(html) + "\n\n"
    if event.body.strip():
        text += f'<div lang="{h(event.language)}" markdown>\n\n'
        text += body_markdown(event.body) + "\n\n</div>\n\n"
    back = "index.md" if event.upcoming(ctx.today) else "archief.md"
    text += (
        f"[← {ctx.t('Terug naar de agenda', 'Retour à l’agenda', 'Back to the events')}]({back})\n"
    )
    return SiteFile(event_page_path(event.id), text)


def _list(events: list[Event], page: str, ctx: Context) -> str:
    items = []
    for event in events:
        href = rel_link(page, event_page_path(event.id))
        item = (
            f'<li class="sif-card sif-event-card" data-kind="{h(event.kind)}">'
            f'<p class="sif-sub">{h(kind_label(event.kind, ctx))} · '
            f"{h(NAMES.get(event.language, event.language))}</p>"
            f'<h2 lang="{h(event.language)}"><a href="{h(href)}">{h(event.title)}</a></h2>'
            f"<p>{h(when(event, ctx))}<br>{h(event.place)}</p>"
        )
        if event.registration:
            item += f"<p>{external_link(event.registration, _register(ctx))}</p>"
        items.append(item + "</li>")
    return '<ul class="sif-cards sif-events">\n' + "\n".join(items) + "\n</ul>\n"


def index_page(upcoming: list[Event], ctx: Context) -> SiteFile:
    text = (
        front_matter("Agenda")
        + "# Agenda\n\n"
        + ctx.t(
            "Infosessies, workshops, Bootcamps en Solution Labs van de Fabriek. Elkaar ontmoeten "
            "is de kern van de community: kom langs.\n\n"
            '!!! tip "Zet de agenda in je eigen kalender"\n\n'
            "    Abonneer je op [de agenda als iCalendar-feed](agenda.ics): kopieer de link en "
            "voeg hem in je kalender toe als abonnement (Google Agenda: *Andere agenda's → Via "
            "URL*; Outlook: *Agenda toevoegen → Abonneren via internet*; Apple Agenda: "
            "*Archief → Nieuw agenda-abonnement*). Nieuwe activiteiten verschijnen dan vanzelf.\n\n",
            "Séances d'information, ateliers, Bootcamps et Solution Labs de la Fabriek. Se "
            "rencontrer est le cœur de la communauté : venez nous voir.\n\n"
            '!!! tip "Ajoutez l\'agenda à votre calendrier"\n\n'
            "    Abonnez-vous à [l'agenda au format iCalendar](agenda.ics) : copiez le lien et "
            "ajoutez-le comme abonnement dans votre calendrier. Les nouvelles activités y "
            "apparaîtront d'elles-mêmes.\n\n",
            "Information sessions, workshops, Bootcamps and Solution Labs of the Fabriek. Meeting "
            "in person is the heart of the community: come along.\n\n"
            '!!! tip "Put the events in your own calendar"\n\n'
            "    Subscribe to [the events as an iCalendar feed](agenda.ics): copy the link and add "
            "it to your calendar as a subscription. New events then appear by themselves.\n\n",
        )
    )
    text += ctx.t("## Binnenkort\n\n", "## Prochainement\n\n", "## Coming up\n\n")
    if upcoming:
        text += _list(upcoming, INDEX, ctx) + "\n"
    else:
        text += (
            ctx.t(
                "Er staan nu geen activiteiten gepland. Kijk binnenkort opnieuw.",
                "Aucune activité n'est prévue pour l'instant. Revenez bientôt.",
                "No events are planned right now. Look again soon.",
            )
            + "\n\n"
        )
    text += (
        ctx.t(
            "Zie ook [de activiteiten die voorbij zijn](archief.md).",
            "Voir aussi [les activités passées](archief.md).",
            "See also [past events](archief.md).",
        )
        + "\n"
    )
    return SiteFile(INDEX, text)


def archive_page(past: list[Event], ctx: Context) -> SiteFile:
    title = ctx.t("Voorbije activiteiten", "Activités passées", "Past events")
    text = front_matter(ctx.t("Archief", "Archives", "Archive")) + f"# {title}\n\n"
    if past:
        text += _list(past, ARCHIVE, ctx) + "\n"
    else:
        text += ctx.t("Nog geen.", "Pas encore.", "None yet.") + "\n\n"
    text += f"[← {ctx.t('Terug naar de agenda', 'Retour à l’agenda', 'Back to the events')}](index.md)\n"
    return SiteFile(ARCHIVE, text)


def agenda_files(events: list[Event], ctx: Context) -> list[SiteFile]:
    """The agenda (upcoming first), the archive (latest first), event pages and the feed."""
    upcoming = [event for event in events if event.upcoming(ctx.today)]
    past = sorted(
        (event for event in events if not event.upcoming(ctx.today)),
        key=lambda event: (event.date, event.start),
        reverse=True,
    )
    files = [index_page(upcoming, ctx), archive_page(past, ctx)]
    files += [event_page(event, ctx) for event in events]
    feed = calendar_feed(
        events,
        ctx.site_name,
        ctx.today,
        page_of=lambda event: ctx.absolute(event_page_path(event.id)),
        words=(
            ctx.t("Inschrijven", "Inscription", "Registration"),
            ctx.t("Plaatsen", "Places", "Seats"),
        ),
        kind_label=lambda kind: kind_label(kind, ctx),
    )
    files.append(SiteFile(FEED, feed))
    return files


def missing_registrations(events: list[Event], today: datetime.date) -> list[str]:
    """A warning per upcoming event that has no registration link."""
    return [
        _(
            "{place}: the upcoming event has no registration link; add `registration: "
            "https://...` so visitors can sign up"
        ).format(place=f"{event.filename}:{event.line}")
        for event in events
        if event.upcoming(today) and not event.registration
    ]
