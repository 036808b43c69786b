"""Month-end invoicing: documents, numbers, booking, locks, credit notes, VAT, faults."""

from __future__ import annotations

import datetime
import io
import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pypdf
import pytest
from lxml import etree

from sif.documents.booking import Issued, issued_documents
from sif.documents.issue import InvoiceError
from sif.documents.model import Document
from sif.documents.pool import render
from sif.documents.run import run_month
from sif.documents.stored import issued_pdf
from sif.documents.ubl import CAC, CBC
from sif.ledger.books import load_books
from sif.model.community import Community
from sif.model.period import Month
from tests.conftest import ADDRESSES, ISSUE, Repo, dedent, documents, issue, only

NS = {"cac": CAC, "cbc": CBC}


def test_month_end_issues_one_document_per_member_and_side(books: Repo) -> None:
    docs = issue(books)
    kinds = sorted((row["member"], row["type"]) for row in docs.values())
    assert kinds == [
        ("an-claes", "invoice"),
        ("an-claes", "settlement"),  # not a taxable person: no invoice of theirs
        ("atelier-soleil", "self-billing"),
        ("bram-peeters", "invoice"),
        ("bram-peeters", "self-billing"),
        ("de-buurtkeuken", "invoice"),
        ("de-buurtkeuken", "settlement"),
    ]
    assert sorted(docs) == [
        "AF2026-00001", "AF2026-00002", "AN2026-00001", "AN2026-00002",
        "F2026-00001", "F2026-00002", "F2026-00003",
    ]  # fmt: skip
    # Each document is stored once: its UBL file, with the PDF inside.
    assert sorted(p.name for p in (books.root / "documents" / "2026-10").iterdir()) == sorted(
        f"{number}.xml" for number in docs
    )
    assert books.check()["ok"], books.errors()


def test_vat_by_status_and_the_domain_example(books: Repo) -> None:
    by_member = {(r["member"], r["type"]): r for r in issue(books).values()}
    # de-buurtkeuken received 5 SIF (250.00 + 21% VAT) and gave 2.5 SIF, not taxable.
    invoice = by_member[("de-buurtkeuken", "invoice")]
    assert (invoice["net"], invoice["vat"], invoice["total"]) == ("250.00", "52.50", "302.50")
    settlement = by_member[("de-buurtkeuken", "settlement")]
    assert (settlement["net"], settlement["vat"], settlement["total"]) == (
        "125.00",
        "0.00",
        "125.00",
    )
    # atelier-soleil is VAT-registered: 21% on what it delivered (1.25 SIF = 62.50).
    registered = by_member[("atelier-soleil", "self-billing")]
    assert (registered["net"], registered["vat"], registered["total"]) == (
        "62.50",
        "13.13",
        "75.63",
    )
    # bram-peeters is a small enterprise: no VAT on what he delivered.
    exempt = by_member[("bram-peeters", "self-billing")]
    assert (exempt["net"], exempt["vat"]) == ("62.50", "0.00")
    # an-claes traded evenly in SIF (2.5 given, 2.5 received) and still owes the VAT.
    an_invoice = by_member[("an-claes", "invoice")]
    an_settlement = by_member[("an-claes", "settlement")]
    assert an_invoice["total"] == "151.25" and an_settlement["total"] == "125.00"
    assert an_invoice["status"] == "partly settled" and an_settlement["status"] == "settled"
    balances = books.run("balances", "--as-of", "2026-11-30", "--format", "json")
    an = next(row for row in json.loads(balances.output) if row["member"] == "an-claes")
    assert an["balance"] == "0.00"


def test_the_books_reconcile_with_the_documents(books: Repo) -> None:
    docs = issue(books)
    vat = books.run("vat", "--quarter", "2026Q4", "--format", "json")
    assert vat.exit_code == 0, vat.output
    grids = json.loads(vat.output)
    invoices = [d for d in docs.values() if d["type"] == "invoice"]
    self_billed = [d for d in docs.values() if d["type"] in ("self-billing", "settlement")]
    assert Decimal(grids["grids"]["03"]) == sum(Decimal(d["net"]) for d in invoices)
    assert Decimal(grids["grids"]["54"]) == sum(Decimal(d["vat"]) for d in invoices)
    assert Decimal(grids["grids"]["82"]) == sum(Decimal(d["net"]) for d in self_billed)
    assert Decimal(grids["grids"]["59"]) == sum(Decimal(d["vat"]) for d in self_billed)
    due = Decimal(grids["grids"]["54"]) - Decimal(grids["grids"]["59"])
    assert Decimal(grids["grids"]["71"]) == due
    assert grids["reconciles"] is True


