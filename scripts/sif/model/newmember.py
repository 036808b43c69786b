"""Scaffolding a new member file that passes the checks."""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import yaml

from sif.errors import SifException
from sif.fsutil import atomic_write
from sif.model.errors import YamlError
from sif.model.members import Member, parse_member
from sif.model.yamlio import parse_yaml
from sif.paths import MEMBERS_DIR


class MemberExistsError(SifException):
    """A member file with that id exists already."""


class InvalidMemberError(SifException):
    """The new member's data does not pass the checks; `errors` says why."""

    def __init__(self, errors: list[YamlError]) -> None:
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


def slugify(name: str) -> str:
    """An id from a name: "Café De Zon vzw" -> "cafe-de-zon-vzw"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:48].strip("-")


def _scalar(value: object) -> str:
    return (
        yaml.safe_dump(
            value, default_flow_style=True, allow_unicode=True, width=1000, sort_keys=False
        )
        .strip()
        .removesuffix("\n...")
        .strip()
    )


def member_yaml(
    *,
    name: str,
    kind: str,
    vat_status: str,
    languages: Sequence[str],
    joined: datetime.date,
    legal_form: str | None = None,
    roles: Sequence[str] = (),
    expertise: Sequence[str] = (),
    email: str | None = None,
    phone: str | None = None,
    street: str | None = None,
    postcode: str | None = None,
    city: str | None = None,
    country: str = "BE",
    vat_number: str | None = None,
    iban: str | None = None,
    peppol: str | None = None,
    publish: Sequence[str] = (),
) -> str:
    """The text of a member file, with a comment per section for whoever edits it next."""
    out = [
        '# A member of the network. Fields are explained in README.md, "Member files".',
        f"name: {_scalar(name)}",
        f"kind: {kind}                # person | organisation",
    ]
    if legal_form:
        out.append(f"legal_form: {legal_form}")
    out.append(f"roles: {_scalar(list(roles))}")
    out.append(f"expertise: {_scalar(list(expertise))}")
    out.append(f"languages: {_scalar(list(languages))}   # the first is used for documents")
    if email:
        out.append(f"email: {_scalar(email)}")
    if phone:
        out.append(f"phone: {_scalar(str(phone))}")
    if street or postcode or city:
        address = {
            "street": street,
            "postcode": str(postcode or ""),
            "city": city,
            "country": country,
        }
        out.append(f"address: {_scalar(address)}")
    vat = {"status": vat_status}
    if vat_number:
        vat["number"] = vat_number
    out.append(f"vat: {_scalar(vat)}   # registered | small-enterprise | not-taxable")
    if iban:
        out.append(f"iban: {_scalar(iban)}")
    if peppol:
        out.append(f"peppol: {_scalar(peppol)}")
    out.append(f"joined: {joined.isoformat()}")
    if vat_status in ("registered", "small-enterprise"):
        out.append(
            "# The operator self-bills what the member delivers only with their agreement: "
            "when they have accepted the terms, write"
        )
        out.append("# self_billing: {accepted: YYYY-MM-DD, terms: VERSION}")
    out.append("# What the member consented to publish on the public site (nothing if empty).")
    out.append(f"publish: {_scalar(list(publish))}")
    return "\n".join(out) + "\n"


def add_member(root: Path, member_id: str, text: str) -> tuple[Path, Member]:
    """Validate `text` as the member file of `member_id` and write it.

    Raises:
      MemberExistsError: the file exists already (nothing is overwritten).
      InvalidMemberError: the data does not pass the checks (nothing is written).
    """
    path = root / MEMBERS_DIR / f"{member_id}.yaml"
    if path.exists():
        raise MemberExistsError(f"{path}: this member exists already; edit the file instead")
    data, errors = parse_yaml(text, str(path))
    member = None
    if not errors:
        member, errors = parse_member(member_id, data, str(path))
    if errors or member is None:
        raise InvalidMemberError(errors)
    atomic_write(path, text)
    return path, member
