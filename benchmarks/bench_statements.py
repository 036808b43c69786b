"""Benchmark: statements (PDF + HTML) and e-mails (.eml) for 1,000 members.

Generates --members members and --trades trades with the demo generator (and
gives an address to the members it leaves without one: documents need it),
issues the last month (2026-10) with the month-end run, then times, in the
same run:

  check       `sif check` on the same books: loading and validating everything,
              the floor under any command on these books (the baseline)
  one x N     one statement's PDF and HTML (with a QR code) rendered in this
              process, times the number of statements: what the rendering costs
              on one core, without loading the books or writing files
  statements  `sif statements --month 2026-10`: every statement as PDF and HTML
  mail        `sif mail --month 2026-10`: every statement as PDF and HTML again,
              and every member's .eml (the statement's PDF, its HTML with the QR
              image, the month's documents and their UBL files attached)

and reports the median wall-clock seconds, the ratio to `sif check`, and the
milliseconds per member. The target: statements (PDF + HTML) and e-mails for
1,000 members in under 60 s, which is what one `sif mail` run makes; the sum
with a separate `sif statements` run is reported too.

    .venv/bin/python benchmarks/bench_statements.py [--members 1000] [--trades 20000] [--rounds 1]
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sif.demo.generate import TEMPLATE, generate
from sif.documents.run import run_month
from sif.ledger.books import load_books
from sif.model.period import Month
from sif.statements.compute import compute_statements
from sif.statements.run import render_statement
from sif.statements.view import payment_code

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
MONTH = Month(2026, 10)
ISSUED = datetime.date(2026, 11, 3)
AS_OF = "2026-11-27"
TARGET_SECONDS = 60.0
ADDRESS = 'address: {street: Voorbeeldstraat 1, postcode: "1000", city: Brussel}\n'


def build(repo: Path, members: int, trades: int) -> None:
    generate(repo, TEMPLATE, members=members, trades=trades)
    for path in (repo / "members").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        if "\naddress:" not in text:
            path.write_text(text + ADDRESS, encoding="utf-8")
    run_month(repo, MONTH, ISSUED)


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return elapsed


def one_times_n(repo: Path) -> tuple[float, int]:
    """(seconds to render one statement, times the count; the count)."""
    books = load_books(repo)
    made = compute_statements(
        books.entries, books.community, MONTH, datetime.date.fromisoformat(AS_OF)
    )
    # A full one, with something to pay (and so an EPC QR code).
    sample = max(made, key=lambda s: (bool(s.to_pay), len(s.sif_lines) + len(s.eur_lines)))
    templates = repo / "templates"
    render_statement(sample, books.community, templates)  # warm up Typst and Jinja
    rounds = 20
    start = time.perf_counter()
    for _ in range(rounds):
        payment_code.cache_clear()  # each member's QR code is another one
        render_statement(sample, books.community, templates)
    return (time.perf_counter() - start) / rounds * len(made), len(made)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--trades", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="sif-bench-statements-") as tmp:
        repo = Path(tmp)
        start = time.perf_counter()
        build(repo, args.members, args.trades)
        print(
            f"generated {args.members} members and {args.trades} trades, issued {MONTH}: "
            f"{time.perf_counter() - start:.1f} s; {os.cpu_count()} cores"
        )
        sif = [str(BIN / "sif"), "--root", str(repo)]
        month = ["--month", str(MONTH), "--as-of", AS_OF]
        commands = {
            "check": [*sif, "check"],
            "statements": [*sif, "statements", *month],
            "mail": [*sif, "mail", *month],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.rounds):
            for name, command in commands.items():
                times[name].append(timed(command))
        serial, count = one_times_n(repo)
        emails = len(list((repo / "out" / "mail" / str(MONTH)).glob("*.eml")))
        pdfs = len(list((repo / "out" / "statements" / str(MONTH)).glob("*.pdf")))
        print(f"{count} statements, {pdfs} PDF (and as many HTML), {emails} e-mails")

        base = statistics.median(times["check"])
        print(f"{'run':<12}{'median s':>10}{'ratio':>8}{'ms/member':>11}   all runs (s)")
        rows = {name: statistics.median(values) for name, values in times.items()}
        rows["one x N"] = serial
        for name, median in rows.items():
            runs = " ".join(f"{v:.2f}" for v in times.get(name, [serial]))
            per = median / count * 1000
            print(f"{name:<12}{median:>10.2f}{median / base:>8.2f}{per:>11.1f}   {runs}")
        verdict = "within" if rows["mail"] < TARGET_SECONDS else "OVER"
        print(
            f"sif mail, statements (PDF + HTML) and e-mails for {count} members: "
            f"{rows['mail']:.1f} s, {verdict} the target of {TARGET_SECONDS:.0f} s; "
            f"with a separate sif statements run: {rows['statements'] + rows['mail']:.1f} s"
        )


if __name__ == "__main__":
    main()
