"""Monthly account statements: the figures, the words in nl/fr/en, PDF and HTML.

The books are tests/statementbooks.py: two invoiced months, a payment before
and one after the October documents, an even trader who owes the VAT, a
member in SIF debt with an open request that fits them.
"""

from __future__ import annotations

import datetime
import html
import io
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pypdf
import pytest
from playwright.sync_api import Browser

from sif.documents.qr import epc_code, svg
from sif.ledger.books import load_books
from sif.model.period import Month
from sif.statements import say
from sif.statements import view as view_module
from sif.statements.compute import compute_statements
from sif.statements.model import Statement
from sif.statements.render import statement_view
from tests import statementbooks
from tests.browser import SCREENSHOTS
from tests.conftest import REPO_ROOT, BuiltOnce, Repo, check_golden

D = Decimal
HOSTILE = '<script>alert("x")</script> & Co'


@pytest.fixture
def books(built_once: BuiltOnce, tmp_path: Path) -> Repo:
    return built_once.copy("statements", statementbooks.build, tmp_path / "books")


def statements(repo: Repo) -> dict[str, Statement]:
    loaded = load_books(repo.root)
    made = compute_statements(
        loaded.entries, loaded.community, Month.parse(statementbooks.MONTH), statementbooks.AS_OF
    )
    return {s.member.id: s for s in made}


def shown(repo: Repo, member: str) -> dict[str, Any]:
    loaded = load_books(repo.root)
    return statement_view(statements(repo)[member], loaded.community)


def write(repo: Repo, *args: str) -> Path:
    result = repo.run(
        "statements", "--month", statementbooks.MONTH, "--as-of", str(statementbooks.AS_OF), *args
    )
    assert result.exit_code == 0, result.output
    return repo.root / "out" / "statements" / statementbooks.MONTH


def pdf_text(path: Path) -> str:
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(re.sub(r"-\s*\n", "-", text).split())


def figures(path: Path) -> list[str]:
    """The alternative texts of the images in the PDF's structure tree."""
    found: list[str] = []

    def walk(node: Any) -> None:
        node = node.get_object()
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            if node.get("/S") == "/Figure":
                found.append(" ".join(str(node.get("/Alt", "")).split()))
            if "/K" in node:
                walk(node["/K"])

    walk(pypdf.PdfReader(io.BytesIO(path.read_bytes())).root_object["/StructTreeRoot"])
    return found


def html_text(path: Path) -> str:
    return " ".join(html.unescape(path.read_text(encoding="utf-8")).split())


def set_language(repo: Repo, member: str, language: str) -> None:
    path = repo.root / "members" / f"{member}.yaml"
    text = re.sub(r"languages: \[[^]]*\]", f"languages: [{language}]", path.read_text("utf-8"))
    path.write_text(text, encoding="utf-8")


# The figures ---------------------------------------------------------------


def test_who_gets_a_statement(books: Repo) -> None:
    # oud-lid left in 2025 with nothing open; the Fabriek sends, it gets none.
    assert sorted(statements(books)) == [
        "an-claes",
        "atelier-soleil",
        "bram-peeters",
        "de-buurtkeuken",
    ]


def test_sif_figures_and_debt_age(books: Repo) -> None:
    made = statements(books)
    debtor = made["de-buurtkeuken"]
    assert (debtor.sif_opening, debtor.sif_closing) == (D(0), D("2.50"))
    assert [(line.date.day, line.kind, line.change) for line in debtor.sif_lines] == [
        (5, "received", D("2.50")),
        (6, "given", D("-2.50")),
        (12, "received", D("2.50")),
    ]
    # First in, first out: what it gave on the 6th cleared the debt of the 5th.
    assert (str(debtor.debt_since), debtor.debt_age_days) == ("2026-10-12", 19)
    assert debtor.sif_lines[2].counterparts == ("atelier-soleil", "bram-peeters")
    assert debtor.sif_lines[2].concept == "zorgboerderij"

    # atelier-soleil's euro payment of its September invoice cleared its SIF debt.
    atelier = made["atelier-soleil"]
    assert (atelier.sif_opening, atelier.sif_closing) == (D("2.50"), D(0))
    assert [(line.kind, line.document) for line in atelier.sif_lines] == [
        ("given", None),
        ("payment", "F2026-00001"),
    ]
    assert atelier.debt_since is None

    bram = made["bram-peeters"]
    assert (bram.sif_opening, bram.sif_closing) == (D("-2.50"), D("-2.25"))
    assert bram.sif_lines[1].counterparts == ("fabriek",)  # the workshop it bought


