"""Loading the books: the ledger with its plugin, and the community behind it."""

from __future__ import annotations

import datetime
import gc
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from beancount import loader
from beancount.core import data
from beancount.ops import validation
from beancount.parser import printer

from sif.errors import SifException
from sif.ledger import plugin as ledger_plugin
from sif.ledger.plugin import COMMUNITY_KEY, PARTIAL_KEY, TODAY_KEY, WATCHED_KEY, file_state
from sif.ledger.plugin import NAME as PLUGIN
from sif.model.community import Community, load_community
from sif.model.errors import SifError
from sif.paths import LEDGER_MAIN


class PluginMissingError(SifError):
    """The ledger does not name the validation plugin."""


class BooksNotFoundError(SifException):
    """The folder holds no books."""


@dataclass(frozen=True)
class Books:
    """A loaded ledger.

    Attributes:
      root: The repository folder.
      entries: The directives, with the plugin's opens and prices.
      errors: Parse, plugin and validation errors.
      options: Beancount's options map.
      community: Members, concepts and the menu card.
    """

    root: Path
    entries: data.Directives
    errors: list[Any]
    options: dict[str, Any]
    community: Community


def main_file(root: Path) -> Path:
    main = root.resolve() / LEDGER_MAIN
    if not main.is_file():
        raise BooksNotFoundError(
            f"{main}: no ledger here. Run sif in the books' folder (the one with ledger/, "
            "members/ and services.yaml), or name it with --root"
        )
    return main


def load_books(
    root: Path, extra: str | None = None, *, fresh: bool = False, keep: bool = True
) -> Books:
    """Load the ledger of the repository at `root`, running the plugin and all checks.

    Without `extra`, the load goes through Beancount's cache (see `load_ledger`).

    Args:
      root: The repository folder.
      extra: Beancount text to load as if it were part of the ledger (used to
        check a new trade before it is written); such a load is never cached.
      fresh: Parse and check everything again, whatever the cache holds.
      keep: False for a load not worth keeping (see `load_ledger`).
    """
    main = main_file(root)
    if extra is None:
        entries, errors, options = load_ledger(main, fresh=fresh, keep=keep)
    else:
        with collector_paused():
            entries, errors, options = load_with_text(main, extra)
    community = options.get(COMMUNITY_KEY)
    if not any(name == PLUGIN for name, _ in options.get("plugin", [])):
        errors.append(
            PluginMissingError(
                {"filename": str(main), "lineno": 0},
                f'the ledger does not load the checks: add the line `plugin "{PLUGIN}"`',
                None,
            )
        )
    if not isinstance(community, Community):
        community = load_community(root)
    return Books(root, entries, errors, options, community)


def load_ledger(
    main: Path, *, fresh: bool = False, keep: bool = True
) -> tuple[data.Directives, list[Any], dict[str, Any]]:
    """Load `main` with Beancount's public loader and its pickle cache.

    `bean-check`, Fava (through `sif fava`) and sif share one cache file,
    `ledger/.main.beancount.picklecache` (git-ignored; Beancount writes it when
    a load takes a second or more; BEANCOUNT_DISABLE_LOAD_CACHE=1 turns it off).
    Beancount reloads when any of `options_map["include"]` changed; the plugin
    lists there the YAML files, their folders and sif's version
    (`sif.ledger.plugin`). Two things a cached load is checked for here:
    the issued documents' files (`WATCHED_KEY`) and the day the checks ran
    (a trade dated tomorrow is an error today only). When either changed,
    the cache is dropped and the books are loaded again. A load that left
    checks out on purpose (`PARTIAL_KEY`) is not kept in the cache.

    With `keep=False` (books exported to a scratch folder, or a load that trusts
    files to git) a cache is read if there is one, but none is written: writing
    the cache of a large ledger costs seconds.

    Python's cyclic garbage collector is paused meanwhile (`collector_paused`).
    """
    with collector_paused():
        return _load_ledger(main, fresh=fresh, keep=keep)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector in this block.

    A load creates millions of objects (and reading the cache unpickles as
    many), so the collector runs its full passes over them again and again,
    though the entries hold no reference cycles to collect: a sixth of the
    load's time, on 20,000 trades. Objects without cycles are freed as usual.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _load_ledger(
    main: Path, *, fresh: bool, keep: bool
) -> tuple[data.Directives, list[Any], dict[str, Any]]:
    pattern = os.getenv("BEANCOUNT_LOAD_CACHE_FILENAME") or loader.PICKLE_CACHE_FILENAME
    cache = Path(loader.get_cache_filename(pattern, str(main)))
    if fresh:
        cache.unlink(missing_ok=True)
    if not keep and not cache.exists():
        with _without_cache():
            return loader.load_file(str(main))
    runs = ledger_plugin.runs
    entries, errors, options = loader.load_file(str(main))
    if ledger_plugin.runs == runs and _stale(options):
        cache.unlink(missing_ok=True)
        entries, errors, options = loader.load_file(str(main))
    if options.get(PARTIAL_KEY):
        cache.unlink(missing_ok=True)
    return entries, errors, options


