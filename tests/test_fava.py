"""The staff's pages in Fava, through Fava's own application and its test client.

The demo books (a copy: the tree is shared) are loaded once by
`fava.application.create_app`, as `sif fava` does; every page is fetched like
a browser would, and its figures are compared with what the CLI says about
the same books: `sif balances --format json`, `sif invoice list --format
json` and `sif feedback report --format json`, and with the library's own
readings (locks, alerts, the accounts' balances). The pages' day is pinned to
TODAY, and the CLI is asked `--as-of TODAY`, so the test means the same on
any day.
"""

from __future__ import annotations

import datetime
import json
import os
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from beancount.core import data
from fava.application import create_app
from flask import Flask
from flask.testing import FlaskClient
from lxml import html

from sif.alerts.debt import debt_alerts
from sif.documents.stored import embedded_pdf
from sif.fava_ext import pages
from sif.fava_ext.imbalances import AGE_BUCKETS, bucket_of
from sif.ledger.accounts import PAYABLES, RECEIVABLES, member_account, member_of
from sif.ledger.balances import compute_balances
from sif.ledger.books import load_books
from sif.ledger.locks import read_locks
from sif.ledger.trades import iter_trades
from tests.conftest import Repo, run_cli
from tests.favabooks import PAGE_NAMES, copy_books

TODAY = datetime.date(2026, 11, 27)


@pytest.fixture(scope="module", autouse=True)
def _pinned_day() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pages, "_today", lambda: TODAY)
        yield


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory, demo_root: Path) -> Path:
    return copy_books(demo_root, tmp_path_factory.mktemp("fava") / "books")


def fava_app(root: Path, *, read_only: bool = True) -> Flask:
    return create_app(
        [str(root / "ledger" / "main.beancount")],
        load=True,
        read_only=read_only,
        poll_watcher=True,
    )


@pytest.fixture(scope="module")
def app(books: Path) -> Flask:
    return fava_app(books)


@pytest.fixture(scope="module")
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture(scope="module")
def slug(app: Flask) -> str:
    return str(app.config["LEDGERS"].first_slug())