def test_eur_figures_documents_setoffs_payments(books: Repo) -> None:
    made = statements(books)
    an = made["an-claes"]
    assert str(an.eur_from) == "2026-10-02" and str(an.eur_until) == "2026-11-03"
    assert [(line.kind, line.number, line.change) for line in an.eur_lines] == [
        ("document", "F2026-00002", D("151.25")),
        ("document", "AN2026-00001", D("-125.00")),
        ("setoff", "F2026-00002", D("0.00")),
    ]
    assert an.eur_lines[2].other == "AN2026-00001" and an.eur_lines[2].amount == D("125.00")
    assert (an.eur_opening, an.eur_closing, an.eur_now) == (D(0), D("26.25"), D("26.25"))
    assert [(i.number, i.open, i.reference) for i in an.to_pay] == [
        ("F2026-00002", D("26.25"), an.documents[0].reference)
    ]
    assert [doc.number for doc in an.documents] == ["F2026-00002", "AN2026-00001"]

    atelier = made["atelier-soleil"]
    assert atelier.eur_opening == D("151.25")  # its September invoice, paid on 15 October:
    assert [(line.kind, line.number, line.change) for line in atelier.eur_lines] == [
        ("payment", "F2026-00001", D("-151.25")),
        ("document", "AF2026-00002", D("-75.63")),
    ]
    assert [(i.number, i.open) for i in atelier.to_receive] == [("AF2026-00002", D("-75.63"))]
    assert atelier.to_pay == ()

    bram = made["bram-peeters"]
    assert (bram.eur_opening, bram.eur_closing) == (D("-125.00"), D("-96.75"))
    # The workshop's invoice F2026-00003 is set off against October's settlement
    # AF2026-00003 (62.50), then what is left of it (28.25) against September's
    # AF2026-00001, oldest first: the Fabriek owes Bram the rest, and he owes nothing.
    assert [(line.kind, line.number, line.other, line.amount) for line in bram.eur_lines] == [
        ("document", "F2026-00003", None, D("90.75")),
        ("document", "AF2026-00003", None, D("62.50")),
        ("setoff", "F2026-00003", "AF2026-00003", D("62.50")),
        ("setoff", "F2026-00003", "AF2026-00001", D("28.25")),
    ]
    assert [(i.number, i.open) for i in bram.open_items] == [("AF2026-00001", D("-96.75"))]

    # A payment after the October documents: listed apart, and counted in what is open now.
    debtor = made["de-buurtkeuken"]
    assert debtor.eur_closing == D("177.50")
    assert [(line.kind, line.change) for line in debtor.eur_later] == [("payment", D("-100.00"))]
    assert debtor.eur_now == D("77.50")
    assert [(i.number, i.open) for i in debtor.to_pay] == [("F2026-00004", D("77.50"))]


def test_every_statement_adds_up(books: Repo) -> None:
    for statement in statements(books).values():
        sif = statement.sif_opening + sum((line.change for line in statement.sif_lines), D(0))
        assert sif == statement.sif_closing, statement.member.id
        eur = statement.eur_opening + sum((line.change for line in statement.eur_lines), D(0))
        assert eur == statement.eur_closing, statement.member.id
        assert statement.eur_now == sum((item.open for item in statement.open_items), D(0))


def test_the_month_trade_behind_the_vat_explanation(books: Repo) -> None:
    trade = statements(books)["an-claes"].month_trade
    assert trade is not None and trade.even
    assert (trade.received, trade.given, trade.set_off) == (D("2.50"), D("2.50"), D("125.00"))
    assert trade.remainder == D("26.25") == trade.invoice.tax  # type: ignore[union-attr]


# The words -----------------------------------------------------------------

