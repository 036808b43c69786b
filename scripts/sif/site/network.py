"""The network directory: one page listing every public profile, one page per member,
and the JSON index the directory's filters read.

The directory's cards are plain HTML, so the page works and is searchable
without JavaScript; `site/assets/netwerk.js` reads `netwerk/leden.json` and
hides the cards that do not match the chosen role, kind, expertise and city,
and the words typed in the search box (names, expertise, bios, offers, needs).

Every card and page has "Vraag een introductie": a `mailto:` to the Fabriek
with the member named and room for the visitor's question, so a visitor can
reach any listed member without the member's own address being published.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from sif.model.concepts import Concept
from sif.site.context import Context
from sif.site.public import Profile, in_language
from sif.site.render import Markup, part, render, str_render
from sif.site.safe import (
    SiteFile,
    external_link,
    front_matter,
    md,
    rel_link,
)
from sif.site.words import NAMES

BIO_SHORT = 180
#: Search weight of the directory page: below a member's own page (see front_matter).
INDEX_BOOST = 0.5
MEMBER_BOOST = 2.0


def _summary(profile: Profile, ctx: Context) -> str:
    """ "organisatie · vzw · coach, innovator · Hasselt" from what is public."""
    parts = []
    if profile.kind:
        parts.append(ctx.label("kinds", profile.kind))
    if profile.legal_form:
        parts.append(ctx.label("legal_forms", profile.legal_form))
    if profile.roles:
        parts.append(", ".join(ctx.label("roles", role) for role in profile.roles))
    if profile.city:
        parts.append(profile.city)
    return " · ".join(parts)


def _tags(tags: Iterable[str], ctx: Context) -> str:
    return str(part("tags", [ctx.label("expertise", tag) for tag in tags]))


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= BIO_SHORT else flat[: BIO_SHORT - 1].rstrip() + "…"


def tel_href(phone: str) -> str:
    """ "tel:+3247012345" from a number as people write it."""
    return "tel:" + "".join(c for c in phone if c.isdigit() or c == "+")


def contact_links(profile: Profile) -> list[str]:
    """The member's own published e-mail and phone, as links."""
    links = []
    if profile.email:
        links.append(str(part("link", f"mailto:{profile.email}", profile.email)))
    if profile.phone:
        links.append(str(part("link", tel_href(profile.phone), profile.phone)))
    return links


def introduction(profile: Profile, ctx: Context) -> str | None:
    """The `mailto:` asking the Fabriek to introduce the visitor to `profile`."""
    page = ctx.absolute(ctx.pages.member(profile.id)) or ctx._("in the network on the site")
    subject = ctx._("Introduction request: {name}", name=profile.name)
    body = ctx._(
        "Dear {site_name},\n\nI would like to get in touch with {name} ({page})."
        "\n\nMy question:\n\n\nMy name and organisation:\n\n",
        site_name=ctx.site_name,
        name=profile.name,
        page=page,
    )
    return ctx.mailto(subject, body)


def introduction_button(profile: Profile, ctx: Context) -> str:
    """The "Vraag een introductie" link; none for the Fabriek itself (write to it directly)."""
    href = introduction(profile, ctx)
    if href is None or (profile.email is not None and profile.email == ctx.contact):
        return ""
    text = ctx._("Ask for an introduction")
    return str(part("button", href, text, "md-button sif-intro"))


def _offers_needs(profile: Profile, ctx: Context, short: bool) -> Markup:
    lines = []
    for texts, label in (
        (profile.offers, ctx._("I offer")),
        (profile.needs, ctx._("I am looking for")),
    ):
        if found := in_language(texts, ctx.language):
            language, text = found
            lines.append((label, language, _short(text) if short else " ".join(text.split())))
    return render("offers.html", ctx, lines=lines)


def _card(profile: Profile, ctx: Context) -> Markup:
    bio = in_language(profile.bio, ctx.language)
    return render(
        "card.html",
        ctx,
        profile=profile,
        href=rel_link(ctx.pages.network_index, ctx.pages.member(profile.id)),
        summary=_summary(profile, ctx),
        tags=Markup(_tags(profile.expertise, ctx)),
        bio=(bio[0], _short(bio[1])) if bio else None,
        offers=_offers_needs(profile, ctx, short=True),
        links=Markup(" · ".join(contact_links(profile))),
        button=Markup(introduction_button(profile, ctx)),
    )


def directory_page(listed: list[Profile], ctx: Context) -> SiteFile:
    """`netwerk/index.md`: the cards of every listed member, with the filter form's slot."""
    data = rel_link(ctx.pages.network_index, ctx.pages.members_json)
    count = ctx._("{listed} members", listed=len(listed))
    text = (
        front_matter(ctx._("Network"), boost=INDEX_BOOST)
        + ctx._("# The network\n\n")
        + ctx._(
            "Find the right contact in the network of {name}. Search by name, "
            "expertise or what someone offers or looks for, and ask {name} for an "
            "introduction.\n\nOnly those who agreed are listed here, with only the "
            "details they chose to show.\n\n"
        )
        + str_render(
            "directory.html",
            ctx,
            data=data,
            count=count,
            cards=[_card(profile, ctx) for profile in listed],
        )
    )
    return SiteFile(ctx.pages.network_index, text)