def cli_json(root: Path, *args: str) -> Any:
    result = run_cli(root, *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def balances(books: Path) -> dict[str, dict[str, Any]]:
    rows = cli_json(books, "balances", "--as-of", TODAY.isoformat())
    return {row["member"]: row for row in rows}


@pytest.fixture(scope="module")
def invoices(books: Path) -> dict[str, dict[str, Any]]:
    return {row["number"]: row for row in cli_json(books, "invoice", "list")}


def fetch(client: FlaskClient, url: str) -> html.HtmlElement:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return html.fromstring(response.get_data(as_text=True))


def page(client: FlaskClient, slug: str, name: str, query: str = "") -> html.HtmlElement:
    return fetch(client, f"/{slug}/extension/{name}/{query}")


def rows(doc: html.HtmlElement, table: str) -> list[html.HtmlElement]:
    found: list[html.HtmlElement] = doc.xpath(f"//table[@id='{table}']/tbody/tr")
    return found


def cell(row: html.HtmlElement, col: str) -> html.HtmlElement:
    (found,) = row.xpath(f"td[@data-col='{col}']")
    assert isinstance(found, html.HtmlElement)
    return found


def value(row: html.HtmlElement, col: str) -> str:
    """The value a column sorts by: its `data-value`, or else its text."""
    found = cell(row, col)
    sort_value = found.get("data-value")
    return str(found.text_content().strip() if sort_value is None else sort_value)


def links(element: html.HtmlElement) -> list[str]:
    return [str(href) for href in element.xpath(".//a/@href")]


def money(text: str) -> Decimal:
    return Decimal(text).quantize(Decimal("0.01"))


# Fava finds the extension -----------------------------------------------------------------


def test_the_ledger_enables_the_five_pages_in_order(app: Flask, slug: str) -> None:
    ledger = app.config["LEDGERS"][slug]
    details = ledger.extensions.extension_details
    assert [d.name for d in details] == list(PAGE_NAMES)
    assert [d.report_title for d in details] == [
        "SIF members",
        "SIF documents",
        "SIF month-end",
        "SIF imbalances",
        "SIF feedback",
    ]
    assert not ledger.errors, ledger.errors


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_every_page_answers_with_the_bar_of_links_and_fava_around_it(
    client: FlaskClient, slug: str, name: str
) -> None:
    doc = page(client, slug, name)
    nav = doc.xpath("//nav[@aria-label='SIF pages']")[0]
    assert [a.get("href") for a in nav.xpath(".//a")] == [
        f"/{slug}/extension/{other}/" for other in PAGE_NAMES
    ]
    assert nav.xpath(".//a[@aria-current='page']")[0].get("href").endswith(f"/{name}/")
    assert doc.xpath("//script[@id='ledger-data']"), "Fava's layout is missing"
    partial = client.get(f"/{slug}/extension/{name}/?partial=true")
    assert partial.status_code == 200
    assert "<html" not in partial.get_data(as_text=True)  # what Fava's router loads


def test_the_table_script_is_served_as_the_members_page_module(
    client: FlaskClient, slug: str
) -> None:
    response = client.get(f"/{slug}/extension_js_module/SifMembers.js")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "export default" in text
    assert "onPageLoad" in text


# Members ----------------------------------------------------------------------------------


def test_members_show_the_figures_of_sif_balances(
    client: FlaskClient, slug: str, balances: dict[str, dict[str, Any]]
) -> None:
    doc = page(client, slug, "SifMembers")
    shown = {str(row.get("data-member")): row for row in rows(doc, "sif-members")}
    assert set(shown) == set(balances)
    for member, expected in balances.items():
        row = shown[member]
        assert value(row, "balance") == expected["balance"], member
        assert value(row, "given") == expected["given"], member
        assert value(row, "received") == expected["received"], member
        assert value(row, "last_activity") == (expected["last_activity"] or ""), member
        age = expected["debt_age_days"]
        assert value(row, "debt_age_days") == ("" if age is None else str(age)), member
        # Read in words, one convention: who owes whom.
        balance = Decimal(expected["balance"])
        words = (
            f"owes {balance:.2f} SIF"
            if balance > 0
            else f"is owed {-balance:.2f} SIF"
            if balance < 0
            else "owes nothing"
        )
        assert cell(row, "balance").text_content() == words, member
        if expected["name"]:
            assert expected["name"] in cell(row, "member").text_content()


def test_members_come_oldest_debt_first(client: FlaskClient, slug: str) -> None:
    ages = [
        value(row, "debt_age_days")
        for row in rows(page(client, slug, "SifMembers"), "sif-members")
    ]
    owing = [int(age) for age in ages if age]
    assert owing == sorted(owing, reverse=True)
    assert ages[: len(owing)] == [str(age) for age in owing], "members in debt come first"


def test_members_eur_open_is_what_sif_invoice_list_leaves_open_and_the_accounts_hold(
    client: FlaskClient,
    slug: str,
    books: Path,
    invoices: dict[str, dict[str, Any]],
) -> None:
    expected: dict[str, Decimal] = {}
    count: dict[str, int] = {}
    for listed in invoices.values():
        member = listed["member"]
        count[member] = count.get(member, 0) + 1
        if listed["status"].startswith("credits "):
            continue
        sign = -1 if listed["type"] in ("self-billing", "settlement") else 1
        expected[member] = expected.get(member, Decimal(0)) + sign * Decimal(listed["open"])
    # The same figure from the accounts: receivable plus payable, in EUR.
    held: dict[str, Decimal] = {}
    for entry in load_books(books).entries:
        if not isinstance(entry, data.Transaction):
            continue
        for posting in entry.postings:
            owner = member_of(posting.account, RECEIVABLES) or member_of(posting.account, PAYABLES)
            if owner is not None and posting.units is not None:
                held[owner] = held.get(owner, Decimal(0)) + Decimal(posting.units.number or 0)
    doc = page(client, slug, "SifMembers")
    for row in rows(doc, "sif-members"):
        member = str(row.get("data-member"))
        shown = money(value(row, "eur_open"))
        assert shown == expected.get(member, Decimal(0)), member
        assert shown == held.get(member, Decimal(0)), member
        assert int(value(row, "documents")) == count.get(member, 0), member
    assert any(amount for amount in expected.values()), "the demo has open documents"


def test_members_past_the_debt_alert_are_marked(
    client: FlaskClient, slug: str, books: Path
) -> None:
    loaded = load_books(books)
    alerted = {
        alert.member
        for alert in debt_alerts(
            loaded.community, compute_balances(loaded.entries, loaded.community, TODAY)
        )
    }
    assert alerted, "the demo has members past the alert"
    doc = page(client, slug, "SifMembers")
    marked = {
        str(row.get("data-member"))
        for row in rows(doc, "sif-members")
        if row.xpath(".//span[contains(@class, 'alert')]")
    }
    assert marked == alerted
    for row in rows(doc, "sif-members"):
        tags = str(row.get("data-tags")).split()
        assert ("alert" in tags) == (row.get("data-member") in alerted)


def test_member_status_says_who_has_left_and_who_is_the_operator(repo: Repo) -> None:
    client = fava_app(repo.root).test_client()
    doc = page(client, "sociale-innovatiefabriek-sif", "SifMembers")
    status = {
        str(row.get("data-member")): value(row, "status") for row in rows(doc, "sif-members")
    }
    assert status["oud-lid"] == "left"
    assert status["fabriek"] == "operator"
    assert status["an-claes"] == "active"


def test_members_show_the_room_left_under_the_credit_limit(repo: Repo) -> None:
    client = fava_app(repo.root).test_client()
    doc = page(client, "sociale-innovatiefabriek-sif", "SifMembers")
    assert not doc.xpath("//td[@data-col='room']"), "no credit limits, no column"
    path = repo.root / "services.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "\ncredit_limits:\n  default: {hard: 6}\n",
        encoding="utf-8",
    )
    repo.month(
        "2026-03",
        """
        2026-03-12 * "Versterkingssessie"
          service: "strengthening-session"
          Assets:Members:An-claes          -2.50 SIF
          Assets:Members:De-buurtkeuken     2.50 SIF
        """,
    )
    doc = page(fava_app(repo.root).test_client(), "sociale-innovatiefabriek-sif", "SifMembers")
    room = {str(row.get("data-member")): value(row, "room") for row in rows(doc, "sif-members")}
    assert (room["de-buurtkeuken"], room["an-claes"], room["fabriek"]) == ("3.50", "6.00", "")


