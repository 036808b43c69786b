"""Fava's loads through Beancount's cache, as `sif check` and `bean-check` do.

Fava loads the books with Beancount's uncached loader, on start and on every
change: with years of trades that is a full parse and every check each time.
`sif fava` gives Fava `sif.ledger.books.load_ledger` instead, which is
Beancount's public cached loader with the checks of sif's own inputs (the YAML
files, sif's version, the issued documents): a start on unchanged books reads
the cache that `sif check` or `bean-check` wrote.

Fava also watches every input of the ledger for changes, one path object per
file: with a file per trade, a hundred thousand of them, seconds on every
load. The plugin lists the ledger's folders among the inputs too, so Fava's
watcher (watchfiles, which sees a file changed in place inside a watched
folder) is given those folders to watch whole instead of their files. Fava's
polling watcher (`--poll-watcher`) sees only new and removed files in a
folder, so it keeps Fava's own list. Fava's whole load (its own modules over
the entries included) runs with the garbage collector paused, as sif's loads do.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from beancount.core import data

if TYPE_CHECKING:
    from fava.core import FavaLedger


def _load(beancount_file_path: str, *, is_encrypted: bool) -> Any:
    """Fava's `load_uncached`, cached."""
    from beancount import loader  # noqa: PLC0415 (as Fava imports it)

    from sif.ledger.books import load_ledger  # noqa: PLC0415 (layers: see sif/__init__.py)

    if is_encrypted:  # Beancount caches no encrypted file; neither does Fava
        return loader.load_file(beancount_file_path)
    entries: data.Directives
    entries, errors, options = load_ledger(Path(beancount_file_path))
    return entries, errors, options


def watched(include: Sequence[str]) -> tuple[list[str], list[str]]:
    """(files, folders) to watch for `include`: a file in an included folder is
    watched with its folder (found without a look at the disk: a folder is an
    input that is the parent of another)."""
    # Strings, not Paths: a Path per input is what this saves.
    parents = {os.path.dirname(name) for name in include}  # noqa: PTH120
    folders = sorted(name for name in set(include) if name in parents)
    inside = set(folders)
    files = [name for name in include if os.path.dirname(name) not in inside]  # noqa: PTH120
    return files, folders


def _paths_to_watch(ledger: FavaLedger) -> tuple[Sequence[Path], Sequence[Path]]:
    """Fava's `paths_to_watch`, with folders for their files (see the module's text)."""
    from fava.core.watcher import WatchfilesWatcher  # noqa: PLC0415

    if not isinstance(ledger.watcher, WatchfilesWatcher):
        return _fava_paths_to_watch(ledger)  # type: ignore[no-any-return]
    files, folders = watched([str(name) for name in ledger.options["include"]])
    # The rest as Fava has it: its import module, and the documents folders.
    extra = [ledger.ingest.module_path] if ledger.ingest.module_path else []
    documents = [
        ledger.join_path(path, account)
        for account in ledger.root_accounts
        for path in ledger.options["documents"]
    ]
    return [*map(Path, files), *extra], [*map(Path, folders), *documents]


_fava_paths_to_watch: Any = None


def use_cached_loads() -> None:
    """Make Fava, in this process, load the books through the cache."""
    global _fava_paths_to_watch  # noqa: PLW0603 (Fava's own, kept once)
    import fava.core  # noqa: PLC0415 (Fava only for `sif fava`)

    # Fava calls the name it imported into fava.core (`load_uncached`); it has
    # no setting for this, so it is replaced there.
    fava.core.load_uncached = _load  # type: ignore[attr-defined]
    if _fava_paths_to_watch is None:
        _fava_paths_to_watch = fava.core.FavaLedger.paths_to_watch
        fava.core.FavaLedger.paths_to_watch = _paths_to_watch  # type: ignore[method-assign,assignment]
        load_file = fava.core.FavaLedger.load_file

        def paused(ledger: FavaLedger) -> None:
            """Fava's load, with the garbage collector paused as in `load_ledger`."""
            from sif.ledger.books import collector_paused  # noqa: PLC0415

            with collector_paused():
                load_file(ledger)

        fava.core.FavaLedger.load_file = paused  # type: ignore[method-assign,assignment]
