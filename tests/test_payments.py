"""Payments: bank files in, matched by structured reference, booked in EUR and SIF."""

from __future__ import annotations

import json
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import Repo, documents, issue


def _docs(repo: Repo) -> dict[tuple[str, str], dict[str, str]]:
    return {(row["member"], row["type"]): row for row in documents(repo).values()}


def _balances(repo: Repo) -> dict[str, str]:
    rows = json.loads(repo.run("balances", "--as-of", "2026-12-31", "--format", "json").output)
    return {row["member"]: row["balance"] for row in rows}


def _csv(
    tmp_path: Path, rows: list[str], header: str = "date,amount,currency,reference,name,iban,id"
) -> Path:
    path = tmp_path / "bank.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


CAMT = """\
<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>STMT-1</MsgId><CreDtTm>2026-11-21T08:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>1</Id>
      <Acct><Id><IBAN>BE12000000009292</IBAN></Id></Acct>
      {entries}
    </Stmt>
  </BkToCstmrStmt>
</Document>
"""

ENTRY = """\
<Ntry>
  <Amt Ccy="{currency}">{amount}</Amt>
  <CdtDbtInd>{direction}</CdtDbtInd>
  <Sts>BOOK</Sts>
  <BookgDt><Dt>{date}</Dt></BookgDt>
  <AcctSvcrRef>{id}</AcctSvcrRef>
  <NtryDtls><TxDtls>
    <RltdPties><Dbtr><Nm>Payer</Nm></Dbtr></RltdPties>
    <RmtInf><Strd><CdtrRefInf><Ref>{reference}</Ref></CdtrRefInf></Strd></RmtInf>
  </TxDtls></NtryDtls>
</Ntry>
"""


def _camt(tmp_path: Path, *entries: dict[str, str]) -> Path:
    body = "".join(ENTRY.format(**{"currency": "EUR", "direction": "CRDT", **e}) for e in entries)
    path = tmp_path / "statement.xml"
    path.write_text(CAMT.format(entries=body), encoding="utf-8")
    return path


def test_a_csv_payment_pays_the_invoice_and_clears_the_sif_it_stood_for(
    books: Repo, tmp_path: Path
) -> None:
    issue(books)
    # A 1.50 SIF workshop: 90.75 EUR, of which 62.50 set off against what he delivered.
    invoice = _docs(books)[("bram-peeters", "invoice")]
    assert invoice["total"] == "90.75" and invoice["status"] == "partly settled"
    before = _balances(books)
    path = _csv(tmp_path, [f"2026-11-20,28.25,EUR,{invoice['reference']},Bram,,T1"])
    result = books.run("payment", "import", str(path))
    assert result.exit_code == 0, result.output
    assert "1 booked, 0 not booked" in result.output
    assert _docs(books)[("bram-peeters", "invoice")]["status"] == "settled"
    after = _balances(books)
    # Bram received 1.50 SIF and gave 1.25: he owed 0.25 SIF, which the payment clears
    # (never more than he owes), and the Fabriek's side takes it over.
    assert Decimal(before["bram-peeters"]) == Decimal("0.25")
    assert Decimal(after["bram-peeters"]) == Decimal("0.00")
    assert Decimal(after["fabriek"]) - Decimal(before["fabriek"]) == Decimal("0.25")
    assert sum(Decimal(v) for v in after.values()) == 0
    assert books.check()["ok"], books.errors()


def test_camt_053_is_read_and_a_second_import_books_nothing(books: Repo, tmp_path: Path) -> None:
    issue(books)
    invoice = _docs(books)[("de-buurtkeuken", "invoice")]
    open_amount = Decimal(invoice["total"]) - Decimal("125.00")  # set off against its settlement
    path = _camt(
        tmp_path,
        {
            "amount": str(open_amount),
            "date": "2026-11-21",
            "id": "BANK-77",
            "reference": invoice["reference"],
        },
    )
    first = books.run("payment", "import", str(path))
    assert first.exit_code == 0, first.output
    assert _docs(books)[("de-buurtkeuken", "invoice")]["status"] == "settled"
    before = books.snapshot()
    second = books.run("payment", "import", str(path))
    assert second.exit_code == 0
    assert "0 booked, 0 not booked, 1 already in the books" in second.output
    assert books.snapshot() == before


def test_a_payout_settles_a_self_billed_document(books: Repo, tmp_path: Path) -> None:
    issue(books)
    settlement = _docs(books)[("atelier-soleil", "self-billing")]
    path = _csv(
        tmp_path, [f"2026-11-22,-{settlement['total']},EUR,{settlement['reference']},Atelier,,P1"]
    )
    result = books.run("payment", "import", str(path))
    assert result.exit_code == 0, result.output
    assert _docs(books)[("atelier-soleil", "self-billing")]["status"] == "settled"
    # Atelier earned 1.25 SIF; cashing it out in EUR moves that credit to the Fabriek.
    assert Decimal(_balances(books)["atelier-soleil"]) == Decimal("0.00")


