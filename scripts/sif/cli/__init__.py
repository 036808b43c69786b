"""The `sif` command: keep the books of a knowledge-exchange currency.

Each command parses its options, calls one library function, prints, and sets
the exit code. Heavy imports happen inside the commands. One module per group
of commands; each registers its commands on `main` when imported, so this
package imports them all.
"""

from __future__ import annotations

from sif.cli import (  # noqa: F401 (imported for the commands they register)
    accounting,
    books,
    check,
    community,
    fava,
    invoicing,
    members,
    payments,
    setup,
    site,
    statements,
)
from sif.cli.base import main

__all__ = ["main"]