def test_each_member_links_to_their_journal_and_their_documents(
    client: FlaskClient, slug: str, invoices: dict[str, dict[str, Any]]
) -> None:
    doc = page(client, slug, "SifMembers")
    with_documents = None
    for row in rows(doc, "sif-members"):
        member = str(row.get("data-member"))
        journal = f"/{slug}/account/{member_account(member)}/"
        assert journal in links(cell(row, "member")), member
        documents = links(cell(row, "documents"))
        if int(value(row, "documents")):
            assert documents == [f"/{slug}/extension/SifDocuments/?member={member}"]
            with_documents = with_documents or (member, journal, documents[0])
        else:
            assert documents == []
    assert with_documents is not None
    member, journal, listing = with_documents
    assert client.get(journal).status_code == 200
    listed = {str(r.get("data-number")) for r in rows(fetch(client, listing), "sif-documents")}
    assert listed == {n for n, row in invoices.items() if row["member"] == member}


# Documents --------------------------------------------------------------------------------


def test_documents_show_what_sif_invoice_list_says(
    client: FlaskClient, slug: str, invoices: dict[str, dict[str, Any]]
) -> None:
    doc = page(client, slug, "SifDocuments", "?period=all")
    shown = {str(row.get("data-number")): row for row in rows(doc, "sif-documents")}
    assert set(shown) == set(invoices)
    assert len(invoices) > 40
    for number, expected in invoices.items():
        row = shown[number]
        assert cell(row, "type").get("data-kind") == expected["type"]
        assert cell(row, "member").get("data-member") == expected["member"]
        assert value(row, "period") == expected["period"]
        assert value(row, "issue_date") == expected["issue_date"]
        assert value(row, "net") == expected["net"]
        assert value(row, "vat") == expected["vat"]
        assert value(row, "total") == expected["total"]
        assert money(value(row, "open")) == money(expected["open"])
        assert value(row, "status") == expected["status"]
    statuses = {row["status"] for row in invoices.values()}
    assert {"open", "settled", "partly settled"} <= statuses, statuses


