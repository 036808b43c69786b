"""`sif match`, `sif feedback` and `sif intake`: requests, feedback and issue forms."""

from __future__ import annotations

import contextlib
import datetime
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click

from sif.cli.base import (
    DATE,
    FORMATS,
    BooksError,
    emit,
    failing,
    load,
    local_today,
    main,
    writes_books,
)
from sif.i18n import _

if TYPE_CHECKING:
    pass


@main.command()
@click.option("--request", "request_id", metavar="ID", help="Only this request (any status).")
@click.option(
    "--member", "member_id", metavar="ID", help="The open requests this member could answer."
)
@click.option("--as-of", type=DATE, help="Balances and members on this day (default: today).")
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=5,
    show_default=True,
    help="Members shown per request (0: all).",
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.pass_obj
def match(
    root: Path,
    request_id: str | None,
    member_id: str | None,
    as_of: datetime.date | None,
    limit: int,
    fmt: str,
) -> None:
    """Members to ask about each open request, oldest SIF debt first.

    A member fits a request when they have one of the expertise tags it needs,
    are active, and are neither the requester nor a partner of the
    requester's concepts. Each line says which expertise matched and how old
    the member's debt is. With --member: the open requests that member could
    answer (a way to pay back in kind).
    """
    from sif.ledger.balances import compute_balances
    from sif.matching.match import explain, match_json
    from sif.matching.match import match as find_matches
    from sif.model.menu import require_menu

    books = load(root)
    community = books.community
    menu = require_menu(community.menu, books.errors)
    day = as_of or local_today()
    balances = compute_balances(books.entries, community, day)
    matches = find_matches(
        community, balances, request_id=request_id, member_id=member_id, on=day, limit=limit
    )
    if fmt == "json":
        click.echo(json.dumps(match_json(matches, community, day), indent=2))
        return
    currency = menu.currency.code
    if not matches:
        click.echo(f"No open request fits {member_id}." if member_id else "No open request.")
    for m in matches:
        r = m.request
        concept = f" for {r.concept}" if r.concept else ""
        click.echo(
            f"{r.id}: {r.status} since {r.opened} ({r.kind}), asked by {r.requester}{concept}"
        )
        click.echo(f"  {r.question}")
        click.echo(f"  needs: {', '.join(r.expertise)}")
        width = max((len(s.member) for s in m.suggestions), default=0)
        for s in m.suggestions:
            click.echo(f"  {s.rank:>2}. {s.member:<{width}}  {explain(s, currency)}")
        if member_id and m.suggestions:
            click.echo(f"      (place {m.suggestions[0].rank} of {m.total} members who fit)")
        if m.note:
            click.echo(f"  No match: {m.note}")
        elif m.total > len(m.suggestions) and not member_id:
            click.echo(f"  ... and {m.total - len(m.suggestions)} more (--limit 0 shows all)")
        click.echo()


@main.group()
def feedback() -> None:
    """Feedback after sessions (feedback/): private, never published."""


@feedback.command("add")
@click.option(
    "--trade", "ref", metavar="FINGERPRINT", help="The trade's fingerprint (or its start)."
)
@click.option("--date", "date", type=DATE, help="The day of the session.")
@click.option("--coach", metavar="ID", help="A coach (provider) of the session.")
@click.option("--service", metavar="ID", help="The session's service, like coaching-hour.")
@click.option("--recipient", metavar="ID", help="A recipient of the session.")
@click.option(
    "--rating", type=click.IntRange(1, 5), required=True, help="1 (bad) to 5 (excellent)."
)
@click.option(
    "--prepared",
    type=click.Choice(["yes", "no"]),
    required=True,
    help="Was the coach well prepared?",
)
@click.option("--comment", help="What the recipient said.")
@click.option("--from", "respondent", metavar="ID", help="The recipient who answered.")
@click.pass_obj
@writes_books("feedback add")
def feedback_add(
    root: Path,
    ref: str | None,
    date: datetime.date | None,
    coach: str | None,
    service: str | None,
    recipient: str | None,
    rating: int,
    prepared: str,
    comment: str | None,
    respondent: str | None,
) -> None:
    """Record the survey after a session, linked to its trade.

    Name the session by --trade (its fingerprint, as listed when several
    trades fit), or by --date with --coach (and --service or --recipient when
    that is not enough). The answer goes to feedback/YYYY-MM/; nothing is
    written when the trade is unknown, ambiguous or in the future.

    Example: sif feedback add --date 2026-10-12 --coach an-claes --rating 4
    --prepared yes --comment "Concrete tips"
    """
    from sif.feedback.record import Answer, TradeSelector, add_feedback

    books = load(root)
    selector = TradeSelector(ref, date, coach, service, recipient)
    answer = Answer(rating, prepared == "yes", comment, respondent)
    with failing("{problem}\nNothing was written."):
        path, entry = add_feedback(books, selector, answer, local_today())
    click.echo(
        f"Recorded in {path.relative_to(root)}: {entry.date} {entry.service} by "
        f"{', '.join(entry.coaches)} (trade {entry.trade}), rating {entry.rating}, "
        f"prepared {'yes' if entry.prepared else 'no'}."
    )


