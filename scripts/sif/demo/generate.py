"""Generate a fictional community next to a menu card: members, concepts and trades.

    python -m sif.demo.generate --out build/demo --members 45
    python -m sif.demo.generate --out /tmp/bench --members 1000 --trades 100000

The template is a repository root, by default the demo's own books embedded in
the package (`sif/demo/template/`: the Fabriek's menu card, main ledger,
operator file, events, requests and feedback), so the demo never depends on
the live books of a checkout. Its `services.yaml`, `taxonomy.yaml`, `ledger/main.beancount`,
the ledger's fixed files and the operator's member file are copied to the
target (a no-op when the target is the template), with its `events/`,
`requests/` and `feedback/` too when `extras` asks (they name the demo's own
members and trades); the currency, the operator, the services, their flows and
tariffs all come from that menu card. Then the target gets `members/<id>.yaml`,
`concepts/<id>.yaml` and one file per trade in `ledger/trades/YYYY-MM/` (see
`sif.ledger.layout`) for every month of the period, replacing the member (but
the operator's), concept and month files it had. The same arguments always give the
same bytes:
all chance comes from one `random.Random(seed)`.
"""

from __future__ import annotations

import argparse
import calendar
import datetime
import random
import re
import shutil
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from sif.demo.concepts import concept_count, make_concepts
from sif.demo.network import make_members
from sif.demo.trades import TradeMaker, format_trade
from sif.ledger.layout import month_files, trade_path, trades_root
from sif.model.members import Member, parse_member
from sif.model.menu import MenuCard, load_menu
from sif.model.yamlio import load_yaml
from sif.paths import CONCEPTS_DIR, LEDGER_MAIN, MEMBERS_DIR, MENU_FILE, TAXONOMY_FILE

#: The demo's fixed books, embedded in the package.
TEMPLATE = Path(__file__).resolve().parent / "template"
#: Folders of the template copied whole (the demo's events, requests and feedback).
FIXED_FOLDERS = ("events", "requests", "feedback")
#: Relative activity per calendar month: quieter in summer and at year end.
SEASON = {1: 90, 2: 100, 3: 100, 4: 100, 5: 100, 6: 95, 7: 75, 8: 70, 9: 100, 10: 100, 11: 100, 12: 80}  # fmt: skip
#: A demo month has this many trades for DEMO_MEMBERS members (before SEASON).
DEMO_DENSITY = (28, 45)
DEMO_MEMBERS = 45


def generate(
    target: Path,
    template: Path = TEMPLATE,
    *,
    members: int,
    trades: int | None = None,
    first_month: str = "2025-05",
    last_month: str = "2026-10",
    seed: int = 2013,
    extras: bool = False,
) -> None:
    """Write a fictional community into `target`.

    Args:
      target: The repository folder to write (created if missing).
      template: The repository whose menu card, main ledger and operator file are used.
      members: How many members to make, besides the operator.
      trades: How many trades in all; None for a demo's density (about 25 to 45
        a month for 45 members, proportionally more for more).
      first_month: First month with trades, "YYYY-MM".
      last_month: Last month with trades, "YYYY-MM".
      seed: The seed of the random source.
      extras: Also copy the template's events, requests and feedback; they name
        the demo's members and trades, so only with the demo's own arguments.

    Raises:
      ValueError: On bad arguments or a template with errors.
    """
    write_community(
        target,
        template,
        members=members,
        trades=trades,
        first_month=first_month,
        last_month=last_month,
        seed=seed,
        extras=extras,
    )


