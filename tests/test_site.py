"""The public site, tested on the built HTML: consent, privacy, escaping, contents.

The site of tests/sitebooks.py is built once for the module with
`sif site build`; each test reads the built files, including the search index
(`search/search_index.json`) and the directory's JSON index.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from sif.ledger.balances import compute_balances
from sif.ledger.books import load_books
from sif.model.members import Member
from tests.conftest import run_cli
from tests.sitebooks import (
    FEEDBACK,
    HOSTILE_NAME,
    NARRATION,
    TODAY,
    build_site_repo,
    number_pattern,
    private_values,
    site_texts,
    without_icon_paths,
)


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site_repo(tmp_path_factory.mktemp("site") / "books")


@pytest.fixture(scope="module")
def built(books: Path) -> Path:
    out = books / "public"
    result = run_cli(books, "site", "build", "--today", TODAY.isoformat(), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "Warning" not in result.output, result.output
    return out


@pytest.fixture(scope="module")
def texts(built: Path) -> dict[str, str]:
    return {str(path.relative_to(built)): text for path, text in site_texts(built)}


def members(books: Path) -> dict[str, Member]:
    return load_books(books).community.members


def found(texts: dict[str, str], needle: str) -> list[str]:
    """The built files that contain `needle` (case-insensitive)."""
    return [name for name, text in texts.items() if needle.casefold() in text.casefold()]


def test_the_site_has_every_section(built: Path) -> None:
    for page in (
        "index.html",
        "netwerk/index.html",
        "netwerk/leden.json",
        "concepten/index.html",
        "agenda/index.html",
        "agenda/archief.html",
        "agenda/agenda.ics",
        "menukaart.html",
        "hoe-werkt-de-sif.html",
        "cijfers.html",
        "search/search_index.json",
    ):
        assert (built / page).is_file(), page
    assert '<html lang="nl"' in (built / "index.html").read_text(encoding="utf-8")


def test_no_private_field_of_any_member_appears_anywhere(
    books: Path, texts: dict[str, str]
) -> None:
    leaks = []
    for member in members(books).values():
        for field, value in private_values(member):
            if where := found(texts, value):
                leaks.append(f"{member.id}.{field} {value!r} in {where}")
    assert not leaks, "\n".join(leaks)
    for city in ("Geheimdorp", "Stilledorp", "Privéweg"):  # cities and streets not consented
        assert not found(texts, city), city


def test_consented_fields_do_appear(books: Path, texts: dict[str, str]) -> None:
    paula = texts["netwerk/paula-publiek.html"]
    assert "paula@publiek.example" in paula
    assert "+32 499 12 34 56" in paula
    buurtkeuken = texts["netwerk/de-buurtkeuken.html"]
    assert "Sociaal restaurant in Hasselt." in buurtkeuken
    assert "Hasselt" in buurtkeuken
    fabriek = texts["netwerk/fabriek.html"]
    assert "boekhouding@innovatiefabriek.example" in fabriek
    assert "BE0999000030" in fabriek


def test_members_without_consent_to_their_name_appear_nowhere(
    books: Path, built: Path, texts: dict[str, str]
) -> None:
    hidden = [m for m in members(books).values() if "name" not in m.publish]
    assert {m.id for m in hidden} >= {"geheim-lid", "atelier-soleil", "bram-peeters"}
    index = json.loads(texts["netwerk/leden.json"])
    search = texts["search/search_index.json"]
    for member in hidden:
        assert not (built / "netwerk" / f"{member.id}.html").exists()
        assert member.id not in {entry["id"] for entry in index["members"]}
        assert member.name not in search
        assert not found(texts, member.name), member.id
        assert not found(texts, f"/{member.id}."), member.id


def test_the_json_index_holds_only_consented_filter_fields(texts: dict[str, str]) -> None:
    index = json.loads(texts["netwerk/leden.json"])
    entries = {entry["id"]: entry for entry in index["members"]}
    assert set(entries) == {
        "an-claes", "de-buurtkeuken", "fabriek", "hostile", "paula-publiek", "jurist-joke",
    }  # fmt: skip
    assert entries["an-claes"] == {
        "id": "an-claes",
        "name": "An Claes",
        "url": "an-claes.html",
        "expertise": ["storytelling", "business-plans"],
        "text": "An Claes verhalen vertellen ondernemingsplan",
    }
    assert entries["paula-publiek"] == {
        "id": "paula-publiek",
        "name": "Paula Publiek",
        "url": "paula-publiek.html",
        "text": "Paula Publiek",
    }
    assert entries["de-buurtkeuken"]["city"] == "Hasselt"
    assert entries["hostile"]["name"] == HOSTILE_NAME  # data, shown with textContent
    assert "kind" not in entries["de-buurtkeuken"]


def test_a_member_who_left_is_not_listed_but_named_as_a_partner(
    built: Path, texts: dict[str, str]
) -> None:
    assert not (built / "netwerk" / "vertrokken.html").exists()
    assert "Vertrokken Vennootschap" in texts["concepten/open-atelier.html"]
    assert "Vertrokken Vennootschap" not in texts["netwerk/index.html"]
    assert not found(texts, "weg@vertrokken.example")


def test_no_balance_figure_of_any_member_appears(books: Path, texts: dict[str, str]) -> None:
    loaded = load_books(books)
    balances = compute_balances(loaded.entries, loaded.community, TODAY)
    figures = {f"{abs(b.balance):.2f}" for b in balances if b.balance}
    assert figures == {"7.37", "6.24", "4.19", "1.13", "1.11", "3.08"}
    for figure in figures:
        pattern = number_pattern(figure)
        leaks = [name for name, text in texts.items() if pattern.search(without_icon_paths(text))]
        assert not leaks, f"balance {figure} in {leaks}"


def test_feedback_and_narrations_never_appear(texts: dict[str, str]) -> None:
    assert not found(texts, FEEDBACK)
    assert not found(texts, "FEEDBACKGEHEIM")
    assert not found(texts, NARRATION)


class Links(HTMLParser):
    """Collects every URL in href and src attributes, and every element with an on* handler."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.handlers: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("href", "src", "action", "formaction") and value is not None:
                self.urls.append(value)
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}={value}>")


