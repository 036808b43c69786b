"""Properties over many generated ledgers and requests (hypothesis).

(a) Any list of valid trades checks clean, and the balances of all accounts
    sum to exactly zero (and are what the trades say).
(b) `sif record` never leaves invalid books behind: after every call either it
    succeeded and the books check clean, or it failed and no file changed.
"""

from __future__ import annotations

import datetime
import tempfile
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import NamedTuple

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from sif.demo.generate import TEMPLATE
from sif.ledger.accounts import member_account
from sif.ledger.balances import compute_balances
from sif.ledger.books import load_books
from sif.model.menu import MenuCard, load_menu
from tests.conftest import CONCEPTS, OPERATOR, PEERS, build_repo, run_cli, snapshot

TODAY = datetime.date.today()  # noqa: DTZ011 (the books use local dates)
CENT = Decimal("0.01")


def _menu() -> MenuCard:
    menu, errors = load_menu(TEMPLATE / "services.yaml")
    assert menu is not None, errors
    return menu


MENU = _menu()
SERVICES = sorted(MENU.services)
#: When each peer of the fixture may trade (see conftest).
ACTIVE: dict[str, tuple[datetime.date, datetime.date | None]] = {
    "an-claes": (datetime.date(2024, 1, 1), None),
    "de-buurtkeuken": (datetime.date(2024, 3, 1), None),
    "atelier-soleil": (datetime.date(2024, 1, 15), None),
    "bram-peeters": (datetime.date(2024, 6, 1), None),
    "oud-lid": (datetime.date(2024, 1, 1), datetime.date(2025, 6, 30)),
}
QUANTITIES = [Decimal(q) for q in ("0.25", "0.5", "1", "1.5", "2", "3", "7")]


def active(date: datetime.date) -> list[str]:
    result = []
    for member in PEERS:
        joined, left = ACTIVE[member]
        if joined <= date and (left is None or date <= left):
            result.append(member)
    return result


