"""The Beancount plugin that checks the books against members and the menu card.

Named in `ledger/main.beancount`, so `bean-check`, `sif check` and Fava all
report the same errors::

    plugin "sif.ledger.plugin"

It reads members/, concepts/, requests/ and services.yaml next to the ledger folder (or
the folder given as the plugin's configuration, relative to the main file),
and then:

- reports errors in those YAML files at their file and line;
- opens each member's account (`Assets:Members:<Id>`) on the day they joined,
  so nobody has to write `open` directives;
- adds the currency's value from services.yaml as `price` entries, and reports
  hand-written prices of the currency that disagree with it;
- checks every transaction with `TradeRules` (the trades of an invoiced month's
  file once, while the file and the rules' inputs stay the same:
  `sif.ledger.settled`) and every locked month;
- refuses trades that take a recipient past a hard credit limit (sif.ledger.limits);
- checks that every feedback entry (feedback/) names a trade of the ledger.

Before:

    2026-03-12 * "Versterkingssessie"
      service: "strengthening-sesion"
      Assets:Members:An-claes          -2.50 SIF
      Assets:Members:De-buurtkeuken     2.50 SIF

After: an error at that line, `the service "strengthening-sesion" is not on the
menu card (services.yaml). Did you mean "strengthening-session"?`
"""

from __future__ import annotations

import datetime
import os
import re
from pathlib import Path
from typing import Any

from beancount.core import amount, data

import sif
from sif.ledger.accounts import (
    MEMBER_ROOTS,
    MEMBERS,
    is_member_account,
    member_account,
    member_of,
)
from sif.ledger.feedbacklinks import check_feedback
from sif.ledger.limits import check_limits
from sif.ledger.locks import check_locks, read_locks
from sif.ledger.rules import TradeRules, UnknownMemberError
from sif.ledger.settled import Settled
from sif.model.community import Community, load_community
from sif.model.errors import SifError, did_you_mean, source
from sif.model.feedback import feedback_files
from sif.paths import CONCEPTS_DIR, FEEDBACK_DIR, MEMBERS_DIR, MENU_FILE, REQUESTS_DIR

__plugins__ = ("validate",)

NAME = __name__
COMMUNITY_KEY = "sif_community"
#: The day the checks ran (a trade dated after it is an error): a cached load of
#: another day is checked again (see sif.ledger.books).
TODAY_KEY = "sif_today"
#: Files a plugin read that are not among the ledger's inputs, with what they
#: were when read (`file_state`): the issued documents. See sif.ledger.books.
WATCHED_KEY = "sif_watched"
#: Set by a plugin that left checks out on purpose (see sif.documents.plugin.Scope):
#: such a load is not kept in Beancount's cache.
PARTIAL_KEY = "sif_partial"
#: How many times the plugin ran in this process: a load that leaves it
#: unchanged came from Beancount's cache.
runs = 0


def file_state(path: Path) -> str:
    """A file's size and modification time, or "absent"."""
    try:
        stat = path.stat()
    except OSError:
        return "absent"
    return f"{stat.st_size}:{stat.st_mtime_ns}"


class PriceError(SifError):
    """A price of the community currency disagrees with services.yaml."""


class CurrencyError(SifError):
    """The community currency is not declared in the ledger."""


def root_of(options_map: dict[str, Any], config: str | None) -> Path:
    """The repository folder: the plugin's configuration, relative to the main file."""
    main = Path(options_map["filename"]).resolve()
    return (main.parent / (config.strip() if config else "..")).resolve()


