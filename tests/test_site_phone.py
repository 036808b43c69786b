"""The public site on a phone and for everyone: no sideways scroll, no serious
accessibility fault, and a visitor's way from the home page to an introduction.

The site of tests/sitebooks.py is built in tmp and served on 127.0.0.1; Debian's
chromium, driven by Playwright, opens every page type in Dutch, French and English. axe-core
(package.json; `make system` installs it into node_modules/) is injected into each page.
Screenshots of the key pages at phone and desktop width go to build/screenshots/.
"""

from __future__ import annotations

import functools
import http.server
import itertools
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from playwright.sync_api import Browser, Page

from tests.browser import SCREENSHOTS
from tests.conftest import REPO_ROOT, run_cli
from tests.sitebooks import TODAY, build_site_repo

AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
PHONE = (360, 740)
DESKTOP = (1280, 800)
OPERATOR_EMAIL = "boekhouding@innovatiefabriek.example"
#: One page of every type the site has.
PAGES = [
    "index.html",
    "lid-worden.html",
    "netwerk/index.html",
    "netwerk/jurist-joke.html",
    "netwerk/hostile.html",
    "concepten/index.html",
    "concepten/repair-cafe-genk.html",
    "agenda/index.html",
    "agenda/archief.html",
    "agenda/2027-02-15-bootcamp.html",
    "vragen.html",
    "menukaart.html",
    "cijfers.html",
    "hoe-werkt-de-sif.html",
]
LANGUAGES = {"nl": "", "fr": "fr/", "en": "en/"}
#: The pages whose phone screenshots are kept for people to look at.
SHOTS = {"lid-worden.html", "cijfers.html", "agenda/index.html", "vragen.html"}
#: What the introduction link says, per language.
INTRODUCTION = {
    "nl": "Vraag een introductie",
    "fr": "Demander une introduction",
    "en": "Ask for an introduction",
}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = build_site_repo(tmp_path_factory.mktemp("phone") / "books")
    result = run_cli(root, "site", "build", "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    handler = functools.partial(QuietHandler, directory=str(root / "public"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


def open_page(browser: Browser, size: tuple[int, int], locale: str) -> Page:
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height}, locale=locale)
    return context.new_page()


def shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_no_page_scrolls_sideways_on_a_phone(language: str, server: str, browser: Browser) -> None:
    page = open_page(browser, PHONE, language)
    wide = []
    for path in PAGES:
        page.goto(f"{server}/{LANGUAGES[language]}{path}")
        page.wait_for_load_state("networkidle")
        scroll, client = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if scroll > client:
            wide.append(f"{path}: {scroll} > {client}")
        assert page.evaluate("document.documentElement.lang") == language, path
        if path in SHOTS:
            shot(page, f"phone-{language}-{path.replace('/', '-').removesuffix('.html')}")
    assert not wide, wide
    page.context.close()


