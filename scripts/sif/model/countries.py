"""What differs per country, as data: `data/countries.yaml` in this package.

The scheme of payment references (the Belgian structured reference or the
international RF creditor reference), whether `sif vat` fills a country's VAT
return grids, and the legal forms of organisations there. A community in a
country sif does not list gets the `default` entry; a country is added by
adding its entry to the file, not by changing code.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources

import yaml

OGM, RF = "ogm", "rf"
REFERENCE_SCHEMES = (OGM, RF)


@dataclass(frozen=True)
class Country:
    """One country's entry.

    Attributes:
      code: ISO 3166 two-letter code, or "default".
      payment_reference: One of REFERENCE_SCHEMES.
      vat_return: The VAT return `sif vat` fills ("be"), or None.
      legal_forms: Local legal form -> the general form it is (see members.LEGAL_FORMS).
    """

    code: str
    payment_reference: str
    vat_return: str | None
    legal_forms: dict[str, str] = field(default_factory=dict)


@functools.cache
def countries() -> dict[str, Country]:
    """Every entry of countries.yaml, by code (with "default")."""
    text = (resources.files(__package__) / "data" / "countries.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)
    result = {}
    for code, entry in raw.items():
        scheme = entry["payment_reference"]
        if scheme not in REFERENCE_SCHEMES:
            raise ValueError(f"countries.yaml, {code}: unknown payment_reference {scheme}")
        vat_return = entry.get("vat_return")
        result[code] = Country(
            code,
            scheme,
            None if vat_return in (None, "none") else str(vat_return),
            {str(k): str(v) for k, v in (entry.get("legal_forms") or {}).items()},
        )
    return result


def country(code: str | None) -> Country:
    """The entry of a country (the default entry for one not listed)."""
    known = countries()
    return known.get((code or "").upper(), known["default"])


def all_legal_forms() -> dict[str, str]:
    """Every local legal form of every listed country -> its general form."""
    forms: dict[str, str] = {}
    for entry in countries().values():
        forms.update(entry.legal_forms)
    return forms


#: The legal mentions a country's documents carry (see data/mentions.yaml).
MENTIONS = ("self_billing", "self_billing_issuer", "exempt", "not_subject", "credit_vat")


@functools.cache
def _mentions() -> dict[str, dict[str, dict[str, str]]]:
    text = (resources.files(__package__) / "data" / "mentions.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)
    for code, languages in raw.items():
        for language, texts in languages.items():
            unknown = set(texts) - set(MENTIONS)
            if unknown:
                raise ValueError(f"mentions.yaml, {code}.{language}: unknown {sorted(unknown)}")
    return {
        str(code): {
            str(lang): {str(k): str(v) for k, v in texts.items()} for lang, texts in langs.items()
        }
        for code, langs in raw.items()
    }


def mentions(code: str | None, language: str) -> dict[str, str]:
    """The legal mentions of a country's documents in `language`: the country's own,
    then the default's in that language, then the default's in English."""
    known = _mentions()
    default = known["default"]
    own = known.get((code or "").upper(), {}).get(language, {})
    return {**default["en"], **default.get(language, {}), **own}
