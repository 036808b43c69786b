"""`sif vat --format intervat`: the VAT return and the client listing against the official schemas.

The books are those of tests/exportbooks.py: 2026Q3 with VAT to pay (grid 71),
2026Q4 with credit notes issued and received, and separate books whose 2026Q3
is in the Fabriek's favour (grid 72), and the demo books' quarters 2026Q3 and 2026Q4 and listing 2026
(`demo_root`). Every XML file written here is checked in
ONE run of the offline validator `validate_intervat.py --json`.

The validator kit is found through SIF_INTERVAT_DIR, else <repo>/../shared/intervat.
When it is missing the tests fail under CI=true, and are skipped (saying why)
only when CI is not set.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from tests.conftest import Repo
from tests.exportbooks import build_export_books, build_favour, ok

REPO_ROOT = Path(__file__).resolve().parents[1]
VAT_NS = "http://www.minfin.fgov.be/VATConsignment"
LISTING_NS = "http://www.minfin.fgov.be/ClientListingConsignment"
COMMON = "http://www.minfin.fgov.be/InputCommon"


@pytest.fixture(scope="session")
def intervat_dir() -> Path:
    """The offline validator kit: $SIF_INTERVAT_DIR, else <repo>/../shared/intervat."""
    configured = os.environ.get("SIF_INTERVAT_DIR")
    where = Path(configured) if configured else REPO_ROOT.parent / "shared" / "intervat"
    script = where / "validate_intervat.py"
    if not script.is_file():
        how = (
            "SIF_INTERVAT_DIR"
            if configured
            else "the default <repo>/../shared/intervat (set SIF_INTERVAT_DIR to change it)"
        )
        message = f"the Intervat validator is missing: no {script} (looked there from {how})"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)
    return where


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    return build_export_books(tmp_path_factory.mktemp("export") / "books")


@pytest.fixture(scope="module")
def demo(demo_root: Path) -> Repo:
    """The demo books (read-only here: the commands write outside them)."""
    return Repo(demo_root)


@pytest.fixture(scope="module")
def favour(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    return build_favour(tmp_path_factory.mktemp("favour") / "books")


@pytest.fixture(scope="module")
def files(
    books: Repo, favour: Repo, demo: Repo, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    """Every Intervat file of these books and of the demo books, written by the command."""
    folder = tmp_path_factory.mktemp("intervat")
    made = {
        "demo-2026Q3": (demo, ["--quarter", "2026Q3"]),
        "demo-2026Q4": (demo, ["--quarter", "2026Q4"]),
        "demo-listing-2026": (demo, ["--listing", "2026"]),
        "2026Q3": (books, ["--quarter", "2026Q3"]),
        "2026Q4": (books, ["--quarter", "2026Q4"]),
        "2026-11": (books, ["--month", "2026-11"]),
        "favour-2026Q3": (favour, ["--quarter", "2026Q3"]),
        "listing-2026": (books, ["--listing", "2026"]),
    }
    result = {}
    for name, (repo, args) in made.items():
        path = folder / f"{name}.xml"
        ok(repo, "vat", *args, "--format", "intervat", "--out", str(path))
        result[name] = path
    return result


@pytest.fixture(scope="module")
def validation(intervat_dir: Path, files: dict[str, Path]) -> Iterator[dict[str, Any]]:
    run = subprocess.run(
        [sys.executable, str(intervat_dir / "validate_intervat.py"), "--json",
         *map(str, files.values())],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    if run.returncode not in (0, 1):
        pytest.fail(f"the Intervat validator failed (exit {run.returncode}):\n{run.stderr}")
    report = json.loads(run.stdout)
    by_file = {result["file"]: result for result in report["files"]}
    yield {name: by_file[str(path)] for name, path in files.items()}


def grids_of(path: Path) -> dict[str, Decimal]:
    root = etree.parse(str(path)).getroot()
    return {
        f"{int(str(a.get('GridNumber'))):02d}": Decimal(str(a.text))
        for a in root.iter(f"{{{VAT_NS}}}Amount")
    }


def table_grids(repo: Repo, *args: str) -> dict[str, Decimal]:
    report = json.loads(ok(repo, "vat", *args, "--format", "json"))
    assert report["reconciles"] is True
    return {grid: Decimal(amount) for grid, amount in report["grids"].items()}


@pytest.mark.parametrize(
    "name",
    ["2026Q3", "2026Q4", "2026-11", "favour-2026Q3", "listing-2026", "demo-2026Q3",
     "demo-2026Q4", "demo-listing-2026"],
)  # fmt: skip
def test_every_file_passes_the_official_schemas(name: str, validation: dict[str, Any]) -> None:
    result = validation[name]
    assert result["valid"], result["errors"]


@pytest.mark.parametrize(
    ("name", "repo_name", "args"),
    [
        ("2026Q3", "books", ("--quarter", "2026Q3")),
        ("2026Q4", "books", ("--quarter", "2026Q4")),
        ("2026-11", "books", ("--month", "2026-11")),
        ("favour-2026Q3", "favour", ("--quarter", "2026Q3")),
        ("demo-2026Q3", "demo", ("--quarter", "2026Q3")),
        ("demo-2026Q4", "demo", ("--quarter", "2026Q4")),
    ],
)
def test_the_return_has_the_grids_of_the_table(
    name: str, repo_name: str, args: tuple[str, ...], files: dict[str, Path],
    request: pytest.FixtureRequest,
) -> None:  # fmt: skip
    repo: Repo = request.getfixturevalue(repo_name)
    table = table_grids(repo, *args)
    xml = grids_of(files[name])
    assert xml == {g: a for g, a in table.items() if a != 0 or g in xml}
    # Exactly one of 71 and 72, and it is the balance of frames IV and V.
    assert ("71" in xml) != ("72" in xml)
    balance = (table["54"] + table["63"]) - (table["59"] + table["64"])
    assert xml.get("71", -xml.get("72", Decimal(0))) == balance


def test_a_quarter_with_credit_notes(files: dict[str, Path]) -> None:
    grids = grids_of(files["2026Q4"])
    # Invoices 125.00 + 75.00 + 250.00 + the reissued 250.00; the credit note 250.00.
    assert grids["03"] == Decimal("700.00") and grids["49"] == Decimal("250.00")
    assert grids["54"] == Decimal("147.00") and grids["64"] == Decimal("52.50")
    # Self-billed 125.00 + 62.50 + 62.50 + 125.00, less the credit note 62.50 received.
    assert grids["82"] == Decimal("312.50") and grids["85"] == Decimal("62.50")
    assert grids["59"] == Decimal("13.13") and grids["63"] == Decimal("13.13")
    assert grids["71"] == Decimal("94.50")


def test_a_quarter_in_the_fabrieks_favour(files: dict[str, Path]) -> None:
    grids = grids_of(files["favour-2026Q3"])
    assert grids == {"82": Decimal("50.00"), "59": Decimal("10.50"), "72": Decimal("10.50")}


def test_the_declarant_and_period_come_from_the_books(files: dict[str, Path]) -> None:
    root = etree.parse(str(files["2026-11"])).getroot()
    declarant = root.find(f".//{{{VAT_NS}}}Declarant")
    assert declarant is not None
    fields = {etree.QName(e).localname: e.text for e in declarant}
    assert fields["VATNumber"] == "0999000030"
    assert fields["Name"] == "Sociale InnovatieFabriek vzw"
    assert (fields["Street"], fields["PostCode"], fields["City"]) == (
        "Voorbeeldstraat 1", "1000", "Brussel",
    )  # fmt: skip
    # The operator's address ends in .example, which the schema refuses: left out.
    assert "EmailAddress" not in fields
    assert root.findtext(f".//{{{VAT_NS}}}Month") == "11"
    assert root.findtext(f".//{{{VAT_NS}}}Year") == "2026"


def test_the_listing_names_who_is_left_out_and_why(books: Repo, files: dict[str, Path]) -> None:
    root = etree.parse(str(files["listing-2026"])).getroot()
    body = root.find(f"{{{LISTING_NS}}}ClientListing")
    assert body is not None
    clients = [
        (c.findtext(f"{{{LISTING_NS}}}CompanyVATNumber"), c.findtext(f"{{{LISTING_NS}}}TurnOver"),
         c.findtext(f"{{{LISTING_NS}}}VATAmount"))
        for c in body.iter(f"{{{LISTING_NS}}}Client")
    ]  # fmt: skip
    # atelier-soleil: coaching 25.00 and a Bootcamp 250.00 in August.
    assert clients == [("0876543270", "275.00", "57.75")]
    assert body.get("ClientsNbr") == "1"
    assert (body.get("TurnOverSum"), body.get("VATAmountSum")) == ("275.00", "57.75")
    result = books.run("vat", "--listing", "2026", "--format", "intervat")
    assert result.exit_code == 0
    assert "1 customer(s) listed, 3 member(s) invoiced in 2026 left out." in result.stderr
    assert "invoiced less than EUR 250 excluding VAT: 1 (bram-peeters)" in result.stderr
    assert "not identified for VAT (status not-taxable): 2 (an-claes, de-buurtkeuken)" in (
        result.stderr
    )
    assert result.stdout.startswith("<?xml")


def test_a_credit_note_lowers_the_listed_turnover(tmp_path: Path) -> None:
    repo = build_export_books(tmp_path / "books")
    ok(repo, "invoice", "credit", "F2026-00001", "--reason", "Bootcamp geannuleerd",
       "--issue-date", "2026-12-01")  # fmt: skip
    listing = json.loads(ok(repo, "vat", "--listing", "2026", "--format", "json"))
    assert listing["clients"] == []
    assert listing["left_out"]["invoiced less than EUR 250 excluding VAT"] == [
        "atelier-soleil", "bram-peeters",
    ]  # fmt: skip


def test_a_customer_without_a_belgian_number_stops_the_listing(tmp_path: Path) -> None:
    repo = build_export_books(tmp_path / "books")
    path = repo.root / "members" / "atelier-soleil.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("number: BE0876543270", "number: NL004495445B01")
    text = text.replace('peppol: "0208:0876543270"\n', "")
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "listing.xml"
    result = repo.run("vat", "--listing", "2026", "--format", "intervat", "--out", str(out))
    assert result.exit_code == 1
    assert 'members/atelier-soleil.yaml: atelier-soleil is VAT status "registered"' in (
        result.output
    )
    assert "no Belgian enterprise number" in result.output
    assert "Nothing was written." in result.output
    assert not out.exists()


def test_books_with_errors_are_not_filed(tmp_path: Path) -> None:
    repo = build_export_books(tmp_path / "books")
    path = repo.root / "members" / "atelier-soleil.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: registered", "status: ?"))
    out = tmp_path / "q4.xml"
    result = repo.run("vat", "--quarter", "2026Q4", "--format", "intervat", "--out", str(out))
    assert result.exit_code == 1
    assert "atelier-soleil.yaml" in result.output and "fix them before filing" in result.output
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--quarter", "2026-10"), '"2026-10" is not a quarter; write it like 2026Q4'),
        (("--month", "2026Q4"), '"2026Q4" is not a month; write it like 2026-10'),
        (("--month", "2026-13"), '"2026-13" is not a period'),
        (("--listing", "26"), '"26" is not a period'),
        ((), "give one of --quarter YYYYQn, --month YYYY-MM or --listing YYYY"),
        (("--quarter", "2026Q4", "--month", "2026-10"), "give one of"),
    ],
)
def test_a_wrong_period_says_how_to_write_it(
    repo: Repo, args: tuple[str, ...], message: str
) -> None:
    result = repo.run("vat", *args, "--format", "intervat")
    assert result.exit_code == 2
    assert message in result.output


def test_a_negative_grid_is_refused_with_what_to_do(tmp_path: Path) -> None:
    repo = build_favour(tmp_path / "books")
    ok(repo, "invoice", "credit", "AF2026-00001", "--reason", "Artikel niet geplaatst",
       "--issue-date", "2026-10-05")  # fmt: skip
    # 2026Q4 holds only the credit note received: grid 82 (net) would be -50.00.
    assert table_grids(repo, "--quarter", "2026Q4")["82"] == Decimal("-50.00")
    out = tmp_path / "q4.xml"
    result = repo.run("vat", "--quarter", "2026Q4", "--format", "intervat", "--out", str(out))
    assert result.exit_code == 1
    assert "2026Q4: grid 82 would be negative (-50.00)" in result.output
    assert "grid 61 or 62" in result.output and not out.exists()
