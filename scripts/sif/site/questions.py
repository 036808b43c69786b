"""The page of open questions (`vragen.md`): the requests the community may see.

Only requests with `status: open` and `public: true`, opened on or before the
build day, appear, and of them only the question, its kind, the expertise it
needs and the day it was opened. The concept is named only when it is public,
the requester only when they consented to their name (and linked only when in
the directory). Who was matched, balances and debts, and feedback never appear:
visitors who can help contact the Fabriek, which does the matching.
"""

from __future__ import annotations

import datetime

from sif.model.community import Community
from sif.model.requests import Request
from sif.site.context import Context
from sif.site.public import Profile
from sif.site.safe import SiteFile, front_matter, md
from sif.site.words import long_date


def public_requests(community: Community, today: datetime.date) -> list[Request]:
    """The open, public requests opened by `today`, oldest first."""
    found = [
        request
        for request in community.requests.values()
        if request.is_open and request.public and request.opened <= today
    ]
    return sorted(found, key=lambda request: (request.opened, request.id))


def _expertise(request: Request, ctx: Context) -> str:
    return ", ".join(ctx.label("expertise", tag) for tag in request.expertise)


def _heading(request: Request, community: Community, index: int, ctx: Context) -> str:
    """ "1. [Repair Café Genk](...)", or for a private concept what the question is about:
    "2. Vraag over juridisch, financiering"."""
    concept = community.concepts.get(request.concept) if request.concept else None
    if concept is not None and concept.public:
        return f"{index}. [{md(concept.name)}]({ctx.pages.concept(concept.id)})"
    about = _expertise(request, ctx)
    if request.kind == "solution-lab":
        return f"{index}. Solution Lab" + (f": {md(about)}" if about else "")
    if about:
        return f"{index}. " + md(ctx._("Question: {about}", about=about))
    return f"{index}. " + ctx._("Question")


def _kind(request: Request, community: Community, ctx: Context) -> str:
    """ "Solution Lab", or the service asked for: "Vraag voor een coachinguur"."""
    if request.kind == "solution-lab":
        return "Solution Lab"
    menu = community.menu
    service = menu.services.get(request.service) if menu and request.service else None
    if service is None:
        return ctx._("Request for a session")
    name = service.name(ctx.language)
    return md(ctx._("Request: {name}", name=name))


def _asked_by(request: Request, profiles: dict[str, Profile], ctx: Context) -> str | None:
    profile = profiles.get(request.requester)
    if profile is None:
        return None
    if profile.listed:
        return f"[{md(profile.name)}]({ctx.pages.member(profile.id)})"
    return md(profile.name)


def questions_page(community: Community, profiles: dict[str, Profile], ctx: Context) -> SiteFile:
    """`vragen.md`: every open public request, with what it needs."""
    requests = public_requests(community, ctx.today)
    title = ctx._("Open questions")
    text = (
        front_matter(title)
        + f"# {title}\n\n"
        + ctx._(
            "Members of the community are looking for answers to these questions. "
            "Do you have the expertise asked for? Let us know: whoever answers a "
            "question gives a session and earns {code} with it."
        )
        + "\n\n"
    )
    if not requests:
        return SiteFile(
            ctx.pages.page("questions"),
            text + ctx._("There are no open questions online right now.") + "\n",
        )
    for index, request in enumerate(requests, start=1):
        text += f"## {_heading(request, community, index, ctx)}\n\n"
        text += md(request.question) + "\n\n"
        facts = [
            _kind(request, community, ctx),
            ctx._("Expertise sought: ") + md(_expertise(request, ctx)),
            ctx._("Since ") + long_date(request.opened, ctx.language),
        ]
        if (asked := _asked_by(request, profiles, ctx)) is not None:
            facts.append(ctx._("Asked by ") + asked)
        text += "".join(f"- {fact}\n" for fact in facts) + "\n"
    return SiteFile(ctx.pages.page("questions"), text)
