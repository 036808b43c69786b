"""Request files: `requests/<id>.yaml`, one per open question of an innovator.

A request is a Solution Lab call or a request for a session: a question an
innovator (the requester) needs creative answers to, and the expertise it
takes. Staff match it with members who have that expertise (`sif match`),
members in SIF debt first, so they can pay back in kind. Start the id with the
month it was opened, so the folder stays in order.

Example, `requests/2026-10-deelautos-tarieven.yaml`::

    question: Hoe prijzen we een abonnement op de deelauto's zonder buurtbewoners uit te sluiten?
    kind: session                  # session | solution-lab
    requester: jongerenwerking-kortrijk-vzw
    concept: deelautos-kortrijk    # optional; the requester must be one of its partners
    expertise: [financing, mobility]   # tags, like members' expertise
    service: strengthening-session # optional: the service an answer would be
    status: open                   # open | matched | closed
    opened: 2026-10-05
    matched: [manon-leclercq]      # who took it on (required when matched)
    closed: 2026-11-20             # required when closed
    public: true                   # may the open request appear on the public site?

Only open requests with `public: true` appear on the site, and then only the
question, kind, expertise, opening date, the concept when it is public, and
the requester's name when the requester consented to it.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sif.model.concepts import Concept
from sif.model.errors import YamlError, did_you_mean, source
from sif.model.members import TAG_RE, Member
from sif.model.menu import MenuCard
from sif.model.yamlio import Fields, check_id, load_folder

KINDS = ("session", "solution-lab")
STATUSES = ("open", "matched", "closed")
FIELDS = (
    "question", "kind", "requester", "concept", "expertise", "service", "status",
    "opened", "matched", "closed", "public",
)  # fmt: skip


@dataclass(frozen=True)
class Request:
    """A question of an innovator that needs the expertise of fellow members.

    Attributes:
      id: The slug from the file name, e.g. "2026-10-deelautos-tarieven".
      question: The question, as the requester put it.
      kind: "session" (a request for a session) or "solution-lab" (a call).
      requester: Member id of who asks.
      concept: The concept the question is about, or None.
      expertise: Expertise tags needed (at least one).
      service: The service an answer would be (a menu card id), or None.
      status: "open", "matched" (members took it on) or "closed".
      opened: The day the request was opened.
      closed: The day it was closed, or None.
      matched: Member ids of those who took it on.
      public: Whether the open request may appear on the public site.
      filename: The request file.
      line: Line of the first field in the file.
      lines: Line of each field, for errors found when cross-checking.
    """

    id: str
    question: str
    kind: str
    requester: str
    concept: str | None
    expertise: tuple[str, ...]
    service: str | None
    status: str
    opened: datetime.date
    closed: datetime.date | None = None
    matched: tuple[str, ...] = ()
    public: bool = False
    filename: str = ""
    line: int = 0
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


def parse_request(
    request_id: str, data: object, filename: str
) -> tuple[Request | None, list[YamlError]]:
    """Build a Request from the loaded YAML of one request file."""
    errors: list[YamlError] = []
    if (problem := check_id(request_id, "request")) is not None:
        errors.append(YamlError(source(filename, 0), problem + "; rename the file", None))
    f = Fields(data, filename, errors, line=1)
    question = f.text("question", required=True)
    kind = f.choice("kind", KINDS) or "session"
    requester = f.text("requester", required=True)
    concept = f.text("concept")
    expertise = f.str_list("expertise")
    for tag in expertise:
        if not TAG_RE.match(tag):
            f.error("expertise", f'the tag "{tag}" should be lowercase words joined by dashes')
    if not expertise and not f.has("expertise"):
        f.error("expertise", "is missing; list the expertise the question needs, e.g. [legal]")
    elif not expertise:
        f.error("expertise", "is empty; list the expertise the question needs, e.g. [legal]")
    service = f.text("service")
    status = f.choice("status", STATUSES, required=True)
    opened = f.date("opened", required=True)
    closed = f.date("closed")
    matched = f.str_list("matched")
    public = f.flag("public", default=False)
    f.finish()

    if opened and closed and closed < opened:
        f.error("closed", f"{closed} is before the request was opened ({opened})")
    if status == "closed" and closed is None and not f.has("closed"):
        missing(f, "closed", "is missing; a closed request says when, e.g. closed: 2026-11-20")
    if status in ("open", "matched") and closed is not None:
        f.error("closed", f'a request with status "{status}" is not closed; remove the date')
    if status == "matched" and not matched:
        missing(
            f, "matched", "is missing; a matched request names who took it on, e.g. [an-claes]"
        )
    if status == "open" and matched:
        f.error(
            "matched", 'an open request has no match yet; set status: matched, or remove "matched"'
        )

    if errors or question is None or requester is None or status is None or opened is None:
        return None, errors
    request = Request(
        id=request_id,
        question=" ".join(question.split()),
        kind=kind,
        requester=requester,
        concept=concept,
        expertise=tuple(dict.fromkeys(expertise)),
        service=service,
        status=status,
        opened=opened,
        closed=closed,
        matched=tuple(dict.fromkeys(matched)),
        public=public,
        filename=filename,
        line=f.line,
        lines={key: f.line_of(key) for key in f.data},
    )
    return request, errors


def missing(f: Fields, key: str, message: str) -> None:
    """An error about a field the status requires, at the line of the status."""
    line = f.line_of(key) if key in f.data else f.line_of("status")
    f.errors.append(YamlError(source(f.filename, line), f'field "{key}": {message}', None))


def load_requests(directory: Path) -> tuple[dict[str, Request], list[YamlError]]:
    """Load every `*.yaml` request file in `directory` (a missing folder means none)."""
    return load_folder(directory, "request", parse_request)


def check_requests(
    requests: Mapping[str, Request],
    members: Mapping[str, Member],
    concepts: Mapping[str, Concept],
    menu: MenuCard | None,
) -> list[YamlError]:
    """Cross-check requests with the members, concepts and menu card they name."""
    errors: list[YamlError] = []

    def error(request: Request, key: str, message: str) -> None:
        errors.append(
            YamlError(
                source(request.filename, request.line_of(key)), f'field "{key}": {message}', None
            )
        )

    operator = menu.operator if menu else None
    for request in requests.values():
        if request.requester not in members:
            error(
                request,
                "requester",
                f'no member "{request.requester}".' + did_you_mean(request.requester, members),
            )
        if request.concept is not None:
            concept = concepts.get(request.concept)
            if concept is None:
                error(
                    request,
                    "concept",
                    f'no concept "{request.concept}".' + did_you_mean(request.concept, concepts),
                )
            elif request.requester in members and request.requester not in (
                *concept.partners,
                operator,
            ):
                error(
                    request,
                    "requester",
                    f'"{request.requester}" is not a partner of the concept "{concept.id}" '
                    f"({', '.join(concept.partners)}); name one of them as the requester, "
                    "or leave out the concept",
                )
        for member_id in request.matched:
            if member_id not in members:
                error(
                    request,
                    "matched",
                    f'no member "{member_id}".' + did_you_mean(member_id, members),
                )
        if request.service is not None and menu is not None:
            if request.service not in menu.services:
                error(
                    request,
                    "service",
                    f'the service "{request.service}" is not on the menu card (services.yaml).'
                    + did_you_mean(request.service, menu.services),
                )
            elif menu.services[request.service].flow != "member-to-member":
                error(
                    request,
                    "service",
                    f'"{request.service}" is a service of the operator; a request is answered '
                    "by a member, with a member-to-member service",
                )
    return errors
