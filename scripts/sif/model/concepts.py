"""Concept files: `concepts/<id>.yaml`, one per coached social innovation.

A concept is owned by one or more partner members. Trades may name the concept
they served (`concept:` metadata), and the public site lists the public ones.

Example, `concepts/repair-cafe-genk.yaml`::

    name: Repair Café Genk
    summary: {nl: Buren herstellen samen spullen., en: Neighbours repair things together.}
    partners: [de-buurtkeuken, an-claes]
    started: 2024-03-01
    public: true
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from sif.model.errors import YamlError, source
from sif.model.members import LANGUAGES, URL_RE
from sif.model.yamlio import Fields, check_id, load_folder


@dataclass(frozen=True)
class Concept:
    """A coached innovation.

    Attributes:
      id: The slug from the file name.
      name: Display name.
      summary: Short description per language.
      partners: Member ids of the owners, in order.
      started: When coaching started, or None.
      public: Whether the concept may appear on the public site.
      website: The concept's web site, or None.
      filename: The concept file.
      partners_line: Line of the partners field in the file.
    """

    id: str
    name: str
    summary: dict[str, str]
    partners: tuple[str, ...]
    started: datetime.date | None
    public: bool
    website: str | None
    filename: str
    partners_line: int = 0


def parse_concept(
    concept_id: str, data: object, filename: str
) -> tuple[Concept | None, list[YamlError]]:
    errors: list[YamlError] = []
    if (problem := check_id(concept_id, "concept")) is not None:
        errors.append(YamlError(source(filename, 0), problem + "; rename the file", None))
    f = Fields(data, filename, errors, line=1)
    name = f.text("name", required=True)
    summary = f.translations("summary", LANGUAGES)
    partners = f.str_list("partners")
    if not partners:
        f.error("partners", "is missing or empty; list the member ids that own the concept")
    started = f.date("started")
    public = f.flag("public", default=False)
    website = f.text("website")
    if website is not None and not URL_RE.match(website):
        f.error("website", f'"{website}" should be a web address starting with https://')
    f.finish()
    if errors or name is None:
        return None, errors
    concept = Concept(
        concept_id,
        name,
        summary,
        partners,
        started,
        public,
        website,
        filename,
        f.line_of("partners"),
    )
    return concept, errors


def load_concepts(directory: Path) -> tuple[dict[str, Concept], list[YamlError]]:
    """Load every `*.yaml` concept file in `directory` (a missing folder means none)."""
    return load_folder(directory, "concept", parse_concept)
