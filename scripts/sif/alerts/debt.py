"""Debt alerts: members whose SIF debt is past the thresholds of `services.yaml`.

The thresholds are data (`alerts:` in the menu card)::

    alerts:
      debt_sif: 10       # owes at least 10 SIF,
      debt_days: 180     # of which the oldest part is at least 180 days old

A member is past them when both hold (a threshold left out always holds); both
compare with "at least", so a member who owes exactly 10 SIF for exactly 180
days is alerted. `sif check` lists them as warnings, never errors: a debt is
a reason to find the member a question to answer (`sif match --member ID`),
not a fault in the books. The operator's own account is never alerted.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sif.ledger.balances import Balance
from sif.model.community import Community
from sif.model.menu import DebtThresholds


@dataclass(frozen=True)
class DebtAlert:
    """A member past the debt thresholds.

    Attributes:
      member: Member id.
      debt: What the member owes in the community currency (positive).
      since: Date of the oldest part of the debt not paid back.
      age_days: Days from `since` to the as-of date of the balances.
      left: The member's last day in the network when they have left, else None.
    """

    member: str
    debt: Decimal
    since: datetime.date
    age_days: int
    left: datetime.date | None = None


def past(thresholds: DebtThresholds, balance: Balance) -> bool:
    """True when `balance` is a debt at or past both thresholds."""
    if balance.balance <= 0 or balance.debt_since is None or balance.debt_age_days is None:
        return False
    if thresholds.debt_sif is not None and balance.balance < thresholds.debt_sif:
        return False
    return thresholds.debt_days is None or balance.debt_age_days >= thresholds.debt_days


def debt_alerts(community: Community, balances: Iterable[Balance]) -> list[DebtAlert]:
    """The members past the menu card's thresholds, oldest debt first.

    Args:
      community: Members and the menu card (its `alerts`; none when it has none).
      balances: The members' balances, from `compute_balances` on the as-of date.
    """
    menu = community.menu
    if menu is None or menu.alerts is None:
        return []
    alerts = []
    for balance in balances:
        if balance.member == menu.operator or not past(menu.alerts, balance):
            continue
        assert balance.debt_since is not None and balance.debt_age_days is not None
        member = community.members.get(balance.member)
        alerts.append(
            DebtAlert(
                balance.member,
                balance.balance,
                balance.debt_since,
                balance.debt_age_days,
                member.left if member else None,
            )
        )
    alerts.sort(key=lambda alert: (alert.since, -alert.debt, alert.member))
    return alerts


def alert_message(alert: DebtAlert, thresholds: DebtThresholds, currency: str) -> str:
    """One line for `sif check`: who, how much, since when, and what to do."""
    limits = []
    if thresholds.debt_sif is not None:
        limits.append(f"{thresholds.debt_sif} {currency}")
    if thresholds.debt_days is not None:
        limits.append(f"{thresholds.debt_days} days")
    text = (
        f"{alert.member} owes {alert.debt} {currency}, unpaid since {alert.since} "
        f"({alert.age_days} days; alert at {' and '.join(limits)})"
    )
    if alert.left is not None:
        return text + f"; the member left on {alert.left}: settle the debt in euro"
    return text + f": `sif match --member {alert.member}` lists questions they could answer"


def debt_warnings(community: Community, balances: Iterable[Balance]) -> list[str]:
    """The debt alerts as the warning lines `sif check` prints."""
    menu = community.menu
    if menu is None or menu.alerts is None:
        return []
    return [
        alert_message(alert, menu.alerts, menu.currency.code)
        for alert in debt_alerts(community, balances)
    ]
