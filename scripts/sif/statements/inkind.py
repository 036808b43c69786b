"""Ways for a member in SIF debt to pay back in kind: open requests that need them.

A member owes SIF because no question came up that they could answer. The
statement lists the open requests (`requests/<id>.yaml`: Solution Lab calls
and requests for a session) whose expertise the member has, with the rules of
the matching (`sif.matching.match`): not their own question, nor one of a
concept they are a partner in. Only requests marked `public: true` are
listed: a statement goes to another member than the requester, and a private
request never leaves the books (staff still see it with `sif match`). This
module is the one place the statements ask the matching, so it can change
behind `ways_to_pay_back`.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from sif.ledger.balances import Balance
from sif.matching.match import open_requests, suggestions_for_request
from sif.model.community import Community

#: At most this many requests per statement: the oldest questions first.
LIMIT = 3


@dataclass(frozen=True)
class Opportunity:
    """An open request a member could answer.

    Attributes:
      request: The request id.
      kind: "session" or "solution-lab".
      question: The question, as the requester put it.
      requester: Member id of who asks.
      concept: The concept the question is about, or None.
      expertise: The request's tags the member has.
      opened: The day the request was opened.
      service: The service an answer would be (a menu card id), or None.
      value: What one unit of that service earns on the statement date, or None.
      clears: The SIF debt one unit of that service would clear (at most the
        debt), or None when the request names no service.
    """

    request: str
    kind: str
    question: str
    requester: str
    concept: str | None
    expertise: tuple[str, ...]
    opened: datetime.date
    service: str | None = None
    value: Decimal | None = None
    clears: Decimal | None = None


def ways_to_pay_back(
    community: Community,
    balances: Mapping[str, Balance],
    on: datetime.date,
    limit: int = LIMIT,
) -> dict[str, tuple[Opportunity, ...]]:
    """For every member in SIF debt on `on`: the open requests that fit them, oldest first.

    Args:
      community: Members, concepts, requests.
      balances: Every member's balance by id (`compute_balances`).
      on: The day of matching (who is active).
      limit: At most this many per member.
    """
    assert community.menu is not None
    found: dict[str, list[Opportunity]] = {}
    for request in open_requests(community, on):  # oldest first
        if not request.public:
            continue  # private: never in a statement or an e-mail to someone else
        for suggestion in suggestions_for_request(community, balances, request, on):
            if not suggestion.in_debt:
                continue
            chosen = found.setdefault(suggestion.member, [])
            if len(chosen) < limit:
                service = community.menu.services.get(request.service or "")
                tariff = service.tariff_on(on) if service else None
                value = tariff.value if tariff else None
                chosen.append(
                    Opportunity(
                        request.id,
                        request.kind,
                        request.question,
                        request.requester,
                        request.concept,
                        suggestion.matched,
                        request.opened,
                        request.service if value is not None else None,
                        value,
                        min(value, suggestion.balance) if value is not None else None,
                    )
                )
    return {member: tuple(items) for member, items in found.items()}
