"""Benchmark: `sif export` of a year against loading the same books alone.

Generates the community (`sif.demo.generate`, default 1,000 members and
100,000 trades from 2024-12 to 2025-11), invoices all twelve months with real
numbering, booking, set-offs, UBL files and locks, each on the 3rd of the next
month (the PDF inside each UBL file is a placeholder: Typst is not what is
timed), records a payment for every tenth invoice, and then times, alternating
and --rounds times each, in fresh processes:

  load    loading the books alone (`load_books`: the ledger, the plugins and
          their checks), as every sif command does first
  export  `sif export --period 2025`: the same load, then the journal, the
          two UBL bundles, the chart, the parties and the README

  split   in one process: the load, then `export_period` on the loaded books,
          each timed on its own (the least noisy measure of what the export adds)

and reports the median wall-clock seconds and export / load measured in the
same run (the machines are shared, so only ratios compare). Target: the
export adds at most 50% to the load (ratio <= 1.5); the script exits 1 when
the in-process ratio misses it. With --keep DIR the generated books are kept
there, and reused when DIR already holds them.

    .venv/bin/python benchmarks/bench_export.py [--members 1000] [--trades 100000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from sif.demo.generate import generate
from sif.documents.booking import issued_documents, open_amounts
from sif.documents.model import INVOICE, Document
from sif.documents.run import run_month
from sif.documents.ubl import to_ubl
from sif.ledger.books import load_books
from sif.model.community import Community
from sif.model.period import Month
from sif.payments.booking import payment_text

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TARGET = 1.5
FIRST, LAST = Month(2024, 12), Month(2025, 11)
YEAR = "2025"  # the issue dates of FIRST to LAST: 2025-01-03 to 2025-12-03
PLACEHOLDER_PDF = b"%PDF-1.4\n% sif benchmark placeholder\n%%EOF\n"
SPLIT = (
    "import json, sys, time; from pathlib import Path; from sif.ledger.books import load_books; "
    "from sif.accounting.export import export_period; from sif.model.period import parse_period; "
    "t = time.perf_counter(); books = load_books(Path(sys.argv[1])); "
    "load = time.perf_counter() - t; t = time.perf_counter(); "
    "export_period(books, parse_period(sys.argv[2]), Path(sys.argv[3])); "
    "print(json.dumps([load, time.perf_counter() - t]))"
)
LOAD = (
    "import sys; from pathlib import Path; from sif.ledger.books import load_books; "
    "books = load_books(Path(sys.argv[1])); sys.exit(1 if books.errors else 0)"
)


def placeholder_renderer(doc: Document, community: Community) -> tuple[bytes, bytes]:
    """(UBL, PDF) with the real UBL file and a placeholder PDF."""
    return to_ubl(doc, PLACEHOLDER_PDF), PLACEHOLDER_PDF


def invoice_year(repo: Path) -> int:
    """Invoice every month from FIRST to LAST, each on the 3rd of the next month."""
    menu = repo / "services.yaml"
    text = menu.read_text(encoding="utf-8")
    menu.write_text(
        re.sub(r"(?m)^(  start: )\d{4}-\d{2}-\d{2}", rf"\g<1>{FIRST.start}", text),
        encoding="utf-8",
    )
    for path in (repo / "members").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        if "\naddress:" not in text:
            address = 'address: {street: Voorbeeldstraat 1, postcode: "1000", city: Brussel}\n'
            path.write_text(text + address, encoding="utf-8")
    issued = 0
    month = FIRST
    while True:
        nxt = month.next()
        result = run_month(
            repo, month, datetime.date(nxt.year, nxt.month, 3), renderer=placeholder_renderer
        )
        issued += len(result.documents)
        if month == LAST:
            return issued
        month = nxt


def pay_some(repo: Path) -> int:
    """A payment in full for every tenth invoice still open, a week after its issue."""
    books = load_books(repo)
    menu = books.community.menu
    assert menu is not None
    remaining = open_amounts(books.entries)
    texts = []
    for doc in issued_documents(books.entries)[::10]:
        owed = remaining.get(doc.number)
        if doc.kind != INVOICE or not owed or owed <= 0:
            continue
        texts.append(
            payment_text(
                doc,
                date=doc.date + datetime.timedelta(days=7),
                amount=owed,
                bank_id=f"bench-{doc.number}",
                sif=Decimal(0),  # EUR only: the SIF side is not what is timed
                operator=menu.operator,
                currency=menu.currency.code,
                fiat=menu.currency.fiat,
            )
        )
    (repo / "ledger" / "payments" / "bench.beancount").write_text(
        "\n".join(texts), encoding="utf-8"
    )
    return len(texts)


def run(command: list[str]) -> str:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return result.stdout


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    run(command)
    return time.perf_counter() - start


def build(repo: Path, members: int, trades: int) -> None:
    start = time.perf_counter()
    generate(
        repo, ROOT, members=members, trades=trades, first_month=str(FIRST), last_month=str(LAST)
    )
    print(f"generated {members} members, {trades} trades", end="")
    print(f" in {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    documents = invoice_year(repo)
    payments = pay_some(repo)
    print(f"invoiced {FIRST} to {LAST}: {documents} documents, {payments} payments", end="")
    print(f" in {time.perf_counter() - start:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--trades", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", type=Path, metavar="DIR", help="Keep (or reuse) the books here.")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="sif-bench-export-") as tmp:
        repo = args.keep or Path(tmp) / "books"
        if (repo / "ledger" / "main.beancount").is_file():
            print(f"reusing the books in {repo}")
        else:
            build(repo, args.members, args.trades)
        out = Path(tmp) / "export"
        load = [str(BIN / "python"), "-c", LOAD, str(repo)]
        export = [str(BIN / "sif"), "--root", str(repo), "export", "--period", YEAR,
                  "--out", str(out)]  # fmt: skip
        timed(load)  # warm the caches (file system, verified documents) for both alike
        split = [str(BIN / "python"), "-c", SPLIT, str(repo), YEAR, str(Path(tmp) / "split")]
        times: dict[str, list[float]] = {"load": [], "export": []}
        inner: dict[str, list[float]] = {"load": [], "export_period": []}
        for _ in range(args.rounds):
            times["load"].append(timed(load))
            times["export"].append(timed(export))
            load_s, work_s = json.loads(run(split))
            inner["load"].append(load_s)
            inner["export_period"].append(work_s)
        folder = out / YEAR
        lines = sum(1 for _ in (folder / "journal.csv").open(encoding="utf-8")) - 1
        size = sum(path.stat().st_size for path in folder.iterdir())
        print(f"export {YEAR}: {lines} journal lines, {size / 1e6:.1f} MB in {folder.name}/")
        base = statistics.median(times["load"])
        print(f"\n{'processes':<14}{'median s':>10}{'ratio':>8}   all runs (s)")
        for name, values in times.items():
            median = statistics.median(values)
            runs = " ".join(f"{v:.2f}" for v in values)
            print(f"{name:<14}{median:>10.2f}{median / base:>8.2f}   {runs}")
        inner_base = statistics.median(inner["load"])
        print(f"\n{'one process':<14}{'median s':>10}{'ratio':>8}   all runs (s)")
        for name, values in inner.items():
            median = statistics.median(values)
            runs = " ".join(f"{v:.2f}" for v in values)
            print(f"{name:<14}{median:>10.2f}{median / inner_base:>8.2f}   {runs}")
        ratio = (inner_base + statistics.median(inner["export_period"])) / inner_base
        print(
            f"\nratio: (load + export_period) / load in one process = {ratio:.2f}; "
            f"whole command / load = {statistics.median(times['export']) / base:.2f}; "
            f"target <= {TARGET}"
        )
        if ratio > TARGET:
            sys.exit(f"the export adds {100 * (ratio - 1):.0f}% to the load (target: 50%)")


if __name__ == "__main__":
    main()
