"""The one base of the exceptions sif raises when a command cannot go on.

Two kinds of error run through sif. Problems *in the books* (a trade that does
not balance, a member file without a name) are records, `sif.model.errors.SifError`,
shaped like Beancount's: the plugin returns them and every tool lists them at
their file and line. This module is the other kind: a step that cannot be
taken (the books are locked, a month has nothing to invoice, a bank file
cannot be read). Every such exception derives from `SifException`, its
message is whole (what is wrong and what to do), and the command line turns
any of them into an error message and exit code 1, in one place
(`sif.cli.base.SifGroup`), never a traceback.

It lives in layer 0 so that every layer, the books' lock included, can raise it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class SifException(Exception):
    """A step sif cannot take; `str(exc)` says what is wrong and what to do.

    Attributes:
      errors: Problems in the books' files (`SifError` records) that explain it,
        shown first, each at its file and line.
      details: Further lines that explain it (each data gap, each bad row),
        shown first, one a line.
    """

    errors: Sequence[Any] = ()
    details: Sequence[str] = ()
