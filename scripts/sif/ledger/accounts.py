"""Account names of the books.

Each member has one account in the community currency under MEMBERS. Beancount
account components start with a capital, so the member id "de-buurtkeuken"
becomes `Assets:Members:De-buurtkeuken`; the id is the component with its first
letter lowercased. A positive balance means the member owes community currency.
"""

from __future__ import annotations

MEMBERS = "Assets:Members"
_PREFIX = MEMBERS + ":"


def member_account(member_id: str) -> str:
    """The community-currency account of a member."""
    return _PREFIX + member_id[:1].upper() + member_id[1:]


def member_of(account: str) -> str | None:
    """The member id of a member account, or None for any other account."""
    if not account.startswith(_PREFIX):
        return None
    component = account[len(_PREFIX) :]
    if ":" in component:
        return None
    return component[:1].lower() + component[1:]
