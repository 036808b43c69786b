"""Set-off across months: at every month-end and with `sif settle`, oldest first.

The books: bram-peeters (small enterprise) and atelier-soleil (registered)
trade a strengthening session (2.50 SIF, EUR 125.00) three months running:

    2026-08  atelier -> bram   bram: invoice 151.25     atelier: self-billed 151.25
    2026-09  bram -> atelier   bram: self-billed 125.00 atelier: invoice 151.25
    2026-10  bram -> atelier   bram: self-billed 125.00 atelier: invoice 151.25

Bram's August invoice is set off against his September settlement (125.00),
and what is left of it (26.25) against October's, which leaves the Fabriek
owing him 98.75. Atelier's September invoice nets its August settlement.
"""

from __future__ import annotations

import html
import json
from decimal import Decimal
from pathlib import Path

import pytest

from sif.documents import run as run_module
from sif.documents.settle import Item, plan
from tests.conftest import Repo, dedent
from tests.statementbooks import ADDRESSES, append

D = Decimal

TRADES = {
    "2026-08": ("Atelier-soleil", "Bram-peeters"),
    "2026-09": ("Bram-peeters", "Atelier-soleil"),
    "2026-10": ("Bram-peeters", "Atelier-soleil"),
}
ISSUED = {"2026-08": "2026-09-02", "2026-09": "2026-10-02", "2026-10": "2026-11-03"}


def _prepare(repo: Repo) -> None:
    for member, line in ADDRESSES.items():
        append(repo, member, line)
    for month, (provider, recipient) in TRADES.items():
        repo.month(
            month,
            dedent(f"""\
            {month}-10 * "Versterkingssessie"
              service: "strengthening-session"
              Assets:Members:{provider:<16} -2.50 SIF
              Assets:Members:{recipient:<16}  2.50 SIF
            """),
        )
    assert repo.check()["ok"], repo.errors()


def _invoice(repo: Repo, month: str) -> str:
    result = repo.run("invoice", "run", "--month", month, "--issue-date", ISSUED[month])
    assert result.exit_code == 0, result.output
    return result.output


def _documents(repo: Repo) -> dict[tuple[str, str], dict[str, str]]:
    """(member, period) of each invoice or self-billed document -> its row of `invoice list`."""
    listing = repo.run("invoice", "list", "--format", "json")
    assert listing.exit_code == 0, listing.output
    return {(row["member"], row["period"]): row for row in json.loads(listing.output)}


def _open(repo: Repo) -> dict[str, dict[str, Decimal]]:
    """Member -> document -> what is open, positive: the member owes it."""
    result: dict[str, dict[str, Decimal]] = {}
    for row in _documents(repo).values():
        amount = D(row["open"])
        if row["type"] == "self-billing" or row["status"] == "overpaid":
            amount = -amount
        if amount:
            result.setdefault(row["member"], {})[row["number"]] = amount
    return result


def _nobody_owes_and_is_owed(repo: Repo) -> None:
    for member, items in _open(repo).items():
        signs = {amount > 0 for amount in items.values()}
        assert len(signs) == 1, f"{member} both owes and is owed: {items}"


@pytest.fixture
def legacy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Month-ends as before set-off across months: only each month's own pair."""
    monkeypatch.setattr(run_module, "across_months", lambda *args: [])


def test_each_month_end_sets_off_what_is_open_across_three_months(repo: Repo) -> None:
    _prepare(repo)
    _invoice(repo, "2026-08")
    docs = _documents(repo)
    august = docs[("bram-peeters", "2026-08")]["number"]
    assert _open(repo)["bram-peeters"] == {august: D("151.25")}

    output = _invoice(repo, "2026-09")
    docs = _documents(repo)
    september = docs[("bram-peeters", "2026-09")]["number"]
    assert f"bram-peeters: 125.00 of {august} (2026-09-02) set off against {september}" in output
    assert _open(repo)["bram-peeters"] == {august: D("26.25")}
    assert "atelier-soleil" not in _open(repo)  # its August settlement nets its invoice

    _invoice(repo, "2026-10")
    october = _documents(repo)[("bram-peeters", "2026-10")]["number"]
    assert _open(repo)["bram-peeters"] == {october: D("-98.75")}
    _nobody_owes_and_is_owed(repo)
    text = (repo.root / "ledger" / "documents" / "2026-10.beancount").read_text(encoding="utf-8")
    assert f'"Verrekening {august} met {october}" ^{august} ^{october}' in text
    assert f'document: "{august}"' in text and f'document: "{october}"' in text
    assert repo.check()["ok"], repo.errors()
    # Bram is owed 98.75 in EUR and is owed 5.00 SIF: the set-offs moved no SIF.
    rows = json.loads(repo.run("balances", "--as-of", "2026-12-31", "--format", "json").output)
    assert {r["member"]: r["balance"] for r in rows}["bram-peeters"] == "-2.50"


