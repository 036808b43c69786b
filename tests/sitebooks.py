"""Books for the public site's tests: the fixture repository of conftest.py, plus
members who probe the consent rule and the escaping, events, trades with
distinctive amounts, and the site's own sources (mkdocs.yml and the
hand-written pages of site/).

Members added here (besides conftest's, of whom only an-claes and
de-buurtkeuken consented to their name):

    geheim-lid    consented to nothing: must appear nowhere
    paula-publiek consented to name, email and phone only
    hostile       consented to everything; every text field is an attack
    vertrokken    consented to its name, but left the network in 2025
    jurist-joke   a coach in legal matters with offers and needs, e-mail and phone

taxonomy.yaml labels every expertise tag of the books but "hacking" (so the
site must fall back to the tag, and `sif check` must say so).

The trades move amounts such as 7.37 and 4.19 SIF that nothing else on the
site can show, so finding a member's balance figure in the built site means it
leaked. One trade carries `feedback:` metadata and a secret in its narration.
"""

from __future__ import annotations

import datetime
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

from sif.model.members import Member
from sif.site.generate import generated_paths, site_pages
from tests.conftest import REPO_ROOT, build_repo, dedent

TODAY = datetime.date(2026, 11, 27)


def _yaml_quote(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


HOSTILE_NAME = '<script>alert("naam")</script> <b>Vet</b> & **ster** [x](javascript:alert(1))'
HOSTILE_BIO = (
    '<img src=x onerror=alert(1)> Klik [hier](javascript:alert(2)) of <a href="javascript:'
    'alert(3)">hier</a>. # Geen kop\n\n<iframe src="https://evil.example"></iframe> '
    "{: onclick=alert(4) } ![x](javascript:alert(5)) <javascript:alert(6)>"
)
HOSTILE_OFFER = '<script>alert("bied")</script> [z](javascript:alert(10))'
HOSTILE_WEBSITE = "https://evil.example/?q='onmouseover=alert(7)//"
HOSTILE_CITY = "<i>Gent</i>"
FEEDBACK = "FEEDBACKGEHEIM de coach was slecht voorbereid"
NARRATION = "NARRATIEGEHEIM"

SITE_MEMBERS: dict[str, str] = {
    "geheim-lid": """\
        name: Ygritte Zwijgzaam
        kind: person
        roles: [coach]
        expertise: [geheimhouding]
        languages: [nl]
        email: ygritte.geheim@verborgen.example
        phone: "+32 470 99 88 77"
        address: {street: Verstopstraat 99, postcode: "9999", city: Geheimdorp, country: BE}
        vat: {status: small-enterprise, number: BE0477777161}
        iban: BE83 3630 1234 5615
        joined: 2024-01-01
        profile:
          bio: {nl: Niemand mag dit lezen ONZICHTBAAR.}
          website: https://ygritte-verborgen.example
        """,
    "paula-publiek": """\
        name: Paula Publiek
        kind: person
        roles: [coach, researcher]
        expertise: [impact-meting]
        languages: [nl, fr]
        email: paula@publiek.example
        phone: "+32 499 12 34 56"
        address: {street: Privéweg 7, postcode: "8888", city: Stilledorp, country: BE}
        vat: {status: small-enterprise, number: BE0666123447}
        iban: BE66 3639 8765 4343
        joined: 2024-01-01
        profile:
          bio: {nl: Deze bio is PRIVEBIO en niet gedeeld.}
          website: https://paula-prive.example
          offers: {nl: PRIVEAANBOD niet gedeeld.}
          needs: {nl: PRIVEVRAAG niet gedeeld.}
        publish: [name, email, phone]
        """,
    "hostile": f"""\
        name: {_yaml_quote(HOSTILE_NAME)}
        kind: organisation
        legal_form: other
        roles: [innovator, coach]
        expertise: [storytelling, hacking]
        languages: [nl]
        email: "hostile@evil.example"
        address: {{street: "<b>Straat</b> 1", postcode: "9000", city: "{HOSTILE_CITY}", country: BE}}
        vat: {{status: not-taxable}}
        joined: 2024-01-01
        profile:
          bio: {{nl: {_yaml_quote(HOSTILE_BIO)}}}
          website: "{HOSTILE_WEBSITE}"
          offers: {{nl: {_yaml_quote(HOSTILE_OFFER)}}}
        publish: [name, kind, legal_form, roles, expertise, languages, bio, website, city,
                  email, address, offers]
        """,
    "vertrokken": """\
        name: Vertrokken Vennootschap
        kind: organisation
        legal_form: company
        roles: [innovator]
        languages: [nl]
        email: weg@vertrokken.example
        vat: {status: registered, number: BE0812345603}
        iban: BE96 0017 7777 7705
        joined: 2024-01-01
        left: 2025-12-31
        publish: [name, email]
        """,
}

SITE_MEMBERS["jurist-joke"] = """\
    name: Joke Jurist
    kind: person
    roles: [coach]
    expertise: [legal, impact-meting]
    languages: [nl, fr]
    email: joke@jurist.example
    phone: "+32 470 11 22 33"
    vat: {status: not-taxable}
    joined: 2024-01-01
    profile:
      bio: {nl: Juriste voor vzw's en coöperaties., fr: Juriste pour asbl et coopératives.}
      offers: {nl: Statuten nalezen in een uur., fr: Relire des statuts en une heure.}
      needs: {nl: Een partner voor een workshop over aansprakelijkheid.}
    publish: [name, roles, expertise, bio, offers, needs, email, phone]
    """

TAXONOMY = """\
    expertise:
      legal: {nl: juridisch, fr: juridique, en: legal}
      impact-meting: {nl: impactmeting, fr: mesure d'impact, en: impact measurement}
      storytelling: {nl: verhalen vertellen, fr: narration, en: storytelling}
      business-plans: {nl: ondernemingsplan, fr: plan d'affaires, en: business plans}
      food: {nl: voeding, fr: alimentation, en: food}
      community-building: {nl: gemeenschapsvorming, fr: création de communauté, en: community building}
      geheimhouding: {nl: geheimhouding, fr: secret, en: secrecy}
      social-innovation: {nl: sociale innovatie, fr: innovation sociale, en: social innovation}
      fundraising: {nl: fondsenwerving, fr: collecte de fonds, en: fundraising}
      housing: {nl: wonen, fr: logement, en: housing}
    """

SITE_CONCEPTS: dict[str, str] = {
    "open-atelier": f"""\
        name: {_yaml_quote("Atelier <em>Open</em> & **Co** [x](javascript:alert(8))")}
        summary: {{nl: {_yaml_quote("Samen <b>maken</b> [y](javascript:alert(9))")}}}
        partners: [geheim-lid, hostile, vertrokken, paula-publiek]
        started: 2025-02-01
        public: true
        """,
}

TRADES = f"""\
    2025-03-04 * "Versterkingssessie {NARRATION}"
      service: "strengthening-session"
      quantity: 1
      concept: "repair-cafe-genk"
      override-reason: "a test amount"
      feedback: "{FEEDBACK}"
      Assets:Members:An-claes          -7.37 SIF
      Assets:Members:De-buurtkeuken     7.37 SIF

    2025-03-11 * "Coaching"
      service: "coaching-hour"
      quantity: 1
      override-reason: "a test amount"
      Assets:Members:Geheim-lid        -4.19 SIF
      Assets:Members:Paula-publiek      4.19 SIF

    2025-03-18 * "Coaching"
      service: "coaching-hour"
      quantity: 1
      override-reason: "a test amount"
      Assets:Members:De-buurtkeuken    -1.13 SIF
      Assets:Members:Hostile            1.13 SIF

    2025-03-25 * "Versterkingssessie"
      service: "strengthening-session"
      quantity: 1
      override-reason: "a test amount"
      Assets:Members:Paula-publiek     -3.08 SIF
      Assets:Members:Atelier-soleil     3.08 SIF
    """

EVENTS: dict[str, str] = {
    "2026-12-10-infosessie": """\
        ---
        title: "Infosessie: zo werkt de SIF"
        kind: infosession
        date: 2026-12-10
        start: 19:00
        end: "21:00"
        place: Voorbeeldstraat 1, 1000 Brussel
        language: nl
        registration: https://example.org/inschrijven
        capacity: 30
        ---
        Een avond over de kennisruilmunt, met <b>HTML</b> die tekst blijft.

        Lees [hoe de SIF werkt](../hoe-werkt-de-sif.md).
        """,
    "2027-02-15-bootcamp": """\
        ---
        title: "Bootcamp, drie dagen; met een heel lange titel die over de grens van vijfenzeventig tekens gaat"
        kind: bootcamp
        date: 2027-02-15
        end_date: 2027-02-17
        start: "09:00"
        end: "17:00"
        place: Noorderlaan 100, 2030 Antwerpen
        language: en
        ---
        Drie dagen werken aan je concept.
        """,
    "2026-10-08-workshop": """\
        ---
        title: Workshop impact meten
        kind: workshop
        date: 2026-10-08
        start: "13:30"
        end: "17:00"
        place: Kortrijksesteenweg 10, 9000 Gent
        language: nl
        ---
        Voorbij.
        """,
}


#: The Fabriek's site languages (its operator's), and what its site generates.
LANGUAGES = ["nl", "fr", "en"]
GENERATED = generated_paths(LANGUAGES, site_pages(LANGUAGES, REPO_ROOT))


def copy_site_sources(target: Path) -> None:
    """Copy the MkDocs files (mkdocs.yml, mkdocs.<lang>.yml, overrides/), the site's own
    words (locale/) and the hand-written pages of site/ (not the generated ones)."""
    for config in REPO_ROOT.glob("mkdocs*.yml"):
        shutil.copy(config, target / config.name)
    shutil.copytree(REPO_ROOT / "overrides", target / "overrides", dirs_exist_ok=True)
    shutil.copytree(REPO_ROOT / "locale", target / "locale", dirs_exist_ok=True)
    site = (REPO_ROOT / "site").resolve()

    def ignore(folder: str, names: list[str]) -> list[str]:
        below = Path(folder).resolve().relative_to(site).as_posix()
        prefix = "" if below == "." else below + "/"
        return [name for name in names if prefix + name in GENERATED]

    shutil.copytree(REPO_ROOT / "site", target / "site", ignore=ignore, dirs_exist_ok=True)


def build_site_repo(root: Path) -> Path:
    """The fixture books with the site's members, concepts, trades, events and sources."""
    build_repo(root)
    for member_id, text in SITE_MEMBERS.items():
        (root / "members" / f"{member_id}.yaml").write_text(dedent(text), encoding="utf-8")
    for concept_id, text in SITE_CONCEPTS.items():
        (root / "concepts" / f"{concept_id}.yaml").write_text(dedent(text), encoding="utf-8")
    (root / "ledger" / "trades" / "2025-03.beancount").write_text(dedent(TRADES), encoding="utf-8")
    (root / "taxonomy.yaml").write_text(dedent(TAXONOMY), encoding="utf-8")
    (root / "events").mkdir(exist_ok=True)
    for event_id, text in EVENTS.items():
        (root / "events" / f"{event_id}.md").write_text(dedent(text), encoding="utf-8")
    copy_site_sources(root)
    return root


def copy_demo_repo(demo_root: Path, target: Path) -> Path:
    """The demo books at `demo_root` (trades, no documents) and the site sources, copied."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("members", "concepts", "events"):
        shutil.copytree(demo_root / name, target / name)
    (target / "ledger" / "trades").mkdir(parents=True)
    shutil.copy(demo_root / "ledger" / "main.beancount", target / "ledger" / "main.beancount")
    shutil.copytree(
        demo_root / "ledger" / "trades", target / "ledger" / "trades", dirs_exist_ok=True
    )
    shutil.copy(demo_root / "services.yaml", target / "services.yaml")
    if (demo_root / "taxonomy.yaml").is_file():
        shutil.copy(demo_root / "taxonomy.yaml", target / "taxonomy.yaml")
    copy_site_sources(target)
    return target


TEXT_SUFFIXES = {".html", ".json", ".ics", ".xml", ".md", ".txt"}


def site_texts(site_dir: Path) -> Iterator[tuple[Path, str]]:
    """Every text file the site publishes (its theme's own JS and CSS bundles aside)."""
    for path in sorted(site_dir.rglob("*")):
        if path.is_file() and path.suffix in TEXT_SUFFIXES:
            yield path, path.read_text(encoding="utf-8")


_SVG_PATH = re.compile(r'\sd="[^"]*"')


def without_icon_paths(text: str) -> str:
    """The text without SVG path data (the theme's icons are full of numbers like 1.17)."""
    return _SVG_PATH.sub("", text)


def number_pattern(amount: str) -> re.Pattern[str]:
    """A figure like 7.37 written with a point or a comma, not part of a longer number."""
    whole, _, cents = amount.lstrip("-").partition(".")
    return re.compile(rf"(?<![\d.,]){re.escape(whole)}[.,]{re.escape(cents)}(?!\d)")


def private_values(member: Member) -> Iterator[tuple[str, str]]:
    """(field, text) of every value of `member` that it did not consent to publish."""
    allowed = member.publish if "name" in member.publish else frozenset()
    if "name" not in allowed:
        yield "name", member.name
        yield "id", f"netwerk/{member.id}"
    if member.email and "email" not in allowed:
        yield "email", member.email
    if member.phone and "phone" not in allowed:
        yield "phone", member.phone
        yield "phone", re.sub(r"\D", "", member.phone)
    if member.address and "address" not in allowed:
        yield "address", member.address.street
    if member.iban and "iban" not in allowed:
        yield "iban", member.iban
        yield "iban", " ".join(member.iban[i : i + 4] for i in range(0, len(member.iban), 4))
    if member.vat_number and "vat_number" not in allowed:
        yield "vat_number", member.vat_number
        yield "vat_number", member.vat_number[2:]
    if member.website and "website" not in allowed:
        yield "website", member.website
    for name, texts in (("bio", member.bio), ("offers", member.offers), ("needs", member.needs)):
        if name not in allowed:
            for text in texts.values():
                yield name, text
