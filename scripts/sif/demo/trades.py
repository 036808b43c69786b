"""The demo's trades: who delivers which service to whom, month by month.

Every rule of `sif.ledger.rules` holds by construction: the menu card decides
the flow, the tariff in force and the amounts (tariff x quantity, split with
`sif.ledger.trades.split`); parties are drawn only among members active on the
trade's date; nobody is on both sides. What the generator adds is texture:
sessions for concepts by one to three coaches, coaching hours, workshops and
Bootcamps on fixed event days, articles and case research for the operator.
"""

from __future__ import annotations

import bisect
import calendar
import datetime
import random
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Generic, NamedTuple, TypeVar

from sif.demo.concepts import DemoConcept
from sif.demo.network import DemoMember
from sif.demo.words import ARTICLES, CITIES, EXPERTISE, IDEAS, METHODS, SEASONS, WORKSHOPS
from sif.ledger.accounts import member_account
from sif.ledger.trades import split
from sif.model.members import Member
from sif.model.menu import MenuCard, Service
from sif.model.prices import trade_price

T = TypeVar("T")

#: How each service of the menu card is traded, by service id. A service the
#: generator does not know is traded plainly, by its flow (FALLBACK).
STYLES = {
    "strengthening-session": "session",
    "coaching-hour": "coaching",
    "workshop": "workshop",
    "bootcamp": "bootcamp",
    "article": "article",
    "case-research": "case",
}
FLOW_OF_STYLE = {
    "session": "member-to-member", "coaching": "member-to-member", "peer": "member-to-member",
    "workshop": "member-to-operator", "bootcamp": "member-to-operator",
    "sale": "member-to-operator",
    "article": "operator-to-member", "case": "operator-to-member",
    "purchase": "operator-to-member",
}  # fmt: skip
FALLBACK = {
    "member-to-member": "peer",
    "member-to-operator": "sale",
    "operator-to-member": "purchase",
}
#: Relative number of trades of each style.
FREQUENCY = {
    "session": 30, "coaching": 30, "workshop": 11, "bootcamp": 6, "article": 11, "case": 10,
    "peer": 5, "sale": 5, "purchase": 5,
}  # fmt: skip
EVENT_STYLES = ("workshop", "bootcamp", "sale")
BOOTCAMP_MONTHS = (3, 6, 10)


class Trade(NamedTuple):
    """A generated trade.

    Attributes:
      date: Date of the service.
      narration: Dutch description.
      service: Service id.
      quantity: Number of units.
      concept: Concept id, or None.
      providers: (member id, amount earned), in posting order.
      recipients: (member id, amount owed), in posting order.
    """

    date: datetime.date
    narration: str
    service: str
    quantity: int
    concept: str | None
    providers: tuple[tuple[str, Decimal], ...]
    recipients: tuple[tuple[str, Decimal], ...]


class _Deal(NamedTuple):
    narration: str
    quantity: int
    concept: str | None
    providers: list[str]
    recipients: list[str]


class Pool(Generic[T]):
    """Items to draw from in proportion to their weights (zero weights left out)."""

    def __init__(self, weighted: Iterable[tuple[T, float]]) -> None:
        self.items: list[T] = []
        self.cum: list[float] = []
        total = 0.0
        for item, weight in weighted:
            if weight > 0:
                total += weight
                self.items.append(item)
                self.cum.append(total)

    def __bool__(self) -> bool:
        return bool(self.items)

    def pick(self, rng: random.Random) -> T:
        index = bisect.bisect(self.cum, rng.random() * self.cum[-1])
        return self.items[min(index, len(self.items) - 1)]


def pick_members(
    rng: random.Random, pool: Pool[DemoMember], count: int, exclude: set[str]
) -> list[DemoMember]:
    """Up to `count` different members of `pool`, none of them in `exclude`."""
    chosen: list[DemoMember] = []
    seen = set(exclude)
    for _ in range(4 * count + 8):
        if len(chosen) >= count or not pool:
            break
        member = pool.pick(rng)
        if member.id not in seen:
            seen.add(member.id)
            chosen.append(member)
    return chosen


class _Pools(NamedTuple):
    givers: Pool[DemoMember]
    takers: Pool[DemoMember]
    writers: Pool[DemoMember]
    concepts: Pool[DemoConcept]
    early: bool


