"""`sif init`: new books for another community currency check, build, invoice and pass CI."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sif.demo.generate import TEMPLATE
from sif.model.community import load_community
from sif.review.yamlcheck import check_yaml
from sif.scaffold import template_files
from tests.conftest import REPO_ROOT, run_cli
from tests.workflows import readme_commands, workflow_commands

BIN = Path(sys.executable).parent
TODAY = datetime.date(2026, 11, 27)
OPTIONS = (
    "--name", "Kennisnetwerk Gent", "--code", "KNG", "--value", "20", "--vat", "6",
    "--operator-id", "kennisnetwerk", "--operator-name", "Kennisnetwerk Gent vzw",
    "--vat-number", "BE0999000030", "--street", "Kerkstraat 1", "--postcode", "9000",
    "--city", "Gent", "--email", "info@kennisnetwerk.example", "--start", "2026-01-01",
    "--currency-name", "Kennis",
)  # fmt: skip


def init(target: Path, *options: str) -> Path:
    # --root is the group's option; init writes where DIRECTORY says.
    result = run_cli(target.parent, "init", str(target), *(options or OPTIONS))
    assert result.exit_code == 0, result.output
    return target


@pytest.fixture
def books(tmp_path: Path) -> Path:
    return init(tmp_path / "kng")


def test_new_books_check_clean_with_their_own_currency(books: Path) -> None:
    result = run_cli(books, "check")
    assert result.exit_code == 0, result.output
    assert "The books are in order: 1 member, 0 concepts, 1 service, 0 trades." in result.stdout
    community = load_community(books)
    menu = community.menu
    assert menu is not None
    assert (menu.name, menu.operator, menu.currency.code, menu.currency.fiat) == (
        "Kennisnetwerk Gent",
        "kennisnetwerk",
        "KNG",
        "EUR",
    )
    assert menu.currency.names == {"nl": "Kennis", "fr": "Kennis", "en": "Kennis"}
    assert str(menu.currency.value_on(TODAY)) == "20"
    assert str(menu.vat_percent_on(TODAY)) == "6"
    operator = community.operator
    assert operator is not None
    assert (operator.name, operator.vat_status, operator.vat_number) == (
        "Kennisnetwerk Gent vzw",
        "registered",
        "BE0999000030",
    )
    assert operator.peppol == "0208:0999000030"
    assert [p.name for p in (books / "ledger" / "trades").iterdir()] == ["trades.beancount"]
    assert 'option "title" "Kennisnetwerk Gent - KNG"' in (
        books / "ledger" / "main.beancount"
    ).read_text(encoding="utf-8")
    assert "SIF" not in (books / "ledger" / "main.beancount").read_text(encoding="utf-8")


def test_new_books_build_their_site(books: Path) -> None:
    result = run_cli(books, "site", "build", "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    index = (books / "public" / "index.html").read_text(encoding="utf-8")
    assert "Kennisnetwerk Gent" in index
    assert '<html lang="nl"' in index
    # The operator speaks nl, fr and en: three sites, Dutch page names in all, a switcher.
    assert (books / "public" / "menukaart.html").is_file()
    french = (books / "public" / "fr" / "menukaart.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in french
    assert "Carte des services" in french
    assert 'hreflang="en"' in french
    for page in (index, french):
        for word in ("Fabriek", "SIF", "Riverside", "HOUR", "Bootcamp"):
            assert word not in page, word


def test_a_german_community_gets_a_german_site(tmp_path: Path) -> None:
    """An operator speaking German only: one site, in German, with German page names."""
    target = tmp_path / "tauschring"
    result = run_cli(
        tmp_path, "init", str(target), "--name", "Tauschring Aachen", "--code", "TALER",
        "--invoicing", "none", "--operator-id", "tauschring", "--operator-name",
        "Tauschring Aachen e.V.", "--legal-form", "e-v", "--street", "Pontstraße 1",
        "--postcode", "52062", "--city", "Aachen", "--country", "DE", "--start", "2026-01-01",
        "--language", "de",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    added = run_cli(
        target, "member", "add", "--name", "Anna Schmidt", "--kind", "person",
        "--country", "DE", "--joined", "2026-01-01",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    member = (target / "members" / "anna-schmidt.yaml").read_text(encoding="utf-8")
    assert "languages: [de]" in member  # the operator's language, not Dutch
    result = run_cli(target, "site", "build", "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    public = target / "public"
    home = (public / "index.html").read_text(encoding="utf-8")
    assert '<html lang="de"' in home
    assert "hreflang" not in home
    assert "Willkommen" in home and "Tauschring Aachen" in home
    menu = (public / "leistungen.html").read_text(encoding="utf-8")
    assert "Gültig ab" in menu
    assert (public / "netzwerk" / "index.html").is_file()
    assert (public / "termine" / "index.html").is_file()
    for word in ("Welkom", "Welcome", "Fabriek", "SIF", "menukaart"):
        assert word not in home, word


def test_new_books_trade_and_invoice_in_their_currency(books: Path) -> None:
    for name, kind, form in (
        ("Lid Een", "person", "sole-trader"),
        ("Lid Twee", "organisation", "vzw"),
    ):
        result = run_cli(
            books, "member", "add", "--name", name, "--kind", kind, "--legal-form", form,
            "--vat-status", "not-taxable", "--street", "Veldstraat 1", "--postcode", "9000",
            "--city", "Gent", "--email", "lid@example.org", "--joined", "2026-01-01",
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    result = run_cli(
        books, "record", "coaching-session", "--date", "2026-10-05", "--quantity", "2",
        "--provider", "lid-een", "--recipient", "lid-twee",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Assets:Members:Lid-twee      2.00 KNG" in result.stdout
    result = run_cli(books, "invoice", "run", "--month", "2026-10", "--issue-date", "2026-11-03")
    assert result.exit_code == 0, result.output
    # 2 KNG x EUR 20 = EUR 40, plus 6% VAT for the recipient.
    assert "42.40 EUR" in result.stdout
    assert run_cli(books, "check").exit_code == 0
    assert run_cli(books, "fmt", "--check").exit_code == 0


def test_new_books_have_workflows_that_run_their_readme(books: Path) -> None:
    readme = (books / "README.md").read_text(encoding="utf-8")
    listed = readme_commands(readme)
    workflows = sorted((books / ".github" / "workflows").glob("*.yml"))
    assert [p.name for p in workflows] == ["books.yml", "documents.yml", "site.yml"]
    for path in workflows:
        assert check_yaml(path) is None
        assert workflow_commands(path) == listed[str(path.relative_to(books))]
    assert (
        (books / "requirements.txt").read_text(encoding="utf-8").endswith("\nsif-books==0.1.0\n")
    )
    assert "%%" not in "".join(
        p.read_text(encoding="utf-8") for p in books.rglob("*") if p.suffix in {".md", ".yml"}
    )


def test_new_books_pass_their_own_commit_checks(books: Path, tmp_path: Path) -> None:
    """pre-commit runs the hooks as a staff member's commit would, with sif from .venv."""
    (books / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit")}
    for args in (("init", "-q", "-b", "main"), ("add", "-A")):
        subprocess.run(["git", *args], cwd=books, check=True, env=env)
    result = subprocess.run(
        [str(BIN / "pre-commit"), "run", "--all-files"],
        cwd=books,
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("Passed") == 3, result.stdout


def test_a_folder_that_is_not_empty_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "full"
    target.mkdir()
    (target / "notes.txt").write_text("mine\n", encoding="utf-8")
    result = run_cli(tmp_path, "init", str(target), *OPTIONS)
    assert result.exit_code == 1
    assert "exists and is not empty" in result.output
    assert [p.name for p in target.iterdir()] == ["notes.txt"]


def test_an_empty_folder_is_fine(tmp_path: Path) -> None:
    target = tmp_path / "empty"
    target.mkdir()
    init(target)
    assert (target / "services.yaml").is_file()


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--code", "kng", '--code "kng" is not a currency code'),
        ("--code", "EUR", "--code and --fiat are both EUR"),
        ("--operator-id", "Kennis Netwerk", "--operator-id"),
        ("--value", "0", "--value must be more than 0"),
        ("--vat-number", "BE0123", "the new books would not check clean"),
    ],
)
def test_bad_settings_write_nothing(tmp_path: Path, option: str, value: str, message: str) -> None:
    options = list(OPTIONS)
    options[options.index(option) + 1] = value
    result = run_cli(tmp_path, "init", str(tmp_path / "kng"), *options)
    assert result.exit_code == 1
    assert message in result.output
    assert list(tmp_path.iterdir()) == []


