"""A time bank in hours, with no euro and no invoicing, made with `sif init`.

Riverside Time Bank (London) counts hours: `--invoicing none`, no value in
money, no VAT number. Its books record, check, show balances and make
statements without ever asking for an invoice run; the commands about
invoices, VAT and payments say plainly that this community does not invoice.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pypdf
import pytest

from sif.model.community import load_community
from tests.conftest import run_cli

INIT = (
    "--name", "Riverside Time Bank", "--code", "HOUR", "--currency-name", "Hours",
    "--invoicing", "none", "--operator-id", "riverside", "--operator-name",
    "Riverside Time Bank CIO", "--legal-form", "association", "--street", "1 Quay Street",
    "--postcode", "E1 6AN", "--city", "London", "--country", "GB", "--start", "2026-01-01",
    "--language", "en",
)  # fmt: skip
MEMBERS = (("Ann Lee", "person"), ("Bob Marsh", "person"), ("Canal Club", "organisation"))


@pytest.fixture
def books(tmp_path: Path) -> Path:
    target = tmp_path / "riverside"
    result = run_cli(tmp_path, "init", str(target), *INIT)
    assert result.exit_code == 0, result.output
    for name, kind in MEMBERS:
        args = ["--legal-form", "association"] if kind == "organisation" else []
        result = run_cli(
            target, "member", "add", "--name", name, "--kind", kind, *args,
            "--language", "en", "--country", "GB",  # no VAT status: nobody is invoiced
            "--email", "hello@riverside.example", "--joined", "2026-01-01",
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    return target


def record(books: Path, date: str, provider: str, recipient: str, hours: str) -> str:
    result = run_cli(
        books, "record", "coaching-session", "--date", date, "--quantity", hours,
        "--provider", provider, "--recipient", recipient,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return result.output


def test_the_time_bank_needs_no_value_vat_or_vat_number(books: Path) -> None:
    menu = (books / "services.yaml").read_text(encoding="utf-8")
    assert "invoicing: none" in menu
    assert "values:" not in menu
    assert "vat:" not in menu.replace("vat: {status", "")
    community = load_community(books)
    assert community.errors == []
    assert community.menu is not None and not community.menu.invoices
    assert community.menu.currency.value_on(datetime.date(2026, 10, 1)) is None
    operator = community.operator
    assert operator is not None
    assert (operator.vat_status, operator.vat_number, operator.peppol) == (
        "not-taxable",
        None,
        None,
    )
    readme = (books / "README.md").read_text(encoding="utf-8")
    assert "the HOUR has no value in money and nobody is invoiced." in readme


def test_record_check_and_balances_in_hours(books: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SIF_LANG")  # the operator's language, English, speaks
    assert "2.00 HOUR" in record(books, "2026-10-05", "ann-lee", "bob-marsh", "2")
    record(books, "2026-10-12", "bob-marsh", "canal-club", "1.5")
    # Past the 15th of the next month, and still no "not invoiced" warning.
    check = run_cli(books, "check")
    assert check.exit_code == 0, check.output
    assert check.stdout == "The books are in order: 4 members, 0 concepts, 1 service, 2 trades.\n"
    assert check.stderr == ""
    balances = run_cli(books, "balances", "--as-of", "2026-10-31", "--format", "csv")
    assert balances.exit_code == 0, balances.output
    assert balances.stdout.splitlines() == [
        "member,currency,balance,given,received,last_activity,debt_age_days",
        "ann-lee,HOUR,-2.00,2.00,0.00,2026-10-05,",
        "bob-marsh,HOUR,0.50,1.50,2.00,2026-10-12,26",
        "canal-club,HOUR,1.50,0.00,1.50,2026-10-12,19",
        "riverside,HOUR,0.00,0.00,0.00,,",
    ]


def test_statements_in_hours_without_euro(books: Path) -> None:
    record(books, "2026-10-05", "ann-lee", "bob-marsh", "2")
    result = run_cli(books, "statements", "--month", "2026-10", "--as-of", "2026-11-02")
    assert result.exit_code == 0, result.output
    folder = books / "out" / "statements" / "2026-10"
    assert sorted(p.name for p in folder.iterdir()) == [
        "ann-lee.html",
        "ann-lee.pdf",
        "bob-marsh.html",
        "bob-marsh.pdf",
        "canal-club.html",  # every member who could trade in the month
        "canal-club.pdf",
    ]
    page = (folder / "bob-marsh.html").read_text(encoding="utf-8")
    text = re.sub(r"<style.*?</style>|<[^>]+>", " ", page, flags=re.DOTALL).replace("\xa0", " ")
    assert "you owe 2.00 HOUR" in text
    assert "Received: Coaching session" in text
    reader = pypdf.PdfReader(folder / "bob-marsh.pdf")
    pdf_text = " ".join(page.extract_text() for page in reader.pages).replace("\xa0", " ")
    assert "you owe 2.00 HOUR" in pdf_text
    for euro in ("EUR", "€", "euro", "invoice", "VAT"):
        assert euro not in text, euro
        assert euro not in pdf_text, euro


@pytest.mark.parametrize(
    "command",
    [
        ("invoice", "run", "--month", "2026-10"),
        ("invoice", "list"),
        ("invoice", "credit", "F2026-00001", "--reason", "wrong"),
        ("vat", "--quarter", "2026Q4"),
        ("settle", "--dry-run"),
    ],
)
def test_invoices_vat_and_payments_say_the_community_does_not_invoice(
    books: Path, command: tuple[str, ...]
) -> None:
    record(books, "2026-10-05", "ann-lee", "bob-marsh", "2")
    before = sorted(p.relative_to(books) for p in books.rglob("*"))
    result = run_cli(books, *command)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: Riverside Time Bank does not invoice (services.yaml: invoicing: none)"
    )
    assert "Traceback" not in result.output
    assert sorted(p.relative_to(books) for p in books.rglob("*")) == before


def test_payments_say_the_community_does_not_invoice(books: Path, tmp_path: Path) -> None:
    bank = tmp_path / "bank.csv"
    bank.write_text("date,amount\n", encoding="utf-8")
    result = run_cli(books, "payment", "import", str(bank))
    assert result.exit_code == 1
    assert "does not invoice" in result.stderr


def test_a_uk_vat_number_is_kept_with_its_country_code(books: Path) -> None:
    member = books / "members" / "canal-club.yaml"
    text = member.read_text(encoding="utf-8")
    member.write_text(
        text.replace(
            "vat: {status: not-taxable}", "vat: {status: registered, number: GB 123 4567 89}"
        ),
        encoding="utf-8",
    )
    community = load_community(books)
    assert community.errors == []
    assert community.members["canal-club"].vat_number == "GB123456789"


def test_credit_limits_in_hours_refuse_and_show_the_room_left(books: Path) -> None:
    menu = books / "services.yaml"
    menu.write_text(
        menu.read_text(encoding="utf-8")
        + "\ncredit_limits:\n  default: {soft: 2, hard: 3}\n  members: {canal-club: {hard: 10}}\n",
        encoding="utf-8",
    )
    record(books, "2026-10-05", "ann-lee", "bob-marsh", "2")
    refused = run_cli(
        books, "record", "coaching-session", "--date", "2026-10-06", "--quantity", "1.5",
        "--provider", "ann-lee", "--recipient", "bob-marsh",
    )  # fmt: skip
    assert refused.exit_code == 1
    assert "bob-marsh would owe 3.50 HOUR after this trade, past the hard credit limit" in (
        refused.output
    )
    assert "Warning: canal-club" in record(books, "2026-10-07", "ann-lee", "canal-club", "4")
    result = run_cli(books, "statements", "--month", "2026-10", "--as-of", "2026-11-02")
    assert result.exit_code == 0, result.output
    page = (books / "out" / "statements" / "2026-10" / "bob-marsh.html").read_text("utf-8")
    assert (
        "Your credit limit is 3.00 HOUR: you can still receive services for 1.00 HOUR."
        in page.replace("\xa0", " ")
    )


def test_the_site_is_english_only_with_english_page_names(books: Path) -> None:
    """The operator speaks English only: one site, `<html lang="en">`, no language
    switcher, English page names, and no word of the Fabriek or the Dutch community."""
    record(books, "2026-10-05", "ann-lee", "bob-marsh", "2")
    result = run_cli(books, "site", "build", "--today", "2026-11-02")
    assert result.exit_code == 0, result.output
    public = books / "public"
    assert not (public / "nl").exists() and not (public / "fr").exists()
    for page in ("index.html", "menu.html", "figures.html", "questions.html", "join.html",
                 "network/index.html", "concepts/index.html", "events/index.html"):  # fmt: skip
        text = (public / page).read_text(encoding="utf-8")
        assert '<html lang="en"' in text, page
        assert "hreflang" not in text, page  # no language switcher
        visible = re.sub(r"<script.*?</script>|<[^>]+>", " ", text, flags=re.DOTALL)
        for word in ("Fabriek", "SIF", "Sociale", "menukaart", "cijfers", "netwerk", "Kennis",
                     "btw", "EUR", "€", "Bootcamp", "Solution"):  # fmt: skip
            assert word not in visible, (page, word)
        assert "Fabriek" not in text, page
    home = (public / "index.html").read_text(encoding="utf-8")
    assert "Riverside Time Bank" in home
    assert "**HOUR**" not in home and "<strong>HOUR</strong>" in home
    assert "Menu card" in home
