"""The Fava extension for the staff: Members, Documents, Month-end, Imbalances, Feedback.

Enabled from the ledger with one line (`ledger/main.beancount`)::

    2013-10-01 custom "fava-extension" "sif.fava_ext"

and started with `sif fava`. Fava instantiates every extension class it finds
in this module, in the order of the names they have here, and lists their
pages in its sidebar in that order: hence the numbered names below, while
each class keeps its own name (`SifMembers`, ...) in the pages' addresses
(`extension/SifMembers/`). The pages live in `sif.fava_ext.pages`, their
figures in `sif.fava_ext.data`.
"""

from __future__ import annotations

from sif.fava_ext import pages as _pages

Page1 = _pages.SifMembers
Page2 = _pages.SifDocuments
Page3 = _pages.SifMonthEnd
Page4 = _pages.SifImbalances
Page5 = _pages.SifFeedback
