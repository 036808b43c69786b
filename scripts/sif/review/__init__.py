"""Reviewing a change to the books: what a pull request does, and whether it may.

`review_change(books, ref)` compares the books in the working tree with the
books at a git ref (the branch a pull request goes into) and says in words
what changes: trades, members, concepts, the menu card, documents issued and
months locked. It returns an error for every change to something already
issued: a document's ledger entry or file, a lock, or a trade of a locked
month; and for a member file deleted while the books still name the member.
`sif check --base REF` prints the review, and in CI writes it, with the
errors as `file:line`, to the job summary (`summary.py`).
"""

from __future__ import annotations

from sif.review.changes import Change, Review, load_and_review, review_change
from sif.review.gitbase import BaseRefError

__all__ = ["BaseRefError", "Change", "Review", "load_and_review", "review_change"]