EVEN = {
    "nl": (
        "U gaf deze maand evenveel SIF als u kreeg, dus uw SIF-saldo veranderde er niet door. "
        "Toch blijft er EUR 26,25 te betalen: dat is de btw op wat u kreeg."
    ),
    "fr": (
        "Ce mois-ci, vous avez donné autant de SIF que vous en avez reçu : votre solde en SIF "
        "n'a donc pas bougé. Il reste pourtant EUR 26,25 : c'est la TVA sur ce que vous avez reçu."
    ),
    "en": (
        "This month you gave as many SIF as you received, so your SIF balance did not change. "
        "Still, EUR 26.25 remains: that is the VAT on what you received."
    ),
}
TO_PAY = {"nl": "Betaal EUR 26,25 (factuur F2026-00002)", "fr": "Payez EUR 26,25 (facture F2026-00002)", "en": "Please pay EUR 26.25 (invoice F2026-00002)"}  # fmt: skip
TITLE = {"nl": "Rekeningoverzicht", "fr": "Relevé de compte", "en": "Account statement"}


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_an_even_trader_learns_why_they_owe_the_vat(books: Repo, language: str) -> None:
    set_language(books, "an-claes", language)
    folder = write(books, "--member", "an-claes")
    for text in (pdf_text(folder / "an-claes.pdf"), html_text(folder / "an-claes.html")):
        assert TITLE[language] in text
        assert EVEN[language] in text
        assert TO_PAY[language] in text
        assert "BE12 0000 0000 9292" in text  # the Fabriek's account
    view = shown(books, "an-claes")
    assert view["language"] == language
    paragraphs = [" ".join(p.split()) for p in view["explain"]["paragraphs"]]  # no-break spaces
    assert any(EVEN[language] in paragraph for paragraph in paragraphs)


def test_what_to_pay_with_reference_and_epc_qr_code(books: Repo) -> None:
    folder = write(books)
    an = statements(books)["an-claes"]
    reference = an.to_pay[0].reference
    text = pdf_text(folder / "an-claes.pdf")
    for expected in (
        "Bedrag EUR 26,25",
        "Rekening BE12 0000 0000 9292",
        f"Mededeling {reference}",
    ):
        assert expected in text
    assert figures(folder / "an-claes.pdf") == [
        (
            "EPC QR-code: betaal EUR 26,25 aan Sociale InnovatieFabriek vzw, rekening "
            f"BE12 0000 0000 9292, mededeling {reference}"
        )
    ]
    # The code is the payment of what is open now, not of the invoice's total.
    item = shown(books, "an-claes")["todo"]["pay"][0]
    assert item["qr"] == svg(
        epc_code("Sociale InnovatieFabriek vzw", "BE12000000009292", D("26.25"), reference, ""),
        sized=False,
    )
    assert "<svg" in (folder / "an-claes.html").read_text(encoding="utf-8")


def test_what_the_fabriek_owes_them(books: Repo) -> None:
    folder = write(books)
    atelier = pdf_text(folder / "atelier-soleil.pdf")  # French
    assert "Sociale InnovatieFabriek vzw vous doit EUR 75,63" in atelier
    assert (
        "vous verse EUR 75,63 (autofacture AF2026-00002) sur le compte BE62 5100 0754 7061"
        in atelier
    )
    assert "Vous n'avez rien à payer." in atelier
    assert figures(folder / "atelier-soleil.pdf") == []
    bram = pdf_text(folder / "bram-peeters.pdf")  # English: his invoice is set off
    assert "Set-off of F2026-00003 against AF2026-00001" in bram
    assert "You have nothing to pay." in bram
    # bram has no IBAN in its member file: it is asked for.
    assert (
        "will pay you EUR 96.75 (self-billed invoice AF2026-00001) as soon as you give us your account number"
        in bram
    )


