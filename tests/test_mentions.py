"""The legal mentions on documents are data per country and language (mentions.yaml)."""

from __future__ import annotations

import pytest

from sif.documents.model import EXEMPT, NOT_SUBJECT
from sif.documents.texts import exemption_text, self_billing_mention
from sif.model.countries import MENTIONS, mentions
from sif.model.members import LANGUAGES


def test_belgium_keeps_its_wording() -> None:
    assert self_billing_mention("BE", "nl") == "Autofacturatie"
    assert self_billing_mention("BE", "fr") == "Autofacturation"
    assert exemption_text(EXEMPT, "nl", "BE") == (
        "Bijzondere vrijstellingsregeling kleine ondernemingen"
    )
    assert "in naam en voor rekening van" in mentions("BE", "nl")["self_billing_issuer"]
    assert mentions("BE", "nl")["credit_vat"].startswith("Btw terug te storten aan de Staat")


def test_other_countries_say_what_their_law_asks() -> None:
    assert self_billing_mention("NL", "nl") == "Factuur uitgereikt door afnemer"
    assert self_billing_mention("DE", "de") == "Gutschrift"
    assert "§ 19 UStG" in str(exemption_text(EXEMPT, "de", "DE"))
    assert "293 B du CGI" in str(exemption_text(EXEMPT, "fr", "FR"))
    # The Belgian credit-note sentence is Belgian: elsewhere there is none.
    assert mentions("NL", "nl")["credit_vat"] == ""


@pytest.mark.parametrize("country", ["BE", "NL", "FR", "LU", "DE", "GB", None])
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_country_and_language_has_every_mention(country: str | None, language: str) -> None:
    found = mentions(country, language)
    assert set(found) == set(MENTIONS)
    assert all(found[key] for key in MENTIONS if key != "credit_vat")
    assert exemption_text(NOT_SUBJECT, language, country) == found["not_subject"]


def test_a_country_not_listed_gets_the_directive_s_wording() -> None:
    assert self_billing_mention("GB", "en") == "Self-billing"
    assert self_billing_mention("IT", "fr") == "Autofacturation"
