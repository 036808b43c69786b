"""Which issued files a check with a base need not read again: Git tells.

An issued document's UBL file is verified (read, hashed, its amounts compared
with its booking) by the documents plugin. After five years that is more than
a hundred thousand files. A pull request is checked against its base branch,
whose files were verified there; so `sif check --base REF` reads only the
files that differ, and trusts a file when

- git tracks it at REF, and `git diff REF` does not list it: its content is
  the blob committed at REF (git knows this from its index, without reading
  the file); and
- the books at REF book it with the very number, hash and amounts they book
  now (a booking changed since REF is read again, and `sif check --base` fails
  on it anyway).

Everything else is read: new documents, changed or deleted files, files that
REF does not have. `sif check --all-documents` reads every file, and so does
the weekly workflow `.github/workflows/documents.yml`.
"""

from __future__ import annotations

from pathlib import Path

from sif.documents.booking import issued_documents
from sif.documents.plugin import Scope, booking_key
from sif.ledger.books import Books
from sif.review.gitbase import tracked_files


def trusted_scope(
    root: Path, ref: str, base: Books | None, changed: list[tuple[str, str]], folder: str
) -> Scope:
    """The scope of a check of the working tree against `ref` (see the module's text).

    Args:
      root: The books in the working tree.
      ref: The git ref compared with.
      base: The books at `ref`, or None when it has none.
      changed: (git status, path) of the files below `folder` that differ
        from `ref` (`gitbase.changed_paths`).
      folder: The documents folder.
    """
    if base is None:
        return Scope()
    at_ref = tracked_files(root, ref, folder)
    differ = {path for _, path in changed}
    return Scope(
        frozenset(
            (doc.ubl, booking_key(doc))
            for doc in issued_documents(base.entries)
            if doc.ubl in at_ref and doc.ubl not in differ
        )
    )
