"""Feedback after sessions: `sif feedback add`, the checks of feedback/, and the report.

The ledger below has three trades in March 2026; two of them on the 10th with
An Claes as coach, so "--date 2026-03-10 --coach an-claes" is ambiguous:

    2026-03-10  coaching-hour           an-claes -> de-buurtkeuken
    2026-03-10  coaching-hour           an-claes -> atelier-soleil
    2026-03-12  strengthening-session   an-claes, bram-peeters -> de-buurtkeuken
"""

from __future__ import annotations

import datetime
import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sif.feedback.record import (
    Answer,
    FeedbackRejectedError,
    TradeSelector,
    add_feedback,
)
from sif.ledger.books import load_books
from sif.ledger.locks import fingerprint
from sif.ledger.trades import iter_trades
from sif.model.feedback import parse_feedback, quote
from sif.model.period import PeriodError, parse_period
from sif.model.yamlio import parse_yaml
from tests.conftest import Repo, line_of

MARCH = """\
    2026-03-10 * "Coaching: businessplan"
      service: "coaching-hour"
      Assets:Members:An-claes          -0.50 SIF
      Assets:Members:De-buurtkeuken     0.50 SIF

    2026-03-10 * "Coaching: prijszetting"
      service: "coaching-hour"
      Assets:Members:An-claes          -0.50 SIF
      Assets:Members:Atelier-soleil     0.50 SIF

    2026-03-12 * "Versterkingssessie"
      service: "strengthening-session"
      concept: "repair-cafe-genk"
      Assets:Members:An-claes          -1.25 SIF
      Assets:Members:Bram-peeters      -1.25 SIF
      Assets:Members:De-buurtkeuken     2.50 SIF
    """

FILE = "feedback/2026-03.yaml"


@pytest.fixture
def books(repo: Repo) -> Repo:
    repo.month("2026-03", MARCH)
    assert repo.errors() == []
    return repo


def prints(repo: Repo) -> dict[tuple[str, str], str]:
    """Fingerprint by (date, first recipient)."""
    loaded = load_books(repo.root)
    return {
        (t.date.isoformat(), t.recipients[0][0]): fingerprint(t.entry)
        for t in iter_trades(loaded.entries, "SIF")
    }


def add(repo: Repo, *args: str) -> tuple[int, str]:
    result = repo.run("feedback", "add", *args)
    return result.exit_code, result.output


def test_feedback_named_by_date_and_coach_is_written_and_checks_clean(books: Repo) -> None:
    code, output = add(
        books,
        "--date", "2026-03-12", "--coach", "bram-peeters", "--rating", "4",
        "--prepared", "yes", "--comment", 'Goed voorbereid: "concrete" tips\nvoor ons plan',
        "--from", "de-buurtkeuken",
    )  # fmt: skip
    assert code == 0, output
    fp = prints(books)["2026-03-12", "de-buurtkeuken"]
    written = re.search(r"Recorded in (feedback/2026-03/[^:]+\.yaml): ", output)
    assert written, output
    assert written[1].startswith(f"feedback/2026-03/2026-03-12-{fp}-de-buurtkeuken-")
    assert f"{written[1]}: 2026-03-12 strengthening-session by an-claes, bram-peeters" in output
    text = (books.root / written[1]).read_text(encoding="utf-8")
    assert text.startswith("# Feedback after the sessions of 2026-03: PRIVATE, never published.")
    entry = text.split("\n- ", 1)[1]
    today = datetime.date.today().isoformat()  # noqa: DTZ011 (the command's own today)
    assert "- " + entry == (
        f'- trade: "{fp}"\n'
        "  date: 2026-03-12\n"
        "  service: strengthening-session\n"
        "  coaches: [an-claes, bram-peeters]\n"
        "  recipients: [de-buurtkeuken]\n"
        "  from: de-buurtkeuken\n"
        "  rating: 4\n"
        "  prepared: true\n"
        '  comment: "Goed voorbereid: \\"concrete\\" tips voor ons plan"\n'
        f"  recorded: {today}\n"
    )
    assert books.errors() == []
    # A second answer gets a file of its own; the first stays as it was.
    code, output = add(books, "--trade", fp[:8], "--rating", "2", "--prepared", "no")
    assert code == 0, output
    assert (books.root / written[1]).read_text(encoding="utf-8") == text
    assert len(list((books.root / "feedback" / "2026-03").iterdir())) == 2
    assert books.errors() == []