def test_tables_are_cards_on_a_phone_and_tables_on_a_desktop(
    server: str, browser: Browser
) -> None:
    for size, display in ((PHONE, "block"), (DESKTOP, "table")):
        page = open_page(browser, size, "nl-BE")
        page.goto(f"{server}/menukaart.html")
        table = page.locator("table.sif-table").first
        assert table.evaluate("t => getComputedStyle(t).display") == display
        # Every euro price is on screen, not behind a sideways scroll.
        cells = page.locator("table.sif-table").first.locator("td")
        for index in range(cells.count()):
            box = cells.nth(index).bounding_box()
            assert box is not None
            assert box["x"] + box["width"] <= size[0] + 0.5, (size, index)
        shot(page, f"{'phone' if size == PHONE else 'desktop'}-menukaart")
        page.context.close()


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_axe_finds_no_serious_fault_on_any_page(
    language: str, server: str, browser: Browser
) -> None:
    assert AXE.is_file(), f"{AXE} is missing: run `make system` (npm install)"
    page = open_page(browser, DESKTOP, language)
    faults = []
    for path in PAGES:
        page.goto(f"{server}/{LANGUAGES[language]}{path}")
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', "
            "'wcag21a', 'wcag21aa', 'best-practice']}}).then(r => r.violations.map("
            "v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))})))"
        )
        faults += [
            f"{path}: {v['id']} ({v['impact']}) {v['nodes'][:3]}"
            for v in violations
            if v["impact"] in ("serious", "critical")
        ]
        levels = page.evaluate(
            "[...document.querySelectorAll('article h1, article h2, article h3, article h4')]"
            ".map(h => Number(h.tagName[1]))"
        )
        jumps = [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]
        assert levels and levels[0] == 1 and not jumps, (path, levels)
    assert not faults, "\n".join(faults)
    page.context.close()


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_a_visitor_asks_for_an_introduction_to_a_legal_coach_in_three_taps(
    language: str, server: str, browser: Browser
) -> None:
    """Home -> the expertise "legal" -> "Vraag een introductie": a filled-in e-mail to the
    Fabriek naming the coach, in two taps of the three allowed."""
    page = open_page(browser, PHONE, language)
    page.goto(f"{server}/{LANGUAGES[language]}index.html")
    shot(page, f"phone-{language}-1-home")
    taps = 0
    label = {"nl": "juridisch", "fr": "juridique", "en": "legal"}[language]
    page.locator(".sif-shortcuts a", has_text=label).click()
    taps += 1
    page.wait_for_load_state("networkidle")
    assert "expertise=legal" in page.url
    visible = page.locator(".sif-card:not([hidden])")
    assert visible.evaluate_all("cards => cards.map(c => c.dataset.id)") == ["jurist-joke"]
    shot(page, f"phone-{language}-2-legal")
    button = visible.first.locator("a.sif-intro")
    assert button.inner_text().strip() == INTRODUCTION[language]
    assert button.is_visible()
    href = button.get_attribute("href") or ""
    # The tap opens the visitor's mail app; the browser has none, so the link is checked.
    page.route("mailto:*", lambda route: route.abort())
    button.click(no_wait_after=True)
    taps += 1
    assert taps <= 3
    parts = urlsplit(href)
    assert parts.scheme == "mailto" and unquote(parts.path) == OPERATOR_EMAIL
    query = parse_qs(parts.query)
    assert "Joke Jurist" in query["subject"][0]
    body = query["body"][0]
    assert "Joke Jurist" in body
    assert {"nl": "Mijn vraag:", "fr": "Ma question :", "en": "My question:"}[language] in body
    # Nothing of the member's own that she did not publish is in the request.
    assert "jurist.example" not in href
    page.context.close()


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_the_directory_search_finds_expertise_bios_and_offers(
    language: str, server: str, browser: Browser
) -> None:
    page = open_page(browser, PHONE, language)
    page.goto(f"{server}/{LANGUAGES[language]}netwerk/index.html")
    search = page.locator("#sif-filter-name")
    search.wait_for(state="visible")
    words = {
        "nl": ["juridisch", "statuten", "aansprakelijkheid", "coöperaties"],
        "fr": ["juridique", "statuts", "cooperatives"],
        "en": ["legal", "impact measurement", "statuten"],
    }[language]
    for word in words:
        search.fill(word)
        visible = page.locator(".sif-card:not([hidden])")
        assert visible.evaluate_all("cs => cs.map(c => c.dataset.id)") == ["jurist-joke"], word
    search.fill("")
    shot(page, f"phone-{language}-directory")
    page.goto(f"{server}/{LANGUAGES[language]}netwerk/jurist-joke.html")
    assert page.locator("a[href^='mailto:joke@jurist.example']").is_visible()
    assert page.locator("a[href='tel:+32470112233']").is_visible()
    assert page.locator("a.sif-intro").inner_text().strip() == INTRODUCTION[language]
    shot(page, f"phone-{language}-member")
    page.context.close()


def test_key_pages_at_desktop_width(server: str, browser: Browser) -> None:
    """Screenshots for people to look at; the page must also switch language in place."""
    page = open_page(browser, DESKTOP, "nl-BE")
    for path in ("index.html", "netwerk/index.html", "cijfers.html", "lid-worden.html"):
        page.goto(f"{server}/{path}")
        shot(page, f"desktop-nl-{Path(path).stem}-{Path(path).parent.name or 'root'}")
    page.goto(f"{server}/netwerk/jurist-joke.html")
    french = page.locator("a.md-select__link[hreflang='fr']")
    assert french.get_attribute("href") == "../fr/netwerk/jurist-joke.html"
    page.goto(f"{server}/fr/netwerk/jurist-joke.html")
    assert page.locator("a.sif-intro").inner_text().strip() == INTRODUCTION["fr"]
    assert page.evaluate("document.documentElement.lang") == "fr"
    page.context.close()