def test_documents_open_their_pdf_and_ubl_through_favas_documents(
    client: FlaskClient, slug: str, books: Path
) -> None:
    doc = page(client, slug, "SifDocuments", "?period=all")
    checked = 0
    for row in rows(doc, "sif-documents"):
        number = str(row.get("data-number"))
        period = value(row, "period")
        files = cell(row, "files").xpath(".//a")
        assert [a.text_content() for a in files] == ["PDF", "UBL"], number
        for link, suffix in zip(files, ("pdf", "xml"), strict=True):
            href = str(link.get("href"))
            assert href.startswith(f"/{slug}/document/?filename="), href
            assert link.get("data-remote") is not None  # a download, not a page of Fava's
            if checked < 6:
                response = client.get(href)
                assert response.status_code == 200, href
                # One file is stored, the UBL; the PDF is the one inside it, produced on demand.
                ubl = (books / "documents" / period / f"{number}.xml").read_bytes()
                assert response.data == (ubl if suffix == "xml" else embedded_pdf(ubl))
        checked += 1
    assert checked > 40
    assert not list((books / "documents").rglob("*.pdf"))


def test_documents_show_the_latest_period_unless_asked_for_another(
    client: FlaskClient, slug: str, invoices: dict[str, dict[str, Any]]
) -> None:
    latest = max(row["period"] for row in invoices.values())
    doc = page(client, slug, "SifDocuments")
    assert {value(r, "period") for r in rows(doc, "sif-documents")} == {latest}
    assert doc.xpath("//h2")[0].text_content() == f"Documents for {latest}"
    periods = doc.xpath("//p[@class='sif-periods']")[0]
    assert periods.xpath("strong")[0].text_content() == latest
    assert f"/{slug}/extension/SifDocuments/?period=all" in links(periods)
    assert f"/{slug}/extension/SifDocuments/?period=2026-08" in links(periods)


def test_documents_of_a_member_and_of_a_month_are_those_the_cli_lists(
    client: FlaskClient, slug: str, books: Path
) -> None:
    listing = cli_json(books, "invoice", "list", "--month", "2026-08")
    doc = page(client, slug, "SifDocuments", "?period=2026-08")
    assert {str(r.get("data-number")) for r in rows(doc, "sif-documents")} == {
        row["number"] for row in listing
    }
    member = listing[0]["member"]
    mine = cli_json(books, "invoice", "list", "--member", member)
    doc = page(client, slug, "SifDocuments", f"?member={member}")
    assert {str(r.get("data-number")) for r in rows(doc, "sif-documents")} == {
        row["number"] for row in mine
    }
    heading = doc.xpath("//h2")[0].text_content()
    assert heading.startswith("Documents of ")
    assert f"/{slug}/account/{member_account(member)}/" in links(doc)
    # The member by name, not their account: "Journal of An Claes", never "Assets:Members:...".
    lead = " ".join(doc.xpath("//p[@class='sif-lead']")[0].text_content().split())
    name = load_books(books).community.members[member].name
    assert f"Journal of {name}" in lead and "Assets:" not in lead