def validate(
    entries: data.Directives, options_map: dict[str, Any], config: str | None = None
) -> tuple[data.Directives, list[SifError]]:
    """Check the ledger against the community's data; add member opens and prices."""
    global runs  # noqa: PLW0603 (a counter, see `runs`)
    runs += 1
    root = root_of(options_map, config)
    community = load_community(root)
    # `sif` reads the community from here instead of parsing the YAML twice.
    options_map[COMMUNITY_KEY] = community
    errors: list[SifError] = list(community.errors)
    _watch_yaml(options_map, root)
    menu = community.menu
    if menu is None:
        # Still open the member accounts: a typo in services.yaml is then one
        # error, not also an "unknown account" for every posting of every trade.
        used: dict[str, datetime.date] = {}
        for entry in entries:
            if isinstance(entry, data.Transaction):
                for posting in entry.postings:
                    if member_of(posting.account) is not None:
                        used.setdefault(posting.account, entry.date)
        hand = {entry.account for entry in entries if isinstance(entry, data.Open)}
        return entries + _opens(community, None, hand, used), errors

    today = datetime.date.today()  # noqa: DTZ011 (the books use local dates)
    options_map[TODAY_KEY] = today
    rules = TradeRules(community, menu, today)
    currency = menu.currency.code
    first_use: dict[str, datetime.date] = {}
    opened: set[str] = set()
    declared = False
    trades = []
    locks, lock_errors = read_locks(entries)
    settled = Settled(root, locks, entries)
    for entry in entries:
        if isinstance(entry, data.Transaction):
            if not settled.passed_before(entry):
                found = rules.check(entry)
                if found:
                    errors.extend(found)
                    settled.failed_in(entry)
            for posting in entry.postings:
                if is_member_account(posting.account):
                    first_use.setdefault(posting.account, entry.date)
            if "service" in entry.meta:
                trades.append(entry)
        elif isinstance(entry, data.Open):
            opened.add(entry.account)
        elif isinstance(entry, data.Commodity):
            declared = declared or entry.currency == currency
        elif isinstance(entry, data.Price) and entry.currency == currency:
            expected = menu.currency.value_on(entry.date)
            if entry.amount.number != expected or entry.amount.currency != menu.currency.fiat:
                if expected is None:
                    first = menu.currency.values[0].start if menu.currency.values else None
                    says = (
                        f"gives 1 {currency} no value on {entry.date} (its first is from {first})"
                    )
                else:
                    says = (
                        f"values 1 {currency} at {expected} {menu.currency.fiat} on {entry.date}"
                    )
                errors.append(
                    PriceError(
                        entry.meta,
                        f"services.yaml {says}: remove this price, the books take it from "
                        "services.yaml",
                        entry,
                    )
                )

    if not declared:
        errors.append(
            CurrencyError(
                source(options_map["filename"], 0),
                f"declare the currency: add `2000-01-01 commodity {currency}` to the main ledger file",
                None,
            )
        )

    settled.save()
    errors.extend(lock_errors)
    errors.extend(check_locks(locks, trades))
    errors.extend(check_feedback(root, trades, currency))
    errors.extend(check_limits(entries, community))

    new_entries = _opens(community, currency, opened, first_use) + _prices(community)
    return entries + new_entries, _one_error_per_missing_member(errors, root)


_NO_MEMBER = re.compile(r'^no member "([^"]+)"')


def _one_error_per_missing_member(errors: list[Any], root: Path) -> list[Any]:
    """One message per member the books name without a usable member file.

    A deleted member named by 27 trades is one problem, not 27: say it once, at
    the first place, listing the others. A member file that exists but has a
    YAML error is reported as such already; its trades add nothing to that.
    """
    by_member: dict[str, list[Any]] = {}
    kept: list[Any] = []
    for error in errors:
        match = _NO_MEMBER.match(error.message) if isinstance(error, UnknownMemberError) else None
        if match is None:
            kept.append(error)
        else:
            by_member.setdefault(match[1], []).append(error)
    for member, found in by_member.items():
        if (root / MEMBERS_DIR / f"{member}.yaml").is_file():
            continue  # the file's own error says what to fix
        if len(found) == 1:
            kept.append(found[0])
            continue
        places = [
            f"{_relative(str(e.source.get('filename', '?')), root)}:{e.source.get('lineno', 0)}"
            for e in found
        ]
        more = f" and {len(places) - 5} more" if len(places) > 5 else ""
        first = found[0]
        kept.append(
            UnknownMemberError(
                first.source,
                f'no member "{member}" in {MEMBERS_DIR}/, yet {len(found)} entries name it '
                f"({', '.join(places[:5])}{more}): add the member file, or if the file was "
                "deleted, restore it (a member who leaves gets `left: DATE`)."
                + did_you_mean(member, [p.stem for p in (root / MEMBERS_DIR).glob("*.yaml")]),
                first.entry,
            )
        )
    return kept


