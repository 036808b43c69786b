"""Requests and `sif match` on constructed cases.

The fixture's members get expertise here; balances are written by hand where
the ranking is the point (ties), and come from a small ledger where the whole
path is (the CLI). Members used below:

    an-claes        partner of repair-cafe-genk with de-buurtkeuken; storytelling
    de-buurtkeuken  asks the questions (partner of repair-cafe-genk)
    coach-a, coach-b, coach-c   coaches with legal and/or financing
    vertrokken      legal, left 2025-06-30
    fabriek         the operator: community-building (never suggested)
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest

from sif.ledger.balances import Balance
from sif.matching.match import (
    MatchError,
    Suggestion,
    explain,
    match,
    no_match_reason,
    requests_for_member,
    suggestions_for_request,
    why_not,
)
from sif.model.community import Community, load_community
from tests.conftest import Repo, dedent

ON = datetime.date(2026, 11, 27)


def coach(name: str, expertise: str, left: str | None = None) -> str:
    return dedent(f"""\
        name: {name}
        kind: person
        roles: [coach]
        expertise: [{expertise}]
        languages: [nl]
        vat: {{status: not-taxable}}
        joined: 2024-01-01
        """) + (f"left: {left}\n" if left else "")


def request_yaml(
    expertise: str,
    requester: str = "de-buurtkeuken",
    status: str = "open",
    opened: str = "2026-10-01",
    extra: str = "",
) -> str:
    return (
        dedent(f"""\
        question: Hoe schrijven we onze statuten?
        requester: {requester}
        expertise: [{expertise}]
        status: {status}
        opened: {opened}
        """)
        + extra
    )


@pytest.fixture
def community(repo: Repo) -> Community:
    repo.write("members/coach-a.yaml", coach("Coach A", "legal, financing"))
    repo.write("members/coach-b.yaml", coach("Coach B", "legal"))
    repo.write("members/coach-c.yaml", coach("Coach C", "financing, legal"))
    repo.write("members/vertrokken.yaml", coach("Vertrokken", "legal", left="2025-06-30"))
    repo.write("requests/2026-10-statuten.yaml", request_yaml("legal, financing"))
    repo.write(
        "requests/2026-09-verhaal.yaml",
        request_yaml("storytelling, community-building", opened="2026-09-01"),
    )
    repo.write(
        "requests/2026-08-oud.yaml",
        request_yaml("legal", status="closed", opened="2026-08-01", extra="closed: 2026-08-30\n"),
    )
    loaded = load_community(repo.root)
    assert loaded.errors == [], [e.message for e in loaded.errors]
    return loaded


def owes(member: str, amount: str, since: str | None) -> Balance:
    day = datetime.date.fromisoformat(since) if since else None
    return Balance(
        member,
        Decimal(amount),
        Decimal(0),
        Decimal(amount) if Decimal(amount) > 0 else Decimal(0),
        day,
        day,
        (ON - day).days if day else None,
    )


def members_of(suggestions: list[Suggestion]) -> list[str]:
    return [s.member for s in suggestions]


def test_the_oldest_debt_comes_first(community: Community) -> None:
    request = community.requests["2026-10-statuten"]
    balances = [
        owes("coach-a", "2.00", "2026-05-01"),
        owes("coach-b", "9.00", "2026-08-01"),
        owes("coach-c", "1.00", "2025-12-01"),
    ]
    found = suggestions_for_request(community, balances, request, ON)
    assert members_of(found) == ["coach-c", "coach-a", "coach-b"]
    assert [s.rank for s in found] == [1, 2, 3]


def test_ties_are_broken_by_tags_then_debt_then_id(community: Community) -> None:
    request = community.requests["2026-10-statuten"]
    since = "2026-05-01"
    # Same debt age: coach-a and coach-c match both tags, coach-b one; coach-c owes more.
    balances = [
        owes("coach-a", "2.00", since),
        owes("coach-b", "9.00", since),
        owes("coach-c", "3.00", since),
    ]
    found = suggestions_for_request(community, balances, request, ON)
    assert members_of(found) == ["coach-c", "coach-a", "coach-b"]
    # Everything equal: by id, the same on every run and in any input order.
    equal = [owes(m, "2.00", since) for m in ("coach-c", "coach-a")]
    first = suggestions_for_request(community, equal, request, ON)
    again = suggestions_for_request(community, list(reversed(equal)), request, ON)
    assert members_of(first) == members_of(again) == ["coach-a", "coach-c", "coach-b"]


def test_debtors_come_before_members_without_debt_and_least_credit_first(
    community: Community,
) -> None:
    request = community.requests["2026-10-statuten"]
    balances = [
        owes("coach-a", "-5.00", None),  # is owed 5
        owes("coach-b", "0.50", "2026-11-01"),  # a small, young debt
        owes("coach-c", "0", None),
    ]
    found = suggestions_for_request(community, balances, request, ON)
    assert members_of(found) == ["coach-b", "coach-c", "coach-a"]
    assert explain(found[0], "SIF") == (
        "expertise legal; owes 0.50 SIF, unpaid since 2026-11-01 (26 days)"
    )
    assert explain(found[1], "SIF") == "expertise legal, financing; no debt"
    assert explain(found[2], "SIF") == "expertise legal, financing; no debt (is owed 5.00 SIF)"


def test_a_debtor_who_is_a_partner_of_the_requester_is_not_suggested(
    community: Community,
) -> None:
    # an-claes has the storytelling asked for and the oldest debt, but shares
    # repair-cafe-genk with the requester de-buurtkeuken.
    request = community.requests["2026-09-verhaal"]
    balances = [owes("an-claes", "50.00", "2024-06-01")]
    found = suggestions_for_request(community, balances, request, ON)
    assert "an-claes" not in members_of(found)
    reason = why_not(community, request, "an-claes", ON)
    assert reason is not None
    assert "partner of repair-cafe-genk" in reason
    assert "de-buurtkeuken" in reason
    assert why_not(community, request, "de-buurtkeuken", ON) == "de-buurtkeuken asks the question"


def test_the_partners_of_the_requests_concept_are_excluded_too(repo: Repo) -> None:
    repo.write("members/coach-a.yaml", coach("Coach A", "care"))
    repo.write("members/coach-b.yaml", coach("Coach B", "care"))
    # The Fabriek asks for zorgboerderij, whose partners are atelier-soleil and bram-peeters.
    repo.write(
        "concepts/zorgboerderij.yaml",
        """\
        name: Zorgboerderij De Hoeve
        partners: [atelier-soleil, bram-peeters, coach-a]
        """,
    )
    repo.write(
        "requests/2026-10-zorg.yaml",
        request_yaml("care", requester="fabriek", extra="concept: zorgboerderij\n"),
    )
    community = load_community(repo.root)
    assert community.errors == []
    request = community.requests["2026-10-zorg"]
    assert members_of(suggestions_for_request(community, [], request, ON)) == ["coach-b"]


def test_a_member_who_left_is_not_suggested(community: Community) -> None:
    request = community.requests["2026-10-statuten"]
    balances = [owes("vertrokken", "40.00", "2024-06-01")]
    assert "vertrokken" not in members_of(
        suggestions_for_request(community, balances, request, ON)
    )
    assert why_not(community, request, "vertrokken", ON) == (
        "vertrokken left the network on 2025-06-30"
    )
    # On their last day they could still be asked.
    on_last_day = suggestions_for_request(community, balances, request, datetime.date(2025, 6, 30))
    assert members_of(on_last_day)[0] == "vertrokken"


def test_the_operator_is_never_suggested(community: Community) -> None:
    # The Fabriek has community-building, which the request asks for.
    request = community.requests["2026-09-verhaal"]
    assert members_of(suggestions_for_request(community, [], request, ON)) == []
    reason = why_not(community, request, "fabriek", ON)
    assert reason is not None and "operator" in reason


def test_no_match_says_which_expertise_is_missing(repo: Repo) -> None:
    repo.write("requests/2026-10-x.yaml", request_yaml("accountancy, legall"))
    repo.write("members/coach-b.yaml", coach("Coach B", "legal, accounting"))
    community = load_community(repo.root)
    request = community.requests["2026-10-x"]
    assert suggestions_for_request(community, [], request, ON) == []
    reason = no_match_reason(community, request)
    assert "accountancy, legall" in reason
    assert 'Did you mean "accounting"?' in reason
    assert 'Did you mean "legal"?' in reason


def test_requests_for_a_member_are_the_open_ones_that_fit_oldest_first(
    community: Community,
) -> None:
    balances = [owes("coach-b", "3.00", "2026-01-01")]
    found = requests_for_member(community, balances, "coach-b", ON)
    # The closed request about legal is left out; the storytelling one does not fit.
    assert [s.request for s in found] == ["2026-10-statuten"]
    assert found[0].matched == ("legal",)
    assert requests_for_member(community, balances, "an-claes", ON) == []  # partner
    assert requests_for_member(community, balances, "nobody", ON) == []


def test_match_raises_for_unknown_ids_with_a_suggestion(community: Community) -> None:
    with pytest.raises(MatchError, match='Did you mean "2026-10-statuten"'):
        match(community, [], request_id="2026-10-statuten-x", on=ON)
    with pytest.raises(MatchError, match='Did you mean "coach-b"'):
        match(community, [], member_id="coach-bb", on=ON)


def test_match_limits_but_counts_everyone(community: Community) -> None:
    result = match(community, [], request_id="2026-10-statuten", on=ON, limit=1)
    assert len(result) == 1
    assert len(result[0].suggestions) == 1
    assert result[0].total == 3


# --- The request files ---------------------------------------------------------------


def errors_of(repo: Repo) -> list[tuple[str, int, str]]:
    return [(e["file"], e["line"], e["message"]) for e in repo.errors()]


def test_a_valid_request_checks_clean(repo: Repo) -> None:
    repo.write(
        "requests/2026-10-ok.yaml",
        request_yaml(
            "food",
            status="matched",
            extra="concept: repair-cafe-genk\nmatched: [atelier-soleil]\n"
            "service: coaching-hour\nkind: solution-lab\npublic: true\n",
        ),
    )
    assert repo.errors() == []


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (request_yaml("legal", requester="de-buurtkeukn"), 2, 'no member "de-buurtkeukn". Did you mean "de-buurtkeuken"?'),
        (request_yaml("legal") + "concept: repair-cafe-gnk\n", 6, 'Did you mean "repair-cafe-genk"?'),
        (request_yaml("legal", requester="atelier-soleil") + "concept: repair-cafe-genk\n", 2, '"atelier-soleil" is not a partner of the concept "repair-cafe-genk"'),
        (request_yaml("legal", status="closed"), 4, 'field "closed": is missing'),
        (request_yaml("legal", status="matched"), 4, 'field "matched": is missing'),
        (request_yaml("legal") + "matched: [an-claes]\n", 6, "an open request has no match yet"),
        (request_yaml("legal") + "closed: 2026-11-01\n", 6, 'a request with status "open" is not closed'),
        (request_yaml("legal", status="closed") + "closed: 2026-09-01\n", 6, "is before the request was opened"),
        (request_yaml("legal") + "servise: coaching-hour\n", 6, 'Did you mean "service"?'),
        (request_yaml("legal") + "service: workshop\n", 6, "a request is answered by a member"),
        (request_yaml("legal") + "service: coching-hour\n", 6, 'Did you mean "coaching-hour"?'),
        (request_yaml("Legal Advice"), 3, "should be lowercase words joined by dashes"),
        (request_yaml("legal", status="opne"), 4, 'Did you mean "open"?'),
        (request_yaml("legal") + "matched: [an-claas]\nstatus: matched\n", 0, "appears twice"),
    ],
)  # fmt: skip
def test_request_errors_name_the_file_line_and_field(
    repo: Repo, text: str, line: int, message: str
) -> None:
    repo.write("requests/2026-10-bad.yaml", text)
    found = [e for e in errors_of(repo) if e[0] == "requests/2026-10-bad.yaml"]
    assert len(found) == 1, found
    assert found[0][1] == line or line == 0
    assert message in found[0][2]


def test_a_request_file_with_a_bad_name_is_reported(repo: Repo) -> None:
    repo.write("requests/Vraag 1.yaml", request_yaml("legal"))
    repo.write("requests/notes.txt", "x")
    messages = [e[2] for e in errors_of(repo)]
    assert any("may only hold lowercase letters" in m for m in messages)
    assert any("only request files named <id>.yaml belong here" in m for m in messages)


# --- The command -----------------------------------------------------------------------


def coaching(date: str, provider: str, recipient: str, hours: int) -> str:
    amount = Decimal("0.50") * hours
    return (
        f'{date} * "Coaching"\n  service: "coaching-hour"\n  quantity: {hours}\n'
        f"  Assets:Members:{provider}   -{amount:.2f} SIF\n"
        f"  Assets:Members:{recipient}   {amount:.2f} SIF\n\n"
    )


@pytest.fixture
def books(repo: Repo, community: Community) -> Repo:
    """The community above with debts from trades: coach-c owes since January, coach-a since March."""
    repo.month(
        "2026-01",
        coaching("2026-01-10", "Bram-peeters", "Coach-c", 2)
        + coaching("2026-03-10", "Bram-peeters", "Coach-a", 8),
    )
    return repo


def test_match_json_lists_the_ranked_explained_suggestions(books: Repo) -> None:
    result = books.run(
        "match", "--request", "2026-10-statuten", "--as-of", "2026-11-27", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["as_of"] == "2026-11-27"
    assert report["currency"] == "SIF"
    (request,) = report["requests"]
    assert request["request"] == "2026-10-statuten"
    assert request["expertise"] == ["legal", "financing"]
    assert request["total"] == 3  # vertrokken left in 2025
    first, second, third = request["suggestions"]
    assert (first["rank"], first["member"], first["balance"]) == (1, "coach-c", "1.00")
    assert first["debt_since"] == "2026-01-10"
    assert first["debt_age_days"] == 321
    assert first["matched_expertise"] == ["legal", "financing"]
    assert first["reason"] == (
        "expertise legal, financing; owes 1.00 SIF, unpaid since 2026-01-10 (321 days)"
    )
    assert second["member"] == "coach-a"
    assert (third["member"], third["debt_since"]) == ("coach-b", None)


def test_match_table_and_member_view(books: Repo) -> None:
    result = books.run("match", "--as-of", "2026-11-27")
    assert result.exit_code == 0, result.output
    assert "2026-10-statuten: open since 2026-10-01" in result.stdout
    assert "1. coach-c" in result.stdout
    assert "2026-08-oud" not in result.stdout  # closed
    assert "No match: no active member outside the requester's concepts" in result.stdout
    mine = books.run("match", "--member", "coach-a", "--as-of", "2026-11-27")
    assert mine.exit_code == 0, mine.output
    assert "2026-10-statuten" in mine.stdout
    assert "(place 2 of" in mine.stdout
    none = books.run("match", "--member", "atelier-soleil", "--as-of", "2026-11-27")
    early = books.run("match", "--as-of", "2026-09-15")
    assert "2026-10-statuten" not in early.stdout  # not opened yet
    assert "2026-09-verhaal" in early.stdout
    assert "No open request fits atelier-soleil." in none.stdout


def test_match_with_an_unknown_request_fails_cleanly(books: Repo) -> None:
    result = books.run("match", "--request", "2026-10-statute")
    assert result.exit_code == 1
    assert 'no request "2026-10-statute" in requests/. Did you mean "2026-10-statuten"?' in (
        result.stderr
    )


def test_the_demo_requests_check_clean_and_name_debtors_first(demo_root: Path) -> None:
    from sif.ledger.balances import compute_balances
    from sif.ledger.books import load_books

    books = load_books(demo_root)
    assert books.errors == []
    community = books.community
    assert community.requests, "the demo has requests"
    balances = compute_balances(books.entries, community, ON)
    for request in community.requests.values():
        if not request.is_open:
            continue
        found = suggestions_for_request(community, balances, request, ON)
        assert found, request.id
        # Debtors first: once a member without debt appears, no debtor follows.
        flags = [s.in_debt for s in found]
        assert flags == sorted(flags, reverse=True), request.id
