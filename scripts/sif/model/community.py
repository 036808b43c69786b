"""The community as a whole: the repository's members, concepts and menu card.

`load_community(root)` reads all three and checks what ties them together: the
operator is a member able to issue documents, and every concept partner exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sif.model.cache import cached
from sif.model.concepts import Concept, load_concepts
from sif.model.errors import YamlError, did_you_mean, source
from sif.model.members import Member, load_members
from sif.model.menu import MenuCard, load_menu
from sif.model.requests import Request, check_requests, load_requests
from sif.paths import CONCEPTS_DIR, MEMBERS_DIR, MENU_FILE, REQUESTS_DIR


@dataclass(frozen=True)
class Community:
    """Everything the YAML files say.

    Attributes:
      root: The repository folder.
      menu: The menu card, or None if services.yaml has errors.
      members: Members by id.
      concepts: Concepts by id.
      errors: Every problem found while reading.
      requests: Requests (questions that need members' expertise) by id.
    """

    root: Path
    menu: MenuCard | None
    members: dict[str, Member]
    concepts: dict[str, Concept]
    errors: list[YamlError] = field(default_factory=list)
    requests: dict[str, Request] = field(default_factory=dict)

    @property
    def operator(self) -> Member | None:
        return self.members.get(self.menu.operator) if self.menu else None


def yaml_files(root: Path) -> list[Path]:
    """Every YAML file (and folder) the community is read from."""
    files = [root / MENU_FILE, root / MEMBERS_DIR, root / CONCEPTS_DIR, root / REQUESTS_DIR]
    for folder in (MEMBERS_DIR, CONCEPTS_DIR, REQUESTS_DIR):
        if (root / folder).is_dir():
            files.extend(sorted((root / folder).iterdir()))
    return files


def load_community(root: Path) -> Community:
    """Read members/, concepts/, requests/ and services.yaml below `root`; cross-check them.

    The result is cached (see sif.model.cache) until any of the files changes.
    """
    return cached(root, yaml_files(root), lambda: _load_community(root))


def _load_community(root: Path) -> Community:
    menu, errors = load_menu(root / MENU_FILE)
    # Without invoicing nobody's VAT status matters.
    members, member_errors = load_members(
        root / MEMBERS_DIR, vat_required=menu is None or menu.invoices
    )
    concepts, concept_errors = load_concepts(root / CONCEPTS_DIR)
    errors += member_errors + concept_errors

    if menu is not None:
        operator = members.get(menu.operator)
        if operator is None:
            if not any(Path(e.source["filename"]).stem == menu.operator for e in member_errors):
                errors.append(
                    YamlError(
                        source(menu.filename, menu.operator_line),
                        f'field "community.operator": no member file members/{menu.operator}.yaml; '
                        "describe the organisation that issues the documents there."
                        + did_you_mean(menu.operator, members),
                        None,
                    )
                )
        elif not menu.invoices:
            pass  # an operator that issues no documents needs no VAT number nor address
        elif operator.kind != "organisation" or operator.vat_status != "registered":
            errors.append(
                YamlError(
                    source(operator.filename, operator.line),
                    "the operator issues invoices with VAT: it must be an organisation with "
                    "vat status registered",
                    None,
                )
            )
        elif operator.address is None:
            errors.append(
                YamlError(
                    source(operator.filename, operator.line),
                    'field "address": the operator needs an address, it is on every document',
                    None,
                )
            )

    if menu is not None and menu.credit_limits is not None:
        limits = menu.credit_limits
        for member_id, line in limits.member_lines.items():
            if member_id not in members and not _has_error(member_errors, member_id):
                errors.append(
                    YamlError(
                        source(menu.filename, line),
                        f'field "credit_limits.members.{member_id}": no member "{member_id}"; '
                        "name a member file of members/." + did_you_mean(member_id, members),
                        None,
                    )
                )

    for concept in concepts.values():
        for partner in concept.partners:
            if partner not in members and not _has_error(member_errors, partner):
                errors.append(
                    YamlError(
                        source(concept.filename, concept.partners_line),
                        f'field "partners": no member "{partner}".'
                        + did_you_mean(partner, members),
                        None,
                    )
                )
    requests, request_errors = load_requests(root / REQUESTS_DIR)
    errors += request_errors + check_requests(requests, members, concepts, menu)
    return Community(root, menu, members, concepts, errors, requests)


def _has_error(errors: list[YamlError], member_id: str) -> bool:
    """True if the member file exists but failed to load (so don't report it as unknown)."""
    return any(Path(e.source["filename"]).stem == member_id for e in errors)
