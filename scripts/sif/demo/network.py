"""The demo's members: who they are, their files, and how much they trade.

Members are made from a cycle of archetypes (kind, legal form, VAT status and
roles), so that even a small community covers every case the documents must
handle. Each member also gets weights for the trade generator: how often they
coach (`give`), receive (`take`) and write for the operator (`write`). A few
are debtors, who took a lot early on and never give, and a few creditors,
coaches who give far more than they take.
"""

from __future__ import annotations

import datetime
import itertools
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from sif.demo.numbers import Unique, belgian_iban, enterprise_number
from sif.demo.words import (
    BIOS,
    CITIES,
    EXPERTISE,
    FIRST_NAMES,
    LAST_NAMES,
    METHODS,
    ORGANISATIONS,
    SECTORS,
    STREETS,
    City,
)
from sif.demo.yamltext import flow_list, flow_map, quoted, scalar, slug
from sif.model.members import LANGUAGES, PUBLISHABLE, Member

HEADER = "# A fictional member of the demo community, made by `python -m sif.demo.generate`.\n"


class Archetype(NamedTuple):
    """What a member is, before the details are drawn."""

    kind: str
    legal_form: str | None
    vat: str
    roles: tuple[str, ...]


#: The VAT statuses of members the operator self-bills, and the version of
#: the self-billing terms the demo members accepted.
SELF_BILLED_STATUSES = ("registered", "small-enterprise")
SELF_BILLING_TERMS = "2024-1"
SELF_BILLING_TERMS_DATE = datetime.date(2024, 1, 1)

#: One cycle covers every kind, legal form, VAT status and role but staff.
ARCHETYPES = (
    Archetype("person", None, "not-taxable", ("coach",)),
    Archetype("organisation", "vzw", "not-taxable", ("innovator",)),
    Archetype("person", "sole-trader", "registered", ("coach", "facilitator")),
    Archetype("organisation", "cooperative", "registered", ("innovator",)),
    Archetype("person", None, "not-taxable", ("innovator",)),
    Archetype("organisation", "vzw", "not-taxable", ("innovator",)),
    Archetype("organisation", "company", "registered", ("innovator",)),
    Archetype("person", "sole-trader", "small-enterprise", ("coach",)),
    Archetype("organisation", "foundation", "not-taxable", ("funder",)),
    Archetype("person", None, "not-taxable", ("researcher",)),
    Archetype("organisation", "association", "not-taxable", ("innovator",)),
    Archetype("organisation", "vzw", "registered", ("innovator", "facilitator")),
    Archetype("organisation", "public-body", "not-taxable", ("funder", "other")),
    Archetype("person", None, "not-taxable", ("other",)),
    Archetype("organisation", "other", "not-taxable", ("researcher",)),
    Archetype("organisation", "company", "small-enterprise", ("innovator",)),
    Archetype("person", None, "not-taxable", ("facilitator", "coach")),
    Archetype("organisation", "vzw", "not-taxable", ("innovator",)),
)

#: Weights per role (the highest of a member's roles counts).
GIVE = {"coach": 3.0, "facilitator": 2.0, "innovator": 0.8, "researcher": 0.5, "funder": 0.4}
TAKE = {"innovator": 1.5, "other": 0.6, "researcher": 0.5, "coach": 0.4, "facilitator": 0.4}
WRITE = {"researcher": 3.0, "coach": 0.6, "facilitator": 0.6, "innovator": 0.4, "other": 0.2}


@dataclass(frozen=True)
class DemoMember:
    """A generated member.

    Attributes:
      id: Member id (the file name).
      name: Display name.
      kind: "person" or "organisation".
      roles: Roles in the network.
      expertise: Expertise tags.
      city: Where the member is based.
      joined: First day the member may trade.
      left: Last day the member may trade, or None.
      give: Weight as coach (provider of member-to-member services).
      take: Weight as recipient.
      early_take: Weight as recipient before the debt cutoff.
      write: Weight as author of work bought by the operator.
      debtor: Took a lot early and gives next to nothing.
      creditor: Gives a lot and takes almost nothing.
      text: The member file.
    """

    id: str
    name: str
    kind: str
    roles: tuple[str, ...]
    expertise: tuple[str, ...]
    city: City
    joined: datetime.date
    left: datetime.date | None
    give: float
    take: float
    early_take: float
    write: float
    debtor: bool
    creditor: bool
    text: str

    def active_on(self, date: datetime.date) -> bool:
        """True if the member may trade on `date`."""
        return self.joined <= date and (self.left is None or date <= self.left)