def write_community(
    target: Path,
    template: Path,
    *,
    members: int,
    trades: int | None,
    first_month: str,
    last_month: str,
    seed: int,
    extras: bool = False,
) -> int:
    """Like `generate`, returning the number of trades written."""
    if members < 2:
        raise ValueError(
            f"a community needs at least 2 members besides the operator, not {members}"
        )
    if trades is not None and trades < 0:
        raise ValueError(f"the number of trades cannot be negative ({trades})")
    months = month_range(first_month, last_month)
    start = datetime.date(*months[0], 1)
    end = datetime.date(*months[-1], calendar.monthrange(*months[-1])[1])
    rng = random.Random(seed)
    menu = _menu(template)
    operator = _operator(template, menu.operator)

    _copy_template(template, target, menu.operator, extras=extras)
    _clear(target, menu.operator)
    demo_members = make_members(rng, members, (start, end), operator)
    concepts = make_concepts(rng, concept_count(members), demo_members, (start, end))
    for member in demo_members:
        _write(target / MEMBERS_DIR / f"{member.id}.yaml", member.text)
    for concept in concepts:
        _write(target / CONCEPTS_DIR / f"{concept.id}.yaml", concept.text)

    counts = month_counts(rng, months, members, trades)
    cutoff = datetime.date(*months[len(months) * 2 // 5], 1)
    maker = TradeMaker(
        rng, menu, operator=operator, members=demo_members, concepts=concepts, cutoff=cutoff
    )
    code, decimals = menu.currency.code, menu.currency.decimals
    for (year, month), count in zip(months, counts, strict=True):
        seen: Counter[str] = Counter()
        for drawn in maker.month(year, month, count):
            trade = drawn
            text = format_trade(trade, code, decimals)
            seen[text] += 1
            if seen[text] > 1:
                # The same member at the same workshop twice that day: two participants,
                # told apart in the note (else `sif check` rightly asks about a duplicate).
                trade = trade._replace(narration=f"{trade.narration} ({seen[text]}e deelnemer)")
                text = format_trade(trade, code, decimals)
            _write(trade_path(target, trade.date, trade.service, text), text)
    return sum(counts)


def month_range(first: str, last: str) -> list[tuple[int, int]]:
    """The months from `first` to `last` inclusive, as (year, month)."""
    bounds = []
    for text in (first, last):
        match = re.fullmatch(r"(\d{4})-(\d{2})", text)
        if not match or not 1 <= int(match[2]) <= 12:
            raise ValueError(f'"{text}" is not a month written YYYY-MM')
        bounds.append(int(match[1]) * 12 + int(match[2]) - 1)
    if bounds[1] < bounds[0]:
        raise ValueError(f"the last month {last} comes before the first month {first}")
    return [(index // 12, index % 12 + 1) for index in range(bounds[0], bounds[1] + 1)]


def month_counts(
    rng: random.Random, months: list[tuple[int, int]], members: int, trades: int | None
) -> list[int]:
    """Trades per month: exactly `trades` in all, or the demo's density."""
    if trades is None:
        low, high = DEMO_DENSITY
        return [
            rng.randint(low, high) * members * SEASON[month] // (DEMO_MEMBERS * 100)
            for _, month in months
        ]
    weights = [SEASON[month] for _, month in months]
    total = sum(weights)
    counts = [trades * weight // total for weight in weights]
    # Largest remainder: the months that lost most to rounding get one more.
    order = sorted(range(len(months)), key=lambda i: (-(trades * weights[i] % total), i))
    for index in order[: trades - sum(counts)]:
        counts[index] += 1
    return counts


def _menu(template: Path) -> MenuCard:
    menu, errors = load_menu(template / MENU_FILE)
    if menu is None:
        problems = "; ".join(error.message for error in errors)
        raise ValueError(f"the template's {MENU_FILE} has errors: {problems}")
    return menu


def _operator(template: Path, operator_id: str) -> Member:
    path = template / MEMBERS_DIR / f"{operator_id}.yaml"
    if not path.is_file():
        raise ValueError(f"the template has no member file for the operator: {path}")
    data, errors = load_yaml(path)
    member, member_errors = parse_member(operator_id, data, str(path))
    if member is None:
        problems = "; ".join(error.message for error in errors + member_errors)
        raise ValueError(f"the operator's member file {path} has errors: {problems}")
    return member


#: The operator's EUR accounts and the trades' keeper file; they also make the
#: ledger's include globs match.
LEDGER_ACCOUNTS = (
    "ledger/documents/accounts.beancount",
    "ledger/payments/accounts.beancount",
    "ledger/trades/trades.beancount",
)


def _copy_template(template: Path, target: Path, operator_id: str, *, extras: bool) -> None:
    names = (MENU_FILE, LEDGER_MAIN, *LEDGER_ACCOUNTS, f"{MEMBERS_DIR}/{operator_id}.yaml")
    for name in names:
        source, destination = template / name, target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        if destination.exists() and destination.samefile(source):
            continue
        shutil.copyfile(source, destination)
    # The labels of the expertise tags (optional: a template may have none).
    source, destination = template / TAXONOMY_FILE, target / TAXONOMY_FILE
    if source.is_file() and not (destination.exists() and destination.samefile(source)):
        shutil.copyfile(source, destination)
    for folder in FIXED_FOLDERS if extras else ():
        source, destination = template / folder, target / folder
        if not source.is_dir() or (destination.exists() and destination.samefile(source)):
            continue
        if destination.exists():
            shutil.rmtree(destination)
        shutil.copytree(source, destination)


def _clear(target: Path, operator_id: str) -> None:
    """Remove what an earlier run wrote, so that a smaller run leaves nothing behind."""
    stale = [
        *(p for p in (target / MEMBERS_DIR).glob("*.yaml") if p.stem != operator_id),
        *(target / CONCEPTS_DIR).glob("*.yaml"),
        *month_files(target),
        *trades_root(target).glob("[0-9][0-9][0-9][0-9]-[0-9][0-9]/*.beancount"),
    ]
    for path in stale:
        path.unlink()


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: `python -m sif.demo.generate --out DIR --members N [...]`."""
    parser = argparse.ArgumentParser(
        prog="python -m sif.demo.generate",
        description="Write a fictional community (members, concepts, trades) into a repository.",
    )
    parser.add_argument("--out", type=Path, required=True, help="repository folder to write")
    parser.add_argument(
        "--template",
        type=Path,
        default=TEMPLATE,
        help="repository whose services.yaml, ledger/main.beancount, operator file, events, "
        "requests and feedback are copied (default: the demo books embedded in sif)",
    )
    parser.add_argument("--members", type=int, default=DEMO_MEMBERS, help="members to make")
    parser.add_argument("--trades", type=int, help="trades in all (default: a demo's density)")
    parser.add_argument("--seed", type=int, default=2013, help="random seed (default: 2013)")
    parser.add_argument("--first-month", default="2025-05", help="YYYY-MM (default: 2025-05)")
    parser.add_argument("--last-month", default="2026-10", help="YYYY-MM (default: 2026-10)")
    parser.add_argument(
        "--extras",
        action="store_true",
        help="also copy the template's events, requests and feedback (the demo's own, which "
        "fit only the default arguments)",
    )
    args = parser.parse_args(argv)
    began = time.perf_counter()
    try:
        count = write_community(
            args.out,
            args.template,
            members=args.members,
            trades=args.trades,
            first_month=args.first_month,
            last_month=args.last_month,
            seed=args.seed,
            extras=args.extras,
        )
    except ValueError as exc:
        parser.error(str(exc))
    seconds = time.perf_counter() - began
    print(f"Wrote {args.members} members and {count} trades to {args.out} in {seconds:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
