"""Matching open requests with members whose expertise fits, debtors first.

Members carry SIF debt because no question came up that they could answer.
For an open request (`requests/<id>.yaml`), the members to ask are those who:

- have at least one of the expertise tags the request needs;
- are not the requester, nor a partner of the request's concept or of any
  concept the requester is a partner of (a session inside one team is no
  exchange);
- are active on the day of matching (joined, not left), and are not the
  operator.

They are ranked so that the oldest SIF debt comes first (they can pay back in
kind), then by how many of the tags they have, then by the largest debt, then
by id, so equal cases always come out in the same order. Members without debt
follow, those with the least credit first (they need SIF most). Each
suggestion explains itself in one line (`explain`).

The statements and the Fava extension use the same functions:
`suggestions_for_request` for a request, `requests_for_member` for a member.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal

from sif.errors import SifException
from sif.ledger.balances import Balance
from sif.model.community import Community
from sif.model.errors import did_you_mean
from sif.model.requests import Request

ZERO = Decimal(0)


@dataclass(frozen=True)
class Suggestion:
    """A member to ask about a request.

    Attributes:
      request: The request id.
      member: The member id.
      matched: The request's expertise tags the member has, in the request's order.
      balance: The member's balance (positive = owes).
      debt_since: Date of the oldest part of the debt not paid back, or None.
      debt_age_days: Age of that part in days on the matching day, or None.
      rank: The member's place in the request's list (1 is asked first).
    """

    request: str
    member: str
    matched: tuple[str, ...]
    balance: Decimal
    debt_since: datetime.date | None
    debt_age_days: int | None
    rank: int = 0

    @property
    def in_debt(self) -> bool:
        return self.balance > 0 and self.debt_since is not None


def _sort_key(suggestion: Suggestion) -> tuple[bool, datetime.date, int, Decimal, str]:
    return (
        not suggestion.in_debt,
        suggestion.debt_since
        if suggestion.in_debt and suggestion.debt_since
        else datetime.date.max,
        -len(suggestion.matched),
        -suggestion.balance,
        suggestion.member,
    )


def _today() -> datetime.date:
    return datetime.date.today()  # noqa: DTZ011 (the books use local dates)


def _by_member(balances: Iterable[Balance] | Mapping[str, Balance]) -> Mapping[str, Balance]:
    if isinstance(balances, Mapping):
        return balances
    return {balance.member: balance for balance in balances}


def partners_of(community: Community, request: Request) -> frozenset[str]:
    """The requester and every partner of the request's concept and of the requester's concepts."""
    result = {request.requester}
    for concept in community.concepts.values():
        if concept.id == request.concept or request.requester in concept.partners:
            result.update(concept.partners)
    return frozenset(result)


def why_not(
    community: Community, request: Request, member_id: str, on: datetime.date | None = None
) -> str | None:
    """Why `member_id` is not a candidate for `request`, or None when they are."""
    day = on or _today()
    member = community.members.get(member_id)
    if member is None:
        return f'there is no member "{member_id}".' + did_you_mean(member_id, community.members)
    if community.menu is not None and member_id == community.menu.operator:
        return f"{member_id} is the operator; it does not answer requests"
    if member_id == request.requester:
        return f"{member_id} asks the question"
    if member_id in partners_of(community, request):
        shared = sorted(
            concept.id
            for concept in community.concepts.values()
            if member_id in concept.partners
            and (concept.id == request.concept or request.requester in concept.partners)
        )
        return (
            f"{member_id} is a partner of {', '.join(shared)}, with the requester "
            f"{request.requester}: a session inside one team is no exchange"
        )
    if member.left is not None and member.left < day:
        return f"{member_id} left the network on {member.left}"
    if member.joined > day:
        return f"{member_id} joins the network only on {member.joined}"
    if not set(member.expertise) & set(request.expertise):
        has = ", ".join(member.expertise) or "none"
        return (
            f"{member_id} has none of the expertise needed ({', '.join(request.expertise)}; "
            f"theirs: {has})"
        )
    return None


def suggestions_for_request(
    community: Community,
    balances: Iterable[Balance] | Mapping[str, Balance],
    request: Request,
    on: datetime.date | None = None,
) -> list[Suggestion]:
    """The members to ask about `request`, best first (oldest debt first).

    Args:
      community: Members, concepts and the menu card.
      balances: Every member's balance on the matching day (`compute_balances`),
        as a list or by member id; a member without one counts as balance 0.
      request: The request (of any status; callers usually pass open ones).
      on: The matching day, for who is active (default: today).
    """
    day = on or _today()
    by_member = _by_member(balances)
    excluded = partners_of(community, request)
    operator = community.menu.operator if community.menu else None
    wanted = request.expertise
    result = []
    for member in community.members.values():
        if member.id in excluded or member.id == operator or not member.active_on(day):
            continue
        have = set(member.expertise)
        matched = tuple(tag for tag in wanted if tag in have)
        if not matched:
            continue
        balance = by_member.get(member.id)
        result.append(
            Suggestion(
                request.id,
                member.id,
                matched,
                balance.balance if balance else ZERO,
                balance.debt_since if balance else None,
                balance.debt_age_days if balance else None,
            )
        )
    result.sort(key=_sort_key)
    return [replace(suggestion, rank=rank) for rank, suggestion in enumerate(result, start=1)]


def requests_for_member(
    community: Community,
    balances: Iterable[Balance] | Mapping[str, Balance],
    member_id: str,
    on: datetime.date | None = None,
) -> list[Suggestion]:
    """The open requests `member_id` could answer on `on`, oldest request first.

    The same rules as `suggestions_for_request`, seen from the member: the
    member's Suggestion (with their rank) for every open request that lists
    them. Empty for an unknown member, the operator, or a member who is not
    active on the day.
    """
    by_member = _by_member(balances)
    result = []
    for request in open_requests(community, on):
        for suggestion in suggestions_for_request(community, by_member, request, on):
            if suggestion.member == member_id:
                result.append(suggestion)
    return result


def open_requests(community: Community, on: datetime.date | None = None) -> list[Request]:
    """The open requests opened on or before `on` (default: today), oldest first."""
    day = on or _today()
    found = [r for r in community.requests.values() if r.is_open and r.opened <= day]
    return sorted(found, key=lambda request: (request.opened, request.id))


def no_match_reason(community: Community, request: Request) -> str:
    """Why a request has no suggestion: which tags no eligible member has."""
    tags = sorted({tag for member in community.members.values() for tag in member.expertise})
    hints = "".join(did_you_mean(tag, tags) for tag in request.expertise if tag not in tags)
    return (
        "no active member outside the requester's concepts has the expertise "
        f"{', '.join(request.expertise)}.{hints}"
    ).rstrip()


def explain(suggestion: Suggestion, currency: str) -> str:
    """One line: which expertise matched, and the member's debt and its age.

    >>> s = Suggestion("r", "an-claes", ("legal",), Decimal("12.50"), datetime.date(2026, 1, 5), 300)
    >>> explain(s, "SIF")
    'expertise legal; owes 12.50 SIF, unpaid since 2026-01-05 (300 days)'
    """
    text = f"expertise {', '.join(suggestion.matched)}; "
    if suggestion.in_debt:
        return text + (
            f"owes {suggestion.balance} {currency}, unpaid since {suggestion.debt_since} "
            f"({suggestion.debt_age_days} days)"
        )
    if suggestion.balance < 0:
        return text + f"no debt (is owed {-suggestion.balance} {currency})"
    return text + "no debt"


class MatchError(SifException, ValueError):
    """An unknown request or member was asked for; the message says which and suggests one."""


@dataclass(frozen=True)
class RequestMatch:
    """One request with the members to ask.

    Attributes:
      request: The request.
      suggestions: The members to ask, best first (cut to the limit asked for).
      total: How many members fit the request in all.
      note: Why there is no suggestion (no member with the expertise, or why the
        member asked about does not fit), else None.
    """

    request: Request
    suggestions: tuple[Suggestion, ...]
    total: int
    note: str | None = None


def match(
    community: Community,
    balances: Iterable[Balance] | Mapping[str, Balance],
    *,
    request_id: str | None = None,
    member_id: str | None = None,
    on: datetime.date | None = None,
    limit: int | None = None,
) -> list[RequestMatch]:
    """What `sif match` shows.

    Without ids: every open request with its members to ask. With `request_id`:
    that request (of any status). With `member_id`: the open requests the member
    could answer, each with the member's own suggestion; with both, whether and
    why (not) the member fits the request.

    Raises:
      MatchError: An id that names no request or member.
    """
    if member_id is not None and member_id not in community.members:
        raise MatchError(f'no member "{member_id}".' + did_you_mean(member_id, community.members))
    by_member = _by_member(balances)
    if request_id is not None:
        request = community.requests.get(request_id)
        if request is None:
            raise MatchError(
                f'no request "{request_id}" in requests/.'
                + did_you_mean(request_id, community.requests)
            )
        requests = [request]
    else:
        requests = open_requests(community, on)
    result = []
    for request in requests:
        found = suggestions_for_request(community, by_member, request, on)
        note = None if found else no_match_reason(community, request)
        total = len(found)
        if member_id is not None:
            found = [s for s in found if s.member == member_id]
            if not found and request_id is None:
                continue  # the member's view lists only the requests that fit them
            note = None if found else why_not(community, request, member_id, on)
        shown = found[:limit] if limit else found
        result.append(RequestMatch(request, tuple(shown), total, note))
    return result


def match_json(
    matches: list[RequestMatch], community: Community, on: datetime.date
) -> dict[str, object]:
    """The result of `match` as JSON-ready data (amounts as text, dates ISO)."""
    currency = community.menu.currency.code if community.menu else ""

    def suggestion(s: Suggestion) -> dict[str, object]:
        member = community.members.get(s.member)
        return {
            "rank": s.rank,
            "member": s.member,
            "name": member.name if member else None,
            "matched_expertise": list(s.matched),
            "balance": str(s.balance),
            "debt_since": s.debt_since.isoformat() if s.in_debt and s.debt_since else None,
            "debt_age_days": s.debt_age_days if s.in_debt else None,
            "reason": explain(s, currency),
        }

    return {
        "as_of": on.isoformat(),
        "currency": currency,
        "requests": [
            {
                "request": m.request.id,
                "question": m.request.question,
                "kind": m.request.kind,
                "status": m.request.status,
                "opened": m.request.opened.isoformat(),
                "requester": m.request.requester,
                "concept": m.request.concept,
                "expertise": list(m.request.expertise),
                "suggestions": [suggestion(s) for s in m.suggestions],
                "total": m.total,
                "note": m.note,
            }
            for m in matches
        ],
    }