def parse(html: str) -> Links:
    parser = Links()
    parser.feed(html)
    return parser


def test_hostile_profile_text_shows_as_text(texts: dict[str, str]) -> None:
    page = texts["netwerk/hostile.html"]
    assert "&lt;script&gt;alert(&quot;naam&quot;)&lt;/script&gt;" in page
    assert "**ster** [x](javascript:alert(1))" in page  # Markdown stays text
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "{: onclick=alert(4) }" in page
    assert "&lt;i&gt;Gent&lt;/i&gt;" in page
    assert "&lt;script&gt;alert(&quot;bied&quot;)&lt;/script&gt; [z](javascript:alert(10))" in page
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    assert title is not None
    assert "<" not in title.group(1)
    assert "script" in title.group(1)
    concept = texts["concepten/open-atelier.html"]
    assert "Atelier &lt;em&gt;Open&lt;/em&gt; &amp; **Co** [x](javascript:alert(8))" in concept
    assert "<strong>" not in page + concept


def test_no_page_runs_hostile_markup_or_links_outside_http(texts: dict[str, str]) -> None:
    for name, text in texts.items():
        assert "<script>alert" not in text, name
        assert "<img src=x" not in text, name
        assert "<iframe" not in text, name
        if not name.endswith(".html"):
            continue
        links = parse(text)
        assert not links.handlers, (name, links.handlers)
        for url in links.urls:
            scheme = urlsplit(url).scheme.lower()
            assert scheme in ("", "http", "https", "mailto", "tel"), (name, url)


def test_the_search_index_escapes_hostile_text(texts: dict[str, str]) -> None:
    search = texts["search/search_index.json"]
    docs = json.loads(search)["docs"]
    assert any("hostile" in doc["location"] for doc in docs)
    for doc in docs:
        assert "<script" not in doc["title"] + doc["text"], doc["location"]
        assert "<img" not in doc["text"], doc["location"]


def test_every_internal_link_of_the_built_site_resolves(
    built: Path, texts: dict[str, str]
) -> None:
    broken = []
    for name, text in texts.items():
        # The 404 page is served at any address, so its links start at the root.
        if not name.endswith(".html") or name.rpartition("/")[2] == "404.html":
            continue
        for url in parse(text).urls:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            target = (built / name).parent / parts.path
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{name}: {url}")
    assert not broken, "\n".join(broken)


