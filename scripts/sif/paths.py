"""Where each part of the books lives, relative to the books' folder: the one list.

Every module that reads or writes the books names its files and folders from
here, and so do the books' lock (the folders it cleans), `sif check` (the files
git must track) and the tests' guard against the live books. A new folder of
the books is added here, and each of those follows.

It lives in layer 0 so that the books' lock (layer 1) can use it too.
"""

from __future__ import annotations

from pathlib import Path

#: The menu card: the currency, its value, VAT and the tariffs.
MENU_FILE = "services.yaml"
#: The labels of the expertise tags.
TAXONOMY_FILE = "taxonomy.yaml"
#: The accountant's account mapping.
MAPPING_FILE = "accounting.yaml"
#: One YAML file per member, concept, request and event; feedback answers by month.
MEMBERS_DIR = "members"
CONCEPTS_DIR = "concepts"
REQUESTS_DIR = "requests"
FEEDBACK_DIR = "feedback"
EVENTS_DIR = "events"
#: The Beancount ledger and its main file.
LEDGER_DIR = "ledger"
LEDGER_MAIN = f"{LEDGER_DIR}/main.beancount"
#: Below ledger/: the trades (a folder per month), the documents booked by the
#: month-end, the payments, the opening balances.
TRADES_DIR = "trades"
LEDGER_DOCUMENTS_DIR = "documents"
PAYMENTS_DIR = "payments"
OPENING_DIR = "opening"
#: The issued documents' files (UBL with the PDF inside), a folder per month.
DOCUMENTS_DIR = "documents"
#: The record of e-mails sent, a file per month.
MAIL_RECORD_DIR = Path("mail") / "sent"
#: What sif makes again whenever needed, never committed: statements and the outbox.
STATEMENTS_OUT_DIR = Path("out") / "statements"
OUTBOX_DIR = Path("out") / "mail"

#: The folders where sif writes files atomically (and so may leave temporary files).
WRITTEN = (
    LEDGER_DIR, MEMBERS_DIR, CONCEPTS_DIR, REQUESTS_DIR, FEEDBACK_DIR, DOCUMENTS_DIR, "mail",
    EVENTS_DIR,
)  # fmt: skip
#: What the books are made of, as git pathspecs: the files git must track.
BOOK_FILES = (
    MENU_FILE, MEMBERS_DIR, CONCEPTS_DIR, REQUESTS_DIR, FEEDBACK_DIR, EVENTS_DIR, LEDGER_DIR,
)  # fmt: skip
#: Everything of the books that holds members' data or the ledger (what tests never read).
ALL_BOOKS = (
    MEMBERS_DIR, CONCEPTS_DIR, LEDGER_DIR, MENU_FILE, DOCUMENTS_DIR, EVENTS_DIR, REQUESTS_DIR,
    FEEDBACK_DIR, TAXONOMY_FILE, MAPPING_FILE, "mail",
)  # fmt: skip