def _field(label: str, value: str | None, raw_html: str | None = None) -> tuple[str, str] | None:
    """(label, value) of a profile's field, the value HTML when given as such; None if empty."""
    if raw_html is None and not value:
        return None
    return label, Markup(raw_html) if raw_html is not None else (value or "")


def _paragraphs(text: str) -> list[str]:
    blocks = [" ".join(block.split()) for block in text.split("\n\n")]
    return [block for block in blocks if block]


def profile_page(profile: Profile, concepts: list[Concept], ctx: Context) -> SiteFile:
    """`netwerk/<id>.md`: a member's public profile and the public concepts they own."""
    path = ctx.pages.member(profile.id)
    email = str(part("link", f"mailto:{profile.email}", profile.email)) if profile.email else None
    phone = str(part("link", tel_href(profile.phone), profile.phone)) if profile.phone else None
    languages = ", ".join(NAMES.get(lang, lang) for lang in profile.languages)
    # Kind, legal form, roles and city are in the line under the name.
    fields = [
        _field("Expertise", None, _tags(profile.expertise, ctx) or None),
        _field(ctx._("Languages"), languages),
        _field(ctx._("Address"), profile.address),
        _field(ctx._("E-mail"), None, email),
        _field(ctx._("Phone"), None, phone),
        _field(
            ctx._("Enterprise number"),
            profile.vat_number,
        ),
        _field(ctx._("Bank account"), profile.iban),
        _field("Website", None, external_link(profile.website) if profile.website else None),
    ]
    bio = in_language(profile.bio, ctx.language)
    block = str_render(
        "member.html",
        ctx,
        profile=profile,
        summary=_summary(profile, ctx),
        button=Markup(introduction_button(profile, ctx)),
        fields=[found for found in fields if found is not None],
        offers=_offers_needs(profile, ctx, short=False),
        bio=(bio[0], _paragraphs(bio[1])) if bio else None,
    )
    text = front_matter(profile.name, boost=MEMBER_BOOST) + block + "\n\n"
    if concepts:
        text += ctx._("## Concepts\n\n")
        for concept in concepts:
            text += f"- [{md(concept.name)}](../{ctx.pages.concept(concept.id)})\n"
        text += "\n"
    back = ctx._("Back to the network")
    text += f"[← {back}](index.md)\n"
    return SiteFile(path, text)


def search_text(profile: Profile, ctx: Context) -> str:
    """What the directory's search box looks in: name, expertise in words, bio, offers, needs
    (all of them consented: a profile holds nothing else)."""
    parts = [profile.name]
    parts += [ctx.label("expertise", tag) for tag in profile.expertise]
    parts += [ctx.label("roles", role) for role in profile.roles]
    if profile.city:
        parts.append(profile.city)
    for texts in (profile.bio, profile.offers, profile.needs):
        parts += texts.values()
    return " ".join(" ".join(parts).split())


def json_index(listed: list[Profile], ctx: Context) -> SiteFile:
    """`netwerk/leden.json`: per listed member only the public fields the filters use."""
    members = []
    for profile in listed:
        entry: dict[str, object] = {
            "id": profile.id,
            "name": profile.name,
            "url": rel_link(ctx.pages.network_index, ctx.pages.member(profile.id)),
            "text": search_text(profile, ctx),
        }
        if profile.kind:
            entry["kind"] = profile.kind
        if profile.roles:
            entry["roles"] = list(profile.roles)
        if profile.expertise:
            entry["expertise"] = list(profile.expertise)
        if profile.city:
            entry["city"] = profile.city
        members.append(entry)

    def labels(section: str, keys: Iterable[str]) -> dict[str, str]:
        return {key: ctx.label(section, key) for key in sorted(set(keys))}

    data = {
        "members": members,
        "labels": {
            "roles": labels("roles", (r for p in listed for r in p.roles)),
            "kind": labels("kinds", (p.kind for p in listed if p.kind)),
            "expertise": labels("expertise", (t for p in listed for t in p.expertise)),
        },
        "ui": _ui(ctx),
    }
    text = json.dumps(data, ensure_ascii=False, indent=1)
    # The same data, but no markup character survives even if something read it as HTML.
    for char, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e")):
        text = text.replace(char, escaped)
    return SiteFile(ctx.pages.members_json, text + "\n")


def _ui(ctx: Context) -> dict[str, str]:
    """The words of the filter form, in the page's language."""
    return {
        "language": ctx.language,
        "roles": ctx._("Role"),
        "roles_all": ctx._("All roles"),
        "kind": ctx._("Kind"),
        "kind_all": ctx._("All kinds"),
        "expertise": "Expertise",
        "expertise_all": ctx._("All expertise"),
        "city": ctx._("Town"),
        "city_all": ctx._("All towns"),
        "search": ctx._("Search"),
        "placeholder": ctx._("Name, expertise, what someone offers or seeks"),
        "reset": ctx._("Clear filters"),
        "members": ctx._("members"),
        "of": ctx._("of"),
    }


def network_files(
    profiles: dict[str, Profile], concepts_of: dict[str, list[Concept]], ctx: Context
) -> list[SiteFile]:
    """The directory, every listed member's page, and the JSON index."""
    listed = [profile for profile in profiles.values() if profile.listed]
    files = [directory_page(listed, ctx), json_index(listed, ctx)]
    files += [profile_page(profile, concepts_of.get(profile.id, []), ctx) for profile in listed]
    return files
