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
from sif.site.public import Profile
from sif.site.safe import SiteFile, front_matter, md, nl_date, tag_label

QUESTIONS = "vragen.md"


def public_requests(community: Community, today: datetime.date) -> list[Request]:
    """The open, public requests opened by `today`, oldest first."""
    found = [
        request
        for request in community.requests.values()
        if request.is_open and request.public and request.opened <= today
    ]
    return sorted(found, key=lambda request: (request.opened, request.id))


def _heading(request: Request, community: Community, index: int) -> str:
    concept = community.concepts.get(request.concept) if request.concept else None
    if concept is not None and concept.public:
        return f"{index}. [{md(concept.name)}](concepten/{concept.id}.md)"
    return f"{index}. Vraag"


def _kind(request: Request, community: Community) -> str:
    """ "Solution Lab", or the service asked for: "Vraag voor een coachinguur"."""
    if request.kind == "solution-lab":
        return "Solution Lab"
    menu = community.menu
    service = menu.services.get(request.service) if menu and request.service else None
    name = service.name("nl").lower() if service is not None else "sessie"
    return f"Vraag voor een {md(name)}"


def _asked_by(request: Request, profiles: dict[str, Profile]) -> str | None:
    profile = profiles.get(request.requester)
    if profile is None:
        return None
    if profile.listed:
        return f"[{md(profile.name)}](netwerk/{profile.id}.md)"
    return md(profile.name)


def questions_page(
    community: Community, profiles: dict[str, Profile], today: datetime.date
) -> SiteFile:
    """`vragen.md`: every open public request, with what it needs."""
    requests = public_requests(community, today)
    text = (
        front_matter("Open vragen") + "# Open vragen\n\n"
        "Innovatoren uit de community zoeken antwoorden op deze vragen. Heb je de "
        "expertise die gevraagd wordt? Laat het ons weten: wie een vraag beantwoordt, "
        "geeft een sessie en verdient er SIF mee.\n\n"
    )
    if not requests:
        return SiteFile(QUESTIONS, text + "Er staan op dit moment geen open vragen online.\n")
    for index, request in enumerate(requests, start=1):
        text += f"## {_heading(request, community, index)}\n\n"
        text += md(request.question) + "\n\n"
        facts = [
            _kind(request, community),
            "Gezochte expertise: " + ", ".join(md(tag_label(tag)) for tag in request.expertise),
            f"Sinds {nl_date(request.opened)}",
        ]
        if (asked := _asked_by(request, profiles)) is not None:
            facts.append(f"Gesteld door {asked}")
        text += "".join(f"- {fact}\n" for fact in facts) + "\n"
    return SiteFile(QUESTIONS, text)
