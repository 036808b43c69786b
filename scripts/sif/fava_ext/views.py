"""What the staff pages show: the rows of `sif.reports`, computed once per ledger load.

The rows live in the reports layer (`sif.reports.balances`, `.documents`,
`.monthend`), shared with `sif balances` and `sif invoice list`; this module
names them for Fava's pages and templates.
"""

from __future__ import annotations

from sif.reports.balances import MemberRow, member_rows, oldest_debt_first
from sif.reports.documents import KIND_LABELS, DocumentRow, document_files, document_rows
from sif.reports.monthend import MonthRow, month_rows

__all__ = [
    "KIND_LABELS",
    "DocumentRow",
    "MemberRow",
    "MonthRow",
    "document_files",
    "document_rows",
    "member_rows",
    "month_rows",
    "oldest_debt_first",
]
