"""Credit limits: how much a member may owe, as policy in the menu card.

`credit_limits:` in services.yaml sets a soft limit (a warning) and a hard
limit (a refusal) on a member's debt, in the community currency and/or in the
age of the oldest part of the debt not paid back (first in, first out)::

    credit_limits:
      from: 2026-01-01          # trades from this day on are held to the limits
      default: {soft: 10, hard: 20, soft_days: 180, hard_days: 365}
      kinds:                    # by member kind: person, organisation
        organisation: {soft: 20, hard: 40}
      roles:                    # by role; with several roles, the most generous
        coach: {hard: 30}
      members:                  # exceptions per member, over everything else
        de-buurtkeuken: {hard: 60}

A member's limit is built field by field: the default, then their kind, then
their roles, then their own exception; a field left out keeps the value from
the level before. A trade may take a recipient up to a hard limit but not past
it (owing exactly 20 of a hard 20 is allowed); and a member whose oldest debt
is older than `hard_days` receives nothing more until they give back. The
operator's own account has no limit: it is the counterparty of the menu card.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace
from decimal import Decimal

from sif.model.members import KINDS, ROLES, Member
from sif.model.yamlio import Fields

#: The fields of one limit, in the order they are documented.
LIMIT_FIELDS = ("soft", "hard", "soft_days", "hard_days")


@dataclass(frozen=True)
class Limit:
    """What a member may owe; a field that is None sets no limit.

    Attributes:
      soft: Debt in the community currency past which `sif check` warns.
      hard: Debt past which a trade is refused.
      soft_days: Age in days of the oldest debt past which `sif check` warns.
      hard_days: Age past which the member may receive nothing more.
      where: Which levels of `credit_limits` set it, like "default, kinds.organisation".
    """

    soft: Decimal | None = None
    hard: Decimal | None = None
    soft_days: int | None = None
    hard_days: int | None = None
    where: str = ""

    @property
    def empty(self) -> bool:
        return all(getattr(self, name) is None for name in LIMIT_FIELDS)

    def over(self, other: Limit, where: str) -> Limit:
        """`other` with the fields this limit sets replaced by this one's."""
        values = {name: getattr(self, name) for name in LIMIT_FIELDS}
        changed = {name: value for name, value in values.items() if value is not None}
        if not changed:
            return other
        return replace(other, **changed, where=f"{other.where}, {where}".lstrip(", "))


@dataclass(frozen=True)
class CreditLimits:
    """The whole of `credit_limits:`.

    Attributes:
      start: Trades from this day on are held to the limits (None: all trades).
      default: The limit of every member.
      kinds: Limits by member kind.
      roles: Limits by role.
      members: Exceptions by member id.
      member_lines: Line of each exception in services.yaml.
      line: Line of `credit_limits` in services.yaml.
    """

    start: datetime.date | None
    default: Limit
    kinds: dict[str, Limit] = field(default_factory=dict)
    roles: dict[str, Limit] = field(default_factory=dict)
    members: dict[str, Limit] = field(default_factory=dict)
    member_lines: dict[str, int] = field(default_factory=dict)
    line: int = 0

    def applies_on(self, date: datetime.date) -> bool:
        return self.start is None or date >= self.start

    def for_member(self, member: Member | None, member_id: str) -> Limit:
        """The limit of one member (an unknown member gets the default)."""
        limit = replace(self.default, where="default" if not self.default.empty else "")
        if member is not None:
            if member.kind in self.kinds:
                limit = self.kinds[member.kind].over(limit, f"kinds.{member.kind}")
            roles = [role for role in member.roles if role in self.roles]
            if roles:
                limit = _most_generous([self.roles[r] for r in roles]).over(
                    limit, "roles." + "/".join(roles)
                )
        if member_id in self.members:
            limit = self.members[member_id].over(limit, f"members.{member_id}")
        return limit


def _most_generous(limits: list[Limit]) -> Limit:
    """Field by field, the highest value any of `limits` sets."""
    values: dict[str, Decimal | int | None] = {}
    for name in LIMIT_FIELDS:
        given = [getattr(limit, name) for limit in limits if getattr(limit, name) is not None]
        values[name] = max(given) if given else None
    return Limit(**values)  # type: ignore[arg-type]


def _limit(f: Fields) -> Limit:
    soft = f.decimal("soft")
    hard = f.decimal("hard")
    days: dict[str, int | None] = {}
    for name in ("soft_days", "hard_days"):
        value = f.decimal(name)
        if value is not None and (value != int(value) or value < 0):
            f.error(name, f"{value} should be a whole number of days, 0 or more")
            value = None
        days[name] = None if value is None else int(value)
    for name, value in (("soft", soft), ("hard", hard)):
        if value is not None and value < 0:
            f.error(name, f"{value} cannot be negative: it is what a member may owe")
    if soft is not None and hard is not None and soft > hard:
        f.error("soft", f"{soft} is above the hard limit {hard}: the warning comes first")
    soft_days, hard_days = days["soft_days"], days["hard_days"]
    if soft_days is not None and hard_days is not None and soft_days > hard_days:
        f.error("soft_days", f"{soft_days} is above hard_days {hard_days}")
    f.finish()
    return Limit(soft, hard, soft_days, hard_days)


def _group(
    f: Fields, key: str, choices: tuple[str, ...] | None
) -> tuple[dict[str, Limit], dict[str, int]]:
    group = f.sub(key)
    limits: dict[str, Limit] = {}
    lines: dict[str, int] = {}
    for name in group.data:
        if choices is not None and name not in choices:
            group.error(name, f'"{name}" is not one of: {", ".join(choices)}')
            group.seen.add(name)
            continue
        limits[name] = _limit(group.sub(name))
        lines[name] = group.line_of(name)
    group.finish()
    return limits, lines


def parse_credit_limits(f: Fields) -> CreditLimits | None:
    """`credit_limits:` of the menu card, or None when it has none."""
    if not f.has("credit_limits"):
        return None
    c = f.sub("credit_limits")
    start = c.date("from")
    default = _limit(c.sub("default"))
    kinds, _ = _group(c, "kinds", KINDS)
    roles, _ = _group(c, "roles", ROLES)
    members, member_lines = _group(c, "members", None)
    c.finish()
    return CreditLimits(start, default, kinds, roles, members, member_lines, c.line)


def describe(limit: Limit, currency: str) -> str:
    """The limit in words: "soft 10 SIF, hard 20 SIF, hard 365 days"."""
    parts = []
    for name, unit in (
        ("soft", currency),
        ("hard", currency),
        ("soft_days", "days"),
        ("hard_days", "days"),
    ):
        value = getattr(limit, name)
        if value is not None:
            parts.append(f"{name.removesuffix('_days')} {value} {unit}")
    return ", ".join(parts) or "no limit"
