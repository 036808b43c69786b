"""Only what is needed: personal fields in member files that nothing uses.

Documents need the name, address, VAT status and number (and a Peppol id when
there is one); mail needs the e-mail address; payments are matched by IBAN;
`sif match` reads the expertise. Five fields have one reader only, the public
site, and it shows them only when the member consented (`publish:`):

- `phone`,
- `profile.website`,
- `profile.bio`,
- `profile.offers` and `profile.needs` (what the member offers and looks for).

Kept without that consent they serve no purpose, so `sif check` warns (not
for the operator, whose details are its own)::

    members/an-claes.yaml:7: phone is kept, but nothing uses it: ...

(tests/test_minimal.py fails when another part of sif starts to read them, so
this list stays true.)
"""

from __future__ import annotations

from pathlib import Path

from sif.ledger.books import relative
from sif.model.community import Community
from sif.model.members import Member
from sif.model.yamlio import LineDict, load_yaml

#: Member fields only the public site reads, by the name in `publish:`, with where
#: they are written in the member file.
SITE_ONLY = {
    "phone": ("phone",),
    "website": ("profile", "website"),
    "bio": ("profile", "bio"),
    "offers": ("profile", "offers"),
    "needs": ("profile", "needs"),
}


def _has(member: Member, name: str) -> bool:
    if name == "phone":
        return member.phone is not None
    if name == "website":
        return member.website is not None
    if name == "offers":
        return bool(member.offers)
    if name == "needs":
        return bool(member.needs)
    return bool(member.bio)


def unused_fields(member: Member) -> list[str]:
    """The site-only fields the member holds without consent to publish them."""
    return [name for name in SITE_ONLY if _has(member, name) and name not in member.publish]


def unused_field_warnings(community: Community, root: Path) -> list[str]:
    """One warning per personal field kept in a member file that nothing uses."""
    warnings = []
    operator = community.menu.operator if community.menu else None
    for member in community.members.values():
        unused = unused_fields(member)
        if not unused or member.id == operator:  # the operator's own data, not a member's
            continue
        lines = _lines(Path(member.filename))
        paths = [".".join(SITE_ONLY[name]) for name in unused]
        line = min(lines.get(name, member.line) for name in unused)
        one = len(paths) == 1
        what, it = (f"{paths[0]} is", "it") if one else (f"{', '.join(paths)} are", "them")
        warnings.append(
            f"{relative(member.filename, root)}:{line}: {what} kept, but nothing uses {it}: "
            f"only the public site shows {it}, and {member.id} did not consent to publish {it}. "
            f"Remove {it} (keep only what is needed), or add {' and '.join(unused)} to "
            "publish: with the member's consent"
        )
    return warnings


def _lines(path: Path) -> dict[str, int]:
    loaded, _ = load_yaml(path)
    if not isinstance(loaded, LineDict):
        return {}
    found = {}
    for name, keys in SITE_ONLY.items():
        mapping: object = loaded
        line = 0
        for key in keys:
            if not isinstance(mapping, LineDict) or key not in mapping:
                break
            line = mapping.lines[key]
            mapping = mapping[key]
        else:
            found[name] = line
    return found