@pytest.mark.usefixtures("legacy")
def test_sif_settle_nets_books_invoiced_before_oldest_first(repo: Repo) -> None:
    _prepare(repo)
    for month in ISSUED:
        _invoice(repo, month)
    docs = _documents(repo)
    bram = [docs[("bram-peeters", month)]["number"] for month in ISSUED]
    atelier = [docs[("atelier-soleil", month)]["number"] for month in ISSUED]
    assert _open(repo)["bram-peeters"] == dict(
        zip(bram, [D("151.25"), D("-125.00"), D("-125.00")], strict=True)
    )

    before = repo.snapshot()
    dry = repo.run("settle", "--as-of", "2026-11-20", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "Would set off on 2026-11-20: 3 set-offs" in dry.output
    assert repo.snapshot() == before

    result = repo.run("settle", "--as-of", "2026-11-20")
    assert result.exit_code == 0, result.output
    # Oldest first on both sides: August's invoice against September's, then October's.
    assert f"125.00 of {bram[0]} (2026-09-02) set off against {bram[1]}" in result.output
    assert f"26.25 of {bram[0]} (2026-09-02) set off against {bram[2]}" in result.output
    assert f"151.25 of {atelier[1]} (2026-10-02) set off against {atelier[0]}" in result.output
    assert _open(repo) == {
        "bram-peeters": {bram[2]: D("-98.75")},
        "atelier-soleil": {atelier[2]: D("151.25")},
    }
    path = repo.root / "ledger" / "documents" / "setoffs-2026.beancount"
    assert 'setoff: "2026-11-20"' in path.read_text(encoding="utf-8")
    assert repo.check()["ok"], repo.errors()

    again = repo.run("settle", "--as-of", "2026-11-21")
    assert again.exit_code == 0 and "Nothing to set off" in again.output


@pytest.mark.usefixtures("legacy")
def test_settle_takes_only_what_is_open_on_its_day_and_after(repo: Repo) -> None:
    _prepare(repo)
    _invoice(repo, "2026-08")
    _invoice(repo, "2026-09")
    august = _documents(repo)[("bram-peeters", "2026-08")]["number"]
    paid = repo.run(
        "payment", "record", "--document", august, "--amount", "100", "--date", "2026-10-20"
    )
    assert paid.exit_code == 0, paid.output
    early = repo.run("settle", "--as-of", "2026-09-30")
    assert early.exit_code == 1 and "Settle on or after 2026-10-02" in early.output
    # On 2026-10-10 151.25 was open, but 100.00 came in since: 51.25 is set off.
    result = repo.run("settle", "--as-of", "2026-10-10")
    assert result.exit_code == 0, result.output
    assert f"51.25 of {august}" in result.output
    assert _open(repo)["bram-peeters"] == {
        _documents(repo)[("bram-peeters", "2026-09")]["number"]: D("-73.75")
    }
    assert repo.check()["ok"], repo.errors()


@pytest.mark.usefixtures("legacy")
def test_a_payout_to_a_member_who_owes_is_refused_with_the_netting(
    repo: Repo, tmp_path: Path
) -> None:
    _prepare(repo)
    _invoice(repo, "2026-08")
    _invoice(repo, "2026-09")
    docs = _documents(repo)
    invoice = docs[("bram-peeters", "2026-08")]
    settlement = docs[("bram-peeters", "2026-09")]
    before = repo.snapshot()
    by_hand = repo.run(
        "payment", "record", "--document", settlement["number"],
        "--amount", "125.00", "--date", "2026-10-20",
    )  # fmt: skip
    assert by_hand.exit_code == 1
    assert f"bram-peeters owes 151.25 EUR on {invoice['number']}" in by_hand.output
    assert f"125.00 EUR of {settlement['number']} against {invoice['number']}" in by_hand.output
    assert "the member still owes 26.25 EUR" in by_hand.output and "sif settle" in by_hand.output
    bank = tmp_path / "bank.csv"
    bank.write_text(
        "date,amount,currency,reference,name,iban,id\n"
        f"2026-10-20,-125.00,EUR,{settlement['reference']},Bram,,P1\n",
        encoding="utf-8",
    )
    imported = repo.run("payment", "import", str(bank))
    assert imported.exit_code == 1
    assert "set-off-first" in imported.output and "sif settle" in imported.output
    assert repo.snapshot() == before


def test_the_plan_pairs_oldest_first_and_leaves_one_side() -> None:
    import datetime

    day = datetime.date(2026, 1, 1)

    def item(number: str, days: int, amount: str) -> Item:
        return Item(number, "x", "m", day + datetime.timedelta(days=days), D(amount))

    items = [item("F3", 3, "10"), item("AF1", 1, "-30"), item("F1", 0, "25"), item("AF2", 2, "-1")]
    made = [(s.debt.number, s.credit.number, s.amount) for s in plan(items)]
    assert made == [("F1", "AF1", D("25")), ("F3", "AF1", D("5")), ("F3", "AF2", D("1"))]
    assert plan([item("F1", 0, "25"), item("F2", 1, "5")]) == []


@pytest.mark.usefixtures("legacy")
def test_the_statement_says_what_the_net_position_means(repo: Repo) -> None:
    _prepare(repo)
    _invoice(repo, "2026-08")
    _invoice(repo, "2026-09")
    docs = _documents(repo)
    invoice = docs[("bram-peeters", "2026-08")]["number"]
    settlement = docs[("bram-peeters", "2026-09")]["number"]

    def statement() -> str:
        args = ("--month", "2026-09", "--as-of", "2026-10-05", "--member", "bram-peeters")
        result = repo.run("statements", *args)
        assert result.exit_code == 0, result.output
        path = repo.root / "out" / "statements" / "2026-09" / "bram-peeters.html"
        return " ".join(html.unescape(path.read_text(encoding="utf-8")).split())

    before = statement()  # Bram reads English
    assert (
        "You have both amounts to pay and amounts to receive: Sociale InnovatieFabriek vzw sets "
        "these documents off against each other at the next month-end, oldest first. Net: you "
        "owe Sociale InnovatieFabriek vzw EUR 26.25."
    ) in before
    assert repo.run("settle", "--as-of", "2026-10-05").exit_code == 0
    after = statement()
    assert f"Set-off of {invoice} against {settlement}" in after
    assert (
        "This is your net position in euro: what you and Sociale InnovatieFabriek vzw owe each "
        "other is set off, oldest documents first. You owe Sociale InnovatieFabriek vzw "
        "EUR 26.25 and pay only this balance."
    ) in after
    assert f"Please pay EUR 26.25 (invoice {invoice})" in after
