"""Writing Beancount text: the one way sif quotes a string."""

from __future__ import annotations


def quote(text: str) -> str:
    """`text` as a Beancount string on one line: white space folded, `\\` and `"` escaped."""
    return '"' + " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"') + '"'
