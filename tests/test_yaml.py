"""Bad input in the files staff edit by hand: member files, concepts, the menu card, ledger.

For every mistake `sif check` exits 1, names the file (relative to the
repository) and the line or field, says what to do, and changes no file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tests.conftest import MEMBERS, Repo, dedent, line_of


@dataclass(frozen=True)
class Case:
    """A mistake and what `sif check` must say about it.

    Attributes:
      id: The test id.
      path: The file the mistake is in (and the error names).
      words: Words the message must hold.
      text: New content of `path` (inline), or None.
      replace: (old, new) to change in the existing `path`, or None.
      delete: Remove `path` (the error is then about `error_path`).
      line: The expected line: a number, or the text of that line.
      error_path: The file the error names, when it is not `path`.
    """

    id: str
    path: str
    words: tuple[str, ...]
    text: str | None = None
    replace: tuple[str, str] | None = None
    delete: bool = False
    line: int | str = 0
    error_path: str | None = None

    def apply(self, repo: Repo) -> None:
        target = repo.root / self.path
        if self.delete:
            target.unlink()
        elif self.text is not None:
            repo.write(self.path, self.text)
        elif self.replace is not None:
            old, new = self.replace
            content = target.read_text(encoding="utf-8")
            assert old in content, f"{old!r} not in {self.path}"
            target.write_text(content.replace(old, new, 1), encoding="utf-8")


NEW_MEMBER = """\
    name: Nieuw Lid
    kind: person
    languages: [nl]
    email: nieuw@example.org
    vat: {status: not-taxable}
    joined: 2025-01-01
    """

AN = "members/an-claes.yaml"
SOLEIL = "members/atelier-soleil.yaml"
MENU = "services.yaml"

CASES = [
    Case(
        "malformed-yaml",
        "members/nieuw-lid.yaml",
        ("this is not valid YAML", "mapping values are not allowed", "indentation"),
        text="name: Nieuw Lid\nkind: person\n  languages: [nl]\nvat: {status: not-taxable}\n",
        line=3,
    ),
    Case(
        "malformed-menu-card",
        MENU,
        ("this is not valid YAML", "check the indentation and the colons"),
        replace=("code: SIF\n", "code: SIF\n   fiat: EUR\n"),
        line="   fiat: EUR",
    ),
    Case(
        "list-where-text-expected",
        AN,
        ('field "name": should be text, not a list',),
        replace=("name: An Claes", "name: [An, Claes]"),
        line="name:",
    ),
    Case(
        "text-where-date-expected",
        AN,
        ('field "joined": should be a date written YYYY-MM-DD, not the text "since March"',),
        replace=("joined: 2024-01-01", "joined: since March"),
        line="joined:",
    ),
    Case(
        "impossible-date",
        AN,
        ('field "joined": should be a date written YYYY-MM-DD', '"2024-02-30"'),
        replace=("joined: 2024-01-01", "joined: 2024-02-30"),
        line="joined:",
    ),
    Case(
        "mapping-where-list-expected",
        AN,
        ('field "roles": should be a list, like [a, b], not a mapping',),
        replace=("roles: [innovator, coach]", "roles: {innovator: true}"),
        line="roles:",
    ),
    Case(
        "unknown-key",
        AN,
        (
            'field "emial": is not a known field; remove it or correct its name.',
            'Did you mean "email"?',
        ),
        replace=("email:", "emial:"),
        line="emial:",
    ),
    Case(
        "unknown-key-nested",
        "members/de-buurtkeuken.yaml",
        ('field "address.postcod": is not a known field', 'Did you mean "postcode"?'),
        replace=('postcode: "3500"', 'postcod: "3500"'),
        line="address:",
    ),
    Case(
        "unknown-choice",
        AN,
        ('field "kind": "persoon" is not one of: person, organisation.', 'Did you mean "person"?'),
        replace=("kind: person", "kind: persoon"),
        line="kind:",
    ),
    Case(
        "duplicate-key",
        AN,
        ('the key "email" appears twice',),
        replace=("email: an.claes@example.org", "email: an.claes@example.org\nemail: an@x.org"),
        line="email: an@x.org",
    ),
    Case(
        "invalid-vat-number",
        SOLEIL,
        (
            'field "vat.number": "BE0876543271" is not a valid VAT or enterprise number',
            "KBO/BCE",
        ),
        replace=("number: BE0876543270", "number: BE0876543271"),
        line="vat:",
    ),
    Case(
        "vat-number-missing",
        SOLEIL,
        ('field "vat.number": is missing', 'VAT status "registered"'),
        replace=("vat: {status: registered, number: BE0876543270}", "vat: {status: registered}"),
        line="vat:",
    ),
    Case(
        "invalid-iban",
        SOLEIL,
        ('field "iban": "BE62 5100 0754 7062" is not a valid IBAN', "check for a typo"),
        replace=("iban: BE62 5100 0754 7061", "iban: BE62 5100 0754 7062"),
        line="iban:",
    ),
    Case(
        "invalid-email",
        AN,
        ('field "email": "an.claes-at-example.org" is not an e-mail address',),
        replace=("an.claes@example.org", "an.claes-at-example.org"),
        line="email:",
    ),
    Case(
        "peppol-not-the-vat-number",
        SOLEIL,
        (
            (
                'field "peppol": the enterprise number 0412345614 differs from the VAT number '
                "BE0876543270"
            ),
        ),
        replace=('peppol: "0208:0876543270"', 'peppol: "0208:0412345614"'),
        line="peppol:",
    ),
    Case(
        "peppol-malformed",
        SOLEIL,
        ('field "peppol": "0876543270" should be "scheme:identifier"',),
        replace=('peppol: "0208:0876543270"', 'peppol: "0876543270"'),
        line="peppol:",
    ),
    Case(
        "left-before-joined",
        "members/oud-lid.yaml",
        ('field "left": 2023-06-30 is before the member joined (2024-01-01)',),
        replace=("left: 2025-06-30", "left: 2023-06-30"),
        line="left:",
    ),
    Case(
        "duplicate-service-id",
        MENU,
        ('field "services[2].id": the service "strengthening-session" is listed twice',),
        replace=("- id: coaching-hour", "- id: strengthening-session"),
        line="  - id: strengthening-session\n",
    ),
    Case(
        "unknown-unit",
        MENU,
        ('field "services[2].unit": "hours" is not one of:', 'Did you mean "hour"?'),
        replace=("unit: hour\n", "unit: hours\n"),
        line="unit: hours",
    ),
    Case(
        "unknown-flow",
        MENU,
        (
            (
                'field "services[1].flow": "member-to-members" is not one of: member-to-member, '
                "member-to-operator, operator-to-member."
            ),
            'Did you mean "member-to-member"?',
        ),
        replace=("flow: member-to-member", "flow: member-to-members"),
        line="flow: member-to-members",
    ),
    Case(
        "tariffs-out-of-date-order",
        MENU,
        (
            'field "services[4].tariffs[2].from": 2024-01-01 should come after 2026-01-01',
            "keep the list in date order",
        ),
        replace=(
            "- {from: 2024-01-01, sif: 4}\n      - {from: 2026-01-01, sif: 5}",
            "- {from: 2026-01-01, sif: 5}\n      - {from: 2024-01-01, sif: 4}",
        ),
        line="{from: 2024-01-01, sif: 4}",
    ),
    Case(
        "negative-tariff",
        MENU,
        ('field "services[2].tariffs[1].sif": cannot be negative',),
        replace=("{from: 2024-01-01, sif: 0.5}", "{from: 2024-01-01, sif: -0.5}"),
        line="sif: -0.5",
    ),
    Case(
        "uppercase-member-id",
        "members/Bram.yaml",
        ('the member id "Bram" may only hold lowercase letters', "rename the file"),
        text=NEW_MEMBER,
        line=0,
    ),
    Case(
        "dotted-member-id",
        "members/nieuw.lid.yaml",
        ('the member id "nieuw.lid" may only hold lowercase letters', "without slashes, dots"),
        text=NEW_MEMBER,
        line=0,
    ),
    Case(
        "yml-file-in-members",
        "members/nieuw-lid.yml",
        ("only member files named <id>.yaml belong here", 'rename it to end in ".yaml"'),
        text=NEW_MEMBER,
        line=0,
    ),
    Case(
        "concept-with-unknown-partner",
        "concepts/zorgboerderij.yaml",
        ('field "partners": no member "bram-peters".', 'Did you mean "bram-peeters"?'),
        replace=("bram-peeters", "bram-peters"),
        line="partners:",
    ),
    Case(
        "concept-without-partners",
        "concepts/zorgboerderij.yaml",
        ('field "partners": is missing or empty', "list the member ids that own the concept"),
        replace=("partners: [atelier-soleil, bram-peeters]", "partners: []"),
        line="partners:",
    ),
    Case(
        "operator-missing",
        "members/fabriek.yaml",
        (
            'field "community.operator": no member file members/fabriek.yaml',
            "describe the organisation that issues the documents there",
        ),
        delete=True,
        error_path=MENU,
        line="  operator:",
    ),
    Case(
        "operator-misspelt",
        MENU,
        ("no member file members/fabriekk.yaml", 'Did you mean "fabriek"?'),
        replace=("operator: fabriek", "operator: fabriekk"),
        line="  operator:",
    ),
    Case(
        "operator-not-vat-registered",
        "members/fabriek.yaml",
        ("the operator issues invoices with VAT", "vat status registered"),
        replace=("status: registered", "status: not-taxable"),
        line="name:",
    ),
    Case(
        "operator-without-address",
        "members/fabriek.yaml",
        ('field "address": the operator needs an address, it is on every document',),
        replace=(
            'address: {street: Voorbeeldstraat 1, postcode: "1000", city: Brussel, country: BE}\n',
            "",
        ),
        line="name:",
    ),
    Case(
        "ledger-syntax-error",
        "ledger/trades/2026-03.beancount",
        ("syntax error",),
        text="""\
            2026-03-12 * "Coaching"
              service: "coaching-hour"
              Assets:Members:An-claes          -0.50 SIF
              Assets:Members:Atelier-soleil     0.50 SIF SIF
            """,
        line="SIF SIF",
    ),
    Case(
        "ledger-main-file-syntax-error",
        "ledger/main.beancount",
        ("Invalid token",),
        replace=('option "title"', 'optoin "title"'),
        line='optoin "title"',
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input_is_reported_and_nothing_changes(repo: Repo, case: Case) -> None:
    case.apply(repo)
    before = repo.snapshot()
    report = repo.check()
    text = repo.run("check")
    assert repo.snapshot() == before

    assert report["ok"] is False
    assert text.exit_code == 1
    error_path = case.error_path or case.path
    if isinstance(case.line, int):
        line = case.line
    else:
        line = line_of(repo.root / error_path, case.line.rstrip("\n"))
        if case.line.endswith("\n"):  # the second line like it (a duplicate)
            line = line_of(repo.root / error_path, case.line.rstrip("\n"), occurrence=2)
    matching = [
        error
        for error in report["errors"]
        if error["file"] == error_path and all(word in error["message"] for word in case.words)
    ]
    assert matching, f"no error in {error_path} saying {case.words}: {report['errors']}"
    assert matching[0]["line"] == line
    # The text output reads like an editor's: path:line: message.
    assert f"{error_path}:{line}: {matching[0]['message']}" in text.stderr
    assert "Traceback" not in text.output


def test_every_error_in_a_file_is_reported_at_once(repo: Repo) -> None:
    path = repo.write(
        "members/nieuw-lid.yaml",
        """
        name: Nieuw Lid
        kind: persoon
        languages: [nl]
        email: nieuw-at-example.org
        vat: {status: not-taxable}
        joined: soon
        """,
    )
    errors = [e for e in repo.errors() if e["file"] == "members/nieuw-lid.yaml"]
    assert [e["line"] for e in errors] == [
        line_of(path, "kind:"),
        line_of(path, "email:"),
        line_of(path, "joined:"),
    ]


def test_a_member_file_that_is_not_a_mapping(repo: Repo) -> None:
    repo.write("members/nieuw-lid.yaml", "- name: Nieuw Lid\n- kind: person\n")
    errors = [e for e in repo.errors() if e["file"] == "members/nieuw-lid.yaml"]
    assert errors
    assert "should be a mapping of fields (key: value), not a list" in errors[0]["message"]


def test_a_member_file_that_is_not_utf8(repo: Repo) -> None:
    path = repo.root / "members" / "nieuw-lid.yaml"
    path.write_bytes(dedent(NEW_MEMBER).replace("Nieuw", "Caf\xe9").encode("latin-1"))
    before = repo.snapshot()
    errors = [e for e in repo.errors() if e["file"] == "members/nieuw-lid.yaml"]
    assert [e["message"] for e in errors] == ["the file is not UTF-8 text"]
    assert repo.snapshot() == before


def test_a_broken_member_file_is_not_also_reported_as_unknown_partner(repo: Repo) -> None:
    """A concept partner whose file fails to load gets one error, in the member file."""
    path = repo.root / "members" / "bram-peeters.yaml"
    path.write_text(dedent(MEMBERS["bram-peeters"]).replace("kind: person", "kind: ?"))
    errors = repo.errors()
    assert {e["file"] for e in errors} == {"members/bram-peeters.yaml"}


def _break_menu(repo: Repo) -> None:
    path = repo.root / "services.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("unit: hour\n", "unit: hours\n"))


@pytest.mark.parametrize(
    ("args", "setup"),
    [
        (("services",), _break_menu),
        (("balances",), _break_menu),
    ],
)
def test_commands_refuse_a_broken_menu_card(
    repo: Repo, args: tuple[str, ...], setup: Callable[[Repo], None]
) -> None:
    setup(repo)
    before = repo.snapshot()
    result = repo.run(*args)
    assert result.exit_code == 1
    assert "services.yaml:" in result.stderr
    assert "services.yaml has errors; fix them first" in result.stderr
    assert repo.snapshot() == before


def test_a_value_yaml_cannot_build(repo: Repo) -> None:
    """A tag PyYAML cannot apply is reported, not a traceback."""
    repo.write("members/nieuw-lid.yaml", dedent(NEW_MEMBER).replace("2025-01-01", "!!int abc"))
    before = repo.snapshot()
    errors = [e for e in repo.errors() if e["file"] == "members/nieuw-lid.yaml"]
    assert len(errors) == 1
    assert "this is not valid YAML" in errors[0]["message"]
    assert repo.snapshot() == before


def test_a_broken_menu_card_is_one_error_not_one_per_posting(repo: Repo) -> None:
    repo.month(
        "2026-03",
        """
        2026-03-12 * "Versterkingssessie"
          service: "strengthening-session"
          Assets:Members:An-claes         -2.50 SIF
          Assets:Members:De-buurtkeuken    2.50 SIF
        """,
    )
    _break_menu(repo)
    errors = repo.errors()
    assert [(e["file"], e["kind"]) for e in errors] == [("services.yaml", "YamlError")]


def test_record_refuses_a_broken_menu_card(repo: Repo) -> None:
    _break_menu(repo)
    before = repo.snapshot()
    result = repo.run(
        "record", "coaching-hour", "--date", "2026-03-13",
        "--provider", "bram-peeters", "--recipient", "an-claes",
    )  # fmt: skip
    assert result.exit_code == 1
    assert "services.yaml has errors; run `sif check` and fix them first" in result.stderr
    assert repo.snapshot() == before


def test_trades_of_a_member_whose_file_is_broken(repo: Repo) -> None:
    """The member file's error says what is wrong; the trades are not "no member" too."""
    repo.month(
        "2026-03",
        """
        2026-03-12 * "Coaching"
          service: "coaching-hour"
          Assets:Members:Bram-peeters      -0.50 SIF
          Assets:Members:De-buurtkeuken     0.50 SIF
        """,
    )
    path = repo.root / "members" / "bram-peeters.yaml"
    path.write_text(dedent(MEMBERS["bram-peeters"]).replace("kind: person", "kind: persoon"))
    errors = repo.errors()
    assert [(e["file"], e["kind"]) for e in errors] == [("members/bram-peeters.yaml", "YamlError")]
    assert not any("no file members/bram-peeters.yaml" in e["message"] for e in errors)
