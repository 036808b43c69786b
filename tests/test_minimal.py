"""Only what is needed: `sif check` warns about personal fields in member files nothing uses."""

from __future__ import annotations

import re
from pathlib import Path

from sif.privacy.minimal import SITE_ONLY
from tests.conftest import Repo, line_of

PACKAGE = Path(__file__).resolve().parents[1] / "scripts" / "sif"


def add(repo: Repo, member: str, text: str) -> Path:
    path = repo.root / "members" / f"{member}.yaml"
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return path


def test_a_phone_nobody_may_see_is_warned_about_at_its_line(repo: Repo) -> None:
    path = add(repo, "an-claes", 'phone: "+32 470 12 34 56"\n')
    report = repo.check()
    assert report["ok"]  # a warning, not an error
    line = line_of(path, "phone:")
    (warning,) = [w for w in report["warnings"] if "nothing uses" in w]
    assert warning.startswith(f"members/an-claes.yaml:{line}: phone is kept, but nothing uses it")
    assert "add phone to publish:" in warning


def test_bio_and_website_without_consent_are_named_together(repo: Repo) -> None:
    path = add(
        repo,
        "bram-peeters",
        "profile:\n  bio: {en: Coach.}\n  website: https://peeters.example\n",
    )
    (warning,) = [w for w in repo.check()["warnings"] if "nothing uses" in w]
    line = line_of(path, "bio:")
    assert warning.startswith(
        f"members/bram-peeters.yaml:{line}: profile.website, profile.bio are kept"
    )


def test_published_fields_and_fields_the_books_use_are_fine(repo: Repo) -> None:
    """de-buurtkeuken publishes its bio; e-mail, IBAN and address serve mail and documents."""
    add(repo, "atelier-soleil", 'phone: "+32 2 123 45 67"\npublish: [name, phone]\n')
    assert not [w for w in repo.check()["warnings"] if "nothing uses" in w]


def test_only_the_site_reads_the_site_only_fields() -> None:
    """If mail, documents or statements start to read one, SITE_ONLY is wrong: update it."""
    attribute = {"phone": r"\.phone\b", "website": r"\bmember\.website\b|profile\.website\b",
                 "bio": r"\.bio\b", "offers": r"\.offers\b", "needs": r"\.needs\b"}  # fmt: skip
    assert set(attribute) == set(SITE_ONLY)
    for name, pattern in attribute.items():
        readers = {
            str(path.relative_to(PACKAGE))
            for path in PACKAGE.rglob("*")
            if path.is_file()
            and path.suffix in (".py", ".html", ".js", ".typ", ".txt", ".jinja", ".j2")
            and re.search(pattern, path.read_text(encoding="utf-8"))
        }
        # The VAT return names the operator's own phone as the declarant's; the
        # operator is not warned about (its details are its own), members are.
        own = {"accounting/intervat.py"} if name == "phone" else set()
        outside = {
            path
            for path in readers - own
            if not path.startswith(("site/", "privacy/")) and path != "model/members.py"
        }
        assert readers, f"the test no longer finds who reads {name}"
        assert not outside, f"{name} is read by {outside}: it is no longer site-only"
