"""sif: books, documents and a public site for a knowledge-exchange currency.

Layers, each importing only the ones before it:

    model    members, concepts, the menu card (YAML files)
    ledger   the Beancount plugin, balances, recording trades
    cli      the `sif` command
"""

from __future__ import annotations

#: The distribution that installs this package (`pip install sif-books`), and its version.
DISTRIBUTION = "sif-books"
__version__ = "0.1.0"