def test_documents_say_who_pays_with_the_operator_s_name_and_filter_what_is_overdue(
    client: FlaskClient, slug: str, books: Path, invoices: dict[str, dict[str, Any]]
) -> None:
    community = load_books(books).community
    assert community.operator is not None
    operator = community.operator.name
    doc = page(client, slug, "SifDocuments")
    shown = rows(doc, "sif-documents")
    expected = {"invoice": "lid betaalt", "self-billing": f"{operator} betaalt"}
    expected["settlement"] = f"{operator} betaalt"
    kinds = set()
    for row in shown:
        kind = str(cell(row, "type").get("data-kind"))
        kinds.add(kind)
        assert value(row, "direction") == expected.get(kind, ""), kind
        member = str(cell(row, "member").get("data-member"))
        assert community.members[member].name in cell(row, "member").text_content()
        overdue = "overdue" in str(row.get("data-tags")).split()
        assert overdue == bool(row.xpath(".//span[contains(@class, 'overdue')]"))
        if overdue:
            assert invoices[str(row.get("data-number"))]["status"] in ("open", "partly settled")
            assert str(value(row, "due_date")) < TODAY.isoformat()
    assert {"invoice", "self-billing"} <= kinds
    assert doc.xpath("//select[@data-sif-tag]/option[@value='overdue']")
    assert "Fabriek betaalt" not in doc.text_content().replace(f"{operator} betaalt", "")


def test_members_say_where_a_debt_without_documents_comes_from(
    client: FlaskClient, slug: str, balances: dict[str, dict[str, Any]]
) -> None:
    doc = page(client, slug, "SifMembers")
    shown = {str(row.get("data-member")): row for row in rows(doc, "sif-members")}
    old = [
        member
        for member, row in balances.items()
        if Decimal(row["balance"]) > 0 and value(shown[member], "documents") == "0"
    ]
    assert old, "the demo has debt from before the books"
    for member in old:
        assert "debt from before the books" in cell(shown[member], "documents").text_content()
    assert "received those SIF before 2026-08-01" in " ".join(doc.text_content().split())


# Month-end --------------------------------------------------------------------------------


