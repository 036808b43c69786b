"""The words of the network: `taxonomy.yaml`, labels in nl, fr and en for the ids of the books.

Member files, requests and the site speak in ids ("legal", "funder",
"organisation"); visitors read words ("juridisch", "financeur"). This file maps
one to the other, per language, so the site never shows an id, and a new
expertise tag is one line of data. Example::

    expertise:
      legal: {nl: juridisch, fr: juridique, en: legal}
      impact-measurement: {nl: impactmeting, fr: mesure d'impact, en: impact measurement}
    roles:
      funder: {nl: financier, fr: financeur, en: funder}
    kinds:
      organisation: {nl: organisatie, fr: organisation, en: organisation}
    legal_forms:
      vzw: {nl: vzw, fr: asbl, en: non-profit}

Roles, kinds and legal forms have built-in labels (the ids are fixed in the
code); the file may override them. Expertise tags are free, so each needs a
label here: `sif check` warns about a tag without one (`unlabelled`), and the
site meanwhile shows the tag with spaces for dashes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sif.i18n import _
from sif.model.errors import YamlError
from sif.model.members import LANGUAGES, Member
from sif.model.requests import Request
from sif.model.yamlio import Fields, load_yaml
from sif.paths import TAXONOMY_FILE

SECTIONS = ("expertise", "roles", "kinds", "legal_forms")

Labels = dict[str, dict[str, str]]

DEFAULTS: dict[str, Labels] = {
    "kinds": {
        "person": {"nl": "persoon", "fr": "personne", "en": "person"},
        "organisation": {"nl": "organisatie", "fr": "organisation", "en": "organisation"},
    },
    "roles": {
        "innovator": {"nl": "innovator", "fr": "innovateur", "en": "innovator"},
        "coach": {"nl": "coach", "fr": "coach", "en": "coach"},
        "facilitator": {"nl": "facilitator", "fr": "facilitateur", "en": "facilitator"},
        "funder": {"nl": "financier", "fr": "financeur", "en": "funder"},
        "researcher": {"nl": "onderzoeker", "fr": "chercheur", "en": "researcher"},
        "staff": {"nl": "medewerker", "fr": "collaborateur", "en": "staff"},
        "other": {"nl": "andere", "fr": "autre", "en": "other"},
    },
    "legal_forms": {
        "vzw": {"nl": "vzw", "fr": "asbl", "en": "non-profit"},
        "cooperative": {"nl": "coöperatie", "fr": "coopérative", "en": "cooperative"},
        "company": {"nl": "bedrijf", "fr": "entreprise", "en": "company"},
        "foundation": {"nl": "stichting", "fr": "fondation", "en": "foundation"},
        "public-body": {"nl": "overheid", "fr": "pouvoir public", "en": "public body"},
        "association": {
            "nl": "feitelijke vereniging",
            "fr": "association de fait",
            "en": "association",
        },
        "sole-trader": {"nl": "zelfstandige", "fr": "indépendant", "en": "sole trader"},
        "other": {"nl": "andere", "fr": "autre", "en": "other"},
    },
    "expertise": {},
}


@dataclass(frozen=True)
class Taxonomy:
    """Labels per section, id and language.

    Attributes:
      sections: {section: {id: {language: label}}}, the file's labels over the defaults.
      filename: The taxonomy file, or "" when the books have none.
      lines: {(section, id): line} of the file's entries, for messages.
    """

    sections: dict[str, Labels] = field(default_factory=dict)
    filename: str = ""
    lines: dict[tuple[str, str], int] = field(default_factory=dict)

    def label(self, section: str, key: str, language: str) -> str:
        """The word for `key` in `language`: that language's label, else Dutch, else the id
        with spaces for dashes."""
        labels = self.sections.get(section, {}).get(key) or DEFAULTS[section].get(key, {})
        return labels.get(language) or labels.get("nl") or key.replace("-", " ")

    def has_label(self, section: str, key: str) -> bool:
        return bool(self.sections.get(section, {}).get(key) or DEFAULTS[section].get(key))


def load_taxonomy(root: Path) -> tuple[Taxonomy, list[YamlError]]:
    """Read `taxonomy.yaml` below `root`; the built-in labels alone when there is none."""
    path = root / TAXONOMY_FILE
    sections: dict[str, Labels] = {name: dict(DEFAULTS[name]) for name in SECTIONS}
    if not path.is_file():
        return Taxonomy(sections), []
    data, errors = load_yaml(path)
    if data is None:
        return Taxonomy(sections, str(path)), errors
    lines: dict[tuple[str, str], int] = {}
    f = Fields(data, str(path), errors, line=1)
    for name in SECTIONS:
        if not f.has(name):
            continue
        sub = f.sub(name)
        for key in list(sub.data):
            labels = sub.translations(str(key), LANGUAGES, required=True)
            if labels and "nl" not in labels:
                sub.error(str(key), "has no Dutch label (nl); the site falls back to it")
            sections[name][str(key)] = labels
            lines[(name, str(key))] = sub.line_of(str(key))
    f.finish()
    return Taxonomy(sections, str(path), lines), errors


def unlabelled(
    taxonomy: Taxonomy, members: Iterable[Member], requests: Iterable[Request]
) -> list[str]:
    """A warning per expertise tag in use that the taxonomy has no label for."""
    where: dict[str, str] = {}
    for member in members:
        for tag in member.expertise:
            where.setdefault(tag, f"{member.filename}:{member.line}")
    for request in requests:
        for tag in request.expertise:
            where.setdefault(tag, f"{request.filename}:{request.line}")
    target = Path(taxonomy.filename or TAXONOMY_FILE).name
    return [
        _(
            '{place}: the expertise tag "{tag}" has no label in {file}, so the site shows the '
            "tag itself; add a line `{tag}:` with its nl, fr and en labels under `expertise:`"
        ).format(place=place, tag=tag, file=target)
        for tag, place in sorted(where.items())
        if not taxonomy.has_label("expertise", tag)
    ]
