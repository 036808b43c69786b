"""Benchmark: the month-end run for 1,000 members with 10,000 trades in the month.

Builds books with --members members and five years of history (--history
trades spread over 2021-10 .. 2026-09), then adds --month-trades trades in
2026-10 (coaching hours between members, workshops the Fabriek sells, articles
it buys). Times, in the same run:

  check      `sif check` on the books: loading and validating everything
             (the part of any command that grows with the history)
  month-end  `sif invoice run --month 2026-10`: drafting, numbering, UBL and
             PDF for every document, booking, locking

and the same two on books with twice the history, to show how the month-end
grows with the history (only through loading the books) and not otherwise.

    .venv/bin/python benchmarks/bench_monthend.py [--members 1000] [--month-trades 10000]
"""

from __future__ import annotations

import argparse
import datetime
import random
import shutil
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from sif.demo.generate import TEMPLATE, generate
from sif.ledger.layout import trade_path
from sif.ledger.record import TradeRequest, trade_text
from sif.model.community import load_community

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
MONTH = "2026-10"


def add_month(repo: Path, trades: int, seed: int = 7) -> int:
    """Write `trades` trades dated in MONTH, one file each; return the count."""
    community = load_community(repo)
    menu = community.menu
    assert menu is not None
    rng = random.Random(seed)
    day0 = datetime.date(2026, 10, 1)
    members = [
        m.id for m in community.members.values()
        if m.id != menu.operator and m.active_on(day0) and m.active_on(datetime.date(2026, 10, 31))
    ]  # fmt: skip
    texts = []
    for _ in range(trades):
        date = day0 + datetime.timedelta(days=rng.randrange(31))
        kind = rng.random()
        if kind < 0.8:
            provider, recipient = rng.sample(members, 2)
            request = TradeRequest(
                "coaching-hour", date, (provider,), (recipient,), Decimal(rng.randint(1, 3))
            )
        elif kind < 0.9:
            request = TradeRequest("workshop", date, (), (rng.choice(members),))
        else:
            request = TradeRequest("article", date, (rng.choice(members),), ())
        text = trade_text(community, request)
        path = trade_path(repo, date, request.service, text)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        texts.append(text)
    return len(texts)


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return elapsed


def template(folder: Path) -> Path:
    """The demo's books, with the first tariffs moved back to cover five years."""
    for name in (
        "services.yaml", "ledger/main.beancount", "ledger/documents/accounts.beancount",
        "ledger/payments/accounts.beancount", "ledger/trades/trades.beancount",
        "members/fabriek.yaml",
    ):  # fmt: skip
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(TEMPLATE / name, folder / name)
    menu = folder / "services.yaml"
    menu.write_text(
        menu.read_text(encoding="utf-8").replace("from: 2024-01-01", "from: 2021-01-01"),
        encoding="utf-8",
    )
    return folder


def build(folder: Path, base: Path, members: int, history: int, month_trades: int) -> Path:
    generate(
        folder, base, members=members, trades=history, first_month="2021-10", last_month="2026-09"
    )
    # Every member who gets a document needs an address; the generator leaves
    # some private persons without one.
    for path in (folder / "members").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        if "\naddress:" not in text:
            address = 'address: {street: Voorbeeldstraat 1, postcode: "1000", city: Brussel}\n'
            path.write_text(text + address, encoding="utf-8")
    add_month(folder, month_trades)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--history", type=int, default=30_000)
    parser.add_argument("--month-trades", type=int, default=10_000)
    args = parser.parse_args()
    sif = str(BIN / "sif")
    rows = []
    with tempfile.TemporaryDirectory(prefix="sif-bench-monthend-") as tmp:
        base = template(Path(tmp) / "template")
        for history in (args.history, 2 * args.history):
            repo = build(Path(tmp) / f"h{history}", base, args.members, history, args.month_trades)
            check = timed([sif, "--root", str(repo), "check"])
            run = timed(
                [sif, "--root", str(repo), "invoice", "run", "--month", MONTH,
                 "--issue-date", "2026-11-03"]
            )  # fmt: skip
            documents = len(list((repo / "documents" / MONTH).glob("*.xml")))
            rows.append((history, check, run, documents))
            shutil.rmtree(repo)
    print(f"{args.members} members, {args.month_trades} trades in {MONTH}")
    print(f"{'history':>8} {'check s':>8} {'month-end s':>12} {'documents':>10} {'ratio':>6}")
    for history, check, run, documents in rows:
        print(f"{history:>8} {check:>8.2f} {run:>12.2f} {documents:>10} {run / check:>6.2f}")
    (_, c1, r1, _), (_, c2, r2, _) = rows
    print(
        f"doubling the history adds {r2 - r1:.2f} s to the month-end and {c2 - c1:.2f} s to "
        "loading the books: the month-end grows with the history only through the load"
    )


if __name__ == "__main__":
    main()
