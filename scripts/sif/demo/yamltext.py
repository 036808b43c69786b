"""Writing the demo's YAML by hand, in the style of the hand-kept files.

`yaml.safe_dump` would sort keys and quote freely; staff read these files, so
they are written like `members/fabriek.yaml`: plain scalars where YAML reads
them back as the same text, double quotes otherwise, short lists and mappings
in flow style.
"""

from __future__ import annotations

import json
import re
import unicodedata

_PLAIN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-z0-9À-ÖØ-öø-ÿ_ .'’/()+-]*")
_RESERVED = frozenset(("y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf"))


def scalar(text: str) -> str:
    """`text` as a YAML scalar: plain when that reads back as the same text."""
    if _PLAIN.fullmatch(text) and not text.endswith(" ") and text.lower() not in _RESERVED:
        return text
    return json.dumps(text, ensure_ascii=False)


def quoted(text: str) -> str:
    """`text` always in double quotes (phone numbers, postcodes: never numbers)."""
    return json.dumps(text, ensure_ascii=False)


def flow_list(items: tuple[str, ...] | list[str]) -> str:
    """A list in flow style, e.g. `[nl, en]`."""
    return "[" + ", ".join(scalar(item) for item in items) + "]"


def flow_map(pairs: list[tuple[str, str]]) -> str:
    """A mapping in flow style from already formatted values."""
    return "{" + ", ".join(f"{key}: {value}" for key, value in pairs) + "}"


def slug(text: str, limit: int = 48) -> str:
    """A lowercase id from a name: "Repair Café Genk" -> "repair-cafe-genk".

    Accents are dropped, apostrophes vanish ("Deelauto's" -> "deelautos"), other
    punctuation becomes a dash; a slug longer than `limit` is cut at a dash.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = re.sub(r"['’]", "", ascii_text.lower())
    result = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    while len(result) > limit and "-" in result:
        result = result.rsplit("-", 1)[0]
    return result[:limit]