class TradeMaker:
    """Draws the trades of a community month by month.

    Args:
      rng: The generator's random source.
      menu: The menu card: services, flows, tariffs and the currency.
      operator: The operator's member record.
      members: The members who trade (not the operator).
      concepts: The concepts they coach.
      cutoff: Debtors take a lot before this day, little after.
    """

    def __init__(
        self,
        rng: random.Random,
        menu: MenuCard,
        *,
        operator: Member,
        members: list[DemoMember],
        concepts: list[DemoConcept],
        cutoff: datetime.date,
    ) -> None:
        self.rng = rng
        self.menu = menu
        self.quantum = menu.currency.quantum
        self.operator = operator
        self.members = members
        self.by_id = {m.id: m for m in members}
        self.concepts = concepts
        self.cutoff = cutoff
        self.services: list[tuple[Service, str]] = []
        for service in menu.services.values():
            style = STYLES.get(service.id, "")
            if FLOW_OF_STYLE.get(style) != service.flow:
                style = FALLBACK[service.flow]
            self.services.append((service, style))
        self.weights = [FREQUENCY[style] for _, style in self.services]
        # The pools change only when someone joins or leaves, a concept
        # starts, or debtors stop taking: cache them per stretch between.
        points = {cutoff}
        for member in members:
            points.add(member.joined)
            if member.left:
                points.add(member.left + datetime.timedelta(days=1))
        points.update(concept.started for concept in concepts)
        self.points = sorted(points)
        self.cache: dict[int, _Pools] = {}
        self.deals: dict[str, Callable[[Service, datetime.date, _Pools, str], _Deal | None]] = {
            "session": self._session,
            "coaching": self._coaching,
            "peer": self._coaching,
            "workshop": self._sale,
            "bootcamp": self._sale,
            "sale": self._sale,
            "article": self._purchase,
            "case": self._purchase,
            "purchase": self._purchase,
        }

    def month(self, year: int, month: int, count: int) -> list[Trade]:
        """`count` trades in the month, sorted by date.

        Raises:
          ValueError: When no trade can be made in the month.
        """
        events = self._events(year, month)
        trades = [self._trade(year, month, events) for _ in range(count)]
        trades.sort(key=lambda trade: trade.date)
        return trades

    def _pools(self, day: datetime.date) -> _Pools:
        key = bisect.bisect_right(self.points, day)
        pools = self.cache.get(key)
        if pools is None:
            early = day < self.cutoff
            active = [m for m in self.members if m.active_on(day)]
            concepts = [
                (c, c.early_weight if early else c.weight)
                for c in self.concepts
                if c.started <= day and any(self.by_id[p].active_on(day) for p in c.partners)
            ]
            pools = _Pools(
                Pool((m, m.give) for m in active),
                Pool((m, m.early_take if early else m.take) for m in active),
                Pool((m, m.write) for m in active),
                Pool(concepts),
                early,
            )
            self.cache[key] = pools
        return pools

    def _weekday(self, year: int, month: int) -> datetime.date:
        """A day of the month, rarely in a weekend."""
        last = calendar.monthrange(year, month)[1]
        while True:
            day = datetime.date(year, month, self.rng.randint(1, last))
            if day.weekday() < 5 or self.rng.random() < 0.1:
                return day

    def _events(self, year: int, month: int) -> dict[str, list[tuple[datetime.date, str]]]:
        """Workshop and Bootcamp days of the month, with their titles."""
        events: dict[str, list[tuple[datetime.date, str]]] = {}
        size = len(self.members)
        for service, style in self.services:
            if style == "bootcamp" and month in BOOTCAMP_MONTHS:
                title = f"{SEASONS[month]} {year}"
                days = [self._weekday(year, month) for _ in range(1 + size // 200)]
                events[service.id] = [(day, title) for day in days]
            elif style in ("workshop", "sale"):
                events[service.id] = [
                    (
                        self._weekday(year, month),
                        self.rng.choice(WORKSHOPS) if style == "workshop" else "",
                    )
                    for _ in range(1 + size // 40)
                ]
        return events

    def _trade(
        self, year: int, month: int, events: dict[str, list[tuple[datetime.date, str]]]
    ) -> Trade:
        rng = self.rng
        for _ in range(200):
            service, style = rng.choices(self.services, weights=self.weights)[0]
            title = ""
            if style in EVENT_STYLES:
                if not events.get(service.id):
                    continue
                day, title = rng.choice(events[service.id])
            else:
                day = self._weekday(year, month)
            tariff = service.tariff_on(day)
            if tariff is None or (
                service.flow != "member-to-member" and not self.operator.active_on(day)
            ):
                continue
            deal = self.deals[style](service, day, self._pools(day), title)
            if deal is None:
                continue
            total = trade_price(tariff.value, deal.quantity, self.quantum)
            earned = split(total, len(deal.providers), self.quantum)
            owed = split(total, len(deal.recipients), self.quantum)
            if min(earned + owed) <= 0:
                continue
            return Trade(
                day,
                deal.narration,
                service.id,
                deal.quantity,
                deal.concept,
                tuple(zip(deal.providers, earned, strict=True)),
                tuple(zip(deal.recipients, owed, strict=True)),
            )
        raise ValueError(
            f"no trade fits {year}-{month:02d}: no service has a tariff then, or too few "
            "members are active"
        )

    def _topic(self, coach: DemoMember) -> str:
        methods = [tag for tag in coach.expertise if tag in METHODS]
        return EXPERTISE[self.rng.choice(methods or METHODS)][0]

    def _partners(
        self, concept: DemoConcept, day: datetime.date, pools: _Pools
    ) -> Pool[DemoMember]:
        partners = [self.by_id[p] for p in concept.partners]
        return Pool(
            (m, max(m.early_take if pools.early else m.take, 0.2))
            for m in partners
            if m.active_on(day)
        )

    def _session(
        self, service: Service, day: datetime.date, pools: _Pools, title: str
    ) -> _Deal | None:
        rng = self.rng
        if not pools.concepts:
            return None
        concept = pools.concepts.pick(rng)
        recipients = pick_members(
            rng, self._partners(concept, day, pools), 2 if rng.random() < 0.3 else 1, set()
        )
        coaches = rng.choices((1, 2, 3), weights=(60, 30, 10))[0]
        providers = pick_members(rng, pools.givers, coaches, set(concept.partners))
        if not recipients or not providers:
            return None
        narration = f"{service.name('nl')} voor {concept.name}"
        if rng.random() < 0.5:
            narration += f": {self._topic(providers[0])}"
        return _Deal(
            narration, 1, concept.id, [m.id for m in providers], [m.id for m in recipients]
        )

    def _coaching(
        self, service: Service, day: datetime.date, pools: _Pools, title: str
    ) -> _Deal | None:
        rng = self.rng
        concept = None
        if pools.concepts and rng.random() < 0.8:
            concept = pools.concepts.pick(rng)
            recipients = pick_members(rng, self._partners(concept, day, pools), 1, set())
            exclude = set(concept.partners)
        else:
            recipients = pick_members(rng, pools.takers, 1, set())
            exclude = {m.id for m in recipients}
        providers = pick_members(rng, pools.givers, 1, exclude)
        if not recipients or not providers:
            return None
        if STYLES.get(service.id) == "coaching":
            quantity = rng.choice((1, 1, 1, 2, 2, 3))
            narration = f"{service.name('nl')}: {self._topic(providers[0])}"
        else:
            quantity, narration = 1, service.name("nl")
        if concept is not None:
            narration += f" voor {concept.name}"
        return _Deal(
            narration,
            quantity,
            concept.id if concept else None,
            [m.id for m in providers],
            [m.id for m in recipients],
        )

    def _sale(
        self, service: Service, day: datetime.date, pools: _Pools, title: str
    ) -> _Deal | None:
        rng = self.rng
        if STYLES.get(service.id) == "bootcamp":
            wanted = rng.choices((1, 2), weights=(75, 25))[0]
            narration = f"{service.name('nl')} {title}"
        else:
            wanted = rng.choices((1, 2, 3, 4), weights=(60, 25, 10, 5))[0]
            narration = f"{service.name('nl')}: {title}" if title else service.name("nl")
        recipients = pick_members(rng, pools.takers, wanted, {self.operator.id})
        if not recipients:
            return None
        # Quantity counts participants: one each, or a member sending two.
        quantity = len(recipients) if len(recipients) > 1 else rng.choice((1, 1, 1, 2))
        return _Deal(narration, quantity, None, [self.operator.id], [m.id for m in recipients])

    def _purchase(
        self, service: Service, day: datetime.date, pools: _Pools, title: str
    ) -> _Deal | None:
        rng = self.rng
        authors = pick_members(rng, pools.writers, 2 if rng.random() < 0.15 else 1, set())
        if not authors:
            return None
        name = service.name("nl")
        style = STYLES.get(service.id)
        if style == "article":
            public = [c for c in pools.concepts.items if c.public]
            subject = rng.choice(ARTICLES)
            if public and rng.random() < 0.5:
                subject = f"in de kijker: {rng.choice(public).name}"
            narration = f"{name} voor de nieuwsbrief: {subject}"
        elif style == "case":
            narration = f"{name}: {rng.choice(IDEAS).name} in {rng.choice(CITIES).nl}"
        else:
            narration = name
        return _Deal(narration, 1, None, [m.id for m in authors], [self.operator.id])


def format_trade(trade: Trade, currency: str, decimals: int) -> str:
    """The Beancount text of a trade: providers (negative) first, then recipients."""
    lines = [
        f'{trade.date.isoformat()} * "{trade.narration.replace(chr(34), chr(39))}"',
        f'  service: "{trade.service}"',
        f"  quantity: {trade.quantity}",
    ]
    if trade.concept is not None:
        lines.append(f'  concept: "{trade.concept}"')
    postings = [(member_account(m), -amount) for m, amount in trade.providers]
    postings += [(member_account(m), amount) for m, amount in trade.recipients]
    width = max(len(account) for account, _ in postings)
    amounts = [f"{amount:.{decimals}f}" for _, amount in postings]
    amount_width = max(8, *(len(text) for text in amounts))
    for (account, _), text in zip(postings, amounts, strict=True):
        lines.append(f"  {account:<{width}}  {text:>{amount_width}} {currency}")
    return "\n".join(lines) + "\n"