def _languages(rng: random.Random, index: int) -> tuple[str, ...]:
    # Dutch for most, French for about one in seven, English for a few.
    first = "fr" if index % 7 == 3 else "en" if index % 13 == 5 else "nl"
    options = {
        "nl": ((("nl",), 60), (("nl", "en"), 25), (("nl", "fr"), 10), (("nl", "fr", "en"), 5)),
        "fr": ((("fr",), 50), (("fr", "nl"), 35), (("fr", "en"), 15)),
        "en": ((("en",), 30), (("en", "nl"), 35), (("en", "fr"), 35)),
    }[first]
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def _city(rng: random.Random, language: str) -> City:
    regions = {"nl": ("vl",) * 6 + ("bru",), "fr": ("wal", "wal", "bru"), "en": ("bru", "vl")}
    region = rng.choice(regions[language])
    return rng.choice([city for city in CITIES if city.region == region])


def _expertise(rng: random.Random, roles: tuple[str, ...]) -> tuple[str, ...]:
    main = roles[0]
    if main in ("coach", "facilitator"):
        tags = rng.sample(METHODS, rng.randint(2, 4))
    elif main == "innovator":
        tags = rng.sample(SECTORS, rng.randint(1, 2)) + rng.sample(METHODS, rng.randint(0, 1))
    elif main == "researcher":
        tags = ["research", *rng.sample(("impact-measurement", *SECTORS), rng.randint(1, 2))]
    elif main == "funder":
        tags = [rng.choice(("financing", "fundraising")), rng.choice(SECTORS)]
    else:
        tags = rng.sample(sorted(EXPERTISE), rng.randint(1, 2))
    return tuple(dict.fromkeys(tags))


def _date_between(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, max(0, (last - first).days)))


class _Names:
    """Draws names whose slugs are still free."""

    def __init__(self, rng: random.Random, taken: set[str]) -> None:
        self.rng = rng
        self.taken = taken

    def claim(self, draws: Iterator[tuple[str, str]]) -> tuple[str, str, str]:
        """(name, id, first part) of the first draw whose id is free.

        A draw is (first part, rest) of a name, e.g. ("An", "Claes"). When all
        are taken, the first draw gets a number.
        """
        first_draw = None
        for head, tail in draws:
            first_draw = first_draw or (head, tail)
            name = f"{head} {tail}"
            if slug(name) not in self.taken:
                self.taken.add(slug(name))
                return name, slug(name), head
        assert first_draw is not None
        head, tail = first_draw
        number = 2
        while slug(f"{head} {tail} {number}") in self.taken:
            number += 1
        name = f"{head} {tail} {number}"
        self.taken.add(slug(name))
        return name, slug(name), head

    def person(self, language: str) -> tuple[str, str, str]:
        """(name, id, first name) of a new person."""
        rng = self.rng
        return self.claim(
            (rng.choice(FIRST_NAMES[language]), rng.choice(LAST_NAMES[language]))
            for _ in range(30)
        )

    def organisation(self, language: str, legal_form: str, city: City) -> tuple[str, str]:
        """(name, id) of a new organisation, preferably named after its municipality."""
        bases, suffix = ORGANISATIONS[language].get(legal_form, ORGANISATIONS[language]["vzw"])
        draws = itertools.chain(
            ((self.rng.choice(bases), f"{city.name(language)}{suffix}") for _ in range(10)),
            ((base, f"{other.name(language)}{suffix}") for other in CITIES for base in bases),
        )
        name, member_id, _ = self.claim(draws)
        return name, member_id


