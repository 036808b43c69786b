"""Benchmark: CPU milliseconds per document of a month-end, all in, before and after.

Builds the books of `bench_monthend.py` (--members members, --history trades of
history, --month-trades trades in 2026-10: 1,960 documents for 1,000 members),
then, --rounds times and alternating, for the working tree's sif and for the
sif of --baseline (a git ref, exported with `git archive`; empty for none):

  restore a copy of the books checked once with `sif check` (not counted: it
  warms Beancount's cache, as the CI check of the books does before staff run
  the month-end), then run `sif invoice run --month 2026-10` (counted).

What is counted is the CPU time of `sif invoice run` and every process it
starts (its rendering workers too): `resource.getrusage(RUSAGE_CHILDREN)`,
user + system, divided by the documents issued. CPU time, not wall time: the
machine is shared. The report gives each run, the median per variant and the
ratio to the baseline.

    .venv/bin/python -m benchmarks.bench_monthend_cpu [--members 1000] [--history 30000]
        [--month-trades 10000] [--rounds 1] [--baseline main]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from benchmarks.bench_monthend import MONTH, build, template

ROOT = Path(__file__).resolve().parents[1]
#: Runs sif from a given source folder (PYTHONPATH), in this interpreter.
SIF = "import sys; from sif.cli import main; sys.argv[0] = 'sif'; main()"


def export(ref: str, folder: Path) -> Path:
    """The `scripts/` folder of git ref `ref`, written below `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    archive = folder / "scripts.tar"
    with archive.open("wb") as out:
        subprocess.run(["git", "-C", str(ROOT), "archive", ref, "scripts"], stdout=out, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(folder, filter="data")
    return folder / "scripts"


def sif(scripts: Path, *args: str) -> tuple[float, float]:
    """Run sif from `scripts`; (CPU seconds of it and its children, wall seconds)."""
    env = dict(os.environ, PYTHONPATH=str(scripts))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", SIF, *args], capture_output=True, text=True, env=env, check=False
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"sif {' '.join(args)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def warm(scripts: Path, books: Path, folder: Path) -> Path:
    """A copy of `books` at `folder`/run, checked once (Beancount's cache written),
    kept at `folder`/warm: each run restores it to the same path, so the cache
    (which names the files it read, by path) holds."""
    run, kept = folder / "run", folder / "warm"
    shutil.copytree(books, run, symlinks=True)
    sif(scripts, "--root", str(run), "check")
    shutil.copytree(run, kept, symlinks=True)  # modification times kept: the cache holds
    return kept


def month_end(scripts: Path, kept: Path) -> tuple[float, float, int]:
    """One month-end on a fresh copy of the checked books: (CPU s, wall s, documents)."""
    run = kept.with_name("run")
    shutil.rmtree(run)
    shutil.copytree(kept, run, symlinks=True)
    cache = run / "ledger" / ".main.beancount.picklecache"
    written = cache.stat().st_mtime_ns if cache.exists() else None
    cpu, wall = sif(
        scripts, "--root", str(run), "invoice", "run", "--month", MONTH,
        "--issue-date", "2026-11-03",
    )  # fmt: skip
    if written is None or not cache.exists() or cache.stat().st_mtime_ns != written:
        print("  (the run did not find Beancount's cache warm: it loaded the books again)")
    documents = len(list((run / "documents" / MONTH).glob("*.xml")))
    return cpu, wall, documents


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--history", type=int, default=30_000)
    parser.add_argument("--month-trades", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--baseline", default="main", help="git ref to compare with ('' for none)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sif-bench-monthend-cpu-") as tmp:
        folder = Path(tmp)
        variants = {"working tree": ROOT / "scripts"}
        if args.baseline:
            variants = {args.baseline: export(args.baseline, folder / "baseline"), **variants}
        books = build(
            folder / "books", template(folder / "template"), args.members, args.history,
            args.month_trades,
        )  # fmt: skip
        kept = warm(ROOT / "scripts", books, folder)
        runs: dict[str, list[float]] = {name: [] for name in variants}
        print(f"{args.members} members, {args.history} trades of history, "
              f"{args.month_trades} in {MONTH}")  # fmt: skip
        print(f"{'variant':>14} {'documents':>9} {'CPU s':>7} {'wall s':>7} {'ms CPU/doc':>10}")
        for _ in range(args.rounds):
            for name, scripts in variants.items():
                cpu, wall, documents = month_end(scripts, kept)
                runs[name].append(1000 * cpu / documents)
                print(
                    f"{name:>14} {documents:>9} {cpu:>7.1f} {wall:>7.1f} {runs[name][-1]:>10.1f}"
                )
        medians = {name: statistics.median(values) for name, values in runs.items()}
        first = next(iter(medians.values()))
        for name, value in medians.items():
            print(f"median {name}: {value:.1f} ms CPU per document ({value / first:.2f})")


if __name__ == "__main__":
    main()
