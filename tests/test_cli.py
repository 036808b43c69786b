"""Every `sif` command, run through click as staff would run it."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from beancount.core import data

from sif import __version__
from sif.demo.generate import TEMPLATE
from sif.ledger.books import load_books
from sif.model.members import parse_member
from sif.model.yamlio import load_yaml
from tests.conftest import Repo, dedent, run_cli, snapshot

TODAY = datetime.date.today()  # noqa: DTZ011 (the books use local dates)

# --- help ------------------------------------------------------------------------------------

COMMANDS: list[tuple[tuple[str, ...], str]] = [
    ((), "Keep the books of the SIF"),
    (("check",), "Check the books"),
    (("record",), "Record one service delivered, valued from the menu card"),
    (("member",), "Members of the network"),
    (("member", "add"), "Create a member file that passes the checks"),
    (("balances",), "Each member's balance in the community currency"),
    (("services",), "The menu card"),
]


@pytest.mark.parametrize(("command", "summary"), COMMANDS, ids=lambda c: " ".join(c) or "sif")
def test_help(repo: Repo, command: tuple[str, ...], summary: str) -> None:
    result = repo.run(*command, "--help")
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: ")
    assert summary in result.stdout
    assert "Options:" in result.stdout
    assert result.stderr == ""


def test_help_lists_every_command(repo: Repo) -> None:
    result = repo.run("-h")
    for name in ("check", "record", "member", "balances", "services"):
        assert f"  {name} " in result.stdout


def test_version(repo: Repo) -> None:
    result = repo.run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"sif, version {__version__}"


def test_a_folder_without_books(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "check")
    assert result.exit_code == 1
    assert "no ledger here" in result.stderr
    assert "--root" in result.stderr


# --- check -----------------------------------------------------------------------------------


def test_check_good_books(repo: Repo) -> None:
    result = repo.run("check")
    assert result.exit_code == 0
    assert result.stdout == (
        "The books are in order: 6 members, 2 concepts, 6 services, 0 trades.\n"
    )
    assert result.stderr == ""


def test_check_json_on_good_books(repo: Repo) -> None:
    result = repo.run("check", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "ok": True,
        "counts": {"members": 6, "concepts": 2, "services": 6, "trades": 0},
        "errors": [],
        "warnings": [],
    }


def test_check_json_on_bad_books(repo: Repo) -> None:
    repo.month(
        "2026-03",
        """
        2026-03-12 * "Versterkingssessie"
          service: "strengthening-session"
          Assets:Members:An-claes         -2.50 SIF
          Assets:Members:De-buurtkeuken    2.50 SIF

        2026-03-13 * "Coaching"
          service: "coaching-hour"
          Assets:Members:An-claes         -0.50 SIF
          Assets:Members:Atelier-soleil    0.40 SIF
          Assets:Members:Bram-peeters      0.10 SIF
        """,
    )
    result = repo.run("check", "--json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert report["counts"] == {"members": 6, "concepts": 2, "services": 6, "trades": 2}
    assert report["errors"] == [
        {
            "file": "ledger/trades/2026-03.beancount",
            "line": 6,
            "kind": "SplitError",
            "message": "the recipients share 0.50 SIF equally (0.25, 0.25); correct the "
            'amounts, or explain another split with a line `split-reason: "..."`',
        }
    ]


def test_check_text_on_bad_books(repo: Repo) -> None:
    repo.month(
        "2026-03",
        """
        2026-03-12 * "Versterkingssessie"
          service: "strengthening-sesion"
          Assets:Members:An-claes         -2.50 SIF
          Assets:Members:De-buurtkeuken    2.50 SIF
        """,
    )
    result = repo.run("check")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(
        'ledger/trades/2026-03.beancount:1: the service "strengthening-sesion" is not on the '
        'menu card (services.yaml). Did you mean "strengthening-session"?\n'
        '    2026-03-12 * "Versterkingssessie"\n'
    )
    assert result.stderr.endswith(
        "1 error in the books (6 members, 2 concepts, 6 services, 1 trade).\n"
    )


def test_root_from_the_environment(repo: Repo) -> None:
    from click.testing import CliRunner

    from sif.cli import main

    result = CliRunner().invoke(main, ["check"], env={"SIF_ROOT": str(repo.root)})
    assert result.exit_code == 0
    assert "The books are in order" in result.stdout


# --- record ----------------------------------------------------------------------------------


def _trades(repo: Repo) -> list[data.Transaction]:
    books = load_books(repo.root)
    assert books.errors == []
    return [e for e in books.entries if isinstance(e, data.Transaction)]


def _postings(entry: data.Transaction) -> list[tuple[str, Decimal]]:
    return [
        (p.account, p.units.number)
        for p in entry.postings
        if p.units is not None and isinstance(p.units.number, Decimal)
    ]


def test_record_writes_the_trade_to_a_file_of_its_own(repo: Repo) -> None:
    result = repo.run(
        "record",
        "strengthening-session",
        "--date",
        "2026-03-12",
        "--provider",
        "an-claes",
        "--recipient",
        "de-buurtkeuken",
        "--concept",
        "repair-cafe-genk",
    )
    assert result.exit_code == 0, result.output
    (path,) = (repo.trades / "2026-03").iterdir()
    assert re.fullmatch(r"2026-03-12-strengthening-session-[0-9a-f]{8}\.beancount", path.name)
    assert result.stdout.endswith(f"Recorded in ledger/trades/2026-03/{path.name}.\n")
    assert path.read_text(encoding="utf-8") == dedent(
        """
        2026-03-12 * "Versterkingssessie voor Repair Café Genk"
          service: "strengthening-session"
          quantity: 1
          concept: "repair-cafe-genk"
          Assets:Members:An-claes           -2.50 SIF
          Assets:Members:De-buurtkeuken      2.50 SIF
        """
    )
    assert repo.check()["ok"] is True


def test_record_leaves_a_month_file_of_the_older_layout_alone(repo: Repo) -> None:
    path = repo.month(
        "2026-03",
        """
        ; March, typed by hand (no newline at the end)
        2026-03-01 * "Coaching"
          service: "coaching-hour"
          Assets:Members:An-claes          -0.50 SIF
          Assets:Members:Atelier-soleil     0.50 SIF""",
    )
    before = path.read_text(encoding="utf-8")
    result = repo.run(
        "record", "coaching-hour", "--date", "2026-03-20",
        "--provider", "bram-peeters", "--recipient", "an-claes", "--quantity", "3",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8") == before
    (added,) = (repo.trades / "2026-03").iterdir()
    assert added.read_text(encoding="utf-8").startswith('2026-03-20 * "Coachinguur"\n')
    assert repo.check()["counts"]["trades"] == 2
    last = _trades(repo)[-1]
    assert _postings(last) == [
        ("Assets:Members:Bram-peeters", Decimal("-1.50")),
        ("Assets:Members:An-claes", Decimal("1.50")),
    ]
    assert last.meta["quantity"] == Decimal(3)


@pytest.mark.parametrize(("date", "amount"), [("2025-12-31", "2.00"), ("2026-01-01", "2.50")])
def test_record_values_from_the_menu_card_on_the_date(repo: Repo, date: str, amount: str) -> None:
    result = repo.run(
        "record", "strengthening-session", "--date", date,
        "--provider", "atelier-soleil", "--recipient", "an-claes",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    (trade,) = _trades(repo)
    assert _postings(trade) == [
        ("Assets:Members:Atelier-soleil", -Decimal(amount)),
        ("Assets:Members:An-claes", Decimal(amount)),
    ]
    assert (repo.trades / date[:7]).is_dir()


def test_record_splits_a_multi_party_trade_equally(repo: Repo) -> None:
    result = repo.run(
        "record", "coaching-hour", "--date", "2026-03-13", "--provider", "bram-peeters",
        "--recipient", "an-claes", "--recipient", "de-buurtkeuken",
        "--recipient", "atelier-soleil",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    (trade,) = _trades(repo)
    assert _postings(trade) == [
        ("Assets:Members:Bram-peeters", Decimal("-0.50")),
        ("Assets:Members:An-claes", Decimal("0.17")),
        ("Assets:Members:De-buurtkeuken", Decimal("0.17")),
        ("Assets:Members:Atelier-soleil", Decimal("0.16")),
    ]


@pytest.mark.parametrize(
    ("args", "postings"),
    [
        (
            ("workshop", "--recipient", "an-claes", "--recipient", "de-buurtkeuken"),
            [
                ("Assets:Members:Fabriek", Decimal("-1.50")),
                ("Assets:Members:An-claes", Decimal("0.75")),
                ("Assets:Members:De-buurtkeuken", Decimal("0.75")),
            ],
        ),
        (
            ("article", "--provider", "an-claes"),
            [
                ("Assets:Members:An-claes", Decimal("-1.00")),
                ("Assets:Members:Fabriek", Decimal("1.00")),
            ],
        ),
        (
            ("case-research", "--provider", "atelier-soleil", "--quantity", "2"),
            [
                ("Assets:Members:Atelier-soleil", Decimal("-4.00")),
                ("Assets:Members:Fabriek", Decimal("4.00")),
            ],
        ),
    ],
    ids=["workshop", "article", "case-research"],
)
def test_record_implies_the_operator(
    repo: Repo, args: tuple[str, ...], postings: list[tuple[str, Decimal]]
) -> None:
    result = repo.run("record", *args, "--date", "2026-03-14")
    assert result.exit_code == 0, result.output
    (trade,) = _trades(repo)
    assert _postings(trade) == postings


def test_record_escapes_the_note(repo: Repo) -> None:
    note = 'Over "de\\ toekomst"\nvan de zaak'
    result = repo.run(
        "record", "coaching-hour", "--date", "2026-03-13",
        "--provider", "bram-peeters", "--recipient", "an-claes", "--note", note,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    (trade,) = _trades(repo)
    assert trade.narration == 'Over "de\\ toekomst" van de zaak'


def _assert_rejected(repo: Repo, args: str, *words: str) -> str:
    """Run `sif record ARGS`: exit 1, every word in the error output, no file changed."""
    before = repo.snapshot()
    result = repo.run("record", *args.split())
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert "nothing was written" in result.stderr
    for word in words:
        assert word in result.stderr
    assert repo.snapshot() == before
    return result.stderr


def test_record_rejects_an_inactive_member(repo: Repo) -> None:
    stderr = _assert_rejected(
        repo,
        "coaching-hour --date 2025-07-15 --provider oud-lid --recipient an-claes",
        'member "oud-lid" is not active on 2025-07-15 (joined 2024-01-01, left 2025-06-30)',
        "the trade was not recorded: 1 error(s)",
    )
    assert stderr.startswith("(new trade):1: ")
    assert not (repo.trades / "2025-07").exists()


def test_record_rejection_leaves_an_existing_month_file_alone(repo: Repo) -> None:
    repo.month(
        "2026-03",
        """
        2026-03-01 * "Coaching"
          service: "coaching-hour"
          Assets:Members:An-claes          -0.50 SIF
          Assets:Members:Atelier-soleil     0.50 SIF
        """,
    )
    _assert_rejected(
        repo,
        "strengthening-session --date 2026-03-12 --provider an-claes "
        "--recipient de-buurtkeuken --concept repair-cafe-gnk",
        'no concept "repair-cafe-gnk"',
        'Did you mean "repair-cafe-genk"?',
    )


FUTURE = TODAY + datetime.timedelta(days=3)
D = "--date 2026-03-15"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        pytest.param(
            f"workshp {D} --recipient an-claes",
            ('the service "workshp" is not on the menu card', 'Did you mean "workshop"?'),
            id="unknown-service",
        ),
        pytest.param(
            f"coaching-hour {D} --provider ../x --recipient an-claes",
            ('--provider: the member id "../x" may only hold lowercase letters',),
            id="path-like-provider",
        ),
        pytest.param(
            f"coaching-hour {D} --provider an-claes --recipient ../../etc/passwd",
            ('--recipient: the member id "../../etc/passwd"',),
            id="path-like-recipient",
        ),
        pytest.param(
            f"coaching-hour {D} --provider An-claes --recipient bram-peeters",
            ('the member id "An-claes" may only hold lowercase letters',),
            id="uppercase-id",
        ),
        pytest.param(
            f"coaching-hour {D} --provider an-claes",
            ("name who received the service with --recipient",),
            id="no-recipient",
        ),
        pytest.param(
            f"coaching-hour {D} --recipient an-claes",
            ("name who delivered the service with --provider",),
            id="no-provider",
        ),
        pytest.param(
            f"coaching-hour {D} --provider an-claes --provider an-claes --recipient bram-peeters",
            ("a provider is named twice",),
            id="named-twice",
        ),
        pytest.param(
            f"coaching-hour {D} --provider an-claes --recipient bram-peeters --quantity 0",
            ("the quantity must be a number greater than zero",),
            id="zero-quantity",
        ),
        pytest.param(
            f"coaching-hour {D} --provider an-claes --recipient bram-peeters --quantity 1e400",
            ("--quantity 1E+400", "at most 10,000"),
            id="huge-quantity",
        ),
        pytest.param(
            "coaching-hour --date 2023-03-15 --provider an-claes --recipient bram-peeters",
            ('the service "coaching-hour" has no tariff on 2023-03-15',),
            id="not-in-force",
        ),
        pytest.param(
            f"coaching-hour {D} --provider an-claes --recipient an-claes",
            ("cannot both deliver and receive",),
            id="self-trade",
        ),
        pytest.param(
            f"coaching-hour {D} --provider an-clas --recipient bram-peeters",
            ('no member "an-clas"', 'Did you mean "an-claes"?'),
            id="unknown-member",
        ),
        pytest.param(
            f"strengthening-session {D} --provider fabriek --recipient bram-peeters",
            ("is traded between members; fabriek is not a side of it",),
            id="operator-in-member-trade",
        ),
        pytest.param(
            f"workshop {D} --provider an-claes --recipient bram-peeters",
            ("is delivered by fabriek alone",),
            id="workshop-by-member",
        ),
        pytest.param(
            f"coaching-hour --date {FUTURE} --provider an-claes --recipient bram-peeters",
            (f"after today ({TODAY})",),
            id="future",
        ),
    ],
)
def test_record_rejects(repo: Repo, args: str, words: tuple[str, ...]) -> None:
    _assert_rejected(repo, args, *words)
    assert not any(path.name.startswith("2026-03") for path in repo.trades.iterdir())


def test_record_rejects_a_bad_date_and_number(repo: Repo) -> None:
    before = repo.snapshot()
    bad_date = repo.run("record", "coaching-hour", "--date", "2026-02-30")
    assert bad_date.exit_code == 2
    assert "is not a date; write it as YYYY-MM-DD" in bad_date.stderr
    bad_number = repo.run("record", "coaching-hour", "--date", "2026-02-03", "--quantity", "two")
    assert bad_number.exit_code == 2
    assert "'two' is not a number" in bad_number.stderr
    for word in ("NaN", "Infinity", "-inf"):
        not_finite = repo.run(
            "record", "coaching-hour", "--date", "2026-02-03", "--quantity", word
        )
        assert not_finite.exit_code == 2 and "is not a number" in not_finite.stderr
    assert repo.snapshot() == before


def test_record_rejects_when_the_ledger_is_already_invalid(repo: Repo) -> None:
    repo.month(
        "2026-02",
        """
        2026-02-10 * "Coaching"
          service: "coaching-hour"
          Assets:Members:An-claes          -0.40 SIF
          Assets:Members:Atelier-soleil     0.40 SIF
        """,
    )
    _assert_rejected(
        repo,
        "coaching-hour --date 2026-03-15 --provider an-claes --recipient bram-peeters",
        "ledger/trades/2026-02.beancount:1: ",
        "the trade was not recorded",
    )
    assert not (repo.trades / "2026-03").exists()


def test_record_rejects_a_trade_in_a_locked_month(repo: Repo) -> None:
    repo.month("2026-04", '2026-04-03 custom "sif-lock" "2026-03" ""\n')
    assert repo.check()["ok"] is True
    _assert_rejected(
        repo,
        "coaching-hour --date 2026-03-15 --provider an-claes --recipient bram-peeters",
        "2026-03 is already invoiced (locked on 2026-04-03)",
    )


# --- member add ------------------------------------------------------------------------------

NEW_ORGANISATION = (
    "member", "add", "--id", "cafe-de-zon", "--name", "Café De Zon vzw",
    "--kind", "organisation", "--legal-form", "vzw", "--role", "innovator",
    "--expertise", "food", "--language", "fr", "--language", "nl",
    "--email", "info@cafedezon.example", "--phone", "+32 9 123 45 67",
    "--street", "Kerkstraat 1", "--postcode", "9000", "--city", "Gent",
    "--vat-status", "registered", "--vat-number", "0444.000.078",
    "--iban", "BE43 0689 9999 9501", "--peppol", "0208:0444000078",
    "--joined", "2025-02-01", "--publish", "name", "--publish", "city",
)  # fmt: skip


def test_member_add_from_options(repo: Repo) -> None:
    result = repo.run(*NEW_ORGANISATION)
    assert result.exit_code == 0, result.output
    assert result.stdout == "Added members/cafe-de-zon.yaml. Check it, then commit it.\n"
    path = repo.root / "members" / "cafe-de-zon.yaml"
    loaded, errors = load_yaml(path)
    member, member_errors = parse_member("cafe-de-zon", loaded, str(path))
    assert errors == member_errors == []
    assert member is not None
    assert (member.name, member.kind, member.legal_form) == (
        "Café De Zon vzw",
        "organisation",
        "vzw",
    )
    assert member.languages == ("fr", "nl")
    assert member.language == "fr"
    assert (member.vat_status, member.vat_number) == ("registered", "BE0444000078")
    assert member.iban == "BE43068999999501"
    assert member.peppol == "0208:0444000078"
    assert member.joined == datetime.date(2025, 2, 1)
    assert member.address is not None
    assert member.address.city == "Gent"
    assert member.publish == frozenset({"name", "city"})

    report = repo.check()
    assert report["ok"] is True
    assert report["counts"]["members"] == 7
    # The new member can trade at once.
    recorded = repo.run(
        "record", "coaching-hour", "--date", "2025-02-01",
        "--provider", "cafe-de-zon", "--recipient", "an-claes",
    )  # fmt: skip
    assert recorded.exit_code == 0, recorded.output


def test_member_add_derives_the_id_from_the_name(repo: Repo) -> None:
    args = [a for a in NEW_ORGANISATION if a not in ("--id", "cafe-de-zon")]
    result = repo.run(*args)
    assert result.exit_code == 0, result.output
    assert (repo.root / "members" / "cafe-de-zon-vzw.yaml").is_file()


def test_member_add_invalid_vat_number_writes_nothing(repo: Repo) -> None:
    args = list(NEW_ORGANISATION)
    args[args.index("0444.000.078")] = "0444.000.079"
    before = repo.snapshot()
    result = repo.run(*args)
    assert result.exit_code == 1
    assert 'field "vat.number": "0444.000.079" is not a valid VAT or enterprise number' in (
        result.stderr
    )
    assert "members/cafe-de-zon.yaml:" in result.stderr
    assert "the member was not added; nothing was written" in result.stderr
    assert repo.snapshot() == before


def test_member_add_existing_id_changes_nothing(repo: Repo) -> None:
    args = list(NEW_ORGANISATION)
    args[args.index("cafe-de-zon")] = "an-claes"
    before = repo.snapshot()
    result = repo.run(*args)
    assert result.exit_code == 1
    assert "this member exists already; edit the file instead" in result.stderr
    assert repo.snapshot() == before


@pytest.mark.parametrize("bad_id", ["../evil", "../members/evil", "Evil", "evil.yaml", "a b"])
def test_member_add_path_like_id_writes_nothing_anywhere(
    repo: Repo, tmp_path: Path, bad_id: str
) -> None:
    args = list(NEW_ORGANISATION)
    args[args.index("cafe-de-zon")] = bad_id
    before = snapshot(tmp_path)
    result = repo.run(*args)
    assert result.exit_code == 1
    assert f'the member id "{bad_id}" may only hold lowercase letters' in result.stderr
    assert snapshot(tmp_path) == before


def test_member_add_name_without_letters_needs_an_id(repo: Repo) -> None:
    before = repo.snapshot()
    result = repo.run(
        "member", "add", "--name", "***", "--kind", "person", "--vat-status", "not-taxable"
    )
    assert result.exit_code == 1
    assert 'the member id "" may only hold lowercase letters' in result.stderr
    assert repo.snapshot() == before


def test_member_add_interactive(repo: Repo) -> None:
    result = repo.run("member", "add", input="Jan Janssens\nperson\nnot-taxable\n")
    assert result.exit_code == 0, result.output
    assert "Name: " in result.stdout
    assert "Kind (person/organisation)" in result.stdout
    assert "VAT status (registered/small-enterprise/not-taxable)" in result.stdout
    assert "Added members/jan-janssens.yaml." in result.stdout
    path = repo.root / "members" / "jan-janssens.yaml"
    member, errors = parse_member("jan-janssens", load_yaml(path)[0], str(path))
    assert errors == []
    assert member is not None
    assert (member.name, member.kind, member.vat_status) == (
        "Jan Janssens",
        "person",
        "not-taxable",
    )
    assert member.joined == TODAY
    assert member.languages == ("nl",)
    assert repo.check()["ok"] is True


def test_member_add_interactive_rejects_an_unknown_kind_and_asks_again(repo: Repo) -> None:
    result = repo.run("member", "add", input="Jan Janssens\npersoon\nperson\nnot-taxable\n")
    assert result.exit_code == 0, result.output
    assert "'persoon' is not one of 'person', 'organisation'" in result.stdout
    assert (repo.root / "members" / "jan-janssens.yaml").is_file()


def test_member_add_organisation_asks_for_its_legal_form(repo: Repo) -> None:
    args = (
        "member", "add", "--name", "Los Collectief", "--kind", "organisation",
        "--vat-status", "not-taxable",
    )  # fmt: skip
    before = repo.snapshot()
    wrong = repo.run(*args, input="gmbh\n")
    assert wrong.exit_code == 1
    assert 'field "legal_form": "gmbh" is not one of' in wrong.stderr
    assert repo.snapshot() == before
    right = repo.run(*args, input="vzw\n")
    assert right.exit_code == 0, right.output
    assert "Legal form" in right.output
    text = (repo.root / "members" / "los-collectief.yaml").read_text(encoding="utf-8")
    assert "legal_form: vzw" in text


def test_member_add_refuses_a_name_on_two_lines(repo: Repo) -> None:
    before = repo.snapshot()
    result = repo.run(
        "member", "add", "--name", "Twee\nRegels", "--kind", "person",
        "--vat-status", "not-taxable",
    )  # fmt: skip
    assert result.exit_code == 1
    assert 'field "name": should be one line' in result.stderr
    assert repo.snapshot() == before


# --- balances --------------------------------------------------------------------------------

BALANCES_LEDGER = """
    2026-03-12 * "Versterkingssessie"
      service: "strengthening-session"
      concept: "repair-cafe-genk"
      Assets:Members:An-claes             -2.50 SIF
      Assets:Members:De-buurtkeuken        2.50 SIF

    2026-03-13 * "Coaching for three"
      service: "coaching-hour"
      Assets:Members:Bram-peeters         -0.50 SIF
      Assets:Members:An-claes              0.17 SIF
      Assets:Members:De-buurtkeuken        0.17 SIF
      Assets:Members:Atelier-soleil        0.16 SIF

    2026-03-14 * "Workshop"
      service: "workshop"
      Assets:Members:Fabriek              -1.50 SIF
      Assets:Members:An-claes              0.75 SIF
      Assets:Members:De-buurtkeuken        0.75 SIF

    2026-03-15 * "Artikel"
      service: "article"
      Assets:Members:An-claes             -1.00 SIF
      Assets:Members:Fabriek               1.00 SIF

    2026-05-02 * "Coaching"
      service: "coaching-hour"
      Assets:Members:De-buurtkeuken       -0.50 SIF
      Assets:Members:Atelier-soleil        0.50 SIF
    """


def _row(
    member: str,
    *,
    balance: str,
    given: str,
    received: str,
    last: str | None,
    age: int | None,
) -> dict[str, Any]:
    return {
        "member": member,
        "balance": balance,
        "given": given,
        "received": received,
        "last_activity": last,
        "debt_age_days": age,
    }


BALANCES_ON_2026_04_01 = [
    _row("an-claes", balance="-2.58", given="3.50", received="0.92", last="2026-03-15", age=None),
    _row(
        "atelier-soleil", balance="0.16", given="0.00", received="0.16", last="2026-03-13", age=19
    ),
    _row(
        "bram-peeters", balance="-0.50", given="0.50", received="0.00", last="2026-03-13", age=None
    ),
    _row(
        "de-buurtkeuken", balance="3.42", given="0.00", received="3.42", last="2026-03-14", age=20
    ),
    _row("fabriek", balance="-0.50", given="1.50", received="1.00", last="2026-03-15", age=None),
    _row("oud-lid", balance="0.00", given="0.00", received="0.00", last=None, age=None),
]


def _balances_json(repo: Repo, *args: str) -> list[dict[str, Any]]:
    result = repo.run("balances", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def test_balances_json(repo: Repo) -> None:
    repo.month("2026-03", BALANCES_LEDGER)
    rows = _balances_json(repo, "--as-of", "2026-04-01")
    keys = ["member", "balance", "given", "received", "last_activity", "debt_age_days"]
    assert [{key: row[key] for key in keys} for row in rows] == BALANCES_ON_2026_04_01
    assert {row["currency"] for row in rows} == {"SIF"}
    assert rows[0]["name"] == "An Claes"
    assert sum(Decimal(row["balance"]) for row in rows) == 0


def test_balances_as_of_today_by_default(repo: Repo) -> None:
    repo.month("2026-03", BALANCES_LEDGER)
    rows = {row["member"]: row for row in _balances_json(repo)}
    buurtkeuken = rows["de-buurtkeuken"]
    assert (buurtkeuken["balance"], buurtkeuken["last_activity"]) == ("2.92", "2026-05-02")
    assert buurtkeuken["debt_age_days"] == (TODAY - datetime.date(2026, 3, 12)).days
    soleil = rows["atelier-soleil"]
    assert soleil["balance"] == "0.66"
    assert soleil["debt_age_days"] == (TODAY - datetime.date(2026, 3, 13)).days


def test_balances_csv(repo: Repo) -> None:
    repo.month("2026-03", BALANCES_LEDGER)
    result = repo.run("balances", "--as-of", "2026-04-01", "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    expected = [
        {"currency": "SIF"}
        | {key: "" if value is None else str(value) for key, value in row.items()}
        for row in BALANCES_ON_2026_04_01
    ]
    assert rows == expected
    assert result.stdout.splitlines()[0] == (
        "member,currency,balance,given,received,last_activity,debt_age_days"
    )


def test_balances_table(repo: Repo) -> None:
    repo.month("2026-03", BALANCES_LEDGER)
    result = repo.run("balances", "--as-of", "2026-04-01")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == [
        "member", "position", "given", "received", "last_activity", "debt_age_days",
    ]  # fmt: skip
    # Who owes whom, in words; JSON and CSV keep the sign (positive: the member owes).
    assert lines[4].split() == [
        "de-buurtkeuken", "owes", "3.42", "SIF", "0.00", "3.42", "2026-03-14", "20",
    ]  # fmt: skip
    assert lines[6].split() == ["oud-lid", "owes", "nothing", "0.00", "0.00"]
    assert lines[5].split()[:5] == ["fabriek", "is", "owed", "0.50", "SIF"]
    assert len(lines) == 7


def test_balances_warn_when_the_books_have_errors(repo: Repo) -> None:
    repo.month("2026-03", BALANCES_LEDGER.replace("-0.50 SIF\n", "-0.40 SIF\n", 1))
    result = repo.run("balances", "--as-of", "2026-04-01", "--format", "json")
    assert result.exit_code == 0
    assert "Warning: the books have" in result.stderr
    assert "run `sif check`" in result.stderr
    json.loads(result.stdout)  # the output stays machine-readable


# --- services --------------------------------------------------------------------------------


def _menu_card_expectations(on: datetime.date, lang: str) -> list[dict[str, str]]:
    """The rows `sif services` must print, computed straight from services.yaml."""
    menu = yaml.safe_load((TEMPLATE / "services.yaml").read_text(encoding="utf-8"))
    cent = Decimal("0.01")
    value = Decimal(str([v for v in menu["currency"]["values"] if v["from"] <= on][-1]["value"]))
    vat = Decimal(str([v for v in menu["vat"] if v["from"] <= on][-1]["percent"]))
    rows = []
    for service in menu["services"]:
        tariffs = [t for t in service["tariffs"] if t["from"] <= on]
        if not tariffs:
            continue
        sif = Decimal(str(tariffs[-1]["sif"]))
        excl = (sif * value).quantize(cent, ROUND_HALF_UP)
        incl = (excl * (1 + vat / 100)).quantize(cent, ROUND_HALF_UP)
        rows.append(
            {
                "service": service["id"],
                "name": service["name"][lang],
                "unit": menu["units"][service["unit"]][lang],
                "flow": service["flow"],
                "sif": sif,
                "eur_excl_vat": str(excl),
                "eur_incl_vat": str(incl),
                "valid_from": tariffs[-1]["from"].isoformat(),
            }
        )
    return rows


def _services_json(repo: Repo, *args: str) -> list[dict[str, Any]]:
    result = repo.run("services", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


@pytest.mark.parametrize(
    ("on", "lang"),
    [("2025-12-31", "nl"), ("2026-01-01", "fr"), ("2026-06-30", "en"), ("2024-01-01", "nl")],
)
def test_services_json_from_the_menu_card(repo: Repo, on: str, lang: str) -> None:
    rows = _services_json(repo, "--on", on, "--lang", lang)
    expected = _menu_card_expectations(datetime.date.fromisoformat(on), lang)
    assert len(rows) == len(expected) == 6
    for row, want in zip(rows, expected, strict=True):
        assert Decimal(row.pop("sif")) == want.pop("sif")
        assert row.pop("vat_percent") == "21"
        assert row == want


def test_services_before_and_after_the_tariff_change(repo: Repo) -> None:
    before = {row["service"]: row for row in _services_json(repo, "--on", "2025-12-31")}
    after = {row["service"]: row for row in _services_json(repo, "--on", "2026-01-01")}
    session_before, session_after = before["strengthening-session"], after["strengthening-session"]
    assert (session_before["sif"], session_before["eur_excl_vat"]) == ("2", "100.00")
    assert session_before["eur_incl_vat"] == "121.00"
    assert session_before["valid_from"] == "2024-01-01"
    assert (session_after["sif"], session_after["eur_excl_vat"]) == ("2.5", "125.00")
    assert session_after["eur_incl_vat"] == "151.25"
    assert session_after["valid_from"] == "2026-01-01"
    # Coaching kept its tariff.
    assert before["coaching-hour"]["eur_incl_vat"] == after["coaching-hour"]["eur_incl_vat"]
    assert after["coaching-hour"]["eur_incl_vat"] == "30.25"


def test_services_before_the_first_tariff(repo: Repo) -> None:
    assert _services_json(repo, "--on", "2023-12-31") == []


def test_services_table_and_csv(repo: Repo) -> None:
    table = repo.run("services", "--on", "2026-01-01", "--lang", "en")
    assert table.exit_code == 0
    lines = table.stdout.splitlines()
    assert lines[0] == "Menu card on 2026-01-01: 1 SIF = 50 EUR excl. VAT"
    assert lines[1].split()[:3] == ["service", "name", "unit"]
    assert any(line.split()[:1] == ["bootcamp"] and "302.50" in line for line in lines)
    assert len(lines) == 8
    result = repo.run("services", "--on", "2026-01-01", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [row["service"] for row in rows] == [
        "strengthening-session", "coaching-hour", "workshop", "bootcamp", "article",
        "case-research",
    ]  # fmt: skip
    assert rows[3]["eur_incl_vat"] == "302.50"


def test_record_quantity_in_scientific_notation(repo: Repo) -> None:
    result = repo.run(
        "record", "coaching-hour", "--date", "2026-03-13",
        "--provider", "bram-peeters", "--recipient", "an-claes", "--quantity", "1e1",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    (trade,) = _trades(repo)
    assert trade.meta["quantity"] == Decimal(10)
    assert _postings(trade) == [
        ("Assets:Members:Bram-peeters", Decimal("-5.00")),
        ("Assets:Members:An-claes", Decimal("5.00")),
    ]


def test_services_round_euro_half_up(repo: Repo) -> None:
    """EUR 12.50 + 21% VAT is 15.125: documents round half up, to 15.13."""
    menu = repo.root / "services.yaml"
    text = menu.read_text(encoding="utf-8")
    old = "      - {from: 2024-01-01, sif: 0.5}\n"
    menu.write_text(text.replace(old, old + "      - {from: 2026-06-01, sif: 0.25}\n"))
    (coaching,) = [r for r in _services_json(repo, "--on", "2026-06-01") if r["sif"] == "0.25"]
    assert (coaching["eur_excl_vat"], coaching["eur_incl_vat"]) == ("12.50", "15.13")


def test_record_the_first_trade_of_new_books(repo: Repo) -> None:
    """New books have no month file yet: the first `sif record` must still work.

    The main file includes "trades/*.beancount"; with no file there, Beancount
    reports that the glob matches nothing, so the books never check clean
    until a trade exists, and `sif record` refuses to write the first one.
    """
    (repo.trades / "2025-01.beancount").unlink()
    result = repo.run(
        "record", "coaching-hour", "--date", "2026-03-13",
        "--provider", "bram-peeters", "--recipient", "an-claes",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert repo.check()["ok"] is True


# --- errors ----------------------------------------------------------------------------------


def test_a_library_exception_is_an_error_message_exit_1_and_no_traceback(tmp_path: Path) -> None:
    """Any SifException a command lets through: its details, then its message, exit 1."""
    import click
    from click.testing import CliRunner

    from sif.cli.base import SifGroup, failing
    from sif.errors import SifException

    class GapError(SifException):
        details = ("members/a.yaml: no address", "members/b.yaml: no address")

    @click.group(cls=SifGroup)
    @click.pass_context
    def group(ctx: click.Context) -> None:
        ctx.obj = tmp_path

    @group.command()
    def plain() -> None:
        raise GapError("2 members lack an address")

    @group.command()
    def worded() -> None:
        with failing("{problem}; nothing was booked", GapError="{details} gap(s)"):
            raise GapError("not shown")

    result = CliRunner().invoke(group, ["plain"])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert result.stderr == (
        "members/a.yaml: no address\nmembers/b.yaml: no address\n"
        "Error: 2 members lack an address\n"
    )
    result = CliRunner().invoke(group, ["worded"])
    assert result.exit_code == 1
    assert result.stderr.endswith("Error: 2 gap(s)\n")
