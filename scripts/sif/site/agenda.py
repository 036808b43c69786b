"""The agenda: upcoming and past events, a page per event, and the calendar feed.

Events come from `events/<id>.md` (see `sif.model.events`). An event is
upcoming until its last day is over; the lists are split on the build date.
"""

from __future__ import annotations

from sif.model.events import Event
from sif.site.context import Context
from sif.site.ical import calendar_feed
from sif.site.render import Markup, str_render
from sif.site.safe import (
    SiteFile,
    external_link,
    front_matter,
    h,
    rel_link,
)
from sif.site.words import NAMES, long_date


def kind_label(kind: str, ctx: Context) -> str:
    """The name of an event's kind, from the site's catalog (the kind itself if it has none)."""
    words = {
        "infosession": ctx._("Information session"),
        "workshop": ctx._("Workshop"),
        "bootcamp": ctx._("Bootcamp"),
        "solution-lab": ctx._("Solution Lab"),
    }
    return words.get(kind, kind)


def when(event: Event, ctx: Context) -> str:
    """ "donderdag 10 december 2026, 19:00–21:00" (or a range of days)."""
    first = long_date(event.date, ctx.language, weekday=True)
    hours = f"{event.start:%H:%M}–{event.end:%H:%M}"
    if event.end_date and event.end_date != event.date:
        last = long_date(event.end_date, ctx.language, weekday=True)
        return ctx._("{first} to {last}, every day {hours}", first=first, last=last, hours=hours)
    return f"{first}, {hours}"


def _register(ctx: Context) -> str:
    return ctx._("Register")


def _facts(event: Event, ctx: Context) -> list[tuple[str, str]]:
    """(label, value) of an event's facts; the registration's value is a link (HTML)."""
    rows: list[tuple[str, str]] = [
        (ctx._("What"), kind_label(event.kind, ctx)),
        (ctx._("When"), when(event, ctx)),
        (ctx._("Where"), event.place),
        (ctx._("Language"), NAMES.get(event.language, event.language)),
    ]
    if event.capacity is not None:
        rows.append((ctx._("Seats"), str(event.capacity)))
    if event.registration:
        rows.append(
            (ctx._("Registration"),
             Markup(external_link(event.registration, _register(ctx))))
        )  # fmt: skip
    return rows


def body_markdown(body: str) -> str:
    """The description as Markdown in which any raw HTML stays text."""
    return body.replace("<", "&lt;")


def event_page(event: Event, ctx: Context) -> SiteFile:
    block = str_render(
        "event.html",
        ctx,
        event=event,
        facts=_facts(event, ctx),
        over=not event.upcoming(ctx.today),
    )
    text = front_matter(event.title) + block + "\n\n"
    if event.body.strip():
        text += f'<div lang="{h(event.language)}" markdown>\n\n'
        text += body_markdown(event.body) + "\n\n</div>\n\n"
    back = "index.md" if event.upcoming(ctx.today) else f"{ctx.pages.past}.md"
    back_text = ctx._("Back to the events")
    text += f"[← {back_text}]({back})\n"
    return SiteFile(ctx.pages.event(event.id), text)


def _list(events: list[Event], page: str, ctx: Context) -> str:
    items = [
        {
            "event": event,
            "href": rel_link(page, ctx.pages.event(event.id)),
            "kind": kind_label(event.kind, ctx),
            "language": NAMES.get(event.language, event.language),
            "when": when(event, ctx),
            "registration": Markup(external_link(event.registration, _register(ctx)))
            if event.registration
            else None,
        }
        for event in events
    ]
    return str_render("events.html", ctx, items=items)


def index_page(upcoming: list[Event], ctx: Context) -> SiteFile:
    text = (
        front_matter("Agenda")
        + "# Agenda\n\n"
        + ctx._(
            "The activities of {name}. Meeting in person is the heart of the "
            'community: come along.\n\n!!! tip "Put the events in your own '
            'calendar"\n\n    Subscribe to [the events as an iCalendar '
            "feed]({calendar_file}): copy the link and add it to your calendar as "
            "a subscription. New events then appear by themselves.\n\n"
        )
    )
    text += ctx._("## Coming up\n\n")
    if upcoming:
        text += _list(upcoming, ctx.pages.events_index, ctx) + "\n"
    else:
        text += ctx._("No events are planned right now. Look again soon.") + "\n\n"
    text += ctx._("See also [past events]({past_page}).") + "\n"
    return SiteFile(ctx.pages.events_index, text)


def archive_page(past: list[Event], ctx: Context) -> SiteFile:
    title = ctx._("Past events")
    text = front_matter(ctx._("Archive")) + f"# {title}\n\n"
    if past:
        text += _list(past, ctx.pages.events_past, ctx) + "\n"
    else:
        text += ctx._("None yet.") + "\n\n"
    back_text = ctx._("Back to the events")
    text += f"[← {back_text}](index.md)\n"
    return SiteFile(ctx.pages.events_past, text)


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
        page_of=lambda event: ctx.absolute(ctx.pages.event(event.id)),
        words=(
            ctx._("Registration"),
            ctx._("Seats"),
        ),
        kind_label=lambda kind: kind_label(kind, ctx),
    )
    files.append(SiteFile(ctx.pages.feed, feed))
    return files