def test_a_second_run_issues_nothing(books: Repo) -> None:
    issue(books)
    before = books.snapshot()
    result = books.run("invoice", "run", "--month", "2026-10", "--issue-date", "2026-11-04")
    assert result.exit_code == 0
    assert "already invoiced" in result.output
    assert books.snapshot() == before


def test_dry_run_writes_nothing(books: Repo) -> None:
    before = books.snapshot()
    result = books.run(
        "invoice", "run", "--month", "2026-10", "--issue-date", "2026-11-03", "--dry-run"
    )
    assert result.exit_code == 0, result.output
    assert "Would issue 7 document(s)" in result.output
    assert books.snapshot() == before


def test_an_invoiced_month_is_locked(books: Repo) -> None:
    issue(books)
    result = books.run(
        "record", "coaching-hour", "--date", "2026-10-21",
        "--provider", "an-claes", "--recipient", "atelier-soleil",
    )  # fmt: skip
    assert result.exit_code == 1
    assert "already invoiced" in result.output
    later = books.run(
        "record", "coaching-hour", "--date", "2026-11-02",
        "--provider", "an-claes", "--recipient", "atelier-soleil",
    )  # fmt: skip
    assert later.exit_code == 0, later.output


def test_issue_date_before_the_month_ends_is_refused(books: Repo) -> None:
    before = books.snapshot()
    result = books.run("invoice", "run", "--month", "2026-10", "--issue-date", "2026-10-31")
    assert result.exit_code == 1
    assert "not after the end of 2026-10" in result.output
    assert books.snapshot() == before


def test_a_late_run_warns_and_check_warns_about_uninvoiced_months(books: Repo) -> None:
    report = books.check()
    assert report["ok"] is True
    assert any("2026-10 are not invoiced" in w for w in report["warnings"])
    result = books.run("invoice", "run", "--month", "2026-10", "--issue-date", "2026-11-20")
    assert result.exit_code == 0
    assert "late" in result.output and "2026-11-15" in result.output
    assert not books.check()["warnings"]


def test_missing_member_data_stops_the_run_and_lists_every_gap(books: Repo) -> None:
    for member in ("an-claes", "bram-peeters"):
        path = books.root / "members" / f"{member}.yaml"
        path.write_text(
            path.read_text(encoding="utf-8").replace(ADDRESSES[member], ""), encoding="utf-8"
        )
    before = books.snapshot()
    result = books.run("invoice", "run", "--month", "2026-10", "--issue-date", "2026-11-03")
    assert result.exit_code == 1
    assert "an-claes.yaml: An Claes: no address" in result.output
    assert "bram-peeters.yaml: Bram Peeters: no address" in result.output
    assert "nothing was issued" in result.output
    assert books.snapshot() == before


@pytest.mark.parametrize("fail_at", [0, 3, 6])
def test_a_crash_during_the_run_leaves_valid_books_and_no_number_used(
    books: Repo, fail_at: int
) -> None:
    calls = []

    def crashing(doc: Document, community: Community) -> tuple[bytes, bytes]:
        calls.append(doc.number)
        if len(calls) > fail_at:
            raise KeyboardInterrupt  # as if killed
        return render(doc, community)

    with pytest.raises(KeyboardInterrupt):
        run_month(books.root, Month.parse("2026-10"), ISSUE, renderer=crashing)
    assert not (books.root / "ledger" / "documents" / "2026-10.beancount").exists()
    assert books.check()["ok"], books.errors()
    assert documents(books) == {}
    # The next run issues everything, with the numbers the crashed run had.
    docs = issue(books)
    assert set(calls) <= set(docs)
    assert books.check()["ok"], books.errors()