def test_an_unknown_trade_is_refused_and_nothing_is_written(books: Repo) -> None:
    before = books.snapshot()
    code, output = add(
        books, "--date", "2026-03-11", "--coach", "an-claes", "--rating", "4", "--prepared", "yes"
    )
    assert code == 1
    assert "no trade fits on 2026-03-11, coach an-claes; there is no trade on 2026-03-11" in output
    assert "Nothing was written." in output
    code, output = add(books, "--trade", "0123456789ab", "--rating", "4", "--prepared", "yes")
    assert code == 1
    assert "no trade fits fingerprint 0123456789ab" in output
    # A coach who gave nothing that day: the day's trades are listed to choose from.
    code, output = add(
        books,
        "--date",
        "2026-03-10",
        "--coach",
        "bram-peeters",
        "--rating",
        "3",
        "--prepared",
        "no",
    )
    assert code == 1
    assert "the trades of 2026-03-10 are:" in output
    assert "coaching-hour  an-claes -> atelier-soleil" in output
    code, output = add(
        books, "--date", "2026-03-10", "--coach", "an-clas", "--rating", "3", "--prepared", "no"
    )
    assert code == 1
    assert 'no member "an-clas". Did you mean "an-claes"?' in output
    code, output = add(books, "--rating", "3", "--prepared", "no")
    assert code == 1
    assert "name the session: --trade FINGERPRINT, or --date" in output
    code, output = add(books, "--trade", "abc", "--rating", "3", "--prepared", "no")
    assert code == 1
    assert "too short" in output
    assert books.snapshot() == before


def test_a_future_session_is_refused_and_nothing_is_written(books: Repo) -> None:
    before = books.snapshot()
    later = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()  # noqa: DTZ011
    code, output = add(
        books, "--date", later, "--coach", "an-claes", "--rating", "5", "--prepared", "yes"
    )
    assert code == 1
    assert f"the session of {later} has not taken place yet" in output
    assert "Nothing was written." in output
    assert books.snapshot() == before


def test_a_trade_after_today_is_refused_by_fingerprint_too(books: Repo) -> None:
    before = books.snapshot()
    loaded = load_books(books.root)
    fp = prints(books)["2026-03-12", "de-buurtkeuken"]
    with pytest.raises(FeedbackRejectedError, match="is dated 2026-03-12, after today"):
        add_feedback(loaded, TradeSelector(ref=fp), Answer(5, True), datetime.date(2026, 3, 11))
    assert books.snapshot() == before


def test_several_trades_that_fit_are_listed_with_their_fingerprints(books: Repo) -> None:
    before = books.snapshot()
    fps = prints(books)
    code, output = add(
        books, "--date", "2026-03-10", "--coach", "an-claes", "--rating", "4", "--prepared", "yes"
    )
    assert code == 1
    assert "2 trades fit on 2026-03-10, coach an-claes:" in output
    assert fps["2026-03-10", "de-buurtkeuken"] in output
    assert fps["2026-03-10", "atelier-soleil"] in output
    assert "name one with --trade FINGERPRINT" in output
    assert books.snapshot() == before
    # The recipient tells them apart.
    code, output = add(
        books, "--date", "2026-03-10", "--coach", "an-claes", "--recipient", "atelier-soleil",
        "--rating", "4", "--prepared", "yes",
    )  # fmt: skip
    assert code == 0, output
    assert fps["2026-03-10", "atelier-soleil"] in output


def test_the_respondent_must_have_received_the_session_and_answer_once(books: Repo) -> None:
    common = ("--date", "2026-03-12", "--rating", "4", "--prepared", "yes")
    code, output = add(books, *common, "--from", "atelier-soleil")
    assert code == 1
    assert '--from "atelier-soleil" did not receive the session' in output
    code, output = add(books, *common, "--from", "de-buurtkeuken")
    assert code == 0, output
    before = books.snapshot()
    code, output = add(books, *common, "--from", "de-buurtkeuken")
    assert code == 1
    assert re.search(
        r"is recorded already \(feedback/2026-03/2026-03-12-[0-9a-f]{12}-de-buurtkeuken-"
        r"[0-9a-f]{6}\.yaml:3\); edit it there",
        output,
    ), output
    assert books.snapshot() == before