def test_sif_balances_in_words_and_debt_age(books: Repo) -> None:
    folder = write(books)
    debtor = pdf_text(folder / "de-buurtkeuken.pdf")
    assert "Saldo op 30 september 2026: u staat op nul" in debtor
    assert "Saldo op 31 oktober 2026: u bent 2,50 SIF verschuldigd" in debtor
    assert "Het oudste deel van uw schuld dateert van 12 oktober 2026: 19 dagen" in debtor
    assert (
        "Gekregen: Versterkingssessie Atelier Soleil SRL, Bram Peeters (Zorgboerderij De Hoeve) 2,50"
        in debtor
    )
    # One convention, in words: debit is what the member owes more, no signs to decode.
    assert "Debet: wat u meer verschuldigd bent (u kreeg een dienst)" in debtor
    assert "−" not in debtor and "+2,50" not in debtor
    assert (
        "Dit is uw nettopositie in euro: wat u en Sociale InnovatieFabriek vzw elkaar "
        "verschuldigd zijn, is met elkaar verrekend, oudste documenten eerst. U bent Sociale "
        "InnovatieFabriek vzw EUR 77,50 verschuldigd en betaalt alleen dit saldo."
    ) in debtor
    assert "Sindsdien, tot 20 november 2026" in debtor
    assert "Uw betaling voor factuur F2026-00004" in debtor
    atelier = pdf_text(folder / "atelier-soleil.pdf")
    assert "Payé en euros (F2026-00001) 1,25" in atelier
    assert "vous avez 0,00 SIF en crédit" not in atelier and "votre solde est nul" in atelier


def test_a_member_in_debt_is_shown_ways_to_pay_back_in_kind(books: Repo) -> None:
    folder = write(books)
    debtor = html_text(folder / "de-buurtkeuken.html")
    assert "Terugbetalen in natura" in debtor
    assert (
        "U bent 0,85 SIF verschuldigd. U kunt dat terugbetalen door diensten te geven." in debtor
    )  # 2,50 at the month's end, less what the payment of 10 November cleared
    assert "Hoe koken we elke week voor veertig bewoners van de zorgboerderij?" in debtor
    assert (
        "Solution Lab van Atelier Soleil SRL, sinds 1 oktober 2026; uw expertise: food" in debtor
    )
    assert "Versterkingssessie (2,50 SIF per sessie)" in debtor
    assert "Terugbetalen in natura" in pdf_text(folder / "de-buurtkeuken.pdf")
    # Members without SIF debt are not asked.
    assert "Terugbetalen in natura" not in html_text(folder / "an-claes.html")


def page_text(path: Path, page: int) -> str:
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(re.sub(r"-\s*\n", "-", reader.pages[page].extract_text()).split())


def in_order(text: str, *parts: str) -> None:
    """Each of `parts` is in `text`, after the one before it."""
    at = 0
    for part in parts:
        found = text.find(part, at)
        assert found >= 0, f"{part!r} missing after position {at} of: {text}"
        at = found + len(part)


def test_page_one_says_where_you_stand_what_to_pay_how_to_pay_back_and_what_euro_clears(
    books: Repo,
) -> None:
    """A member in debt reads it all on page 1, in this order; the details follow."""
    folder = write(books)
    first = page_text(folder / "de-buurtkeuken.pdf", 0)
    in_order(
        first,
        "U hebt 0,85 SIF meer ontvangen dan u gaf of in euro betaalde.",
        "Betaal EUR 77,50 (factuur F2026-00004) uiterlijk op 3 december 2026",
        "Mededeling +++261/0000/00452+++",
        "Terugbetalen in natura",
        "Hoe koken we elke week voor veertig bewoners van de zorgboerderij?",
        "Een antwoord vereffent 0,50 SIF van uw schuld (Coachinguur, 0,50 SIF per uur).",
        "Betaalt u EUR 77,50 (factuur F2026-00004), dan is uw schuld van 0,85 SIF vereffend.",
    )
    assert "Uw rekening in euro Van" not in first  # the tables are on page 2
    in_order(
        html_text(folder / "de-buurtkeuken.html"),
        "U hebt 0,85 SIF meer ontvangen",
        "Betaal EUR 77,50",
        "Een antwoord vereffent 0,50 SIF",
        "dan is uw schuld van 0,85 SIF vereffend",
        "Saldo op 31 oktober 2026: u bent 2,50 SIF verschuldigd",
        "Saldo op 20 november 2026: u bent 0,85 SIF verschuldigd",
    )
    # Who is owed, or traded evenly, reads that in words too.
    assert "You have given 2.25 SIF more than you have received" in page_text(
        folder / "bram-peeters.pdf", 0
    )
    even = page_text(folder / "an-claes.pdf", 0)
    in_order(
        even,
        "U hebt evenveel gegeven als ontvangen: uw SIF-saldo staat op nul.",
        "Betaal EUR 26,25",
        "Betaalt u EUR 26,25 (factuur F2026-00002), dan vereffent dat geen SIF",
    )


