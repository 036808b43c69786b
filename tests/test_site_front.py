"""The site as the network's front door: introductions, the join page, words from the
taxonomy, the languages, search weights and the explanation of the counts.

The books of tests/sitebooks.py are built once for the module in tmp; tests that
change the books build their own copy.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from tests.conftest import run_cli
from tests.sitebooks import TODAY, build_site_repo, site_texts

OPERATOR = "boekhouding@innovatiefabriek.example"


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site_repo(tmp_path_factory.mktemp("front") / "books")


@pytest.fixture(scope="module")
def texts(books: Path) -> dict[str, str]:
    result = run_cli(books, "site", "build", "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    public = books / "public"
    return {str(path.relative_to(public)): text for path, text in site_texts(public)}


def mailtos(page: str) -> list[str]:
    return [m.replace("&amp;", "&") for m in re.findall(r'href="(mailto:[^"]*)"', page)]


def test_a_member_page_asks_the_fabriek_for_an_introduction(texts: dict[str, str]) -> None:
    page = texts["netwerk/paula-publiek.html"]
    intro = [m for m in mailtos(page) if m.startswith(f"mailto:{OPERATOR}?")]
    assert len(intro) == 1
    query = parse_qs(urlsplit(intro[0]).query)
    assert query["subject"] == ["Vraag om een introductie bij Paula Publiek"]
    assert "Mijn vraag:" in query["body"][0]
    assert "Vraag een introductie" in page
    # Her own published e-mail and phone are links.
    assert 'href="mailto:paula@publiek.example"' in page
    assert 'href="tel:+32499123456"' in page


def test_every_card_of_the_directory_has_an_introduction(texts: dict[str, str]) -> None:
    for language, words in (
        ("", "Vraag een introductie"),
        ("fr/", "Demander une introduction"),
        ("en/", "Ask for an introduction"),
    ):
        page = texts[f"{language}netwerk/index.html"]
        cards = page.split('<li class="sif-card"')[1:]
        assert len(cards) == 6
        for card in cards:
            if 'data-id="fabriek"' in card:
                assert words not in card  # the Fabriek is written to directly
            else:
                assert words in card, (language, card[:80])


def test_the_introduction_names_the_member_page_when_the_site_address_is_known(
    tmp_path: Path,
) -> None:
    root = build_site_repo(tmp_path / "books")
    result = run_cli(
        root, "site", "build", "--today", TODAY.isoformat(), "--site-url", "https://x.example/"
    )
    assert result.exit_code == 0, result.output
    page = (root / "public" / "fr" / "netwerk" / "an-claes.html").read_text(encoding="utf-8")
    body = unquote(next(m for m in mailtos(page) if OPERATOR in m).split("body=")[1])
    assert "https://x.example/fr/netwerk/an-claes.html" in body


def test_offers_and_needs_show_with_consent_only(texts: dict[str, str]) -> None:
    joke = texts["netwerk/jurist-joke.html"]
    assert "Ik bied" in joke and "Statuten nalezen in een uur." in joke
    assert "Ik zoek" in joke and "aansprakelijkheid" in joke
    french = texts["fr/netwerk/jurist-joke.html"]
    assert "Relire des statuts en une heure." in french
    # Needs written only in Dutch are shown in Dutch, marked as such.
    assert '<span lang="nl">Een partner voor een workshop' in french
    assert not any("PRIVEAANBOD" in t or "PRIVEVRAAG" in t for t in texts.values())


def test_the_directory_index_holds_the_words_to_search(texts: dict[str, str]) -> None:
    index = json.loads(texts["netwerk/leden.json"])
    joke = next(m for m in index["members"] if m["id"] == "jurist-joke")
    for word in ("juridisch", "impactmeting", "Statuten", "aansprakelijkheid", "coöperaties"):
        assert word in joke["text"], word
    assert index["labels"]["expertise"]["legal"] == "juridisch"
    french = json.loads(texts["fr/netwerk/leden.json"])
    assert french["labels"]["expertise"]["legal"] == "juridique"
    assert french["labels"]["roles"]["coach"] == "coach"
    assert french["ui"]["search"] == "Chercher"


def test_labels_not_ids_in_every_language(texts: dict[str, str]) -> None:
    assert "<li>juridisch</li>" in texts["netwerk/jurist-joke.html"]
    assert "<li>juridique</li>" in texts["fr/netwerk/jurist-joke.html"]
    assert "organisation · non-profit · staff" in texts["en/netwerk/fabriek.html"]
    assert "organisation · asbl · collaborateur" in texts["fr/netwerk/fabriek.html"]
    # A tag without a label shows as words, not as the id with dashes.
    assert "<li>hacking</li>" in texts["netwerk/hostile.html"]


def test_each_language_has_its_lang_and_a_switch_to_the_same_page(
    texts: dict[str, str],
) -> None:
    for language, prefix in (("nl", ""), ("fr", "fr/"), ("en", "en/")):
        for name, text in texts.items():
            if name.startswith(prefix) and name.endswith(".html"):
                other = prefix == "" and name.split("/")[0] in ("fr", "en")
                if not other:
                    assert f'<html lang="{language}"' in text, name
    page = texts["fr/menukaart.html"]
    assert 'href="./../menukaart.html" hreflang="nl"' in page
    assert 'href="./../en/menukaart.html" hreflang="en"' in page


def test_the_home_page_states_the_value_of_the_menu_card_and_links_to_join(
    tmp_path: Path,
) -> None:
    root = build_site_repo(tmp_path / "books")
    menu = root / "services.yaml"
    text = menu.read_text(encoding="utf-8")
    line = "    - {from: 2013-10-01, value: 50}\n"
    assert line in text
    menu.write_text(text.replace(line, line + "    - {from: 2026-06-01, value: 60}\n"))
    result = run_cli(root, "site", "build", "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    public = root / "public"
    home = (public / "index.html").read_text(encoding="utf-8")
    assert "1 SIF = € 60,00 (exclusief 21% btw)" in home
    assert 'href="lid-worden.html"' in home
    french = (public / "fr" / "index.html").read_text(encoding="utf-8")
    assert "1 SIF = 60,00 € (hors TVA de 21 %)" in french
    join = (public / "lid-worden.html").read_text(encoding="utf-8")
    assert "Geen lidgeld" in join and "€ 60,00" in join
    assert f'href="mailto:{OPERATOR}?subject=' in join
    assert 'href="agenda/2026-12-10-infosessie.html"' in join  # the next infosession


def test_search_ranks_member_and_concept_pages_above_the_directory(
    texts: dict[str, str],
) -> None:
    docs = json.loads(texts["search/search_index.json"])["docs"]
    boost = {doc["location"]: doc.get("boost", 1) for doc in docs}
    assert boost["netwerk/index.html"] < 1
    assert boost["netwerk/jurist-joke.html"] > 1
    assert boost["concepten/repair-cafe-genk.html"] > 1


def test_the_figures_explain_why_they_count_more_than_the_lists(
    texts: dict[str, str],
) -> None:
    page = re.sub(r"<[^>]+>", "", texts["cijfers.html"])
    assert "8 leden in het netwerk" in page
    assert "3 begeleide concepten" in page
    assert "Waarom staan er in het netwerk 6 leden en bij de concepten 2 concepten?" in page
    assert "toestemming" in page


def test_a_private_concepts_question_is_titled_by_what_it_needs(texts: dict[str, str]) -> None:
    page = texts["vragen.html"]
    assert not re.search(r"<h2[^>]*>\d+\. Vraag<", page)


def test_sif_check_warns_about_unlabelled_tags_and_events_without_registration(
    tmp_path: Path,
) -> None:
    root = build_site_repo(tmp_path / "books")
    result = run_cli(root, "check")
    assert result.exit_code == 0, result.output
    assert (
        'members/hostile.yaml:1: the expertise tag "hacking" has no label in taxonomy.yaml, '
        "so the site shows the tag itself" in result.output
    )
    assert (
        "events/2027-02-15-bootcamp.md:2: the upcoming event has no registration link"
        in result.output
    )
    # The past workshop needs no registration any more.
    assert "2026-10-08-workshop" not in result.output


def test_sif_check_is_quiet_once_tags_are_labelled_and_events_open(tmp_path: Path) -> None:
    root = build_site_repo(tmp_path / "books")
    taxonomy = root / "taxonomy.yaml"
    text = taxonomy.read_text(encoding="utf-8")
    taxonomy.write_text(text + "  hacking: {nl: hacken, fr: piratage, en: hacking}\n")
    event = root / "events" / "2027-02-15-bootcamp.md"
    text = event.read_text(encoding="utf-8")
    event.write_text(
        text.replace("language: en\n", "language: en\nregistration: https://x.example\n")
    )
    result = run_cli(root, "check")
    assert result.exit_code == 0, result.output
    assert "has no label" not in result.output
    assert "registration" not in result.output


def test_a_broken_taxonomy_stops_the_build_at_its_line(tmp_path: Path) -> None:
    root = build_site_repo(tmp_path / "books")
    (root / "taxonomy.yaml").write_text("expertise:\n  legal: {fr: juridique}\n  tax: 12\n")
    result = run_cli(root, "site", "build", "--today", TODAY.isoformat())
    assert result.exit_code == 1
    assert "taxonomy.yaml:2:" in result.output
    assert "no Dutch label" in result.output
    assert "Traceback" not in result.output


def test_without_the_operator_s_consent_to_its_e_mail_there_are_no_introductions(
    tmp_path: Path,
) -> None:
    root = build_site_repo(tmp_path / "books")
    operator = root / "members" / "fabriek.yaml"
    text = operator.read_text(encoding="utf-8")
    assert "website, email," in text
    operator.write_text(text.replace("website, email,", "website,"), encoding="utf-8")
    result = run_cli(root, "site", "build", "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    texts = dict(site_texts(root / "public"))
    assert not [path for path, text in texts.items() if OPERATOR in text]
    assert not [path for path, text in texts.items() if "Vraag een introductie" in text]
