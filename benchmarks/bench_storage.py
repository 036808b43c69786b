"""Benchmark: how much each month-end adds to the git repository, per document.

Generates a community of --members members trading over --months months
(from 2024-01, `sif.demo.generate`), runs the real month-end of each month
(Typst PDFs, UBL files, bookings, locks) and commits each in two repositories:

  before   the older layout: each PDF stored twice, as its own file and inside
           its UBL file (what `sif invoice run` wrote before)
  after    each document stored once: the UBL file with its PDF inside

Both hold the very same UBL files. After `git gc`, `git count-objects -vH`
gives the packed size; the figure is the growth of the pack from the commit
before the first month-end to the last, divided by the documents issued.

    .venv/bin/python -m benchmarks.bench_storage [--members 1000] [--months 24]
"""

from __future__ import annotations

import argparse
import datetime
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.bench_base import TEMPLATE_FILES, git

from sif.demo.generate import TEMPLATE, generate
from sif.documents.run import run_month
from sif.documents.stored import embedded_pdf
from sif.model.period import Month

FIRST = Month(2024, 1)  # the menu card's first tariffs


def months_from(first: Month, count: int) -> list[Month]:
    months = [first]
    while len(months) < count:
        months.append(months[-1].next())
    return months


def template(folder: Path, first: Month) -> Path:
    """The demo's menu card, main ledger and operator, invoicing from `first` on."""
    for name in TEMPLATE_FILES:
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(TEMPLATE / name, target)
    menu = folder / "services.yaml"
    text = menu.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^  start: \d{4}-\d{2}-\d{2}", f"  start: {first.start}", text, count=1)
    menu.write_text(text, encoding="utf-8")
    return folder


def packed_kib(repo: Path) -> float:
    """KiB of the repository's objects after `git gc` (packed and loose)."""
    git(repo, "gc", "-q")
    counts = dict(
        line.split(": ", 1)
        for line in git(repo, "count-objects", "-v").splitlines()
        if ": " in line
    )
    return float(counts["size-pack"]) + float(counts["size"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--months", type=int, default=24)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="sif-bench-storage-") as tmp:
        after, before = Path(tmp) / "after", Path(tmp) / "before"
        months = months_from(FIRST, args.months)
        start = time.perf_counter()
        generate(
            after,
            template(Path(tmp) / "template", months[0]),
            members=args.members,
            first_month=str(months[0]),
            last_month=str(months[-1]),
        )
        for path in (after / "members").glob("*.yaml"):
            text = path.read_text(encoding="utf-8")
            if "\naddress:" not in text:
                address = 'address: {street: Voorbeeldstraat 1, postcode: "1000", city: Brussel}\n'
                path.write_text(text + address, encoding="utf-8")
        (after / ".gitignore").write_text("*.picklecache\n/out/\n", encoding="utf-8")
        shutil.copytree(after, before)
        for repo in (after, before):
            git(repo, "init", "-q", "-b", "main")
            git(repo, "add", "-A")
            git(repo, "commit", "-q", "-m", "books")
        empty = {repo: packed_kib(repo) for repo in (after, before)}
        issued = 0
        for month in months:
            nxt = month.next()
            result = run_month(after, month, datetime.date(nxt.year, nxt.month, 3))
            issued += len(result.documents)
            git(after, "add", "-A")
            git(after, "commit", "-q", "-m", f"month-end {month}")
            # The same month-end in the older layout: the same files, and each PDF again.
            for name in ("ledger", "documents"):
                shutil.rmtree(before / name, ignore_errors=True)
                shutil.copytree(after / name, before / name)
            for ubl in (before / "documents" / str(month)).glob("*.xml"):
                ubl.with_suffix(".pdf").write_bytes(embedded_pdf(ubl.read_bytes()))
            git(before, "add", "-A")
            git(before, "commit", "-q", "-m", f"month-end {month}")
            print(f"{month}: {len(result.documents)} documents", file=sys.stderr)
        grown = {repo: packed_kib(repo) - empty[repo] for repo in (after, before)}
        pdfs = sorted(p.stat().st_size for p in (before / "documents").rglob("*.pdf"))
        ubls = sorted(p.stat().st_size for p in (after / "documents").rglob("*.xml"))
        print(
            f"{args.members} members, {len(months)} months: {issued} documents in "
            f"{time.perf_counter() - start:.0f} s; median PDF {pdfs[len(pdfs) // 2] / 1024:.1f} "
            f"KiB, median UBL file (PDF inside) {ubls[len(ubls) // 2] / 1024:.1f} KiB"
        )
        print(f"{'layout':<8}{'history KiB':>13}{'KiB/document':>14}{'ratio':>8}")
        for name, repo in (("before", before), ("after", after)):
            per = grown[repo] / issued
            ratio = grown[repo] / grown[before]
            print(f"{name:<8}{grown[repo]:>13.0f}{per:>14.1f}{ratio:>8.3f}")


if __name__ == "__main__":
    main()