def test_what_the_statement_says_a_payment_clears_is_what_the_payment_books(
    books: Repo,
) -> None:
    """Paying the open amount on the statement clears exactly the SIF it names."""
    item = statements(books)["de-buurtkeuken"].to_pay[0]
    assert (item.open, item.sif) == (D("77.50"), D("0.85"))
    result = books.run(
        "payment", "record", "--document", item.number, "--amount", "77.50",
        "--date", "2026-11-21",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    loaded = load_books(books.root)
    later = compute_statements(
        loaded.entries, loaded.community, Month.parse(statementbooks.MONTH),
        datetime.date(2026, 11, 21),
    )  # fmt: skip
    after = {s.member.id: s for s in later}["de-buurtkeuken"]
    assert after.sif_today == 0 and not after.to_pay


@pytest.mark.parametrize(
    ("language", "standing", "clears"),
    [
        ("fr", "Vous avez reçu 0,85 SIF de plus", "votre dette de 0,85 SIF est réglée"),
        ("en", "You have received 0.85 SIF more", "your debt of 0.85 SIF is cleared"),
    ],
)
def test_page_one_in_the_member_s_language(
    books: Repo, language: str, standing: str, clears: str
) -> None:
    set_language(books, "de-buurtkeuken", language)
    folder = write(books, "--member", "de-buurtkeuken")
    in_order(page_text(folder / "de-buurtkeuken.pdf", 0), standing, clears)


def test_the_statement_words_in_german_from_the_catalog(books: Repo) -> None:
    """Members may not choose German yet (i14), but the statements' catalog speaks it."""
    loaded = load_books(books.root)
    words = say.words("de", books.root / "templates")
    shown = view_module.view(statements(books)["de-buurtkeuken"], loaded.community, words)
    assert shown["title"] == "Kontoauszug"
    assert shown["standing"].startswith("Sie haben 0,85\u00a0SIF mehr erhalten")
    assert "Ihre Schuld von 0,85\u00a0SIF beglichen" in shown["clears"]["lines"][0]


def test_hostile_names_are_escaped_in_html_and_text_in_pdf(books: Repo) -> None:
    path = books.root / "members" / "an-claes.yaml"
    text = path.read_text(encoding="utf-8").replace("name: An Claes", f"name: '{HOSTILE}'")
    path.write_text(text, encoding="utf-8")
    folder = write(books)
    for member in ("an-claes", "de-buurtkeuken"):  # the member, and a counterpart
        html = (folder / f"{member}.html").read_text(encoding="utf-8")
        assert "<script>" not in html
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Co" in html
        assert HOSTILE in pdf_text(folder / f"{member}.pdf")


# Faults ---------------------------------------------------------------------


def test_a_month_not_invoiced_is_refused(books: Repo) -> None:
    result = books.run("statements", "--month", "2026-11", "--as-of", "2026-12-20")
    assert result.exit_code == 1
    assert "2026-11 is not invoiced yet" in result.output
    assert "sif invoice run --month 2026-11" in result.output


def test_a_date_before_the_documents_is_refused(books: Repo) -> None:
    result = books.run("statements", "--month", "2026-10", "--as-of", "2026-11-02")
    assert result.exit_code == 1
    assert "issued on 2026-11-03" in result.output


def test_an_unknown_member_gets_a_suggestion(books: Repo) -> None:
    result = books.run("statements", "--month", "2026-10", "--member", "an-clas")
    assert result.exit_code == 1
    assert 'no member "an-clas"' in result.output and "an-claes" in result.output


def test_books_with_errors_are_refused(books: Repo) -> None:
    books.month(
        "2026-11", '2026-11-02 * "x"\n  service: "nope"\n  Assets:Members:An-claes 1 SIF\n'
    )
    result = books.run("statements", "--month", "2026-10")
    assert result.exit_code == 1
    assert "error(s); fix them first" in result.output


def test_only_the_members_asked_and_another_folder(books: Repo, tmp_path: Path) -> None:
    result = books.run(
        "statements", "--month", "2026-10", "--as-of", "2026-11-20",
        "--member", "bram-peeters", "--out", str(tmp_path / "s"),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == [
        "bram-peeters.html",
        "bram-peeters.pdf",
    ]


# Templates -----------------------------------------------------------------


def test_the_books_templates_are_the_package_defaults() -> None:
    for name in ("statement.typ", "statement.html", "statement-labels.yaml"):
        assert (REPO_ROOT / "templates" / name).read_bytes() == (
            say.PACKAGE_TEMPLATES / name
        ).read_bytes(), f"templates/{name} differs from the package copy: change both"


def test_staff_edits_take_effect(books: Repo) -> None:
    books.write("templates/statement-labels.yaml", "nl:\n  title: Uw maandoverzicht\n")
    folder = write(books, "--member", "an-claes")
    text = pdf_text(folder / "an-claes.pdf")
    assert "Uw maandoverzicht" in text and "Rekeningoverzicht" not in text
    assert "Uw rekening in SIF" in text  # the rest falls back to the defaults
    assert "Uw maandoverzicht" in html_text(folder / "an-claes.html")


def test_a_broken_template_is_reported_with_its_file(books: Repo) -> None:
    books.write("templates/statement.html", "{% for x in %}\n")
    result = books.run("statements", "--month", "2026-10", "--as-of", "2026-11-20")
    assert result.exit_code == 1
    assert "statement.html" in result.output


# Golden files ---------------------------------------------------------------


def golden(name: str, got: str) -> None:
    check_golden(f"statements/{name}", got)


@pytest.mark.parametrize(
    "member", ["an-claes", "atelier-soleil", "bram-peeters", "de-buurtkeuken"]
)
def test_golden_statement(books: Repo, member: str) -> None:
    folder = write(books, "--member", member)
    golden(f"{member}.html", (folder / f"{member}.html").read_text(encoding="utf-8"))
    golden(f"{member}.pdf.txt", pdf_text(folder / f"{member}.pdf").replace(". ", ".\n") + "\n")


@pytest.mark.parametrize("width", [360, 1024])
def test_the_html_statement_fits_a_phone_and_shows_page_one_first(
    books: Repo, browser: Browser, width: int
) -> None:
    """The e-mail's HTML part is read on phones: no sideways scrolling, page 1 on top."""
    folder = write(books)
    page = browser.new_page(viewport={"width": width, "height": 800})
    try:
        for member in ("an-claes", "atelier-soleil", "bram-peeters", "de-buurtkeuken"):
            page.goto((folder / f"{member}.html").as_uri())
            assert page.evaluate("document.documentElement.scrollWidth") <= width, member
        page.goto((folder / "de-buurtkeuken.html").as_uri())
        top = page.locator(".standing").bounding_box()
        clears = page.locator("section.clears").bounding_box()
        sif_table = page.locator("table").first.bounding_box()
        assert top and clears and sif_table
        assert top["y"] < clears["y"] < sif_table["y"]
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"statement-{width}.png"), full_page=True)
    finally:
        page.close()


def test_a_german_statement_names_its_documents_with_a_capital(books: Repo) -> None:
    """Inside a sentence a document's title is lower case ("factuur F2026-00002"),
    but German writes every noun with a capital ("Rechnung F2026-00002")."""
    set_language(books, "an-claes", "de")
    text = html_text(write(books, "--member", "an-claes") / "an-claes.html")
    assert "Kontoauszug" in text
    assert "Rechnung F2026-00002" in text
    assert not re.search(r"\b(rechnung|abrechnung|gutschrift) (F|AF|AN)\d", text), text
    set_language(books, "an-claes", "nl")
    text = html_text(write(books, "--member", "an-claes") / "an-claes.html")
    assert "factuur F2026-00002" in text
