"""Benchmark: `sif check` and the plugin against plain `bean-check` on the same ledger.

Generates a community of --members members and --trades trades (default 1,000
and 100,000), then times, alternating and --rounds times each:

  baseline  bean-check on the same trades without the plugin (the accounts are
            opened by hand in an extra file, so plain Beancount has no errors)
  plugin    bean-check on the real main file, with the sif plugin
  sif       sif check

and reports the median wall-clock seconds and the ratio of each to the baseline
measured in the same run (the machines are shared, so only ratios compare).

    .venv/bin/python benchmarks/bench_check.py [--members 1000] [--trades 100000]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sif.demo.generate import TEMPLATE, generate
from sif.ledger.accounts import member_account
from sif.model.community import load_community

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def baseline_main(repo: Path) -> Path:
    """A main file with the same trades, opens and prices, but no plugin."""
    community = load_community(repo)
    assert community.menu is not None
    currency = community.menu.currency
    lines = [
        f"2000-01-01 commodity {currency.code}",
        f"2000-01-01 commodity {currency.fiat}",
    ]
    lines += [
        f"{value.start} price {currency.code} {value.value} {currency.fiat}"
        for value in currency.values
    ]
    lines += [
        f"{member.joined} open {member_account(member.id)} {currency.code}"
        for member in community.members.values()
    ]
    lines.append('include "trades/**/*.beancount"')
    path = repo / "ledger" / "baseline.beancount"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--trades", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="sif-bench-") as tmp:
        repo = Path(tmp)
        start = time.perf_counter()
        generate(repo, TEMPLATE, members=args.members, trades=args.trades)
        print(
            f"generated {args.members} members, {args.trades} trades in "
            f"{time.perf_counter() - start:.1f} s"
        )
        base = baseline_main(repo)
        main_file = repo / "ledger" / "main.beancount"
        commands = {
            "baseline": [str(BIN / "bean-check"), "--no-cache", str(base)],
            "plugin": [str(BIN / "bean-check"), "--no-cache", str(main_file)],
            "sif": [str(BIN / "sif"), "--root", str(repo), "check"],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.rounds):
            for name, command in commands.items():
                times[name].append(timed(command, repo))
        base_median = statistics.median(times["baseline"])
        print(f"{'run':<10}{'median s':>10}{'ratio':>8}   all runs (s)")
        for name, values in times.items():
            median = statistics.median(values)
            runs = " ".join(f"{v:.2f}" for v in values)
            print(f"{name:<10}{median:>10.2f}{median / base_median:>8.3f}   {runs}")
        rate = args.trades / base_median
        print(f"baseline reads {rate:,.0f} trades per second")


if __name__ == "__main__":
    main()
