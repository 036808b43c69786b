"""Errors about the books, shaped like Beancount's so that every tool shows them alike.

Beancount errors are named tuples of (source, message, entry) where source is a
metadata dict with "filename" and "lineno". Ours are the same, so the ledger
plugin can return them to `bean-check` and Fava unchanged, and `sif check`
formats them like an editor would: `path:line: what is wrong, and what to do`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any, NamedTuple


class SifError(NamedTuple):
    """A problem in the books.

    Attributes:
      source: A dict with "filename" (absolute path) and "lineno" (1-based, 0 if unknown).
      message: What is wrong and what to do about it, in plain words.
      entry: The offending Beancount entry, or None for YAML problems.
    """

    source: dict[str, Any]
    message: str
    entry: Any


class YamlError(SifError):
    """A member file, concept file or the menu card is malformed or invalid."""


def source(filename: str, lineno: int | None) -> dict[str, Any]:
    """Build the source dict for an error."""
    return {"filename": filename, "lineno": lineno or 0}


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return ' Did you mean "x"?' for a close match among choices, else ''."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f' Did you mean "{matches[0]}"?' if matches else ""
