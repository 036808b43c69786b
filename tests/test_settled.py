"""An invoiced month's trades pass the rules once; a change to them or to what the rules read is still caught."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from beancount.core import data

from sif.ledger.books import load_books
from sif.ledger.rules import TradeRules
from tests.conftest import Repo, issue

OCTOBER = "ledger/trades/2026-10.beancount"


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files of the trades the rules check, load after load."""
    seen: list[str] = []
    check = TradeRules.check

    def counting(self: TradeRules, entry: data.Transaction) -> list[Any]:
        seen.append(str(entry.meta.get("filename")))
        return check(self, entry)

    monkeypatch.setattr(TradeRules, "check", counting)
    return seen


@pytest.fixture
def invoiced(books: Repo, checked: list[str]) -> Repo:
    """October 2026 invoiced: locked, its trades in one month file, checked once since."""
    issue(books)
    assert (books.root / OCTOBER).is_file()
    load_books(books.root)  # the first load with the month file checks its trades
    checked.clear()
    return books


def october_errors(repo: Repo) -> list[dict[str, Any]]:
    return [e for e in repo.errors() if e["file"] == OCTOBER]


def test_an_unchanged_invoiced_month_is_not_checked_again(
    invoiced: Repo, checked: list[str]
) -> None:
    assert invoiced.check()["ok"]
    month = str((invoiced.root / OCTOBER).resolve())
    assert checked  # the other trades are checked ...
    assert month not in {str(Path(name).resolve()) for name in checked}  # ... these not


def test_a_changed_byte_in_an_invoiced_month_is_checked_again(invoiced: Repo) -> None:
    path = invoiced.root / OCTOBER
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"workshop"', '"workshopp"', 1), encoding="utf-8")
    kinds = {e["kind"] for e in october_errors(invoiced)}
    assert "UnknownServiceError" in kinds  # the rule, not only the lock
    assert "LockedMonthError" in {e["kind"] for e in invoiced.errors()}


def test_a_member_the_rules_read_is_checked_again(invoiced: Repo) -> None:
    member = invoiced.root / "members" / "de-buurtkeuken.yaml"
    member.write_text(member.read_text(encoding="utf-8") + "left: 2026-09-30\n", encoding="utf-8")
    errors = october_errors(invoiced)
    assert any(
        e["kind"] == "InactiveMemberError" and "de-buurtkeuken" in e["message"] for e in errors
    )


def test_a_tariff_the_rules_read_is_checked_again(invoiced: Repo) -> None:
    menu = invoiced.root / "services.yaml"
    text = menu.read_text(encoding="utf-8")
    workshop = "  - {from: 2026-01-01, sif: 1.5}\n"
    assert workshop in text
    menu.write_text(text.replace(workshop, workshop.replace("1.5", "1.75"), 1), encoding="utf-8")
    errors = october_errors(invoiced)
    assert any(e["kind"] == "AmountError" for e in errors), errors
