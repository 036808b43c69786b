"""Fava's loads through Beancount's cache, as `sif check` and `bean-check` do.

Fava loads the books with Beancount's uncached loader, on start and on every
change: with years of trades that is a full parse and every check each time.
`sif fava` gives Fava `sif.ledger.books.load_ledger` instead, which is
Beancount's public cached loader with the checks of sif's own inputs (the YAML
files, sif's version, the issued documents): a start on unchanged books reads
the cache that `sif check` or `bean-check` wrote.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from beancount.core import data


def _load(beancount_file_path: str, *, is_encrypted: bool) -> Any:
    """Fava's `load_uncached`, cached."""
    from beancount import loader  # noqa: PLC0415 (as Fava imports it)

    from sif.ledger.books import load_ledger  # noqa: PLC0415 (layers: see sif/__init__.py)

    if is_encrypted:  # Beancount caches no encrypted file; neither does Fava
        return loader.load_file(beancount_file_path)
    entries: data.Directives
    entries, errors, options = load_ledger(Path(beancount_file_path))
    return entries, errors, options


def use_cached_loads() -> None:
    """Make Fava, in this process, load the books through the cache."""
    import fava.core  # noqa: PLC0415 (Fava only for `sif fava`)

    # Fava calls the name it imported into fava.core (`load_uncached`); it has
    # no setting for this, so it is replaced there.
    fava.core.load_uncached = _load  # type: ignore[attr-defined]