def test_a_crash_while_writing_the_ledger_file_issues_nothing(
    books: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sif.fsutil import atomic_write as real

    def failing(path: Path, content: str | bytes, *, sync: bool = True) -> None:
        if path.suffix == ".beancount":
            raise OSError("disk full")
        real(path, content, sync=sync)

    monkeypatch.setattr("sif.documents.issue.atomic_write", failing)
    with pytest.raises(OSError, match="disk full"):
        run_month(books.root, Month.parse("2026-10"), ISSUE)
    monkeypatch.undo()
    assert books.check()["ok"]
    assert documents(books) == {}
    assert not list((books.root / "ledger" / "documents").glob(".*tmp"))


def test_the_documents_are_synced_once_before_the_ledger_file(
    books: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One flush for all of a month's files, then the ledger file that issues them."""
    synced: list[str] = []
    real = os.fsync

    def fsync(fd: int) -> None:
        synced.append(str(Path(f"/proc/self/fd/{fd}").readlink()))
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    result = run_month(books.root, Month.parse("2026-10"), ISSUE)
    assert len(result.files) >= 6
    folder = str(books.root / "documents" / "2026-10")
    assert synced[0] == folder
    assert [Path(path).parent for path in synced[1:]] == [books.root / "ledger" / "documents"]


def test_an_edited_ubl_file_fails_the_check(books: Repo) -> None:
    issue(books)
    path = books.root / "documents" / "2026-10" / "F2026-00001.xml"
    path.write_bytes(path.read_bytes().replace(b"<cbc:Note>", b"<cbc:Note>x", 1) + b"\n")
    error = next(e for e in books.errors() if e["kind"] == "DocumentError")
    assert error["file"] == "ledger/documents/2026-10.beancount"
    assert "F2026-00001" in error["message"] and "changed after it was issued" in error["message"]


def test_an_edited_booking_fails_the_check(books: Repo) -> None:
    issue(books)
    ledger = books.root / "ledger" / "documents" / "2026-10.beancount"
    text = ledger.read_text(encoding="utf-8")
    total = documents(books)["F2026-00001"]["total"]
    net = documents(books)["F2026-00001"]["net"]
    changed = text.replace(f" {total} EUR", f" {Decimal(total) + 1:.2f} EUR", 1).replace(
        f" -{net} EUR", f" -{Decimal(net) + 1:.2f} EUR", 1
    )
    assert changed != text
    ledger.write_text(changed, encoding="utf-8")
    errors = [e for e in books.errors() if e["kind"] == "DocumentError"]
    assert errors and "F2026-00001" in errors[0]["message"]
    assert "booking was edited" in errors[0]["message"]


def test_two_merged_branches_that_both_issued_fail_the_check(books: Repo) -> None:
    issue(books)
    ledger = books.root / "ledger" / "documents" / "2026-10.beancount"
    text = ledger.read_text(encoding="utf-8")
    # The other branch issued a document with a number this branch used too.
    first = text.split("\n\n")[1]
    assert "F2026-00001" in first or "AF2026-00001" in first
    books.write("ledger/documents/2026-10-other-branch.beancount", first + "\n")
    errors = [e for e in books.errors() if e["kind"] == "NumberingError"]
    assert errors and "issued twice" in errors[0]["message"]


def test_a_gap_in_the_numbers_fails_the_check(books: Repo) -> None:
    issue(books)
    ledger = books.root / "ledger" / "documents" / "2026-10.beancount"
    text = ledger.read_text(encoding="utf-8")
    blocks = text.split("\n\n")
    kept = [b for b in blocks if "^F2026-00002" not in b]
    ledger.write_text("\n\n".join(kept), encoding="utf-8")
    errors = [e for e in books.errors() if e["kind"] == "NumberingError"]
    assert errors and "skip from 1 to 3" in errors[0]["message"]


def test_credit_note_references_the_original_and_reissue_corrects(books: Repo) -> None:
    docs = issue(books)
    invoice = next(
        n for n, d in docs.items() if d["member"] == "de-buurtkeuken" and d["type"] == "invoice"
    )
    result = books.run(
        "invoice", "credit", invoice, "--reason", "Verkeerd adres",
        "--issue-date", "2026-11-10", "--reissue",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    after = documents(books)
    assert after["CN2026-00001"]["status"] == f"credits {invoice}"
    assert after["CN2026-00001"]["total"] == docs[invoice]["total"]
    assert after[invoice]["status"] == "settled"
    reissued = after["F2026-00004"]
    assert (reissued["member"], reissued["total"]) == ("de-buurtkeuken", docs[invoice]["total"])
    xml = (books.root / "documents" / "2026-10" / "CN2026-00001.xml").read_text(encoding="utf-8")
    assert f"<cbc:ID>{invoice}</cbc:ID>" in xml and "Verkeerd adres" in xml
    assert books.check()["ok"], books.errors()
    vat = json.loads(books.run("vat", "--quarter", "2026Q4", "--format", "json").output)
    assert vat["grids"]["49"] == docs[invoice]["net"] and vat["reconciles"] is True
    again = books.run(
        "invoice", "credit", invoice, "--reason", "nog eens", "--issue-date", "2026-11-10"
    )
    assert again.exit_code == 1 and "already credited by CN2026-00001" in again.output


def test_credit_of_an_unknown_number_says_so(books: Repo) -> None:
    issue(books)
    result = books.run(
        "invoice", "credit", "F2026-0001", "--reason", "x", "--issue-date", "2026-11-10"
    )
    assert result.exit_code == 1
    assert 'no issued document F2026-0001. Did you mean "F2026-00001"?' in result.output


def test_issue_dates_cannot_go_back(books: Repo) -> None:
    books.month(
        "2026-09",
        dedent("""\
        2026-09-14 * "Coaching"
          service: "coaching-hour"
          Assets:Members:An-claes          -0.50 SIF
          Assets:Members:Atelier-soleil     0.50 SIF
        """),
    )
    issue(books)
    before = books.snapshot()
    with pytest.raises(InvoiceError, match="out of order"):
        run_month(books.root, Month.parse("2026-09"), datetime.date(2026, 11, 2))
    assert books.snapshot() == before
    late = books.run("invoice", "run", "--month", "2026-09", "--issue-date", "2026-11-03")
    assert late.exit_code == 0, late.output
    assert "late" in late.output


def test_rendering_on_every_core_gives_the_same_documents(
    books: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    other = tmp_path / "other"
    shutil.copytree(books.root, other)
    monkeypatch.setattr("sif.documents.pool.PARALLEL_FROM", 2)
    parallel = run_month(books.root, Month.parse("2026-10"), ISSUE)
    monkeypatch.setattr("sif.documents.pool.PARALLEL_FROM", 10**6)
    serial = run_month(other, Month.parse("2026-10"), ISSUE)
    assert [d.number for d in parallel.documents] == [d.number for d in serial.documents]
    for path in parallel.files:
        twin = other / path.relative_to(books.root)
        assert path.read_bytes() == twin.read_bytes(), path.name


def test_an_edit_of_the_same_size_after_a_cached_check_is_still_found(books: Repo) -> None:
    issue(books)
    assert books.check()["ok"]  # the files are now remembered as verified
    path = books.root / "documents" / "2026-10" / "F2026-00001.xml"
    content = path.read_bytes()
    edited = content.replace(b">50.00</cbc:PriceAmount>", b">51.00</cbc:PriceAmount>", 1)
    assert len(edited) == len(content) and edited != content
    path.write_bytes(edited)
    errors = [e for e in books.errors() if e["kind"] == "DocumentError"]
    assert errors and "F2026-00001" in errors[0]["message"]


# ------------------------------------------------ documents by tax status, set-offs


def _ubl(repo: Repo, number: str) -> etree._Element:
    return etree.fromstring((repo.root / "documents" / "2026-10" / f"{number}.xml").read_bytes())


def _issued(repo: Repo, number: str) -> Issued:
    return next(d for d in issued_documents(load_books(repo.root).entries) if d.number == number)


def test_paying_what_each_invoice_asks_settles_it(books: Repo, tmp_path: Path) -> None:
    docs = issue(books)
    rows = []
    asked = {}
    for number, row in docs.items():
        if row["type"] != "invoice":
            continue
        ubl = _ubl(books, number)
        payable = ubl.findtext("cac:LegalMonetaryTotal/cbc:PayableAmount", None, NS)
        assert payable is not None
        asked[row["member"]] = payable
        # The PDF asks for the same amount, in the member's language.
        pdf = pypdf.PdfReader(io.BytesIO(issued_pdf(books.root, _issued(books, number))))
        shown = " ".join(pypdf_text(pdf).split())
        english = row["member"] == "bram-peeters"
        label, amount = (
            ("To pay", payable) if english else ("Te betalen", payable.replace(".", ","))
        )
        assert f"{label} EUR {amount}" in shown, number
        rows.append(f"2026-11-20,{payable},EUR,{row['reference']},{row['member']},,P-{number}")
    # Each invoice asks for its total less the set-off with the member's own purchase.
    assert asked == {"an-claes": "26.25", "bram-peeters": "28.25", "de-buurtkeuken": "177.50"}
    bank = tmp_path / "bank.csv"
    bank.write_text("date,amount,currency,reference,name,iban,id\n" + "\n".join(rows) + "\n")
    result = books.run("payment", "import", str(bank))
    assert result.exit_code == 0, result.output
    after = documents(books)
    assert {after[n]["status"] for n, r in docs.items() if r["type"] == "invoice"} == {"settled"}


def pypdf_text(reader: pypdf.PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def test_a_member_who_is_not_a_taxable_person_gets_a_settlement_statement(books: Repo) -> None:
    docs = issue(books)
    settlements = {r["member"]: n for n, r in docs.items() if r["type"] == "settlement"}
    assert settlements == {"an-claes": "AN2026-00001", "de-buurtkeuken": "AN2026-00002"}
    for number in settlements.values():
        ubl = _ubl(books, number)
        assert ubl.findtext("cbc:InvoiceTypeCode", None, NS) == "751"  # not a 389 invoice
        assert ubl.findtext("cbc:CustomizationID", None, NS) == "urn:cen.eu:en16931:2017"
        assert ubl.find("cbc:Note", NS) is None  # no "Autofacturatie"
    # The private person's invoice is plain EN 16931 too; the vzw's is on Peppol (0208).
    invoices = {r["member"]: n for n, r in docs.items() if r["type"] == "invoice"}
    assert _ubl(books, invoices["an-claes"]).find("cbc:ProfileID", NS) is None
    assert _ubl(books, invoices["de-buurtkeuken"]).findtext("cbc:ProfileID", None, NS) == (
        "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
    )
    # A settlement is corrected in its own series.
    result = books.run(
        "invoice", "credit", "AN2026-00002", "--reason", "Sessie niet doorgegaan",
        "--issue-date", "2026-11-10",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    credit = documents(books)["ANC2026-00001"]
    assert (credit["type"], credit["status"]) == ("settlement-credit-note", "credits AN2026-00002")
    assert books.check()["ok"], books.errors()


def test_a_reissued_document_shows_what_was_already_set_off(books: Repo) -> None:
    docs = issue(books)
    invoice = next(
        n for n, d in docs.items() if d["member"] == "de-buurtkeuken" and d["type"] == "invoice"
    )
    result = books.run(
        "invoice", "credit", invoice, "--reason", "Verkeerd adres",
        "--issue-date", "2026-11-10", "--reissue",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    ubl = _ubl(books, "F2026-00004")
    totals = "cac:LegalMonetaryTotal/cbc:"
    assert ubl.findtext(totals + "PrepaidAmount", None, NS) == "125.00"
    assert ubl.findtext(totals + "PayableAmount", None, NS) == "177.50"
    assert "AN2026-00002" in (ubl.findtext("cac:PaymentTerms/cbc:Note", "", NS) or "")
    assert documents(books)["F2026-00004"]["status"] == "partly settled"


def _without_agreement(repo: Repo, member: str, replacement: str = "") -> None:
    path = repo.root / "members" / f"{member}.yaml"
    text = path.read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines(keepends=True) if ln.startswith("self_billing:"))
    path.write_text(text.replace(line, replacement), encoding="utf-8")


def test_self_billing_only_with_an_agreement_in_force(books: Repo) -> None:
    _without_agreement(books, "atelier-soleil")
    _without_agreement(
        books, "bram-peeters", 'self_billing: {accepted: 2026-11-04, terms: "2026-1"}\n'
    )
    before = books.snapshot()
    for dry in ((), ("--dry-run",)):
        result = books.run(
            "invoice", "run", "--month", "2026-10", "--issue-date", "2026-11-03", *dry
        )
        assert result.exit_code == 1
        assert (
            "atelier-soleil.yaml: Atelier Soleil SRL has no self-billing agreement in force on "
            "2026-11-03" in result.output
        )
        assert "accepted the self-billing terms only on 2026-11-04" in result.output
        assert "self_billing: {accepted: YYYY-MM-DD, terms: VERSION}" in result.output
        # Members who are not taxable persons get settlements: no agreement needed.
        assert "an-claes" not in result.output and "de-buurtkeuken" not in result.output
        assert books.snapshot() == before
    # Issued a day later, bram's agreement is in force; atelier still has none.
    later = books.run("invoice", "run", "--month", "2026-10", "--issue-date", "2026-11-04")
    assert later.exit_code == 1
    assert "Atelier Soleil SRL has no self-billing agreement" in later.output
    assert "Bram Peeters" not in later.output


def test_a_self_billing_agreement_needs_its_date_and_terms(books: Repo) -> None:
    _without_agreement(books, "atelier-soleil", "self_billing: {accepted: 2024-01-15}\n")
    error = only(books.errors(), "YamlError")
    assert error["file"].endswith("atelier-soleil.yaml")
    assert 'field "self_billing.terms": is missing' in error["message"]


def test_vat_on_services_to_a_private_person_is_due_when_they_were_performed(
    books: Repo,
) -> None:
    # September: atelier-soleil coaches an-claes (a private person) and de-buurtkeuken (a vzw).
    books.month(
        "2026-09",
        dedent("""\
        2026-09-14 * "Coaching"
          service: "coaching-hour"
          quantity: 2
          Assets:Members:Atelier-soleil    -1.00 SIF
          Assets:Members:An-claes           1.00 SIF

        2026-09-15 * "Coaching"
          service: "coaching-hour"
          Assets:Members:Atelier-soleil    -0.50 SIF
          Assets:Members:De-buurtkeuken     0.50 SIF
        """),
    )
    late = books.run("invoice", "run", "--month", "2026-09", "--issue-date", "2026-10-02")
    assert late.exit_code == 0, late.output
    ledger = (books.root / "ledger" / "documents" / "2026-09.beancount").read_text()
    assert "vat-date: 2026-09-30" in ledger  # an-claes's invoice only
    assert ledger.count("vat-date:") == 1

    def grids(quarter: str) -> dict[str, Any]:
        result = books.run("vat", "--quarter", quarter, "--format", "json")
        assert result.exit_code == 0, result.output
        report: dict[str, Any] = json.loads(result.output)
        assert report["reconciles"] is True
        return report

    q3, q4 = grids("2026Q3"), grids("2026Q4")
    # an-claes: 2 hours = 50.00 + 10.50 VAT in Q3, when performed; the vzw's invoice
    # (25.00 + 5.25) by its issue date in Q4, with the purchase from atelier (75.00).
    assert (q3["grids"]["03"], q3["grids"]["54"], q3["documents"]) == ("50.00", "10.50", 1)
    assert (q4["grids"]["03"], q4["grids"]["54"]) == ("25.00", "5.25")
    assert (q4["grids"]["82"], q4["grids"]["59"]) == ("75.00", "15.75")


def test_check_warns_before_the_month_end_about_a_missing_agreement(books: Repo) -> None:
    assert not [w for w in books.check()["warnings"] if "self-billing" in w]
    _without_agreement(books, "atelier-soleil")
    report = books.check()
    assert report["ok"] is True  # a warning: the books are right, the month-end would stop
    [warning] = [w for w in report["warnings"] if "self-billing" in w]
    assert warning.startswith(str(books.root / "members" / "atelier-soleil.yaml"))
    assert "delivered services in 2026-10, not invoiced yet" in warning
    # Members who are not taxable persons get settlement statements: no agreement needed.
    assert "an-claes" not in warning and "de-buurtkeuken" not in warning
