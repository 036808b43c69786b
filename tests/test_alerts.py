"""Debt alerts: thresholds in services.yaml, warnings (never errors) in `sif check`.

The repository's menu card alerts at 10 SIF owed for 180 days; "at least" on
both, so the edge cases below sit exactly on them and one step inside.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from sif.alerts.debt import alert_message, debt_alerts, past
from sif.ledger.balances import Balance
from sif.model.community import load_community
from sif.model.menu import DebtThresholds
from tests.conftest import Repo

TODAY = datetime.date.today()  # noqa: DTZ011 (`sif check` uses the local date)
AT = DebtThresholds(Decimal(10), 180)


def balance(member: str, owes: str, days: int | None) -> Balance:
    since = TODAY - datetime.timedelta(days=days) if days is not None else None
    return Balance(member, Decimal(owes), Decimal(0), Decimal(0), None, since, days)


@pytest.mark.parametrize(
    ("owes", "days", "alerted"),
    [
        ("10.00", 180, True),  # exactly at both thresholds
        ("9.99", 180, False),
        ("10.00", 179, False),
        ("10.01", 181, True),
        ("80.00", 10, False),  # a large but young debt
        ("0.50", 900, False),  # an old but small one
        ("-10.00", None, False),  # a credit
        ("0", None, False),
    ],
)
def test_alerts_fire_at_the_thresholds_not_before(
    owes: str, days: int | None, alerted: bool
) -> None:
    assert past(AT, balance("x", owes, days)) is alerted


def test_a_threshold_left_out_always_holds() -> None:
    assert past(DebtThresholds(None, 180), balance("x", "0.01", 180))
    assert past(DebtThresholds(Decimal(10), None), balance("x", "10", 0))
    assert not past(DebtThresholds(Decimal(10), None), balance("x", "9.99", 900))


def test_the_repositorys_thresholds_come_from_services_yaml(repo: Repo) -> None:
    menu = load_community(repo.root).menu
    assert menu is not None
    assert menu.alerts == AT


def test_the_operator_is_never_alerted_and_a_member_who_left_settles_in_euro(
    repo: Repo,
) -> None:
    community = load_community(repo.root)
    alerts = debt_alerts(
        community,
        [
            balance("fabriek", "500", 400),
            balance("oud-lid", "12", 500),
            balance("an-claes", "10", 200),
            balance("de-buurtkeuken", "30", 200),
        ],
    )
    assert [a.member for a in alerts] == ["oud-lid", "de-buurtkeuken", "an-claes"]
    left = alert_message(alerts[0], AT, "SIF")
    assert left.startswith(f"oud-lid owes 12 SIF, unpaid since {TODAY - datetime.timedelta(500)}")
    assert "(500 days; alert at 10 SIF and 180 days); the member left on 2025-06-30" in left
    assert alert_message(alerts[2], AT, "SIF").endswith(
        "`sif match --member an-claes` lists questions they could answer"
    )


def session(day: datetime.date, amount: str) -> str:
    return (
        f'{day} * "Versterkingssessie"\n'
        '  service: "strengthening-session"\n'
        '  override-reason: "a test amount"\n'
        f"  Assets:Members:An-claes          -{amount} SIF\n"
        f"  Assets:Members:De-buurtkeuken     {amount} SIF\n"
    )


def debt_warnings(repo: Repo) -> list[str]:
    report = repo.check()
    assert report["ok"], report["errors"]
    return [w for w in report["warnings"] if " owes " in w]


@pytest.mark.parametrize(
    ("days", "amount", "warned"),
    [(180, "10.00", True), (179, "10.00", False), (180, "9.99", False)],
)
def test_sif_check_warns_exactly_at_the_thresholds(
    repo: Repo, days: int, amount: str, warned: bool
) -> None:
    day = TODAY - datetime.timedelta(days=days)
    repo.month(f"{day:%Y-%m}", session(day, amount))
    warnings = debt_warnings(repo)
    expected = (
        f"de-buurtkeuken owes {amount} SIF, unpaid since {day} ({days} days; alert at 10 SIF "
        "and 180 days): `sif match --member de-buurtkeuken` lists questions they could answer"
    )
    assert warnings == ([expected] if warned else [])
    result = repo.run("check")
    assert result.exit_code == 0  # a warning, never an error
    assert result.stdout.startswith("The books are in order")
    assert ("Warning: de-buurtkeuken owes" in result.stderr) is warned


def test_no_alerts_without_thresholds(repo: Repo) -> None:
    menu = repo.root / "services.yaml"
    text = menu.read_text(encoding="utf-8")
    start = text.index("alerts:")
    end = text.index("\n\n", start)
    menu.write_text(text[:start] + text[end + 2 :], encoding="utf-8")
    day = TODAY - datetime.timedelta(days=400)
    repo.month(f"{day:%Y-%m}", session(day, "50.00"))
    assert debt_warnings(repo) == []


@pytest.mark.parametrize(
    ("alerts", "message"),
    [
        ("alerts: {debt_sif: 10, debt_days: -1}", 'field "alerts.debt_days": -1 should be a whole number'),
        ("alerts: {debt_sif: 10, debt_days: 1.5}", "1.5 should be a whole number of days"),
        ("alerts: {debt_sif: 0}", 'field "alerts.debt_sif": should be a number greater than zero'),
        ("alerts: {debt_sif: 10, debt_dayz: 180}", 'Did you mean "debt_days"?'),
        ("alerts: {}", "give debt_sif, debt_days or both"),
        ("alerts: 10", 'field "alerts": should be a mapping'),
    ],
)  # fmt: skip
def test_bad_thresholds_are_errors_at_their_line(repo: Repo, alerts: str, message: str) -> None:
    menu = repo.root / "services.yaml"
    text = menu.read_text(encoding="utf-8")
    start = text.index("alerts:")
    end = text.index("\n\n", start)
    menu.write_text(text[:start] + alerts + text[end:], encoding="utf-8")
    line = text[:start].count("\n") + 1
    errors = [e for e in repo.errors() if e["file"] == "services.yaml"]
    assert len(errors) == 1, errors
    assert errors[0]["line"] == line
    assert message in errors[0]["message"]
