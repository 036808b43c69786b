"""The staff's pages in a real browser: `sif fava` served, Debian's chromium driving.

`sif fava --port N` starts Fava on a free 127.0.0.1 port on a copy of the
demo books, as staff would start it. Chromium (driven by Playwright, never a
downloaded browser: `make test` installs Debian's, see .ci/system-deps.sh)
goes the staff's way: from Fava's start page to "SIF members" in the sidebar,
sorts and filters the table, opens the documents of the member who has owed
SIF the longest among those invoiced, and a member's journal. Screenshots go
to build/screenshots/fava-*.png.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page

from sif.ledger.accounts import member_account
from tests.browser import SCREENSHOTS
from tests.conftest import run_cli
from tests.favabooks import copy_books

SLUG = "sociale-innovatiefabriek-sif"
STARTUP_SECONDS = 90


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory, demo_root: Path) -> Path:
    return copy_books(demo_root, tmp_path_factory.mktemp("fava-browser") / "books")


@pytest.fixture(scope="module")
def server(books: Path) -> Iterator[str]:
    port = free_port()
    log = books.parent / "fava.log"
    sif = Path(sys.executable).parent / "sif"
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(
            [str(sif), "--root", str(books), "fava", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                with urllib.request.urlopen(f"{base}/{SLUG}/extension/SifMembers/") as answer:  # noqa: S310 (our own server)
                    if answer.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError):
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"sif fava did not start:\n{log.read_text(encoding='utf-8')}")
            time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"fava-{name}.png"), full_page=False)


def column(page: Page, col: str) -> list[str]:
    values: list[str] = page.locator("#sif-members tbody tr:not([hidden])").evaluate_all(
        f"rows => rows.map(r => r.querySelector('td[data-col={col}]').dataset.value)"
    )
    return values


def test_staff_sort_the_members_and_open_documents_and_a_journal(
    books: Path, server: str, browser: Browser
) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="en-GB")
    page = context.new_page()
    hosts: set[str] = set()
    errors: list[str] = []
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )

    # Fava's start page; "SIF members" in the sidebar is the first click.
    page.goto(f"{server}/")
    page.get_by_role("link", name="SIF members", exact=True).click()
    page.wait_for_url(f"**/{SLUG}/extension/SifMembers/")
    bar = page.locator("[data-sif-filters='sif-members']")
    bar.wait_for(state="visible")  # the module ran: the filters are shown
    total = page.locator("#sif-members tbody tr").count()
    assert total > 40
    assert page.locator("[data-sif-count]").inner_text() == f"{total} of {total} shown"

    # The server's order: the member who has owed SIF the longest first.
    cli = {
        row["member"]: row
        for row in json.loads(run_cli(books, "balances", "--format", "json").stdout)
    }
    oldest = max(
        (row for row in cli.values() if row["debt_age_days"] is not None),
        key=lambda row: row["debt_age_days"],
    )
    first = page.locator("#sif-members tbody tr").first
    assert first.get_attribute("data-member") == oldest["member"]
    shot(page, "1-members")

    # Sorting: by balance, largest first, then the other way.
    page.get_by_role("button", name="Balance SIF").click()
    header = page.locator("#sif-members th", has_text="Balance SIF")
    assert header.get_attribute("aria-sort") == "descending"
    balances = [float(value) for value in column(page, "balance")]
    assert balances == sorted(balances, reverse=True)
    assert balances[0] == max(float(row["balance"]) for row in cli.values())
    shot(page, "2-sorted-by-balance")
    page.get_by_role("button", name="Balance SIF").click()
    assert header.get_attribute("aria-sort") == "ascending"
    balances = [float(value) for value in column(page, "balance")]
    assert balances == sorted(balances)

    # By debt age, oldest first, then youngest first: members without debt stay at the end.
    ages_header = page.get_by_role("button", name="Debt age (days)")
    for order in ("descending", "ascending"):
        ages_header.click()
        assert page.locator("#sif-members th[aria-sort]").inner_text().startswith("Debt age")
        assert page.locator("#sif-members th[aria-sort]").get_attribute("aria-sort") == order
        ages = column(page, "debt_age_days")
        owing = [int(age) for age in ages if age]
        assert owing == sorted(owing, reverse=order == "descending")
        assert ages == [str(age) for age in owing] + [""] * (len(ages) - len(owing))

    # Filtering: those past the debt alert, then a search.
    page.locator("[data-sif-tag]").select_option("alert")
    alerted = page.locator("#sif-members tbody tr:not([hidden])")
    count = alerted.count()
    assert 0 < count < total
    tags = alerted.evaluate_all("rows => rows.map(r => r.dataset.tags)")
    assert all("alert" in row.split() for row in tags)
    assert page.locator("[data-sif-count]").inner_text() == f"{count} of {total} shown"
    shot(page, "3-filtered-alert")
    page.locator("[data-sif-tag]").select_option("")
    page.locator("[data-sif-search]").fill(oldest["member"][:12])
    shown = page.locator("#sif-members tbody tr:not([hidden])")
    assert oldest["member"] in shown.evaluate_all("rows => rows.map(r => r.dataset.member)")
    page.locator("[data-sif-search]").fill("")

    # The oldest debt among the invoiced members: what did we invoice them? (the second click)
    ages_header.click()  # oldest first again
    top = page.locator("#sif-members tbody tr").first
    assert top.get_attribute("data-member") == oldest["member"]
    invoiced = page.locator("#sif-members tbody tr").filter(
        has=page.locator("td[data-col=documents] a")
    )
    member = invoiced.first.get_attribute("data-member")
    assert member
    invoiced.first.locator("td[data-col=documents] a").click()
    page.wait_for_url(f"**/extension/SifDocuments/?member={member}")
    page.locator("#sif-documents").wait_for()
    listed = page.locator("#sif-documents tbody tr td[data-col=member]").evaluate_all(
        "cells => cells.map(c => c.dataset.member)"
    )
    mine = json.loads(
        run_cli(books, "invoice", "list", "--member", member, "--format", "json").stdout
    )
    assert listed == [member] * len(mine)
    assert page.locator("#sif-documents a", has_text="PDF").count() == len(mine)
    shot(page, "4-documents-of-member")

    # Back, and follow a member's name to their journal in Fava.
    page.go_back()
    page.wait_for_url("**/extension/SifMembers/")
    page.locator("[data-sif-filters='sif-members']").wait_for(state="visible")
    first = page.locator("#sif-members tbody tr").first
    account = first.locator("td[data-col=member] a")
    member = first.get_attribute("data-member")
    assert member
    # The link says whose journal by name, not by account; the journal is the member's account.
    assert account.get_attribute("title") == f"Journal of {account.inner_text().strip()}"
    account.click()
    page.wait_for_url(f"**/{SLUG}/account/Assets:Members:*/")
    page.locator("ol.journal").first.wait_for()
    assert page.locator("ol.journal li").count() > 1
    assert member_account(member) in page.title()
    shot(page, "5-journal")

    assert hosts == {urlsplit(server).netloc}, hosts
    assert not errors, errors
    context.close()


def test_the_other_pages_render_in_the_browser(server: str, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    for name, title in (
        ("SifDocuments", "SIF documents"),
        ("SifMonthEnd", "SIF month-end"),
        ("SifImbalances", "SIF imbalances"),
        ("SifFeedback", "SIF feedback"),
    ):
        page.goto(f"{server}/{SLUG}/extension/{name}/")
        page.locator("nav[aria-label='SIF pages']").wait_for()
        assert title in page.title()
        if name == "SifImbalances":
            assert page.locator("svg.sif-chart rect").count() > 10
        shot(page, f"page-{name}")
    assert not errors, errors
    context.close()
