"""Benchmark: `sif check --base` on years of issued documents, as CI runs it on a pull request.

Generates a community of --members members trading over --years years (ending
2026-10), runs the month-end of every month (real numbering, bookings, UBL
files and locks; the PDF in each UBL file is a placeholder, Typst is not what
is timed here), and commits it all on main. Then, in a fresh clone (as CI
checks out a pull request), a branch adds one trade, and it times, --rounds
times each, with no cache of any kind (SIF_NO_CACHE=1, no Beancount cache):

  all        `sif check --base origin/main --all-documents`: the check as it
             was, reading and hashing every issued file (the baseline)
  base       `sif check --base origin/main`: only the files git says changed
  full       `sif check --all-documents`: the weekly verification of every file

and reports the median CPU seconds (user + system) and the ratio to the baseline.

    .venv/bin/python benchmarks/bench_base.py [--members 200] [--years 5]
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from sif.demo.generate import TEMPLATE, generate
from sif.documents.model import Document
from sif.documents.run import run_month
from sif.documents.ubl import to_ubl
from sif.ledger.migrate import compact
from sif.ledger.record import TradeRequest, trade_text
from sif.model.community import Community, load_community
from sif.model.period import Month

BIN = Path(sys.executable).parent
PLACEHOLDER_PDF = b"%PDF-1.4\n% sif benchmark placeholder\n%%EOF\n"
LAST = Month(2026, 10)
TEMPLATE_FILES = (
    "services.yaml",
    "ledger/main.beancount",
    "ledger/documents/accounts.beancount",
    "ledger/payments/accounts.beancount",
    "ledger/trades/trades.beancount",
    "members/fabriek.yaml",
)


def placeholder(doc: Document, community: Community) -> tuple[bytes, bytes]:
    """(UBL, PDF): the real UBL file around a placeholder PDF."""
    return to_ubl(doc, PLACEHOLDER_PDF), PLACEHOLDER_PDF


def months_back(count: int) -> list[Month]:
    months = [LAST]
    while len(months) < count:
        m = months[-1]
        months.append(Month(m.year - (m.month == 1), (m.month - 2) % 12 + 1))
    return list(reversed(months))


def years_template(folder: Path, first: Month) -> Path:
    """The repository's menu card, main ledger and operator, with tariffs from `first` on.

    The demo's menu card's tariffs start in 2024; here they apply from `first`, and
    sif invoices every month from `first` (invoicing.start).
    """
    for name in TEMPLATE_FILES:
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(TEMPLATE / name, target)
    menu = folder / "services.yaml"
    text = menu.read_text(encoding="utf-8").replace("from: 2024-01-01", f"from: {first.start}")
    text = re.sub(r"(?m)^  start: \d{4}-\d{2}-\d{2}", f"  start: {first.start}", text, count=1)
    menu.write_text(text, encoding="utf-8")
    return folder


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.org", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    """CPU seconds (user + system) of `command`, which must succeed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout[-1500:]}\n{result.stderr[-1500:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--keep", type=Path, help="Make the books in this folder and keep them (to profile)."
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="sif-bench-base-") as scratch:
        tmp = str(args.keep.resolve()) if args.keep else scratch
        if args.keep:
            args.keep.mkdir(parents=True)
        repo = Path(tmp) / "books"
        months = months_back(12 * args.years)
        start = time.perf_counter()
        template = years_template(Path(tmp) / "template", months[0])
        generate(
            repo, template, members=args.members, first_month=str(months[0]), last_month=str(LAST)
        )
        for path in (repo / "members").glob("*.yaml"):
            # The self-billing agreements date from the demo's terms (2024): here from the first month.
            text = path.read_text(encoding="utf-8").replace(
                "accepted: 2024-01-01", f"accepted: {months[0].start}"
            )
            path.write_text(text, encoding="utf-8")
            if "\naddress:" not in text:
                address = 'address: {street: Voorbeeldstraat 1, postcode: "1000", city: Brussel}\n'
                path.write_text(text + address, encoding="utf-8")
        issued = 0
        for month in months:
            nxt = month.next()
            result = run_month(
                repo, month, datetime.date(nxt.year, nxt.month, 3), renderer=placeholder
            )
            issued += len(result.documents)
            compact(repo, str(month))  # as `sif invoice run` does: a locked month is one file
        git(repo, "init", "-q", "-b", "main")
        (repo / ".gitignore").write_text("*.picklecache\n", encoding="utf-8")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "books")
        files = len(list((repo / "documents").rglob("*.xml")))
        print(
            f"{args.members} members, {len(months)} months invoiced: {issued} documents, "
            f"{files} UBL files, in {time.perf_counter() - start:.0f} s"
        )

        clone = Path(tmp) / "clone"
        git(Path(tmp), "clone", "-q", str(repo), str(clone))
        git(clone, "switch", "-q", "-c", "one-trade")
        community = load_community(clone)
        menu = community.menu
        assert menu is not None
        day = datetime.date(2026, 11, 4)
        peers = sorted(
            m.id for m in community.members.values() if m.id != menu.operator and m.active_on(day)
        )
        request = TradeRequest(
            service="coaching-hour",
            date=day,
            providers=(peers[0],),
            recipients=(peers[1],),
            quantity=Decimal(1),
        )
        path = clone / "ledger" / "trades" / "2026-11.beancount"
        path.write_text(trade_text(community, request), encoding="utf-8")
        git(clone, "add", "-A")
        git(clone, "commit", "-q", "-m", "one trade")

        env = {**os.environ, "SIF_NO_CACHE": "1", "BEANCOUNT_DISABLE_LOAD_CACHE": "1"}
        sif = [str(BIN / "sif"), "--root", str(clone), "check"]
        runs = {
            "all": [*sif, "--base", "origin/main", "--all-documents"],
            "base": [*sif, "--base", "origin/main"],
            "full": [*sif, "--all-documents"],
        }
        times: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(args.rounds):
            for name, command in runs.items():
                times[name].append(timed(command, clone, env))
        baseline = statistics.median(times["all"])
        print(f"{'run':<8}{'median CPU s':>13}{'ratio':>8}   all runs (s)")
        for name, values in times.items():
            median = statistics.median(values)
            listed = " ".join(f"{v:.2f}" for v in values)
            print(f"{name:<8}{median:>13.2f}{median / baseline:>8.3f}   {listed}")


if __name__ == "__main__":
    main()
