"""Benchmark: making a month-end's files durable, one sync per file against one per folder.

Writes --files files of --size bytes (a month-end for 1,000 members writes
3,920 files of 30 to 90 KB) into a fresh folder with `sif.fsutil.atomic_write`,
--rounds times each, alternating:

  baseline  atomic_write(..., sync=True): an fsync per file (the run before)
  folder    atomic_write(..., sync=False) for each, then one sync_folder

and reports the median wall-clock and CPU seconds and the ratios to the baseline.

    .venv/bin/python benchmarks/bench_sync.py [--files 3920] [--size 45000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from sif.fsutil import atomic_write, sync_folder


def write(folder: Path, files: int, content: bytes, *, per_file: bool) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    for n in range(files):
        atomic_write(folder / f"F2026-{n:05d}.xml", content, sync=per_file)
    if not per_file:
        sync_folder(folder)
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=3920)
    parser.add_argument("--size", type=int, default=45_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    content = os.urandom(args.size)
    times: dict[str, list[tuple[float, float]]] = {"baseline": [], "folder": []}
    with tempfile.TemporaryDirectory(prefix="sif-bench-sync-", dir=Path.cwd()) as tmp:
        for round_ in range(args.rounds):
            for name, runs in times.items():
                folder = Path(tmp) / f"{name}-{round_}"
                folder.mkdir()
                runs.append(write(folder, args.files, content, per_file=name == "baseline"))
    base_wall = statistics.median(w for w, _ in times["baseline"])
    base_cpu = statistics.median(c for _, c in times["baseline"])
    print(f"{args.files} files of {args.size:,} bytes, {args.rounds} rounds")
    print(f"{'run':<10}{'wall s':>8}{'ratio':>8}{'CPU s':>8}{'ratio':>8}")
    for name, values in times.items():
        wall = statistics.median(w for w, _ in values)
        cpu = statistics.median(c for _, c in values)
        print(f"{name:<10}{wall:>8.2f}{wall / base_wall:>8.3f}{cpu:>8.2f}{cpu / base_cpu:>8.3f}")


if __name__ == "__main__":
    main()