@feedback.command("report")
@click.option("--coach", metavar="ID", help="Only this coach.")
@click.option("--period", metavar="YYYY-MM|YYYYQn|YYYY", help="Only sessions in this period.")
@click.option(
    "--by",
    type=click.Choice(["month", "quarter", "year"]),
    help="Group by this kind of period (default: that of --period, else year).",
)
@click.option("--comments", is_flag=True, help="List the answers with their comments too.")
@click.option(
    "--format", "fmt", type=FORMATS, default="table", show_default=True, help="Output format."
)
@click.pass_obj
def feedback_report(
    root: Path, coach: str | None, period: str | None, by: str | None, comments: bool, fmt: str
) -> None:
    """Feedback per coach, service and period: answers, ratings, preparation."""
    from sif.feedback.report import report_rows
    from sif.model.community import load_community
    from sif.model.errors import did_you_mean
    from sif.model.period import PeriodError, parse_period

    members = load_community(root).members
    if coach is not None and coach not in members:
        raise click.BadParameter(
            f'no member "{coach}".' + did_you_mean(coach, members), param_hint="--coach"
        )
    try:
        wanted = parse_period(period) if period else None
    except PeriodError as exc:
        raise click.BadParameter(str(exc), param_hint="--period") from exc
    rows, errors = report_rows(root, coach, wanted, by)
    if errors:
        click.echo(
            f"Warning: the feedback files have {len(errors)} error(s) and those entries are "
            "left out; run `sif check`.",
            err=True,
        )
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2))
        return
    columns = [
        "coach",
        "service",
        "period",
        "answers",
        "average_rating",
        "lowest_rating",
        "prepared",
    ]
    flat = [{**row, "prepared": f"{row['prepared']}/{row['answers']}"} for row in rows]
    emit(flat, columns, fmt)
    if comments and fmt == "table":
        for row in rows:
            for answer in row["entries"]:
                click.echo(
                    f"{answer['date']}  {row['coach']}  {row['service']}  rating "
                    f"{answer['rating']}, prepared {'yes' if answer['prepared'] else 'no'}"
                    + (f": {answer['comment']}" if answer["comment"] else "")
                )


@main.command("intake")
@click.argument("form", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("body", type=click.File("r", encoding="utf-8"))
@click.option(
    "--summary",
    "summary_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write what happened, in Dutch Markdown, to this file (for a comment).",
)
@click.pass_obj
def intake(root: Path, form: Path, body: TextIO, summary_file: Path | None) -> None:
    """Turn a filled-in issue form into the sif command it asks for, and run it.

    FORM is the issue form (.github/ISSUE_TEMPLATE/*.yml), BODY the issue's text
    as GitHub wrote it (a file, or - for standard input). A session runs
    `sif record`, a new member `sif member add`, feedback `sif feedback add`:
    the same checks as on a laptop. Every wrong answer is listed by its question.
    """
    from sif.intake import IntakeError, command_for, load_form, read_answers

    lines: list[str] = []
    try:
        parsed = load_form(form)
        args = command_for(parsed, read_answers(parsed, body.read()))
    except IntakeError as exc:
        lines = [_("**The form cannot be processed.** Change it:"), ""]
        lines += [f"- {problem}" for problem in exc.problems]
        _write_summary(summary_file, lines)
        raise BooksError("the form has wrong answers: " + "; ".join(exc.problems)) from exc
    shown = " ".join(["sif", *(f'"{a}"' if " " in a else a for a in args)])
    click.echo(_("Running: {command}").format(command=shown))
    said = io.StringIO()
    try:
        with contextlib.redirect_stderr(said):
            main.main(["--root", str(root), *args], prog_name="sif", standalone_mode=False)
    except (click.ClickException, SystemExit) as exc:
        message = exc.format_message() if isinstance(exc, click.ClickException) else ""
        click.echo(said.getvalue(), err=True, nl=False)
        lines = [
            _("**Not booked: the books do not allow it.**"),
            "",
            _("Command: `{command}`").format(command=shown),
            "",
            _("Reason: {reason}").format(reason=message or _("see below")),
            "",
            "```",
            said.getvalue().strip(),
            "```",
            "",
            _("Change the form; the check then runs again."),
        ]
        _write_summary(summary_file, lines)
        raise BooksError(f"`{shown}` failed: {message}") from exc
    click.echo(said.getvalue(), err=True, nl=False)
    what = {
        "session": _("Session booked"),
        "member": _("Member added"),
        "feedback": _("Feedback kept"),
    }
    lines = [
        f"**{what[parsed.kind]}.** " + _("Command: `{command}`").format(command=shown),
        "",
        _(
            "A pull request with this change awaits review. When it is merged, this form "
            "is closed."
        ),
    ]
    _write_summary(summary_file, lines)


def _write_summary(path: Path | None, lines: list[str]) -> None:
    if path is not None:
        from sif.fsutil import atomic_write

        atomic_write(path, "\n".join(lines) + "\n", sync=False)
