"""Benchmark: loading the books with one file per trade against one file per month.

Generates a community of --members members and --trades trades (default 1,000
and 100,000) in the layout of `sif.ledger.layout` (one file per trade), then
makes two copies with the same trades: the older layout (one file per month,
in the same order), and the layout as it stands between month-ends (every
month but the last --open one invoiced, so compacted into one file, as
`sif invoice run` does). It runs `sif check` on each, alternating, --rounds
times, and reports the median CPU seconds of each (the child processes' user +
system time, steadier than wall time on a shared machine) and the ratio to the
older layout measured in the same run.

    .venv/bin/python benchmarks/bench_layout.py [--members 1000] [--trades 100000]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from sif.demo.generate import TEMPLATE, generate
from sif.ledger.layout import trades_root

BIN = Path(sys.executable).parent


def monthly_copy(source: Path, target: Path, keep_open: int = 0) -> int:
    """`source` with its trades in one file per month, but for the last `keep_open` months."""
    shutil.copytree(source, target)
    trades = trades_root(target)
    count = 0
    folders = sorted(p for p in trades.iterdir() if p.is_dir())
    for folder in folders[: len(folders) - keep_open]:
        parts = [f"; Trades of {folder.name}.\n"]
        parts += ["\n" + path.read_text(encoding="utf-8") for path in sorted(folder.iterdir())]
        (trades / f"{folder.name}.beancount").write_text("".join(parts), encoding="utf-8")
        shutil.rmtree(folder)
        count += 1
    return count


def cpu_of(command: list[str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--trades", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--open", type=int, default=1, help="months not invoiced yet")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        per_trade = Path(tmp) / "per-trade"
        generate(per_trade, TEMPLATE, members=args.members, trades=args.trades)
        months = monthly_copy(per_trade, Path(tmp) / "per-month")
        monthly_copy(per_trade, Path(tmp) / "invoiced", keep_open=args.open)
        files = sum(1 for _ in trades_root(per_trade).rglob("*.beancount"))
        open_files = sum(1 for _ in trades_root(Path(tmp) / "invoiced").rglob("*/*.beancount"))
        print(
            f"{args.members} members, {args.trades} trades: {files} trade files (per-trade), "
            f"{months} month files (per-month), {months - args.open} month files and "
            f"{open_files} trade files of {args.open} open month(s) (invoiced); "
            f"sif check, {args.rounds} rounds each"
        )
        times: dict[str, list[float]] = {"per-month": [], "invoiced": [], "per-trade": []}
        for _ in range(args.rounds):
            for name, values in times.items():
                command = [str(BIN / "sif"), "--root", str(Path(tmp) / name), "check", "--json"]
                values.append(cpu_of(command))
        base = statistics.median(times["per-month"])
        for name, values in times.items():
            median = statistics.median(values)
            print(f"  {name:10} {median:7.2f} s CPU  {median / base:5.2f}x per-month")


if __name__ == "__main__":
    main()
