"""Loading the books: the ledger with its plugin, and the community behind it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from beancount import loader
from beancount.core import data
from beancount.ops import validation
from beancount.parser import printer

from sif.ledger.plugin import COMMUNITY_KEY
from sif.ledger.plugin import NAME as PLUGIN
from sif.model.community import LEDGER_MAIN, Community, load_community
from sif.model.errors import SifError


class PluginMissingError(SifError):
    """The ledger does not name the validation plugin."""


class BooksNotFoundError(Exception):
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


def load_books(root: Path, extra: str | None = None) -> Books:
    """Load the ledger of the repository at `root`, running the plugin and all checks.

    Args:
      root: The repository folder.
      extra: Beancount text to load as if it were part of the ledger (used to
        check a new trade before it is written).
    """
    main = main_file(root)
    sources = [(str(main), True)]
    if extra is not None:
        sources.append((extra, False))
    # The loader's pickle cache does not know about the YAML files, and
    # `sif check` must always see the files as they are now.
    entries, errors, options = loader._load(sources, None, validation.HARDCORE_VALIDATIONS, None)
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


def relative(filename: str, root: Path) -> str:
    """A path relative to the repository when it lies inside it."""
    try:
        return str(Path(filename).resolve().relative_to(root.resolve()))
    except (ValueError, OSError):
        return filename


def error_location(error: Any, root: Path) -> tuple[str, int]:
    meta = error.source or {}
    filename = str(meta.get("filename", "<unknown>"))
    if filename.startswith("<string>"):
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