def test_the_scaffold_site_assets_are_the_repository_s() -> None:
    """The new books' site looks like this one's: the same stylesheet and filter script."""
    for relpath, template in template_files():
        if relpath.startswith("site/assets/"):
            assert template.read_bytes() == (REPO_ROOT / relpath).read_bytes(), (
                f"copy {relpath} to scripts/sif/scaffold/files/{relpath}"
            )


def _wiring(text: str) -> list[str]:
    """The lines of a main ledger file that load plugins, extensions and other files."""
    return [
        line.split(" ", 1)[1] if line[:1] in "0123456789%" else line
        for line in text.splitlines()
        if line.startswith(("plugin ", "include ")) or '"fava-extension"' in line
    ]


def test_new_books_load_what_the_repository_s_books_load() -> None:
    """The same plugins, includes and Fava extension, and the same fixed ledger files."""
    templates = dict(template_files())
    main = templates["ledger/main.beancount"].read_text("utf-8")
    assert _wiring(main) == _wiring(
        (TEMPLATE / "ledger" / "main.beancount").read_text(encoding="utf-8")
    )
    fixed = {
        str(path.relative_to(TEMPLATE))
        for path in (TEMPLATE / "ledger").glob("*/*.beancount")
        if not path.name[:1].isdigit()
    }
    assert fixed <= set(templates), "add the ledger's fixed files to scripts/sif/scaffold/files"
