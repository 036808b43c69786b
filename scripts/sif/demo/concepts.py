"""The demo's concepts: social innovations owned by two to four partner members.

Partners are mostly innovators, organisations more often than persons; now and
then a funder or research organisation co-owns a concept. Every debtor owns a
concept that was coached heavily early in the period, which is how the debt
arose.
"""

from __future__ import annotations

import datetime
import itertools
import random
from dataclasses import dataclass

from sif.demo.network import DemoMember
from sif.demo.words import CITIES, IDEAS
from sif.demo.yamltext import flow_list, scalar, slug
from sif.model.members import LANGUAGES

HEADER = "# A fictional concept of the demo community, made by `python -m sif.demo.generate`.\n"


@dataclass(frozen=True)
class DemoConcept:
    """A generated concept.

    Attributes:
      id: Concept id (the file name).
      name: Display name, e.g. "Repair Café Genk".
      partners: Member ids of the owners.
      started: When coaching started; no trade names the concept before.
      public: Whether the concept may appear on the public site.
      weight: How often the concept is coached.
      early_weight: The same, before the debt cutoff.
      text: The concept file.
    """

    id: str
    name: str
    partners: tuple[str, ...]
    started: datetime.date
    public: bool
    weight: float
    early_weight: float
    text: str


def concept_count(members: int) -> int:
    """About one concept per five members, and at least a dozen-odd for a small demo."""
    return max(members // 5, min(14, members // 3))


def make_concepts(
    rng: random.Random,
    count: int,
    members: list[DemoMember],
    period: tuple[datetime.date, datetime.date],
) -> list[DemoConcept]:
    """`count` concepts owned by `members`, some of them started during `period`."""
    start, end = period
    pool = [m for m in members if "innovator" in m.roles and not m.creditor]
    pool = pool or [m for m in members if not m.creditor] or members
    cum = list(itertools.accumulate(2.0 if m.kind == "organisation" else 1.0 for m in pool))
    backers = [
        m
        for m in members
        if m.kind == "organisation" and {"funder", "researcher", "other"} & set(m.roles)
    ]
    debtors = [m for m in members if m.debtor]
    ideas = rng.sample(IDEAS, len(IDEAS))
    taken: set[str] = set()
    concepts = []
    for index in range(count):
        wanted = min(rng.choices((2, 3, 4), weights=(45, 40, 15))[0], len(pool))
        partners = [debtors[index]] if index < len(debtors) else []
        for _ in range(40):
            if len(partners) >= wanted:
                break
            candidate = rng.choices(pool, cum_weights=cum)[0]
            # Each debtor owns just the one concept that made its debt, with
            # partners who were there from the start of the period.
            if candidate.debtor or (partners and partners[0].debtor and candidate.joined >= start):
                continue
            if all(candidate.id != p.id for p in partners):
                partners.append(candidate)
        if not partners:  # a tiny community of debtors only
            partners.append(rng.choice(pool))
        if backers and len(partners) < 4 and rng.random() < 0.15:
            backer = rng.choice(backers)
            if all(backer.id != p.id for p in partners):
                partners.append(backer)

        idea = ideas[index % len(ideas)]
        cities = [p.city for p in partners] + [rng.choice(CITIES) for _ in range(10)]
        city = next((c for c in cities if slug(f"{idea.name} {c.nl}") not in taken), cities[0])
        name = f"{idea.name} {city.nl}"
        if slug(name) in taken:
            name = f"{name} {index + 1}"
        concept_id = slug(name)
        taken.add(concept_id)

        latest = max(p.joined for p in partners)
        if index % 6 == 5:
            started = latest + datetime.timedelta(days=rng.randint(0, 60))
            started = max(started, start + datetime.timedelta(days=rng.randint(0, 300)))
        else:
            started = latest + datetime.timedelta(days=rng.randint(0, 400))
        started = min(started, max(latest, end - datetime.timedelta(days=60)))
        if partners[0].debtor:
            started = min(started, max(latest, start - datetime.timedelta(days=60)))
        weight = rng.uniform(0.5, 2.0)
        early_weight = weight
        if any(p.debtor for p in partners):
            early_weight, weight = weight * 4, weight * 0.5

        summary = {
            language: idea.summary[language].format(city=city.name(language))
            for language in LANGUAGES
            if language in idea.summary
        }
        lines = [HEADER, f"name: {scalar(name)}\n", "summary:\n"]
        lines += [f"  {language}: {scalar(text)}\n" for language, text in summary.items()]
        lines.append(f"partners: {flow_list([p.id for p in partners])}\n")
        lines.append(f"started: {started.isoformat()}\n")
        public = index % 9 != 4
        lines.append(f"public: {'true' if public else 'false'}\n")
        if rng.random() < 0.4:
            lines.append(f"website: https://{concept_id.replace('-', '')[:30]}.example\n")
        concepts.append(
            DemoConcept(
                concept_id,
                name,
                tuple(p.id for p in partners),
                started,
                public,
                weight,
                early_weight,
                "".join(lines),
            )
        )
    return concepts
