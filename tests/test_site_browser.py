"""The public site in a real browser: Debian's chromium, driven by Playwright.

The demo site is built and served on 127.0.0.1 by a small threaded HTTP
server; the test opens the directory, filters it by an expertise, opens a
member's page and the agenda, at desktop and at phone width, and saves
screenshots in build/screenshots/. `make test` installs chromium
(.ci/system-deps.sh); Playwright never downloads a browser here.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page

from sif.model.community import load_community
from tests.browser import SCREENSHOTS
from tests.conftest import run_cli
from tests.sitebooks import TODAY, copy_demo_repo

EXPERTISE = "storytelling"
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, demo_root: Path) -> Path:
    root = copy_demo_repo(demo_root, tmp_path_factory.mktemp("browser") / "demo")
    result = run_cli(root, "site", "build", "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(site / "public"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


def shot(page: Page, size: str, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{size}-{name}.png"), full_page=False)


@pytest.mark.parametrize("size", list(SIZES))
def test_a_visitor_finds_a_coach_by_expertise_and_the_agenda(
    size: str, site: Path, server: str, browser: Browser
) -> None:
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="nl-BE")
    page = context.new_page()
    hosts: set[str] = set()
    errors: list[str] = []
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )

    page.goto(f"{server}/netwerk/index.html")
    cards = page.locator(".sif-card")
    total = cards.count()
    assert total > 20
    select = page.locator("#sif-filter-expertise")
    select.wait_for(state="visible")
    shot(page, size, "1-directory")

    members = load_community(site).members.values()
    expected = sorted(
        m.id
        for m in members
        if "name" in m.publish and "expertise" in m.publish and EXPERTISE in m.expertise
    )
    assert expected
    select.select_option(EXPERTISE)
    visible = page.locator(".sif-card:not([hidden])")
    assert sorted(visible.evaluate_all("cards => cards.map(c => c.dataset.id)")) == expected
    assert page.locator(".sif-count").inner_text() == f"{len(expected)} van {total} leden"
    assert f"expertise={EXPERTISE}" in page.url
    shot(page, size, "2-filtered")

    visible.first.locator("h2 a").click()
    page.wait_for_load_state()
    assert "/netwerk/" in page.url
    assert page.locator(".sif-member h1").is_visible()
    assert EXPERTISE in page.locator(".sif-member .sif-tags").inner_text()
    shot(page, size, "3-member")

    if size == "phone":
        page.locator("label.md-header__button[for='__drawer']").click()
        page.locator(".md-nav--primary").get_by_text("Binnenkort", exact=True).click()
    else:
        page.locator(".md-nav--primary").get_by_text("Binnenkort", exact=True).first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/agenda/index.html")
    events = page.locator(".sif-event-card")
    assert events.count() >= 3
    assert page.locator("a[href='agenda.ics']").is_visible()
    shot(page, size, "4-agenda")

    # Only this server was asked for anything: no fonts, scripts or trackers from elsewhere.
    assert hosts == {urlsplit(server).netloc}, hosts
    assert not errors, errors
    context.close()
