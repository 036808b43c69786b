"""The network directory: one page listing every public profile, one page per member,
and the JSON index the directory's filters read.

The directory's cards are plain HTML, so the page works and is searchable
without JavaScript; `site/assets/netwerk.js` reads `netwerk/leden.json` and
hides the cards that do not match the chosen role, kind, expertise and city.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from sif.model.concepts import Concept
from sif.site.public import Profile, in_language
from sif.site.safe import (
    KIND,
    LANGUAGE,
    LEGAL_FORM,
    ROLE,
    SiteFile,
    external_link,
    front_matter,
    h,
    md,
    rel_link,
    tag_label,
)

INDEX = "netwerk/index.md"
JSON_INDEX = "netwerk/leden.json"
BIO_SHORT = 180


def member_page(member_id: str) -> str:
    return f"netwerk/{member_id}.md"


def _summary(profile: Profile) -> str:
    """ "organisatie · vzw · coach, innovator · Hasselt" from what is public."""
    parts = []
    if profile.kind:
        parts.append(KIND.get(profile.kind, profile.kind))
    if profile.legal_form:
        parts.append(LEGAL_FORM.get(profile.legal_form, profile.legal_form))
    if profile.roles:
        parts.append(", ".join(ROLE.get(role, role) for role in profile.roles))
    if profile.city:
        parts.append(profile.city)
    return " · ".join(parts)


def _tags(tags: Iterable[str]) -> str:
    items = "".join(f"<li>{h(tag_label(tag))}</li>" for tag in tags)
    return f'<ul class="sif-tags">{items}</ul>' if items else ""


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= BIO_SHORT else flat[: BIO_SHORT - 1].rstrip() + "…"


def _card(profile: Profile) -> str:
    href = rel_link(INDEX, member_page(profile.id))
    html = [f'<li class="sif-card" data-id="{h(profile.id)}">']
    html.append(f'<h3><a href="{h(href)}">{h(profile.name)}</a></h3>')
    if summary := _summary(profile):
        html.append(f'<p class="sif-sub">{h(summary)}</p>')
    html.append(_tags(profile.expertise))
    if bio := in_language(profile.bio):
        language, text = bio
        html.append(f'<p class="sif-bio" lang="{h(language)}">{h(_short(text))}</p>')
    html.append("</li>")
    return "".join(html)


def directory_page(listed: list[Profile]) -> SiteFile:
    """`netwerk/index.md`: the cards of every listed member, with the filter form's slot."""
    cards = "\n".join(_card(profile) for profile in listed)
    data = rel_link(INDEX, JSON_INDEX)
    text = (
        front_matter("Netwerk") + "# Het netwerk\n\n"
        "Vind de juiste contactpersoon: innovatoren, coaches, facilitatoren, financiers en "
        "onderzoekers uit het netwerk van de Fabriek. Filter op rol, soort, expertise of "
        "gemeente, en open een kaart voor meer.\n\n"
        "Hier staat alleen wie daarvoor toestemming gaf, met alleen de gegevens die hij of "
        "zij wilde tonen.\n\n"
        f'<div id="sif-netwerk" class="sif-netwerk" data-index="{h(data)}">\n'
        '<form class="sif-filters" hidden></form>\n'
        f'<p class="sif-count" aria-live="polite">{len(listed)} leden</p>\n'
        f'<ul class="sif-cards">\n{cards}\n</ul>\n'
        "</div>\n"
    )
    return SiteFile(INDEX, text)


def _field(label: str, value: str | None, raw_html: str | None = None) -> str:
    if raw_html is None and not value:
        return ""
    shown = raw_html if raw_html is not None else h(value or "")
    return f"<dt>{h(label)}</dt><dd>{shown}</dd>"


def _paragraphs(text: str) -> str:
    blocks = [" ".join(block.split()) for block in text.split("\n\n")]
    return "".join(f"<p>{h(block)}</p>" for block in blocks if block)


def profile_page(profile: Profile, concepts: list[Concept]) -> SiteFile:
    """`netwerk/<id>.md`: a member's public profile and the public concepts they own."""
    path = member_page(profile.id)
    # Kind, legal form, roles and city are in the line under the name.
    fields = [
        _field("Expertise", None, _tags(profile.expertise) or None),
        _field("Talen", ", ".join(LANGUAGE.get(lang, lang) for lang in profile.languages)),
        _field("Adres", profile.address),
        _field("E-mail", profile.email),
        _field("Telefoon", profile.phone),
        _field("Ondernemingsnummer", profile.vat_number),
        _field("Rekeningnummer", profile.iban),
        _field("Website", None, external_link(profile.website) if profile.website else None),
    ]
    html = ['<div class="sif-member">', f"<h1>{h(profile.name)}</h1>"]
    if summary := _summary(profile):
        html.append(f'<p class="sif-sub">{h(summary)}</p>')
    if rows := "".join(fields):
        html.append(f'<dl class="sif-fields">{rows}</dl>')
    for language in ("nl", "en", "fr"):
        if text := profile.bio.get(language):
            html.append(f'<div class="sif-bio" lang="{h(language)}">{_paragraphs(text)}</div>')
    html.append("</div>")
    text = front_matter(profile.name) + "\n".join(html) + "\n\n"
    if concepts:
        text += "## Concepten\n\n"
        for concept in concepts:
            text += f"- [{md(concept.name)}](../concepten/{concept.id}.md)\n"
        text += "\n"
    text += "[← Terug naar het netwerk](index.md)\n"
    return SiteFile(path, text)


def json_index(listed: list[Profile]) -> SiteFile:
    """`netwerk/leden.json`: per listed member only the public fields the filters use."""
    members = []
    for profile in listed:
        entry: dict[str, object] = {
            "id": profile.id,
            "name": profile.name,
            "url": rel_link(INDEX, member_page(profile.id)),
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
    labels = {
        "roles": ROLE,
        "kind": KIND,
        "expertise": {tag: tag_label(tag) for profile in listed for tag in profile.expertise},
    }
    data = {"members": members, "labels": labels}
    text = json.dumps(data, ensure_ascii=False, indent=1)
    # The same data, but no markup character survives even if something read it as HTML.
    for char, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e")):
        text = text.replace(char, escaped)
    return SiteFile(JSON_INDEX, text + "\n")


def network_files(
    profiles: dict[str, Profile], concepts_of: dict[str, list[Concept]]
) -> list[SiteFile]:
    """The directory, every listed member's page, and the JSON index."""
    listed = [profile for profile in profiles.values() if profile.listed]
    files = [directory_page(listed), json_index(listed)]
    files += [profile_page(profile, concepts_of.get(profile.id, [])) for profile in listed]
    return files
