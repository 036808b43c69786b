"""Credit limits (`credit_limits:` in services.yaml): refused past a hard limit, warned past a soft one.

Each rule has a ledger that passes and one that fails. The fixture's members:
de-buurtkeuken is an organisation (innovator), an-claes a person (innovator,
coach); a strengthening session is 2.50 SIF from 2026 on.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from sif.model.community import load_community
from tests.conftest import Repo, only


def session(date: str, provider: str, recipient: str) -> str:
    return f"""
    {date} * "Versterkingssessie"
      service: "strengthening-session"
      Assets:Members:{provider.capitalize():<20} -2.50 SIF
      Assets:Members:{recipient.capitalize():<20}  2.50 SIF
    """


def limits(repo: Repo, text: str) -> None:
    path = repo.root / "services.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")


TWO_SESSIONS = session("2026-03-12", "an-claes", "de-buurtkeuken") + session(
    "2026-03-20", "atelier-soleil", "de-buurtkeuken"
)


def test_a_trade_up_to_the_hard_limit_passes_with_a_warning_past_the_soft_one(repo: Repo) -> None:
    limits(repo, "credit_limits:\n  default: {soft: 4, hard: 5}\n")
    repo.month("2026-03", TWO_SESSIONS)  # 5.00 SIF owed: exactly the hard limit
    report = repo.check()
    assert report["ok"], report
    (warning,) = [w for w in report["warnings"] if "credit limit" in w]
    assert warning.startswith("de-buurtkeuken owes 5.00 SIF, unpaid since 2026-03-12")
    assert "past the soft credit limit (soft 4 SIF, hard 5 SIF;" in warning


def test_a_trade_past_the_hard_limit_is_refused_at_its_line(repo: Repo) -> None:
    limits(repo, "credit_limits:\n  default: {soft: 2, hard: 4}\n")
    repo.month("2026-03", TWO_SESSIONS)
    error = only(repo.errors(), "CreditLimitError")
    assert (error["file"], error["line"]) == ("ledger/trades/2026-03.beancount", 6)
    assert error["message"].startswith(
        "de-buurtkeuken would owe 5.00 SIF after this trade, past the hard credit limit of "
        "4 SIF (services.yaml, credit_limits: default): record it after they have given back"
    )


def test_sif_record_refuses_past_the_hard_limit_and_writes_nothing(repo: Repo) -> None:
    limits(repo, "credit_limits:\n  default: {hard: 4}\n")
    repo.month("2026-03", session("2026-03-12", "an-claes", "de-buurtkeuken"))
    before = repo.snapshot()
    result = repo.run(
        "record", "strengthening-session", "--date", "2026-03-20",
        "--provider", "atelier-soleil", "--recipient", "de-buurtkeuken",
    )  # fmt: skip
    assert result.exit_code == 1
    assert "past the hard credit limit of 4 SIF" in result.output
    assert "nothing was written" in result.output
    assert repo.snapshot() == before


def test_sif_record_warns_past_the_soft_limit(repo: Repo) -> None:
    limits(repo, "credit_limits:\n  default: {soft: 4, hard: 10}\n")
    repo.month("2026-03", session("2026-03-12", "an-claes", "de-buurtkeuken"))
    result = repo.run(
        "record", "strengthening-session", "--date", "2026-03-20",
        "--provider", "atelier-soleil", "--recipient", "de-buurtkeuken",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Warning: de-buurtkeuken owes 5.00 SIF" in result.output
    assert "past the soft credit limit" in result.output


@pytest.mark.parametrize(
    ("policy", "refused"),
    [
        # By kind: organisations may owe more than persons.
        ("default: {hard: 4}\n  kinds: {organisation: {hard: 6}}", False),
        ("default: {hard: 6}\n  kinds: {organisation: {hard: 4}}", True),
        # By role: de-buurtkeuken is an innovator.
        ("default: {hard: 4}\n  roles: {innovator: {hard: 5}}", False),
        ("default: {hard: 4}\n  roles: {coach: {hard: 50}}", True),
        # An exception per member wins over kind and role.
        ("default: {hard: 4}\n  kinds: {organisation: {hard: 3}}\n  members: {de-buurtkeuken: {hard: 8}}", False),
        ("default: {hard: 40}\n  members: {de-buurtkeuken: {hard: 3}}", True),
        # Trades before `from` are not held to the limits.
        ("from: 2026-04-01\n  default: {hard: 1}", False),
        ("from: 2026-03-15\n  default: {hard: 1}", True),
    ],
)  # fmt: skip
def test_limits_by_kind_role_member_and_date(repo: Repo, policy: str, refused: bool) -> None:
    limits(repo, f"credit_limits:\n  {policy}\n")
    repo.month("2026-03", TWO_SESSIONS)
    kinds = [error["kind"] for error in repo.errors()]
    assert kinds == (["CreditLimitError"] if refused else [])


def test_an_old_debt_stops_new_trades_until_it_is_given_back(repo: Repo) -> None:
    limits(repo, "credit_limits:\n  default: {hard_days: 30}\n")
    repo.month("2026-03", session("2026-03-12", "an-claes", "de-buurtkeuken"))
    repo.month("2026-05", session("2026-05-04", "atelier-soleil", "de-buurtkeuken"))
    error = only(repo.errors(), "CreditLimitError")
    assert error["message"].startswith(
        "de-buurtkeuken has owed since 2026-03-12 (53 days), past the hard credit limit of "
        "30 days (services.yaml, credit_limits: default): they receive nothing more until "
        "they give back"
    )
    # Given back in April: the debt of March is paid, the trade of May passes.
    repo.month("2026-04", session("2026-04-20", "de-buurtkeuken", "an-claes"))
    assert repo.errors() == []


def test_the_operator_has_no_limit(repo: Repo) -> None:
    limits(repo, "credit_limits:\n  default: {hard: 0}\n")
    repo.month(
        "2026-03",
        """
        2026-03-12 * "Artikel"
          service: "article"
          Assets:Members:An-claes     -1.00 SIF
          Assets:Members:Fabriek       1.00 SIF
        """,
    )
    assert repo.errors() == []


def test_balances_show_the_room_left(repo: Repo) -> None:
    limits(repo, "credit_limits:\n  default: {soft: 2, hard: 6}\n  kinds: {person: {soft: 1}}\n")
    repo.month("2026-03", TWO_SESSIONS)
    result = repo.run("balances", "--as-of", "2026-04-01", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = {row["member"]: row for row in csv.DictReader(io.StringIO(result.stdout))}
    assert (rows["de-buurtkeuken"]["credit_limit"], rows["de-buurtkeuken"]["room"]) == (
        "6.00",
        "1.00",
    )
    assert (rows["an-claes"]["credit_limit"], rows["an-claes"]["room"]) == ("6.00", "6.00")
    assert rows["fabriek"]["room"] == ""
    as_json = json.loads(repo.run("balances", "--format", "json").stdout)
    assert {row["member"]: row["room"] for row in as_json}["de-buurtkeuken"] == "1.00"


def test_without_limits_balances_have_no_limit_columns(repo: Repo) -> None:
    result = repo.run("balances", "--format", "csv")
    assert "room" not in result.stdout.splitlines()[0]


@pytest.mark.parametrize(
    ("policy", "message"),
    [
        ("default: {hard: 2, soft: 3}", 'field "credit_limits.default.soft": 3 is above the hard limit 2'),
        ("kinds: {company: {hard: 2}}", 'field "credit_limits.kinds.company": "company" is not one of: person, organisation'),
        ("roles: {coach: {hard_days: 1.5}}", 'field "credit_limits.roles.coach.hard_days": 1.5 should be a whole number'),
        ("members: {de-buurtkeukn: {hard: 9}}", 'field "credit_limits.members.de-buurtkeukn": no member "de-buurtkeukn"'),
        ("default: {hard: 2, max: 3}", 'field "credit_limits.default.max": is not a known field'),
    ],
)  # fmt: skip
def test_a_wrong_policy_is_reported_at_its_line(repo: Repo, policy: str, message: str) -> None:
    limits(repo, f"credit_limits:\n  {policy}\n")
    errors = repo.errors()
    assert [e["file"] for e in errors] == ["services.yaml"], errors
    assert errors[0]["line"] > 1
    assert errors[0]["message"].startswith(message), errors


def test_the_limit_of_a_member_is_built_field_by_field(repo: Repo) -> None:
    limits(
        repo,
        "credit_limits:\n  default: {soft: 2, hard: 6, hard_days: 90}\n"
        "  kinds: {person: {hard: 8}}\n  roles: {coach: {hard: 10}, innovator: {hard: 9}}\n",
    )
    community = load_community(repo.root)
    assert community.menu is not None and community.menu.credit_limits is not None
    limit = community.menu.credit_limits.for_member(community.members["an-claes"], "an-claes")
    assert (str(limit.soft), str(limit.hard), limit.hard_days) == ("2", "10", 90)
    assert limit.where == "default, kinds.person, roles.innovator/coach"