@pytest.mark.parametrize(
    ("row", "status", "words"),
    [
        (
            "2026-11-20,10.00,EUR,+++999/9999/99948+++,X,,U1",
            "unknown-reference",
            "not the reference of any",
        ),
        (
            "2026-11-20,10.00,EUR,+++261/0000/00150+++,X,,U2",
            "bad-check-digit",
            "check digits are wrong",
        ),
        ("2026-11-20,10.00,EUR,bedankt,X,,U3", "unmatched", "no structured reference"),
        ("2026-11-20,10.00,USD,{invoice},X,,U4", "currency", "not EUR"),
        ("2026-11-20,-10.00,EUR,{invoice},X,,U5", "direction", "money paid out for"),
        ("2026-11-20,9999.00,EUR,{invoice},X,,U6", "over-payment", "of which"),
    ],
)
def test_what_cannot_be_matched_with_certainty_is_reported_not_booked(
    books: Repo, tmp_path: Path, row: str, status: str, words: str
) -> None:
    issue(books)
    reference = _docs(books)[("bram-peeters", "invoice")]["reference"]
    path = _csv(tmp_path, [row.format(invoice=reference)])
    before = books.snapshot()
    result = books.run("payment", "import", str(path))
    assert result.exit_code == 1
    assert status in result.output and words in result.output
    assert "bank.csv:2:" in result.output
    assert books.snapshot() == before


def test_a_partial_payment_is_booked_and_reported(books: Repo, tmp_path: Path) -> None:
    issue(books)
    invoice = _docs(books)[("bram-peeters", "invoice")]
    path = _csv(tmp_path, [f'20/11/2026,"10,00",EUR,{invoice["reference"]},Bram,,T9'])
    result = books.run("payment", "import", str(path))
    assert result.exit_code == 0, result.output
    assert "partial" in result.output and "18.25 still open" in result.output
    assert _docs(books)[("bram-peeters", "invoice")]["status"] == "partly settled"


def test_a_payment_from_another_members_account_is_not_guessed(
    books: Repo, tmp_path: Path
) -> None:
    issue(books)
    reference = _docs(books)[("bram-peeters", "invoice")]["reference"]
    path = _csv(tmp_path, [f"2026-11-20,28.25,EUR,{reference},Atelier,BE62510007547061,A1"])
    result = books.run("payment", "import", str(path))
    assert result.exit_code == 1
    assert "other-member" in result.output and "atelier-soleil" in result.output


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("date,amount,reference\n2026-11-20,10.00", "truncated"),
        ("datum,bedrag\n2026-11-20,10.00\n", "no column date, amount"),
        ("date,amount\nyesterday,10.00\n", '"yesterday" is not a date'),
        ("date,amount\n2026-11-20,ten\n", '"ten" is not an amount'),
        (
            '<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><Bk',
            "not well-formed XML",
        ),
        ('<?xml version="1.0"?><Document xmlns="urn:example"/>', "not a CAMT.053 statement"),
        # More decimals than the currency has: rounding would book another amount.
        ("date,amount\n2026-11-20,10.005\n", 'bank.csv:2: "10.005" has more decimals than EUR'),
        ("date,amount\n2026-11-20,0.001\n", 'bank.csv:2: "0.001" has more decimals than EUR'),
        ("date,amount\n2026-11-20,28.25\n2026-11-21,NaN\n", 'bank.csv:3: "NaN" is not an amount'),
        ("date,amount\n2026-11-20,Infinity\n", 'bank.csv:2: "Infinity" is not an amount'),
        ("date,amount\n2026-11-20,-inf\n", 'bank.csv:2: "-inf" is not an amount'),
    ],
)
def test_malformed_or_truncated_bank_files_are_refused_whole(
    books: Repo, tmp_path: Path, content: str, words: str
) -> None:
    issue(books)
    path = tmp_path / ("bank.xml" if content.startswith("<") else "bank.csv")
    path.write_text(content, encoding="utf-8")
    before = books.snapshot()
    result = books.run("payment", "import", str(path))
    assert result.exit_code == 1
    assert words in result.output and "nothing was booked" in result.output
    assert books.snapshot() == before