def make_members(
    rng: random.Random,
    count: int,
    period: tuple[datetime.date, datetime.date],
    operator: Member,
) -> list[DemoMember]:
    """`count` fictional members, active in `period` (first and last day).

    Args:
      rng: The generator's random source.
      count: How many members to make.
      period: First and last day of the trades.
      operator: The operator, whose id, enterprise number and IBAN are not reused.
    """
    start, end = period
    # The network starts with its operator.
    network_start = min(operator.joined, start - datetime.timedelta(days=1))
    plan = [ARCHETYPES[index % len(ARCHETYPES)] for index in range(count)]
    special = max(1, round(count / 15))
    innovators = [i for i, a in enumerate(plan) if "innovator" in a.roles]
    coaches = [i for i, a in enumerate(plan) if "coach" in a.roles]
    debtors = set(rng.sample(innovators, min(special, len(innovators))))
    creditors = set(rng.sample(coaches, min(special, len(coaches))))
    others = [i for i in range(count) if i not in debtors and i not in creditors]
    leavers = set(rng.sample(others, min(max(1, count // 50), len(others))))
    names = _Names(rng, {operator.id})
    numbers = Unique(rng, enterprise_number, operator.enterprise_number)
    ibans = Unique(rng, belgian_iban, operator.iban)
    members = []
    for index, archetype in enumerate(plan):
        late = index % 8 == 6 and index not in debtors | creditors | leavers
        if late:
            joined = _date_between(rng, start, end - datetime.timedelta(days=45))
        elif index % 11 == 0:  # among the first members of the network
            joined = _date_between(rng, network_start, network_start + datetime.timedelta(days=90))
            joined = min(joined, start - datetime.timedelta(days=1))
        else:
            # The network grew: more members joined in recent years.
            span = (start - network_start).days - 1
            joined = network_start + datetime.timedelta(days=int(span * rng.random() ** 0.6))
        left = None
        if index in leavers:
            left = _date_between(
                rng, start + datetime.timedelta(days=120), end - datetime.timedelta(days=150)
            )
            left = min(left, end)
        members.append(
            _member(
                rng,
                (names, numbers, ibans),
                index=index,
                archetype=archetype,
                joined=joined,
                left=left,
                debtor=index in debtors,
                creditor=index in creditors,
            )
        )
    return members


def _member(
    rng: random.Random,
    unique: tuple[_Names, Unique, Unique],
    *,
    index: int,
    archetype: Archetype,
    joined: datetime.date,
    left: datetime.date | None,
    debtor: bool,
    creditor: bool,
) -> DemoMember:
    names, numbers, ibans = unique
    languages = _languages(rng, index)
    language = languages[0]
    city = _city(rng, language)
    roles = archetype.roles
    if archetype.kind == "person":
        name, member_id, first = names.person(language)
        local = f"{slug(first)}.{slug(name[len(first) :]).replace('-', '')}"
        email = f"{local}@{rng.choice(('mail', 'post', 'inbox', 'webpost'))}.example"
        if archetype.legal_form == "sole-trader":
            email = f"{local}@{member_id.replace('-', '')}.example"
    else:
        name, member_id = names.organisation(language, archetype.legal_form or "vzw", city)
        local = {"nl": "hallo", "fr": "bonjour", "en": "hello"}[language]
        email = f"{local}@{_domain(member_id)}"
    expertise = _expertise(rng, roles)
    has_number = archetype.kind == "organisation" or archetype.legal_form == "sole-trader"
    number = numbers.draw() if has_number else None
    phone = None
    if rng.random() < (0.85 if archetype.kind == "person" else 0.6) or index % 17 == 9:
        phone = (
            f"+32 4{rng.choice('789')}{rng.randint(0, 9)} 00 "
            f"{rng.randint(0, 99):02d} {rng.randint(0, 99):02d}"
        )
    flemish = city.region == "vl" or (city.region, language) == ("bru", "nl")
    street_language = "nl" if flemish else "fr"
    street = rng.choice(STREETS[street_language])
    address = None
    if archetype.kind == "organisation" or rng.random() < 0.9:
        address = flow_map(
            [
                ("street", scalar(f"{street} {rng.randint(1, 180)}")),
                ("postcode", quoted(city.postcode)),
                ("city", scalar(city.name(street_language))),
                ("country", "BE"),
            ]
        )
    iban = ibans.draw() if rng.random() < 0.95 else None
    peppol = number if number and archetype.vat == "registered" and rng.random() < 0.5 else None
    bio = _bio(rng, archetype, name=name, city=city, expertise=expertise, languages=languages)
    website = None
    if rng.random() < (0.6 if archetype.kind == "organisation" else 0.15):
        website = f"https://{_domain(member_id)}"

    give = max(GIVE.get(role, 0.2) for role in roles) * rng.uniform(0.4, 1.6)
    take = max(TAKE.get(role, 0.3) for role in roles) * rng.uniform(0.5, 1.5)
    write = max(WRITE.get(role, 0.1) for role in roles) * rng.uniform(0.4, 1.6)
    early_take = take
    if creditor:
        give, take, early_take, write = give * 4, 0.05, 0.05, write * 1.5
    if debtor:
        give, write, early_take, take = 0.0, write * 0.15, take * 6, take * 0.3

    lines = [
        HEADER,
        f"name: {scalar(name)}\n",
        f"kind: {archetype.kind}\n",
    ]
    if archetype.legal_form:
        lines.append(f"legal_form: {archetype.legal_form}\n")
    lines += [
        f"roles: {flow_list(roles)}\n",
        f"expertise: {flow_list(expertise)}\n",
        f"languages: {flow_list(languages)}\n",
        f"email: {email}\n",
    ]
    if phone:
        lines.append(f"phone: {quoted(phone)}\n")
    if address:
        lines.append(f"address: {address}\n")
    vat = [("status", archetype.vat)] + ([("number", f"BE{number}")] if number else [])
    lines.append(f"vat: {flow_map(vat)}\n")
    if iban:
        lines.append(f"iban: {iban}\n")
    if peppol:
        lines.append(f'peppol: "0208:{peppol}"\n')
    lines.append(f"joined: {joined.isoformat()}\n")
    if left:
        lines.append(f"left: {left.isoformat()}\n")
    if archetype.vat in SELF_BILLED_STATUSES:
        # Taxable members are self-billed: they accepted the terms when they
        # joined, or when the terms came out.
        accepted = max(joined, SELF_BILLING_TERMS_DATE)
        agreement = [("accepted", accepted.isoformat()), ("terms", quoted(SELF_BILLING_TERMS))]
        lines.append(f"self_billing: {flow_map(agreement)}\n")
    if bio or website:
        lines.append("profile:\n")
        if bio:
            lines.append("  bio:\n")
            lines += [f"    {lang}: {scalar(text)}\n" for lang, text in bio.items()]
        if website:
            lines.append(f"  website: {website}\n")
    available = {
        "name", "kind", "roles", "expertise", "languages",
        *(["legal_form"] if archetype.legal_form else []),
        *(["bio"] if bio else []), *(["website"] if website else []),
        *(["city", "address"] if address else []), *(["phone"] if phone else []),
        "email", *(["vat_number"] if number else []), *(["iban"] if iban else []),
    }  # fmt: skip
    publish = _publish(rng, index, available)
    if publish:
        lines.append(f"publish: {flow_list(publish)}\n")

    return DemoMember(
        id=member_id,
        name=name,
        kind=archetype.kind,
        roles=roles,
        expertise=expertise,
        city=city,
        joined=joined,
        left=left,
        give=give,
        take=take,
        early_take=early_take,
        write=write,
        debtor=debtor,
        creditor=creditor,
        text="".join(lines),
    )


def _domain(member_id: str) -> str:
    """A web domain for an organisation: its id without the legal form, at .example."""
    name = re.sub(r"-(vzw|asbl|bv|cv|sc|srl)$", "", member_id)
    return f"{name[:50].strip('-')}.example"


def _bio(
    rng: random.Random,
    archetype: Archetype,
    *,
    name: str,
    city: City,
    expertise: tuple[str, ...],
    languages: tuple[str, ...],
) -> dict[str, str]:
    if rng.random() >= 0.75:
        return {}
    templates = BIOS.get((archetype.kind, archetype.roles[0])) or BIOS[(archetype.kind, "other")]
    topics = [tag for tag in expertise if tag != "research"] or ["social-innovation"]
    first = topics[0]
    second = topics[-1] if len(topics) > 1 else "social-innovation"
    if second == first:
        second = "community-building"
    result = {}
    for language in languages:
        column = LANGUAGES.index(language)
        result[language] = templates[language].format(
            name=name,
            city=city.name(language),
            e1=EXPERTISE[first][column],
            e2=EXPERTISE[second][column],
        )
    return result


def _publish(rng: random.Random, index: int, available: set[str]) -> list[str]:
    """What a member consented to publish: nothing, a little, more, or with contacts."""
    if index % 17 == 9:
        wanted = {"name", "roles", "expertise", "bio", "city", "email", "phone"}
    else:
        choice = rng.random()
        if choice < 0.2:
            return []
        if choice < 0.45:
            wanted = {"name", "expertise"}
        elif choice < 0.75:
            wanted = {"name", "kind", "roles", "expertise", "bio", "city"}
        else:
            wanted = {"name", "kind", "legal_form", "roles", "expertise", "languages", "bio"}
            wanted |= {"website", "city", "vat_number"}
    return [field for field in PUBLISHABLE if field in wanted and field in available]
