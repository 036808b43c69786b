"""Benchmark: the staff's pages in Fava on 1,000 members and 100,000 trades.

Generates the community (`sif.demo.generate`), invoices its last --invoiced
months (real numbering, booking, UBL files and locks; the PDF inside each UBL
file is a placeholder unless --real-pdf, which renders them with Typst and
takes minutes), records survey answers after --feedback sessions, and loads
the books once in Fava's application, as `sif fava` does. Then, in the same
run, it times each page with Fava's test client, --rounds requests each:

  baseline   Fava's own Balance Sheet and Journal (their data: Fava renders
             both pages in the browser from these API answers)
  the pages  Members, Documents (the latest month, and all months), Month-end,
             Imbalances, Feedback

The extension works out a page's figures when the page is first asked for
(not when Fava loads the books: Fava reloads on every edit), so the first
request of the first page computes what all pages share and is shown apart.
The target is under 1 second per page once computed; the script exits 1 when
a page's median misses it.

    .venv/bin/python benchmarks/bench_fava.py [--members 1000] [--trades 100000]
"""

from __future__ import annotations

import argparse
import datetime
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fava.application import create_app
from flask.testing import FlaskClient

from sif.demo.generate import TEMPLATE, generate
from sif.documents.model import Document
from sif.documents.run import run_month
from sif.documents.ubl import to_ubl
from sif.ledger.books import load_books
from sif.ledger.locks import fingerprint
from sif.ledger.trades import iter_trades
from sif.model.community import Community
from sif.model.feedback import HEADER, Feedback, entry_text, month_path
from sif.model.period import Month

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 1.0
PAGES = ("SifMembers", "SifDocuments", "SifMonthEnd", "SifImbalances", "SifFeedback")
#: A minimal PDF for the UBL files when the PDFs are not rendered.
PLACEHOLDER_PDF = b"%PDF-1.4\n% sif benchmark placeholder\n%%EOF\n"
COMMENTS = ("Concrete tips.", "Goed voorbereid.", "Had ons dossier niet gelezen.", None)


def placeholder_renderer(doc: Document, community: Community) -> tuple[bytes, bytes]:
    """(UBL, PDF) with the real UBL file and a placeholder PDF: Typst is not what is timed."""
    return to_ubl(doc, PLACEHOLDER_PDF), PLACEHOLDER_PDF


def invoice(repo: Path, months: int, *, real_pdf: bool) -> int:
    """Invoice the last `months` months of the books, each on the 3rd of the next month."""
    # Every member who gets a document needs an address; the generator leaves
    # some private persons without one (as bench_monthend.py does).
    for path in (repo / "members").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        if "\naddress:" not in text:
            address = 'address: {street: Voorbeeldstraat 1, postcode: "1000", city: Brussel}\n'
            path.write_text(text + address, encoding="utf-8")
    last = Month(2026, 10)
    todo = [last]
    while len(todo) < months:
        earlier = todo[-1]
        todo.append(Month(earlier.year - (earlier.month == 1), (earlier.month - 2) % 12 + 1))
    issued = 0
    for month in reversed(todo):
        nxt = month.next()
        date = datetime.date(nxt.year, nxt.month, 3)
        if real_pdf:
            result = run_month(repo, month, date)
        else:
            result = run_month(repo, month, date, renderer=placeholder_renderer)
        issued += len(result.documents)
    return issued