def test_a_column_mapping_reads_a_banks_own_headers(books: Repo, tmp_path: Path) -> None:
    issue(books)
    invoice = _docs(books)[("bram-peeters", "invoice")]
    path = _csv(
        tmp_path,
        [f"20/11/2026;28,25;EUR;{invoice['reference']}"],
        header="Datum;Bedrag;Munt;Mededeling",
    )
    result = books.run(
        "payment", "import", str(path),
        "--column", "date=Datum", "--column", "amount=Bedrag",
        "--column", "currency=Munt", "--column", "reference=Mededeling",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert _docs(books)[("bram-peeters", "invoice")]["status"] == "settled"


def test_record_a_payment_by_hand(books: Repo) -> None:
    issue(books)
    number = _docs(books)[("bram-peeters", "invoice")]["number"]
    too_much = books.run(
        "payment", "record", "--document", number, "--amount", "100", "--date", "2026-11-25"
    )
    assert too_much.exit_code == 1 and "more than is open" in too_much.output
    result = books.run(
        "payment", "record", "--document", number, "--amount", "28.25",
        "--date", "2026-11-25", "--note", "contant",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert _docs(books)[("bram-peeters", "invoice")]["status"] == "settled"
    assert books.check()["ok"]


def test_a_hand_edited_payment_that_moves_sif_elsewhere_fails_the_check(books: Repo) -> None:
    issue(books)
    books.write(
        "ledger/payments/2026-11.beancount",
        textwrap.dedent("""\
        2026-11-25 * "Betaling"
          payment: "F2026-00001"
          member: "bram-peeters"
          Assets:Members:Bram-peeters   -0.25 SIF
          Assets:Members:An-claes        0.25 SIF
        """),
    )
    errors = [e for e in books.errors() if e["kind"] == "PaymentFormError"]
    assert errors and "between the paying member" in errors[0]["message"]


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("NaN", '"NaN" is not an amount'),
        ("Infinity", '"Infinity" is not an amount'),
        ("10.005", '"10.005" has more decimals than EUR allows (2)'),
    ],
)
def test_a_camt_amount_that_is_not_exact_is_refused_at_its_line(
    books: Repo, tmp_path: Path, amount: str, words: str
) -> None:
    issue(books)
    path = _camt(tmp_path, {"amount": amount, "date": "2026-11-21", "id": "B1", "reference": "x"})
    lines = [text.strip() for text in path.read_text(encoding="utf-8").splitlines()]
    line = 1 + lines.index(f'<Amt Ccy="EUR">{amount}</Amt>')
    before = books.snapshot()
    result = books.run("payment", "import", str(path))
    assert result.exit_code == 1
    assert f"statement.xml:{line}: {words}" in result.output
    assert books.snapshot() == before


@pytest.mark.parametrize("amount", ["10.005", "0.001"])
def test_a_payment_by_hand_with_too_many_decimals_is_refused(books: Repo, amount: str) -> None:
    issue(books)
    number = _docs(books)[("bram-peeters", "invoice")]["number"]
    before = books.snapshot()
    result = books.run(
        "payment", "record", "--document", number, "--amount", amount, "--date", "2026-11-25"
    )
    assert result.exit_code == 1
    assert f"--amount {amount}: more decimals than EUR allows (2)" in result.output
    assert books.snapshot() == before


BATCH = """\
<Ntry>
  <Amt Ccy="EUR">{total}</Amt>
  <CdtDbtInd>CRDT</CdtDbtInd>
  <BookgDt><Dt>2026-11-21</Dt></BookgDt>
  <AcctSvcrRef>BATCH-9</AcctSvcrRef>
  <NtryDtls>
    <TxDtls>
      <AmtDtls><TxAmt><Amt Ccy="EUR">{first}</Amt></TxAmt></AmtDtls>
      <RmtInf><Strd><CdtrRefInf><Ref>{bram}</Ref></CdtrRefInf></Strd></RmtInf>
    </TxDtls>
    <TxDtls>
      <Refs><AcctSvcrRef>BATCH-9-2</AcctSvcrRef></Refs>
      <AmtDtls><TxAmt><Amt Ccy="EUR">{second}</Amt></TxAmt></AmtDtls>
      <RmtInf><Strd><CdtrRefInf><Ref>{debtor}</Ref></CdtrRefInf></Strd></RmtInf>
    </TxDtls>
  </NtryDtls>
</Ntry>
"""


def test_a_camt_entry_bundling_several_transfers_matches_each(books: Repo, tmp_path: Path) -> None:
    issue(books)
    bram = _docs(books)[("bram-peeters", "invoice")]
    debtor = _docs(books)[("de-buurtkeuken", "invoice")]
    path = tmp_path / "batch.xml"
    values = {"bram": bram["reference"], "debtor": debtor["reference"]}
    path.write_text(
        CAMT.format(entries=BATCH.format(total="38.25", first="28.25", second="10.00", **values)),
        encoding="utf-8",
    )
    result = books.run("payment", "import", str(path))
    assert result.exit_code == 0, result.output
    assert "2 booked, 0 not booked" in result.output
    assert _docs(books)[("bram-peeters", "invoice")]["status"] == "settled"
    assert _docs(books)[("de-buurtkeuken", "invoice")]["status"] == "partly settled"
    ledger = (books.root / "ledger" / "payments" / "2026-11.beancount").read_text(encoding="utf-8")
    assert 'bank-id: "BATCH-9/1"' in ledger and 'bank-id: "BATCH-9-2"' in ledger
    again = books.run("payment", "import", str(path))
    assert "0 booked, 0 not booked, 2 already in the books" in again.output

    damaged = tmp_path / "damaged.xml"
    damaged.write_text(
        CAMT.format(entries=BATCH.format(total="40.00", first="28.25", second="10.00", **values)),
        encoding="utf-8",
    )
    refused = books.run("payment", "import", str(damaged))
    assert refused.exit_code == 1
    assert (
        "the 2 transactions of the entry add up to 38.25, the entry says 40.00" in refused.output
    )