def test_rating_and_prepared_are_checked_by_the_command(books: Repo) -> None:
    code, output = add(books, "--date", "2026-03-12", "--rating", "6", "--prepared", "yes")
    assert code == 2
    assert "6 is not in the range 1<=x<=5" in output
    code, output = add(books, "--date", "2026-03-12", "--rating", "3", "--prepared", "maybe")
    assert code == 2
    assert "'maybe' is not one of 'yes', 'no'" in output


# --- The checks of feedback/ -----------------------------------------------------------


def entry(fp: str, date: str = "2026-03-12", **fields: str) -> str:
    values = {
        "service": "strengthening-session",
        "coaches": "[an-claes, bram-peeters]",
        "recipients": "[de-buurtkeuken]",
        "rating": "4",
        "prepared": "true",
        "recorded": "2026-03-20",
    }
    values.update(fields)
    lines = [f'- trade: "{fp}"', f"  date: {date}"]
    lines += [f"  {key}: {value}" for key, value in values.items() if value]
    return "\n".join(lines) + "\n"


def test_an_entry_that_names_no_trade_is_an_error_at_its_line(books: Repo) -> None:
    fp = prints(books)["2026-03-12", "de-buurtkeuken"]
    path = books.write(
        FILE, entry(fp) + entry("0123456789ab", coaches="[an-claes]", recipients="[oud-lid]")
    )
    errors = books.errors()
    assert [(e["kind"], e["file"], e["line"]) for e in errors] == [
        ("FeedbackLinkError", FILE, line_of(path, "0123456789ab"))
    ]
    assert "no trade on 2026-03-12 has the fingerprint 0123456789ab" in errors[0]["message"]


def test_an_entry_survives_a_reworded_narration(books: Repo) -> None:
    fp = prints(books)["2026-03-12", "de-buurtkeuken"]
    books.write(FILE, entry(fp))
    books.month("2026-03", MARCH.replace('"Versterkingssessie"', '"Versterkingssessie: plan"'))
    assert prints(books)["2026-03-12", "de-buurtkeuken"] != fp
    assert books.errors() == []


def test_the_same_answer_twice_is_an_error(books: Repo) -> None:
    fp = prints(books)["2026-03-12", "de-buurtkeuken"]
    books.write(FILE, entry(fp) + entry(fp))
    (error,) = books.errors()
    assert error["line"] == 9
    assert "is recorded twice" in error["message"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"rating": "7"}, 'field "[1].rating": 7 should be a whole number from 1 to 5'),
        ({"rating": "3.5"}, "3.5 should be a whole number from 1 to 5"),
        ({"prepared": "yes please"}, 'field "[1].prepared": should be true or false'),
        ({"recorded": "2026-03-01"}, "is before the session (2026-03-12)"),
        ({"coaches": ""}, 'field "[1].coaches": is missing'),
        ({"from": "atelier-soleil"}, '"atelier-soleil" is not among the recipients'),
        ({"comennt": "x"}, 'Did you mean "comment"?'),
    ],
)
def test_malformed_entries_are_errors_with_file_line_and_field(
    books: Repo, fields: dict[str, str], message: str
) -> None:
    fp = prints(books)["2026-03-12", "de-buurtkeuken"]
    books.write(FILE, "# a comment\n" + entry(fp, **fields))
    errors = books.errors()
    assert len(errors) == 1, errors
    assert (errors[0]["file"], errors[0]["kind"]) == (FILE, "YamlError")
    assert errors[0]["line"] >= 2
    assert message in errors[0]["message"]


def test_an_unquoted_fingerprint_of_digits_and_a_misfiled_entry_are_errors(books: Repo) -> None:
    books.write(FILE, entry("x").replace('"x"', "123456789012"))
    books.write("feedback/2026-04.yaml", entry(prints(books)["2026-03-12", "de-buurtkeuken"]))
    books.write("feedback/maart.yaml", "")
    messages = sorted(e["message"] for e in books.errors())
    assert any(
        "is not a trade fingerprint: 12 characters 0-9 and a-f, in quotes" in m for m in messages
    )
    assert any(
        "2026-03-12 is not in 2026-04; move the entry to feedback/2026-03/" in m for m in messages
    )
    assert any("feedback lives in a folder per month of the sessions" in m for m in messages)


@given(st.text(max_size=40))
def test_any_comment_reads_back_exactly(comment: str) -> None:
    loaded, errors = parse_yaml(f"text: {quote(comment)}\n", "x.yaml")
    assert errors == []
    assert loaded["text"] == comment