def test_month_end_says_which_months_are_invoiced_when_and_what_is_open(
    client: FlaskClient, slug: str, books: Path, invoices: dict[str, dict[str, Any]]
) -> None:
    locks, _ = read_locks(load_books(books).entries)
    doc = page(client, slug, "SifMonthEnd")
    shown = {str(row.get("data-month")): row for row in rows(doc, "sif-months")}
    assert set(locks) == {"2026-08", "2026-09"}
    for month, lock in locks.items():
        row = shown[month]
        assert value(row, "invoiced_on") == lock.entry.date.isoformat()
        year, number = (int(part) for part in month.split("-"))
        deadline = datetime.date(year + number // 12, number % 12 + 1, 15)
        assert value(row, "deadline") == deadline.isoformat()
        assert value(row, "state") == ("on time" if lock.entry.date <= deadline else "late")
        documents = [r for r in invoices.values() if r["period"] == month]
        assert int(value(row, "documents")) == len(documents)
        still = [r for r in documents if r["status"] in ("open", "partly settled")]
        assert int(value(row, "open_documents")) == len(still)
        owe = sum((Decimal(r["open"]) for r in still if r["type"] == "invoice"), Decimal(0))
        owed = sum(
            (Decimal(r["open"]) for r in still if r["type"] in ("self-billing", "settlement")),
            Decimal(0),
        )
        assert money(value(row, "members_owe")) == owe
        assert money(value(row, "operator_owes")) == owed
    # October 2026 ended and its deadline (15 November) passed on TODAY: overdue,
    # with the same warning as `sif check`.
    assert value(shown["2026-10"], "state") == "overdue"
    assert value(shown["2026-10"], "invoiced_on") == ""
    warnings = doc.xpath("//ul[contains(@class, 'sif-warnings')]")[0].text_content()
    assert "services of 2026-10 are not invoiced" in warnings
    # Only months with something to do: those before `invoicing: start` (2026-08-01), invoiced
    # outside sif, are one line, not sixteen rows.
    assert all(month >= "2026-08" for month in shown), sorted(shown)
    trades = list(iter_trades(load_books(books).entries, "SIF"))
    before = sorted({f"{t.date:%Y-%m}" for t in trades if f"{t.date:%Y-%m}" < "2026-08"})
    line = " ".join(doc.xpath("//p[@id='sif-before']")[0].text_content().split())
    assert line.startswith(
        f"Before sif: {len(before)} months ({before[0]} to {before[-1]}), "
        f"{sum(1 for t in trades if f'{t.date:%Y-%m}' < '2026-08')} trades, invoiced outside sif"
    ), line
    assert f"/{slug}/extension/SifDocuments/?period=2026-09" in links(shown["2026-09"])


# Imbalances -------------------------------------------------------------------------------


def test_imbalances_show_what_is_owed_and_how_old_it_is(
    client: FlaskClient, slug: str, balances: dict[str, dict[str, Any]]
) -> None:
    doc = page(client, slug, "SifImbalances")
    owing = [row for row in balances.values() if Decimal(row["balance"]) > 0]
    total = sum((Decimal(row["balance"]) for row in owing), Decimal(0))
    figures = doc.xpath("//ul[@class='sif-figures']")[0].text_content()
    assert f"{total} SIF" in figures
    assert f"{len(owing)}\n" in figures or f"{len(owing)} " in figures
    buckets = rows(doc, "sif-ages")
    assert len(buckets) == len(AGE_BUCKETS)
    for index, row in enumerate(buckets):
        mine = [r for r in owing if bucket_of(r["debt_age_days"]) == index]
        assert int(value(row, "members")) == len(mine)
        assert money(value(row, "owed")) == sum((Decimal(r["balance"]) for r in mine), Decimal(0))
    # Two charts, drawn inline: the series ends with today, whose bars add up to the total.
    charts = doc.xpath("//svg[@class='sif-chart']")
    assert len(charts) == 2
    today_bars = [
        title.text for title in charts[0].xpath(".//rect/title") if title.text.startswith("today,")
    ]
    assert sum(Decimal(t.split(": ")[1].split()[0]) for t in today_bars) == total


def test_the_oldest_debtors_are_those_of_sif_balances_with_their_documents(
    client: FlaskClient, slug: str, balances: dict[str, dict[str, Any]]
) -> None:
    doc = page(client, slug, "SifImbalances")
    listed = [str(row.get("data-member")) for row in rows(doc, "sif-oldest")]
    owing = sorted(
        (
            row
            for row in balances.values()
            if Decimal(row["balance"]) > 0 and row["member"] != "fabriek"
        ),
        key=lambda row: (-row["debt_age_days"], -Decimal(row["balance"]), row["member"]),
    )
    assert listed == [row["member"] for row in owing[: len(listed)]]
    assert len(listed) >= 10
    oldest = rows(doc, "sif-oldest")[0]
    assert int(value(oldest, "debt_age_days")) == owing[0]["debt_age_days"]
    assert value(oldest, "balance") == owing[0]["balance"]
    # The open requests they could answer come from `sif match`.
    asked = [r.get("data-request") for r in doc.xpath("//div[@data-request]")]
    assert asked, "the demo's requests fit some of the oldest debtors"


def test_the_history_agrees_with_sif_balances_as_of_each_month_end(
    app: Flask, slug: str, books: Path
) -> None:
    data = pages.sif_data(app.config["LEDGERS"][slug])
    assert data is not None
    series = data.imbalances.series
    assert series[-1].label == "today"
    assert series[0].label == "2025-05"
    for point in (series[0], series[len(series) // 2], series[-2]):
        rows_then = cli_json(books, "balances", "--as-of", point.date.isoformat())
        owed = sum(
            (Decimal(r["balance"]) for r in rows_then if Decimal(r["balance"]) > 0),
            Decimal(0),
        )
        assert point.total == owed, point.label
        assert point.debtors == sum(1 for r in rows_then if Decimal(r["balance"]) > 0)


# Feedback ---------------------------------------------------------------------------------


@pytest.mark.parametrize("by", ["month", "quarter", "year"])
def test_feedback_shows_what_sif_feedback_report_says(
    client: FlaskClient, slug: str, books: Path, by: str
) -> None:
    expected = cli_json(books, "feedback", "report", "--by", by)
    assert expected, "the demo has feedback"
    doc = page(client, slug, "SifFeedback", f"?by={by}")
    shown = rows(doc, "sif-feedback")
    assert [(r.get("data-coach"), r.get("data-service"), r.get("data-period")) for r in shown] == [
        (row["coach"], row["service"], row["period"]) for row in expected
    ]
    for row, want in zip(shown, expected, strict=True):
        assert int(value(row, "answers")) == want["answers"]
        assert value(row, "average_rating") == want["average_rating"]
        assert int(value(row, "lowest_rating")) == want["lowest_rating"]
        assert int(str(cell(row, "prepared").get("data-prepared"))) == want["prepared"]
        comments = cell(row, "comments").text_content()
        for entry in want["entries"]:
            if entry["comment"]:
                assert entry["comment"] in comments


def test_feedback_names_the_services(client: FlaskClient, slug: str, books: Path) -> None:
    menu = load_books(books).community.menu
    assert menu is not None
    shown = rows(page(client, slug, "SifFeedback"), "sif-feedback")
    assert shown
    for row in shown:
        service = menu.services[str(row.get("data-service"))]
        assert cell(row, "service").text_content().startswith(service.name("nl"))


def test_feedback_of_one_coach(client: FlaskClient, slug: str, books: Path) -> None:
    expected = cli_json(books, "feedback", "report", "--by", "quarter")
    coach = expected[0]["coach"]
    doc = page(client, slug, "SifFeedback", f"?by=quarter&coach={coach}")
    assert {r.get("data-coach") for r in rows(doc, "sif-feedback")} == {coach}
    doc = page(client, slug, "SifFeedback", "?by=fortnight")  # unknown: by quarter
    assert doc.xpath("//p/strong")[0].text_content() == "quarter"


# Safety, errors and reloading -------------------------------------------------------------

HOSTILE = '<script>alert("x")</script> & <b>Vet</b>'


def test_every_value_from_the_books_is_escaped(repo: Repo) -> None:
    path = repo.root / "members" / "an-claes.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("name: An Claes", f"name: {json.dumps(HOSTILE)}"), "utf-8")
    repo.month(
        "2026-10",
        """\
        2026-10-05 * "Versterkingssessie"
          service: "strengthening-session"
          Assets:Members:De-buurtkeuken    -2.50 SIF
          Assets:Members:An-claes           2.50 SIF
        """,
    )
    repo.write(
        "requests/2026-10-vraag.yaml",
        f"""\
        question: {json.dumps(HOSTILE)}
        kind: session
        requester: atelier-soleil
        expertise: [storytelling]
        status: open
        opened: 2026-10-01
        """,
    )
    added = repo.run(
        "feedback", "add", "--date", "2026-10-05", "--coach", "de-buurtkeuken",
        "--rating", "2", "--prepared", "no", "--comment", HOSTILE,
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    report = repo.check()
    assert report["ok"], report
    client = fava_app(repo.root).test_client()
    for name in PAGE_NAMES:
        text = client.get(f"/sociale-innovatiefabriek-sif/extension/{name}/").get_data(
            as_text=True
        )
        assert "<script>alert" not in text, name
        assert "<b>Vet</b>" not in text, name
    members = client.get("/sociale-innovatiefabriek-sif/extension/SifMembers/").get_data(
        as_text=True
    )
    escaped = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;Vet&lt;/b&gt;"
    assert escaped in members
    # The request an-claes could answer, and the comment on the session they received.
    # (Parsed back, the text is the hostile string itself: it was escaped, not markup.)
    doc = fetch(client, "/sociale-innovatiefabriek-sif/extension/SifImbalances/")
    (request,) = doc.xpath("//div[@data-request='2026-10-vraag']")
    assert request.text_content().startswith(HOSTILE)
    doc = fetch(client, "/sociale-innovatiefabriek-sif/extension/SifFeedback/")
    assert HOSTILE in doc.xpath("//details[@class='sif-comments']")[0].text_content()


def test_a_broken_menu_card_gives_a_message_not_a_crash(repo: Repo) -> None:
    path = repo.root / "services.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("code: SIF", "code: 12"), "utf-8")
    client = fava_app(repo.root).test_client()
    for name in PAGE_NAMES:
        response = client.get(f"/sociale-innovatiefabriek-sif/extension/{name}/")
        assert response.status_code == 200, name
        assert "The menu card (services.yaml) has errors" in response.get_data(as_text=True)


def test_the_pages_follow_a_change_of_the_books(repo: Repo) -> None:
    app = fava_app(repo.root)
    client = app.test_client()
    url = "/sociale-innovatiefabriek-sif/extension/SifMembers/"

    def balance_of(member: str) -> str:
        doc = fetch(client, url)
        (row,) = [r for r in rows(doc, "sif-members") if r.get("data-member") == member]
        return value(row, "balance")

    assert balance_of("bram-peeters") == "0.00"
    # Fava watches the files it loaded: change one (a new file would need a reload).
    month = repo.month(
        "2025-01",
        """\
        2025-01-20 * "Versterkingssessie"
          service: "strengthening-session"
          Assets:Members:An-claes          -2.00 SIF
          Assets:Members:Bram-peeters       2.00 SIF
        """,
    )
    later = month.stat().st_mtime + 5  # clearly newer, for the polling watcher
    os.utime(month, (later, later))
    assert balance_of("bram-peeters") == "2.00"


# sif fava ---------------------------------------------------------------------------------


def fake_fava(calls: list[list[str]]) -> Any:
    def main(args: list[str], prog_name: str, standalone_mode: bool) -> None:
        assert prog_name == "sif fava"
        assert standalone_mode is False
        calls.append(args)

    return main


def test_sif_fava_starts_fava_read_only_on_localhost(
    books: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fava.cli import main as fava_main

    calls: list[list[str]] = []
    monkeypatch.setattr(fava_main, "main", fake_fava(calls))
    result = run_cli(books, "fava")
    assert result.exit_code == 0, result.output
    assert calls == [
        [
            str((books / "ledger" / "main.beancount").resolve()),
            "--host",
            "127.0.0.1",
            "--port",
            "5000",
            "--read-only",
        ]
    ]
    assert "Warning" not in result.output


def test_sif_fava_edit_lifts_read_only_and_an_open_host_is_warned_about(
    books: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fava.cli import main as fava_main

    calls: list[list[str]] = []
    monkeypatch.setattr(fava_main, "main", fake_fava(calls))
    everywhere = "0.0.0.0"  # noqa: S104 (what the warning is about)
    result = run_cli(
        books, "fava", "--edit", "--host", everywhere, "--port", "5123", "--prefix", "/boeken"
    )
    assert result.exit_code == 0, result.output
    assert calls[0][1:] == ["--host", everywhere, "--port", "5123", "--prefix", "/boeken"]
    assert "Fava has no log-in" in result.output


def test_sif_fava_without_books_says_where_it_looked(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "fava")
    assert result.exit_code == 1
    assert "no ledger here" in result.output


def test_sif_fava_warns_when_the_ledger_does_not_enable_the_pages(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fava.cli import main as fava_main

    main_file = repo.root / "ledger" / "main.beancount"
    main_file.write_text(
        "".join(
            line
            for line in main_file.read_text(encoding="utf-8").splitlines(keepends=True)
            if "fava-extension" not in line
        ),
        encoding="utf-8",
    )
    calls: list[list[str]] = []
    monkeypatch.setattr(fava_main, "main", fake_fava(calls))
    result = run_cli(repo.root, "fava")
    assert result.exit_code == 0
    assert 'custom "fava-extension" "sif.fava_ext"' in result.output