def test_the_directory_lists_cards_for_the_filters(texts: dict[str, str]) -> None:
    page = texts["netwerk/index.html"]
    assert 'id="sif-netwerk"' in page
    assert 'data-index="leden.json"' in page
    cards = re.findall(r'<li class="sif-card" data-id="([a-z0-9-]+)">', page)
    assert sorted(cards) == [
        "an-claes", "de-buurtkeuken", "fabriek", "hostile", "jurist-joke", "paula-publiek",
    ]  # fmt: skip
    assert "assets/netwerk.js" in page


def test_member_pages_list_their_public_concepts_only(texts: dict[str, str]) -> None:
    an = texts["netwerk/an-claes.html"]
    assert 'href="../concepten/repair-cafe-genk.html"' in an
    assert "Zorgboerderij" not in an
    assert not found(texts, "Zorgboerderij De Hoeve")  # public: false
    repair = texts["concepten/repair-cafe-genk.html"]
    assert 'href="../netwerk/de-buurtkeuken.html"' in repair
    assert 'href="../netwerk/an-claes.html"' in repair


def test_the_menu_card_comes_from_services_yaml(texts: dict[str, str]) -> None:
    page = texts["menukaart.html"]
    # strengthening-session: 2.5 SIF since 2026-01-01 = EUR 125 excl., 151.25 incl. 21% VAT
    row = r"Versterkingssessie</td>\s*<td[^>]*>sessie</td>\s*<td[^>]*>{}</td>"
    assert re.search(row.format("2,50"), page)
    assert "€ 125,00" in page
    assert "€ 151,25" in page
    assert "1 januari 2026" in page
    earlier = page.split('id="eerdere-tarieven"')[1]
    assert re.search(row.format("2,00"), earlier)
    # One date format on the whole page.
    assert ">1 januari 2024</td>" in earlier
    assert ">31 december 2025</td>" in earlier
    assert not re.search(r"\b\d{1,2}-\d{1,2}-\d{4}\b", page)
    french = texts["fr/menukaart.html"]
    assert re.search(r"Session de renforcement</td>\s*<td[^>]*>séance</td>", french)
    assert "125,00 €" in french and "1 janvier 2026" in french
    assert "€125.00" in texts["en/menukaart.html"]


def test_the_agenda_splits_upcoming_from_past(texts: dict[str, str]) -> None:
    upcoming = texts["agenda/index.html"]
    past = texts["agenda/archief.html"]
    assert "Infosessie: zo werkt de SIF" in upcoming
    assert "Bootcamp, drie dagen" in upcoming
    assert "Workshop impact meten" not in upcoming
    assert "Workshop impact meten" in past
    assert 'href="agenda.ics"' in upcoming
    assert upcoming.index("Infosessie: zo werkt") < upcoming.index("Bootcamp, drie dagen")
    event = texts["agenda/2026-12-10-infosessie.html"]
    assert "donderdag 10 december 2026, 19:00–21:00" in event
    assert "&lt;b&gt;HTML&lt;/b&gt;" in event
    assert 'href="https://example.org/inschrijven"' in event
    assert 'href="../hoe-werkt-de-sif.html"' in event


def test_the_figures_are_aggregates_with_a_chart(texts: dict[str, str]) -> None:
    page = texts["cijfers.html"]
    assert "<svg" in page
    assert 'class="bar"' in page
    # March 2025: four trades, 7.37 + 4.19 + 1.13 + 3.08 SIF exchanged
    assert re.search(r"maart 2025</td>\s*<td[^>]*>\d+</td>\s*<td[^>]*>4</td>", page)
    assert "15,77" in page


def test_the_fabriek_s_site_has_no_word_of_the_other_communities(texts: dict[str, str]) -> None:
    """The three communities of the tests each have their own site (see test_timebank,
    test_dutch): the Belgian default's names none of the others, nor sif's generic words
    where the Fabriek has its own (its books' locale/)."""
    for path, text in texts.items():
        for word in ("Riverside", "HOUR", "Kennisruil", "KRU", "Tauschring", "Find someone"):
            assert word not in text, (path, word)
    assert "Zoek een coach" in texts["index.html"]
    assert "Sociale innovaties die de Fabriek begeleidt" in texts["concepten/index.html"]
