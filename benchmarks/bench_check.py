"""Benchmark: `sif check` against `bean-check` on the same ledger, cold and warm.

Generates a community of --members members and --trades trades (default 1,000
and 100,000), then times, --rounds times each, in this order:

  cold (no cache of any kind: BEANCOUNT_DISABLE_LOAD_CACHE=1 and SIF_NO_CACHE=1)
    plain        bean-check --no-cache on the same trades without the plugin
                 (the accounts opened by hand in an extra file)
    bean-check   bean-check --no-cache on the real main file, with the plugins
    sif check    sif check
    fava         Fava's load as `sif fava` starts it (with its extension's pages)
  warm (Beancount's cache and sif's own written by one untimed `bean-check`
  and one untimed `sif check` first, as after any earlier command)
    bean-check   bean-check on the real main file: a cache read
    sif check    sif check: the same cache read, then its warnings
    fava         Fava's load as `sif fava` starts it

and reports the median CPU seconds (user + system of the command's process)
and the ratio of each to its reference in the same run: cold runs to the cold
`bean-check`, warm runs to the warm one (plain and fava also to plain).

    .venv/bin/python benchmarks/bench_check.py [--members 1000] [--trades 100000]
"""

from __future__ import annotations

import argparse
import os
import resource
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


FAVA = (
    "from sif.fava_ext.load import use_cached_loads; use_cached_loads();"
    "from fava.application import create_app;"
    "import sys; create_app([sys.argv[1]], load=True, read_only=True)"
)


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    """CPU seconds (user + system) of `command`, which must succeed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--trades", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-fava", action="store_true", help="Leave Fava's load out.")
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
        cold_env = {**os.environ, "BEANCOUNT_DISABLE_LOAD_CACHE": "1", "SIF_NO_CACHE": "1"}
        warm_env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("BEANCOUNT_DISABLE_LOAD_CACHE", "SIF_NO_CACHE")
        }
        fava = [sys.executable, "-c", FAVA, str(main_file)]
        cold = {
            "plain": [str(BIN / "bean-check"), "--no-cache", str(base)],
            "bean-check": [str(BIN / "bean-check"), "--no-cache", str(main_file)],
            "sif check": [str(BIN / "sif"), "--root", str(repo), "check"],
            **({} if args.no_fava else {"fava": fava}),
        }
        warm = {
            "bean-check": [str(BIN / "bean-check"), str(main_file)],
            "sif check": [str(BIN / "sif"), "--root", str(repo), "check"],
            **({} if args.no_fava else {"fava": fava}),
        }
        times: dict[str, list[float]] = {}
        for _ in range(args.rounds):
            for name, command in cold.items():
                times.setdefault(f"cold {name}", []).append(timed(command, repo, cold_env))
            timed(warm["bean-check"], repo, warm_env)  # writes the cache
            timed(warm["sif check"], repo, warm_env)  # and sif's (`sif.model.cache`)
            for name, command in warm.items():
                times.setdefault(f"warm {name}", []).append(timed(command, repo, warm_env))
        median = {name: statistics.median(values) for name, values in times.items()}
        print(f"{'run':<18}{'median CPU s':>13}{'ratio':>8}{'/ plain':>9}   all runs (s)")
        for name, values in times.items():
            reference = median[f"{name.split()[0]} bean-check"]
            runs = " ".join(f"{v:.2f}" for v in values)
            print(
                f"{name:<18}{median[name]:>13.2f}{median[name] / reference:>8.3f}"
                f"{median[name] / median['cold plain']:>9.3f}   {runs}"
            )
        print("ratio: to bean-check of the same kind (cold or warm) in this run")
        rate = args.trades / median["cold plain"]
        print(f"plain bean-check reads {rate:,.0f} trades per CPU second")


if __name__ == "__main__":
    main()
