"""Payment references by scheme: Belgian OGM/VCS and ISO 11649 RF, with the same base."""

from __future__ import annotations

import pytest
from stdnum import iso11649

from sif.documents import ogm, references
from sif.documents.numbering import parse
from sif.model.countries import country


@pytest.mark.parametrize("base", [1, 97, 2610000126, 9_999_999_999])
def test_rf_references_are_valid_iso_11649_and_keep_the_base(base: int) -> None:
    reference = references.make(base, "rf")
    assert iso11649.is_valid(reference)
    assert reference[4:] == f"{base:010d}"
    assert references.is_valid(reference)
    assert references.key(" ".join(reference[i : i + 4] for i in range(0, 16, 4))) == reference


def test_ogm_references_are_unchanged() -> None:
    number = parse("F2026-00126")
    assert number is not None
    assert number.reference_in("ogm") == number.reference == ogm.make(2610000126)
    assert number.reference_in("rf") == references.make(2610000126, "rf")


def test_a_wrong_check_is_invalid_in_both_schemes() -> None:
    assert not references.is_valid("RF99" + "2610000126")
    assert not references.is_valid("+++261/0000/12600+++")


def test_the_scheme_comes_from_the_country() -> None:
    assert country("BE").payment_reference == "ogm"
    assert country("be").vat_return == "be"
    assert [country(c).payment_reference for c in ("NL", "FR", "LU", "DE", "GB")] == ["rf"] * 5
    assert country("NL").vat_return is None
    assert country("NL").legal_forms["stichting"] == "foundation"
    assert country("DE").legal_forms["ggmbh"] == "company"