#: The copy of the main file that `load_with_text` loads is named like a
#: temporary file of `sif.fsutil.atomic_write` (`.main.beancount.<random>.tmp`):
#: hidden, so no `include` glob takes it in, and if a killed run leaves it
#: behind, `sif check` reports it and the next writer removes it (`sif.bookslock`).
SCRATCH_SUFFIX = ".tmp"
#: The file name errors in the extra text are reported at (see `error_location`).
EXTRA_FILENAME = "<string>"


def load_with_text(main: Path, extra: str) -> tuple[data.Directives, list[Any], dict[str, Any]]:
    """Load `main` as if `extra` were written at its end, through Beancount's public loader.

    Beancount's public loader reads one file or one text. So the main file's
    text with `extra` after it is written to a hidden file beside it (the
    same folder: its includes, options and plugins mean the same), loaded
    without the cache, and removed. Locations are then put back: a line of
    the main file at the main file, a line of `extra` at `EXTRA_FILENAME` and
    its line in `extra`.
    """
    head = main.read_text(encoding="utf-8")
    if not head.endswith("\n"):
        head += "\n"
    offset = head.count("\n")
    handle, name = tempfile.mkstemp(
        prefix=f".{main.name}.", suffix=SCRATCH_SUFFIX, dir=main.parent
    )
    scratch = os.path.normpath(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(head + extra)
        with _without_cache():
            entries, errors, options = loader.load_file(
                scratch, extra_validations=validation.HARDCORE_VALIDATIONS
            )
    finally:
        Path(scratch).unlink(missing_ok=True)

    def put_back(meta: dict[str, Any] | None) -> None:
        if meta is None or meta.get("filename") != scratch:
            return
        line = int(meta.get("lineno") or 0)
        if line > offset:
            meta["filename"], meta["lineno"] = EXTRA_FILENAME, line - offset
        else:
            meta["filename"] = str(main)

    for entry in entries:
        if entry.meta is not None and entry.meta.get("filename") == scratch:
            put_back(entry.meta)
            for posting in getattr(entry, "postings", None) or ():
                put_back(posting.meta)
    for error in errors:
        put_back(error.source)
    options["filename"] = str(main)
    options["include"] = [str(main) if path == scratch else path for path in options["include"]]
    return entries, errors, options


@contextmanager
def _without_cache() -> Iterator[None]:
    """Loads in this block neither read nor write Beancount's cache."""
    loader.initialize(use_cache=False)
    try:
        yield
    finally:
        # As Beancount sets itself up when it is imported.
        loader.initialize(os.getenv("BEANCOUNT_DISABLE_LOAD_CACHE") is None)


def _stale(options: dict[str, Any]) -> bool:
    """True if a cached load's checks may no longer hold."""
    today = options.get(TODAY_KEY)
    if today is not None and today != datetime.date.today():  # noqa: DTZ011 (local dates)
        return True
    watched: dict[str, str] = options.get(WATCHED_KEY) or {}
    return any(file_state(Path(path)) != state for path, state in watched.items())


def relative(filename: str, root: Path) -> str:
    """A path relative to the repository when it lies inside it."""
    try:
        return str(Path(filename).resolve().relative_to(root.resolve()))
    except (ValueError, OSError):
        return filename


def error_location(error: Any, root: Path) -> tuple[str, int]:
    meta = error.source or {}
    filename = str(meta.get("filename", "<unknown>"))
    if filename.startswith(EXTRA_FILENAME):
        filename = "(new trade)"  # text given to load_books(extra=...)
    return relative(filename, root), int(meta.get("lineno") or 0)


def format_error(error: Any, root: Path) -> str:
    """`path:line: message`, then the offending transaction, like an editor shows it."""
    filename, line = error_location(error, root)
    text = f"{filename}:{line}: {error.message}"
    entry = getattr(error, "entry", None)
    if isinstance(entry, data.Transaction):
        body = printer.format_entry(entry).rstrip("\n")
        text += "\n" + "\n".join("    " + row for row in body.splitlines())
    return text


def error_json(error: Any, root: Path) -> dict[str, Any]:
    filename, line = error_location(error, root)
    return {"file": filename, "line": line, "kind": type(error).__name__, "message": error.message}


def errors_json(errors: list[Any], root: Path) -> str:
    return json.dumps([error_json(error, root) for error in sorted_errors(errors, root)], indent=2)


def sorted_errors(errors: list[Any], root: Path) -> list[Any]:
    return sorted(errors, key=lambda error: error_location(error, root))