def record_feedback(repo: Path, sessions: int, seed: int = 5) -> int:
    """Survey answers after `sessions` member-to-member trades of the last two months."""
    books = load_books(repo)
    menu = books.community.menu
    assert menu is not None
    rng = random.Random(seed)
    since = datetime.date(2026, 9, 1)
    trades = [
        t
        for t in iter_trades(books.entries, menu.currency.code)
        if t.date >= since and t.providers and t.recipients and menu.operator not in
        {m for m, _ in t.providers + t.recipients}
    ]  # fmt: skip
    chosen = sorted(rng.sample(trades, min(sessions, len(trades))), key=lambda t: t.date)
    files: dict[Path, list[str]] = {}
    for trade in chosen:
        answer = Feedback(
            trade=fingerprint(trade.entry),
            date=trade.date,
            service=trade.service,
            coaches=tuple(m for m, _ in trade.providers),
            recipients=tuple(m for m, _ in trade.recipients),
            respondent=trade.recipients[0][0],
            rating=rng.randint(1, 5),
            prepared=rng.random() < 0.8,
            comment=rng.choice(COMMENTS),
            recorded=trade.date + datetime.timedelta(days=3),
        )
        files.setdefault(month_path(repo, trade.date), []).append(entry_text(answer))
    for path, texts in files.items():
        path.parent.mkdir(exist_ok=True)
        header = HEADER.format(month=path.stem)
        path.write_text(header + "".join(texts), encoding="utf-8")
    return len(chosen)


def timed(get: Callable[[], object]) -> float:
    start = time.perf_counter()
    get()
    return time.perf_counter() - start


def fetcher(client: FlaskClient, url: str) -> Callable[[], object]:
    def get() -> object:
        response = client.get(url)
        if response.status_code != 200:
            sys.exit(f"{url} answered {response.status_code}")
        return response.data

    return get


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--trades", type=int, default=100_000)
    parser.add_argument("--invoiced", type=int, default=3, help="Months to invoice.")
    parser.add_argument("--feedback", type=int, default=2000, help="Sessions with an answer.")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--real-pdf", action="store_true", help="Render the PDFs with Typst.")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="sif-bench-fava-") as tmp:
        repo = Path(tmp)
        start = time.perf_counter()
        generate(repo, TEMPLATE, members=args.members, trades=args.trades)
        print(f"generated {args.members} members, {args.trades} trades", end="")
        print(f" in {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        documents = invoice(repo, args.invoiced, real_pdf=args.real_pdf)
        print(f"invoiced {args.invoiced} months: {documents} documents", end="")
        print(f" in {time.perf_counter() - start:.1f} s")
        answers = record_feedback(repo, args.feedback)
        print(f"recorded {answers} survey answers")

        start = time.perf_counter()
        app = create_app([str(repo / "ledger" / "main.beancount")], load=True, read_only=True)
        slug = app.config["LEDGERS"].first_slug()
        ledger = app.config["LEDGERS"][slug]
        print(f"Fava loaded the books in {time.perf_counter() - start:.1f} s", end="")
        print(f" ({len(ledger.all_entries)} entries, {len(ledger.errors)} errors)")
        if ledger.errors:
            sys.exit(f"the books have errors: {ledger.errors[:3]}")
        client = app.test_client()

        urls = {
            "balance sheet (Fava)": f"/{slug}/api/balance_sheet",
            "journal (Fava)": f"/{slug}/api/journal",
            **{name: f"/{slug}/extension/{name}/" for name in PAGES},
            "SifDocuments (all)": f"/{slug}/extension/SifDocuments/?period=all",
        }
        first: dict[str, float] = {}
        times: dict[str, list[float]] = {name: [] for name in urls}
        for name, url in urls.items():
            first[name] = timed(fetcher(client, url))
        for _ in range(args.rounds):
            for name, url in urls.items():
                times[name].append(timed(fetcher(client, url)))
        baseline = statistics.median(times["balance sheet (Fava)"])
        print(f"\n{'page':<22}{'first s':>9}{'median s':>10}{'ratio':>8}   all later requests (s)")
        slow = []
        for name, values in times.items():
            median = statistics.median(values)
            runs = " ".join(f"{v:.3f}" for v in values)
            print(
                f"{name:<22}{first[name]:>9.3f}{median:>10.3f}{median / baseline:>8.2f}   {runs}"
            )
            if name.startswith("Sif") and median >= TARGET_SECONDS:
                slow.append(name)
        print("\nratio: median / median of Fava's balance sheet in this run")
        if slow:
            sys.exit(f"over {TARGET_SECONDS} s once loaded: {', '.join(slow)}")
        print(f"every page answers in under {TARGET_SECONDS} s once loaded")


if __name__ == "__main__":
    main()
