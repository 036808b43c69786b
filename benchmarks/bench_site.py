"""Benchmark: `sif site build` for a community of 1,000 members.

Generates --members members and --trades trades (default 1,000 and 20,000)
with the demo generator, copies the site's sources (mkdocs*.yml, overrides/,
site/, events/, taxonomy.yaml) next to them, then times, alternating and
--rounds times each:

  baseline  `mkdocs build` of the same site in every language (mkdocs.yml,
            mkdocs.fr.yml, mkdocs.en.yml), its data pages already generated
            (what MkDocs alone costs for these pages)
  sif       `sif site build`: load the books, generate the pages, run MkDocs

and reports the median CPU seconds (user + system of the command and its
children), the ratio to the baseline measured in the same run (the target:
at most 1.2), and the peak memory of the largest run. `sif site build` runs
warm (Beancount's cache written by the first, untimed build), as it does
after any other command on unchanged books.

    .venv/bin/python benchmarks/bench_site.py [--members 1000] [--trades 20000]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sif.demo.generate import TEMPLATE, generate
from sif.site.generate import generated_paths, site_pages

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TODAY = "2026-11-27"
TARGET_RATIO = 1.2


#: The public site's MkDocs files (mkdocs.docs.yml builds the project's own docs).
CONFIGS = sorted(path.name for path in ROOT.glob("mkdocs*.yml") if path.name != "mkdocs.docs.yml")
#: What the Fabriek's site (nl, fr, en) generates below site/.
GENERATED = generated_paths(["nl", "fr", "en"], site_pages(["nl", "fr", "en"], ROOT))


def copy_site_sources(repo: Path) -> None:
    for name in CONFIGS:
        shutil.copy(ROOT / name, repo / name)
    shutil.copytree(ROOT / "overrides", repo / "overrides")
    shutil.copytree(ROOT / "locale", repo / "locale")
    shutil.copy(ROOT / "taxonomy.yaml", repo / "taxonomy.yaml")
    site = ROOT / "site"

    def ignore(folder: str, names: list[str]) -> list[str]:
        below = Path(folder).relative_to(site).as_posix()
        prefix = "" if below == "." else below + "/"
        return [name for name in names if prefix + name in GENERATED]

    shutil.copytree(site, repo / "site", ignore=ignore)
    shutil.copytree(ROOT / "events", repo / "events")


def baseline_command() -> list[str]:
    """`mkdocs build` of every language, one after the other, as one shell command."""
    builds = []
    for name in CONFIGS:
        language = name.removeprefix("mkdocs").removesuffix(".yml").strip(".")
        out = "public-base" + (f"/{language}" if language else "")
        builds.append(f"{BIN / 'mkdocs'} build --strict -q -f {name} -d {out}")
    return ["sh", "-c", " && ".join(builds)]


def timed(command: list[str], cwd: Path) -> float:
    """CPU seconds (user + system) of one run of `command` and its children."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--trades", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="sif-bench-site-") as tmp:
        repo = Path(tmp)
        start = time.perf_counter()
        generate(repo, TEMPLATE, members=args.members, trades=args.trades)
        copy_site_sources(repo)
        print(
            f"generated {args.members} members, {args.trades} trades in "
            f"{time.perf_counter() - start:.1f} s"
        )
        sif = [str(BIN / "sif"), "--root", str(repo), "site", "build", "--today", TODAY]
        timed(sif, repo)  # writes the data pages the baseline builds
        pages = sum(1 for _ in (repo / "site").rglob("*.md"))
        print(f"{pages} Markdown pages in site/")
        commands = {
            "baseline": baseline_command(),
            "sif": sif,
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.rounds):
            for name, command in commands.items():
                times[name].append(timed(command, repo))
        base = statistics.median(times["baseline"])
        print(f"{'run':<10}{'median CPU s':>13}{'ratio':>8}   all runs (s)")
        for name, values in times.items():
            median = statistics.median(values)
            runs = " ".join(f"{v:.2f}" for v in values)
            print(f"{name:<10}{median:>13.2f}{median / base:>8.3f}   {runs}")
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"peak memory of the largest run: {peak:.0f} MB")
        ratio = statistics.median(times["sif"]) / base
        verdict = "within" if ratio <= TARGET_RATIO else "OVER"
        print(
            f"sif site build: {ratio:.3f}x mkdocs build, {verdict} the target of {TARGET_RATIO}x"
        )


if __name__ == "__main__":
    main()