def shares(total: Decimal, parties: int) -> list[Decimal]:
    """The equal split, written out here rather than taken from the code under test."""
    cents = int(total / CENT)
    return [(cents // parties + (1 if i < cents % parties else 0)) * CENT for i in range(parties)]


class GeneratedTrade(NamedTuple):
    date: datetime.date
    service: str
    quantity: Decimal
    providers: list[str]
    recipients: list[str]
    total: Decimal

    def postings(self) -> list[tuple[str, Decimal]]:
        return [
            (member, -share)
            for member, share in zip(
                self.providers, shares(self.total, len(self.providers)), strict=True
            )
        ] + [
            (member, share)
            for member, share in zip(
                self.recipients, shares(self.total, len(self.recipients)), strict=True
            )
        ]

    def text(self) -> str:
        lines = [
            f'{self.date} * "Generated {self.service}"',
            f'  service: "{self.service}"',
            f"  quantity: {self.quantity}",
        ]
        lines += [f"  {member_account(m):<36}{n:>8} SIF" for m, n in self.postings()]
        return "\n".join(lines) + "\n"


@st.composite
def valid_trades(draw: st.DrawFn) -> GeneratedTrade:
    date = draw(
        st.dates(min_value=datetime.date(2024, 6, 1), max_value=TODAY - datetime.timedelta(1))
    )
    service = MENU.services[draw(st.sampled_from(SERVICES))]
    peers = active(date)
    if service.flow == "member-to-member":
        chosen = draw(st.permutations(peers))
        n_providers = draw(st.integers(1, 2))
        n_recipients = draw(st.integers(1, min(3, len(chosen) - n_providers)))
        providers = list(chosen[:n_providers])
        recipients = list(chosen[n_providers : n_providers + n_recipients])
    elif service.flow == "member-to-operator":
        providers = [OPERATOR]
        recipients = draw(st.lists(st.sampled_from(peers), min_size=1, max_size=3, unique=True))
    else:
        providers = draw(st.lists(st.sampled_from(peers), min_size=1, max_size=2, unique=True))
        recipients = [OPERATOR]
    quantity = draw(st.sampled_from(QUANTITIES))
    tariff = service.tariff_on(date)
    assert tariff is not None
    total = (tariff.value * quantity).quantize(CENT, ROUND_HALF_UP)
    return GeneratedTrade(date, service.id, quantity, providers, recipients, total)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(trades=st.lists(valid_trades(), min_size=1, max_size=25))
def test_valid_trades_check_clean_and_balances_sum_to_zero(trades: list[GeneratedTrade]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = build_repo(Path(folder) / "books")
        months: dict[str, list[str]] = defaultdict(list)
        for trade in trades:
            months[trade.date.strftime("%Y-%m")].append(trade.text())
        for month, texts in months.items():
            (root / "ledger" / "trades" / f"{month}.beancount").write_text(
                "\n".join(texts), encoding="utf-8"
            )
        books = load_books(root)
        assert books.errors == [], [error.message for error in books.errors]

        expected: dict[str, Decimal] = defaultdict(Decimal)
        given_: dict[str, Decimal] = defaultdict(Decimal)
        for trade in trades:
            for member, number in trade.postings():
                expected[member] += number
                if number < 0:
                    given_[member] -= number
        result = compute_balances(books.entries, books.community, TODAY)
        assert sum((b.balance for b in result), Decimal(0)) == 0
        for balance in result:
            assert balance.balance == expected[balance.member]
            assert balance.given == given_[balance.member]
            assert balance.received - balance.given == balance.balance
            # Only those who owe have a debt age, and it is never negative.
            assert (balance.debt_age_days is not None) == (balance.balance > 0)
            assert balance.debt_age_days is None or balance.debt_age_days >= 0

        report = run_cli(root, "check")
        assert report.exit_code == 0, report.output


# --- (b) sif record with anything ------------------------------------------------------------

MEMBER_IDS = [*PEERS, OPERATOR]
BAD_IDS = ["../evil", "nobody", "An-claes", "an-claes/../x", "an claes", ""]
ids = st.one_of(st.sampled_from(MEMBER_IDS), st.sampled_from(BAD_IDS))


class Request(NamedTuple):
    service: str
    date: datetime.date
    providers: list[str]
    recipients: list[str]
    quantity: Decimal
    concept: str | None
    note: str | None

    def args(self) -> list[str]:
        args = ["record", self.service, f"--date={self.date}", f"--quantity={self.quantity}"]
        args += [f"--provider={member}" for member in self.providers]
        args += [f"--recipient={member}" for member in self.recipients]
        if self.concept is not None:
            args.append(f"--concept={self.concept}")
        if self.note is not None:
            args.append(f"--note={self.note}")
        return args


arbitrary_requests = st.builds(
    Request,
    service=st.one_of(
        st.sampled_from(SERVICES), st.sampled_from(["workshp", "../x", "", "Coaching-hour"])
    ),
    date=st.one_of(
        st.dates(min_value=datetime.date(2024, 6, 1), max_value=TODAY),
        st.dates(min_value=datetime.date(2023, 1, 1), max_value=TODAY + datetime.timedelta(90)),
    ),
    providers=st.lists(ids, max_size=3),
    recipients=st.lists(ids, max_size=3),
    quantity=st.one_of(
        st.sampled_from(QUANTITIES),
        st.decimals(min_value=-3, max_value=50, places=3, allow_nan=False, allow_infinity=False),
    ),
    concept=st.one_of(st.none(), st.sampled_from([*CONCEPTS, "repair-cafe", '"quoted"'])),
    note=st.one_of(st.none(), st.text(max_size=30)),
)


@st.composite
def likely_valid_requests(draw: st.DrawFn) -> Request:
    """A request for a valid trade, with the operator left implied at times, and any note."""
    trade = draw(valid_trades())
    providers, recipients = trade.providers, trade.recipients
    if providers == [OPERATOR] and draw(st.booleans()):
        providers = []
    if recipients == [OPERATOR] and draw(st.booleans()):
        recipients = []
    concept = draw(st.one_of(st.none(), st.sampled_from(sorted(CONCEPTS))))
    note = draw(st.one_of(st.none(), st.text(max_size=30)))
    return Request(trade.service, trade.date, providers, recipients, trade.quantity, concept, note)


requests = st.one_of(likely_valid_requests(), arbitrary_requests)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(batch=st.lists(requests, min_size=1, max_size=3))
def test_record_never_leaves_invalid_books(batch: list[Request]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = build_repo(Path(folder) / "books")
        for request in batch:
            before = snapshot(root)
            result = run_cli(root, *request.args())
            assert result.exit_code in (0, 1), result.output
            event(f"exit {result.exit_code}")
            if result.exit_code == 0:
                books = load_books(root)
                assert books.errors == [], [error.message for error in books.errors]
                trade, where = result.stdout.rsplit("Recorded in ", 1)
                written = root / where.strip().removesuffix(".")
                assert written.parent.name == f"{request.date:%Y-%m}"
                assert written.read_text(encoding="utf-8") == trade
                changed = {
                    name for name, body in snapshot(root).items() if before.get(name) != body
                }
                assert changed == {str(written.relative_to(root))}
            else:
                assert "nothing was written" in result.stderr
                assert snapshot(root) == before