def test_feedback_add_refuses_while_the_feedback_files_have_errors(books: Repo) -> None:
    books.write(FILE, "- trade: [\n")
    before = books.snapshot()
    code, output = add(books, "--date", "2026-03-12", "--rating", "4", "--prepared", "yes")
    assert code == 1
    assert "the feedback files have 1 error(s); run `sif check`" in output
    assert books.snapshot() == before


# --- The report ------------------------------------------------------------------------


@pytest.fixture
def answered(books: Repo) -> Repo:
    fps = prints(books)
    books.write(
        FILE,
        entry(fps["2026-03-12", "de-buurtkeuken"], rating="5", comment='"Sterk"')
        + entry(
            fps["2026-03-10", "atelier-soleil"],
            date="2026-03-10",
            service="coaching-hour",
            coaches="[an-claes]",
            recipients="[atelier-soleil]",
            rating="2",
            prepared="false",
            comment='"Slecht voorbereid"',
        )
        + entry(
            fps["2026-03-10", "de-buurtkeuken"],
            date="2026-03-10",
            service="coaching-hour",
            coaches="[an-claes]",
            rating="3",
        ),
    )
    assert books.errors() == []
    return books


def test_the_report_groups_by_coach_service_and_period(answered: Repo) -> None:
    result = answered.run("feedback", "report", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    summary = [
        (r["coach"], r["service"], r["period"], r["answers"], r["average_rating"], r["prepared"])
        for r in rows
    ]
    assert summary == [
        ("an-claes", "coaching-hour", "2026", 2, "2.5", 1),
        ("an-claes", "strengthening-session", "2026", 1, "5.0", 1),
        ("bram-peeters", "strengthening-session", "2026", 1, "5.0", 1),
    ]
    assert rows[0]["lowest_rating"] == 2
    assert [e["comment"] for e in rows[0]["entries"]] == ["Slecht voorbereid", None]


def test_the_report_filters_by_coach_and_period(answered: Repo) -> None:
    result = answered.run(
        "feedback", "report", "--coach", "bram-peeters", "--period", "2026Q1", "--comments"
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert re.split(r"\s{2,}", lines[0]) == [
        "coach", "service", "period", "answers", "average_rating", "lowest_rating", "prepared"
    ]  # fmt: skip
    assert re.split(r"\s{2,}", lines[1]) == [
        "bram-peeters", "strengthening-session", "2026Q1", "1", "5.0", "5", "1/1"
    ]  # fmt: skip
    assert (
        "2026-03-12  bram-peeters  strengthening-session  rating 5, prepared yes: Sterk" in lines
    )
    empty = answered.run("feedback", "report", "--period", "2026-04", "--format", "json")
    assert json.loads(empty.stdout) == []
    monthly = answered.run("feedback", "report", "--by", "month", "--format", "csv")
    assert "an-claes,coaching-hour,2026-03,2,2.5,2,1/2" in monthly.stdout


def test_the_report_refuses_a_bad_period_or_coach(answered: Repo) -> None:
    result = answered.run("feedback", "report", "--period", "2026Q5")
    assert result.exit_code == 2
    assert "is not a period; write a month (2026-10), a quarter (2026Q4) or a year (2026)" in (
        result.output
    )
    result = answered.run("feedback", "report", "--coach", "an-clas")
    assert result.exit_code == 2
    assert 'Did you mean "an-claes"?' in result.output


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026-02", "2026-02-01", "2026-02-28"),
        ("2026-12", "2026-12-01", "2026-12-31"),
        ("2026Q4", "2026-10-01", "2026-12-31"),
        ("2026q1", "2026-01-01", "2026-03-31"),
        ("2024", "2024-01-01", "2024-12-31"),
    ],
)
def test_periods(text: str, start: str, end: str) -> None:
    period = parse_period(text)
    assert (period.start.isoformat(), period.end.isoformat()) == (start, end)


@pytest.mark.parametrize("text", ["2026-13", "2026Q0", "26", "2026-1", "last year"])
def test_bad_periods(text: str) -> None:
    with pytest.raises(PeriodError):
        parse_period(text)


def test_a_feedback_file_of_only_comments_is_empty() -> None:
    assert parse_feedback(None, "feedback/2026-03.yaml") == ([], [])