def _relative(filename: str, root: Path) -> str:
    path = Path(filename)
    return str(path.relative_to(root)) if path.is_relative_to(root) else filename


def _opens(
    community: Community,
    currency: str | None,
    opened: set[str],
    first_use: dict[str, datetime.date],
) -> list[data.Directive]:
    """Open directives for member accounts not opened by hand.

    An account opens when the member joined, or at its first use if that is
    earlier (or the member is unknown): the plugin's own errors explain those
    cases, and a second, vaguer error from Beancount would only add noise.
    """
    result: list[data.Directive] = []
    accounts = {member_account(m.id): m for m in community.members.values()}
    for account in sorted(set(accounts) | set(first_use)):
        if account in opened:
            continue
        member = accounts.get(account)
        only = [currency] if currency else []  # no constraint without a menu card
        if member is None:  # a receivable or payable, or an unknown member's account
            roots = [root for root in MEMBER_ROOTS if member_of(account, root) is not None]
            member = community.members.get(member_of(account, roots[0]) or "") if roots else None
            if roots != [MEMBERS]:
                only = []
        dates = [d for d in (member.joined if member else None, first_use.get(account)) if d]
        meta = data.new_metadata(
            member.filename if member else "<sif>", member.line if member else 0
        )
        result.append(data.Open(meta, min(dates), account, only, None))
    return result


def _prices(community: Community) -> list[data.Directive]:
    menu = community.menu
    assert menu is not None
    meta = data.new_metadata(menu.filename, 0)
    return [
        data.Price(
            meta, value.start, menu.currency.code, amount.Amount(value.value, menu.currency.fiat)
        )
        for value in menu.currency.values
    ]


def _watch_yaml(options_map: dict[str, Any], root: Path) -> None:
    """List the YAML files, their folders and sif itself among the ledger's inputs.

    Beancount's cache and Fava's reload both follow `options_map["include"]`, so
    a change to a member file or the menu card is seen like a ledger change. The
    folders, the ledger's ones included, are listed too (a new or removed file
    changes its folder's modification time), and so is sif's `__init__.py`,
    which holds its version: another version of sif checks the books again
    instead of reading a cache that an older one wrote.
    """
    answers, _ = feedback_files(root)
    files = [root / MENU_FILE, *answers]
    folders = [root / name for name in (MEMBERS_DIR, CONCEPTS_DIR, REQUESTS_DIR, FEEDBACK_DIR)]
    # feedback/YYYY-MM/: a new answer in a month changes that month's folder.
    if (root / FEEDBACK_DIR).is_dir():
        folders += sorted(p for p in (root / FEEDBACK_DIR).iterdir() if p.is_dir())
    for folder in (MEMBERS_DIR, CONCEPTS_DIR, REQUESTS_DIR):
        if (root / folder).is_dir():
            files.extend(sorted((root / folder).glob("*.yaml")))
    include = options_map.setdefault("include", [])
    known = set(include)
    # The ledger's subfolders too: a trade file that appears below
    # `include "trades/**/*.beancount"` is in no list of files yet. (Not the
    # main file's own folder: Beancount writes its cache there.)
    main = Path(options_map["filename"])
    ledger_folders = (
        sorted(
            str(Path(folder) / name)
            for folder, names, _ in os.walk(main.parent)
            for name in names
            if not name.startswith(".")
        )
        if main.is_file()
        else []
    )
    # A folder is listed even before it exists: Beancount hashes the names of
    # the inputs, and the state of those that exist, so creating it counts too.
    listed = [
        *(f for f in files if f.is_file()),
        *folders,
        *map(Path, ledger_folders),
        Path(sif.__file__).resolve(),
    ]
    for path in listed:
        if str(path) not in known:
            include.append(str(path))
            known.add(str(path))
