"""Benchmark: linking survey answers to their trades, in linear time.

Generates a community of --members members and --trades trades (default 1,000
and 100,000), writes --answers survey answers (default 20,000) about trades
picked at random over the whole period, loads the books once, and then times,
--rounds times each, on the same entries and feedback files:

  baseline  the linking as it was (sif 0.1.0 before this benchmark): for each
            answer, the fingerprint of every trade of its day, twice
  linear    `sif.ledger.feedbacklinks.check_feedback`: each trade of a day with
            answers hashed once, then one look-up per answer

Both must report the same errors (none). Prints the median seconds and the
ratio of each to the baseline measured in the same run.

    .venv/bin/python benchmarks/bench_feedback.py [--answers 20000] [--trades 100000]
"""

from __future__ import annotations

import argparse
import datetime
import random
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from beancount.core import data

from sif.demo.generate import generate
from sif.ledger.books import load_books
from sif.ledger.feedbacklinks import check_feedback
from sif.ledger.locks import fingerprint
from sif.ledger.trades import Trade, iter_trades
from sif.model.feedback import HEADER, Feedback, entry_text, load_feedback, month_path

ROOT = Path(__file__).resolve().parents[1]


def record_answers(repo: Path, entries: data.Directives, code: str, answers: int) -> int:
    """Write `answers` survey answers about member-to-member trades picked at random."""
    rng = random.Random(17)
    trades = [t for t in iter_trades(entries, code) if t.providers and t.recipients]
    chosen = sorted(rng.sample(trades, min(answers, len(trades))), key=lambda t: t.date)
    files: dict[Path, list[str]] = defaultdict(list)
    for trade in chosen:
        answer = Feedback(
            trade=fingerprint(trade.entry),
            date=trade.date,
            service=trade.service,
            coaches=tuple(m for m, _ in trade.providers),
            recipients=tuple(m for m, _ in trade.recipients),
            respondent=trade.recipients[0][0],
            rating=rng.randint(1, 5),
            prepared=rng.random() < 0.8,
            comment=None,
            recorded=trade.date + datetime.timedelta(days=3),
        )
        files[month_path(repo, trade.date)].append(entry_text(answer))
    for path, texts in files.items():
        path.parent.mkdir(exist_ok=True)
        path.write_text(HEADER.format(month=path.stem) + "".join(texts), encoding="utf-8")
    return len(chosen)


def quadratic_check(root: Path, entries: Iterable[data.Directive], currency: str) -> int:
    """The linking before: the number of answers that link to no trade, or twice."""
    feedback, _ = load_feedback(root)
    days = {entry.date for entry in feedback}
    by_day: dict[datetime.date, list[Trade]] = defaultdict(list)
    for candidate in iter_trades((e for e in entries if e.date in days), currency):
        by_day[candidate.date].append(candidate)
    problems = 0
    answers: Counter[tuple[str, str | None]] = Counter()
    for entry in feedback:
        on_day = by_day.get(entry.date, [])
        trade = next((t for t in on_day if fingerprint(t.entry) == entry.trade), None)
        if trade is None:
            problems += 1
            continue
        print_ = fingerprint(trade.entry)
        answers[print_, entry.respondent] += 1
        same = sum(1 for t in on_day if fingerprint(t.entry) == print_)
        problems += answers[print_, entry.respondent] > same
    return problems


def timed(run: Callable[[], int]) -> tuple[float, int]:
    start = time.process_time()
    found = run()
    return time.process_time() - start, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--trades", type=int, default=100_000)
    parser.add_argument("--answers", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="sif-bench-feedback-") as tmp:
        repo = Path(tmp)
        generate(repo, ROOT, members=args.members, trades=args.trades)
        books = load_books(repo)
        menu = books.community.menu
        assert menu is not None
        code = menu.currency.code
        written = record_answers(repo, books.entries, code, args.answers)
        days = len({t.date for t in iter_trades(books.entries, code)})
        print(
            f"{args.members} members, {args.trades} trades on {days} days, "
            f"{written} survey answers"
        )
        runs: dict[str, Callable[[], int]] = {
            "baseline": lambda: quadratic_check(repo, books.entries, code),
            "linear": lambda: len(check_feedback(repo, books.entries, code)),
        }
        times: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(args.rounds):
            for name, run in runs.items():
                seconds, problems = timed(run)
                if problems:
                    sys.exit(f"{name}: {problems} answers did not link")
                times[name].append(seconds)
        base = statistics.median(times["baseline"])
        print(f"{'run':<10}{'median CPU s':>14}{'ratio':>8}   all runs (s)")
        for name, values in times.items():
            median = statistics.median(values)
            all_runs = " ".join(f"{v:.2f}" for v in values)
            print(f"{name:<10}{median:>14.2f}{median / base:>8.3f}   {all_runs}")


if __name__ == "__main__":
    main()
