"""The consent rule, in one place: what of a member may appear on the public site.

A member appears only with `name` in `publish`, and then only with the fields
listed there. Every page of the site reads members through `Profile`, which
holds nothing else, so a page cannot show what a member did not consent to.
Balances and feedback are never part of a profile.

A member who has left the network (`left` before the build date) is no longer
listed in the directory; a concept may still name them as a partner when they
consented to their name.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from sif.model.community import Community
from sif.model.concepts import Concept
from sif.model.members import Member

#: Languages in the order the site prefers them (Dutch first).
SITE_LANGUAGES = ("nl", "en", "fr")


@dataclass(frozen=True)
class Profile:
    """The public part of a member: None or empty where there is no consent.

    Attributes:
      id: The member id (the page's file name).
      name: The name (always consented: no profile without it).
      kind, legal_form, roles, expertise, languages: As in Member, when consented.
      bio: Profile text per language, when consented.
      offers, needs: What the member offers and looks for, per language, when consented.
      website: The member's web site, when consented.
      city: The city of the address, when consented ("city" or "address").
      address: The full postal address as one line, when consented.
      email, phone, vat_number, iban: Contact and tax details, when consented.
      listed: True when the member is in the directory (has a page).
    """

    id: str
    name: str
    kind: str | None = None
    legal_form: str | None = None
    roles: tuple[str, ...] = ()
    expertise: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    bio: dict[str, str] = field(default_factory=dict)
    offers: dict[str, str] = field(default_factory=dict)
    needs: dict[str, str] = field(default_factory=dict)
    website: str | None = None
    city: str | None = None
    address: str | None = None
    email: str | None = None
    phone: str | None = None
    vat_number: str | None = None
    iban: str | None = None
    listed: bool = False


def profile_of(member: Member, today: datetime.date) -> Profile | None:
    """The public profile of `member`, or None when they did not consent to their name."""
    allowed = member.publish
    if "name" not in allowed:
        return None

    def given(name: str, value: str | None) -> str | None:
        return value if name in allowed and value else None

    address = member.address
    line = None
    if address is not None and "address" in allowed:
        line = f"{address.street}, {address.postcode} {address.city}"
        if address.country != "BE":
            line += f", {address.country}"
    city = address.city if address is not None and {"city", "address"} & allowed else None
    iban = given("iban", member.iban)
    return Profile(
        id=member.id,
        name=member.name,
        kind=given("kind", member.kind),
        legal_form=given("legal_form", member.legal_form),
        roles=member.roles if "roles" in allowed else (),
        expertise=member.expertise if "expertise" in allowed else (),
        languages=member.languages if "languages" in allowed else (),
        bio=dict(member.bio) if "bio" in allowed else {},
        offers=dict(member.offers) if "offers" in allowed else {},
        needs=dict(member.needs) if "needs" in allowed else {},
        website=given("website", member.website),
        city=city,
        address=line,
        email=given("email", member.email),
        phone=given("phone", member.phone),
        vat_number=given("vat_number", member.vat_number),
        iban=" ".join(iban[i : i + 4] for i in range(0, len(iban), 4)) if iban else None,
        listed=member.left is None or member.left >= today,
    )


def profiles(community: Community, today: datetime.date) -> dict[str, Profile]:
    """Every member with a public profile, by id, sorted by name."""
    found = [
        profile
        for member in community.members.values()
        if (profile := profile_of(member, today)) is not None
    ]
    found.sort(key=lambda profile: (profile.name.casefold(), profile.id))
    return {profile.id: profile for profile in found}


def public_concepts(community: Community) -> list[Concept]:
    """The concepts marked `public: true`, sorted by name."""
    found = [concept for concept in community.concepts.values() if concept.public]
    return sorted(found, key=lambda concept: (concept.name.casefold(), concept.id))


def in_language(texts: dict[str, str], wanted: str = "nl") -> tuple[str, str] | None:
    """(language, text) of a multilingual text in the visitor's language `wanted`, else in
    the site's preferred order (Dutch first)."""
    for language in (wanted, *SITE_LANGUAGES):
        if texts.get(language):
            return language, texts[language]
    return None
