"""Account names of the books.

Each member has one account in the community currency under MEMBERS, and, once
documents are issued, a receivable (what they owe in EUR, from invoices) and a
payable (what the operator owes them, from self-billed documents). Beancount
account components start with a capital, so the member id "de-buurtkeuken"
becomes `Assets:Members:De-buurtkeuken`; the id is the component with its first
letter lowercased. A positive balance on a member account means the member owes
community currency.

The operator's own EUR accounts:

    Income:Services          turnover: what members bought (invoices)
    Expenses:Services        purchases: what members delivered (self-billed documents)
    Liabilities:VAT:Due      VAT charged on invoices
    Assets:VAT:Deductible    VAT on self-billed documents, deductible
"""

from __future__ import annotations

import functools

MEMBERS = "Assets:Members"
RECEIVABLES = "Assets:Receivables"
PAYABLES = "Liabilities:Payables"
MEMBER_ROOTS = (MEMBERS, RECEIVABLES, PAYABLES)

TURNOVER = "Income:Services"
PURCHASES = "Expenses:Services"
VAT_DUE = "Liabilities:VAT:Due"
VAT_DEDUCTIBLE = "Assets:VAT:Deductible"


def member_account(member_id: str, root: str = MEMBERS) -> str:
    """The account of a member under `root` (default: community currency)."""
    return f"{root}:{member_id[:1].upper()}{member_id[1:]}"


@functools.lru_cache(maxsize=1 << 16)  # called for every posting of every check
def member_of(account: str, root: str = MEMBERS) -> str | None:
    """The member id of a member account under `root`, or None for any other account."""
    prefix = root + ":"
    if not account.startswith(prefix):
        return None
    component = account[len(prefix) :]
    if ":" in component:
        return None
    return component[:1].lower() + component[1:]


@functools.lru_cache(maxsize=1 << 16)
def is_member_account(account: str) -> bool:
    """True for a member's account under any of MEMBER_ROOTS."""
    return any(member_of(account, root) is not None for root in MEMBER_ROOTS)
