"""`sif record`, `sif member`, `sif feedback`, `sif match` and `sif intake`: the community's side."""

from __future__ import annotations

import contextlib
import datetime
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click

from sif.cli.base import (
    DATE,
    DECIMAL,
    FORMATS,
    BooksError,
    counted,
    emit,
    failing,
    load,
    local_today,
    main,
    write_lock,
    writes_books,
)
from sif.i18n import _

if TYPE_CHECKING:
    pass


@main.command()
@click.argument("service")
@click.option("--date", "date", type=DATE, required=True, help="Day the service was delivered.")
@click.option(
    "--provider",
    "providers",
    multiple=True,
    metavar="ID",
    help="Who delivered (repeat for several).",
)
@click.option(
    "--recipient",
    "recipients",
    multiple=True,
    metavar="ID",
    help="Who received (repeat for several).",
)
@click.option("--quantity", type=DECIMAL, default="1", show_default=True, help="Number of units.")
@click.option("--concept", metavar="ID", help="The concept the service was for.")
@click.option("--note", help="A short description (default: the service's name).")
@click.pass_obj
@writes_books("record")
def record(
    root: Path,
    service: str,
    date: datetime.date,
    providers: tuple[str, ...],
    recipients: tuple[str, ...],
    quantity: Decimal,
    concept: str | None,
    note: str | None,
) -> None:
    """Record one service delivered, valued from the menu card.

    SERVICE is an id from `sif services`. The trade is checked with the whole
    ledger before it is written to ledger/trades/YYYY-MM.beancount; if it would
    not pass, nothing is written and the errors say why. For a service the
    Fabriek sells (workshop) or buys (article), it is the implied provider or
    recipient; name it by its id otherwise.

    Example: sif record strengthening-session --date 2026-03-12
    --provider an-claes --recipient de-buurtkeuken --concept repair-cafe-genk
    """
    from sif.ledger.record import TradeRequest, record_trade

    request = TradeRequest(service, date, providers, recipients, quantity, concept, note)
    with failing(_("{problem}; nothing was written")):
        path, text, warnings = record_trade(root, request)
    click.echo(text.rstrip("\n"))
    click.echo(_("Recorded in {path}.").format(path=path.relative_to(root)))
    for warning in warnings:
        click.echo(_("Warning: {warning}").format(warning=warning), err=True)


@main.group()
def member() -> None:
    """Members of the network (files in members/)."""


@member.command("add")
@click.option(
    "--id", "member_id", help="File name, lowercase with dashes (default: from the name)."
)
@click.option("--name", prompt="Name", help="Full name, as on documents.")
@click.option(
    "--kind",
    type=click.Choice(["person", "organisation"]),
    prompt="Kind (person/organisation)",
    help="A person, or an organisation (vzw, company, ...).",
)
@click.option(
    "--legal-form",
    help="For organisations: vzw, cooperative, company, foundation, public-body, ...",
)
@click.option(
    "--role",
    "roles",
    multiple=True,
    help="innovator, coach, facilitator, funder, researcher, other.",
)
@click.option("--expertise", multiple=True, help="An expertise tag, like marketing (repeatable).")
@click.option(
    "--language", "languages", multiple=True, help="nl, fr or en; the first is used for documents."
)
@click.option("--email", help="E-mail address.")
@click.option("--phone", help="Phone number.")
@click.option("--street", help="Street and number.")
@click.option("--postcode", help="Postal code.")
@click.option("--city", help="Municipality.")
@click.option("--country", default="BE", show_default=True, help="Two-letter country code.")
@click.option(
    "--vat-status",
    type=click.Choice(["registered", "small-enterprise", "not-taxable"]),
    help="VAT-registered, small-enterprise exemption, or not a taxable person "
    "(asked for when not given, unless the community does not invoice).",
)
@click.option(
    "--vat-number",
    help="VAT or enterprise number with its country code (a Belgian one may go without).",
)
@click.option("--iban", help="Bank account (IBAN).")
@click.option("--peppol", help="Peppol id, like 0208:0412345678.")
@click.option("--joined", type=DATE, help="First day of membership (default: today).")
@click.option(
    "--publish", multiple=True, help="A field the member consents to publish (repeatable)."
)
@click.pass_obj
@writes_books("member add")
def member_add(root: Path, /, member_id: str | None, **fields: Any) -> None:
    """Create a member file that passes the checks.

    Asks for the name, kind and VAT status when they are not given.
    """
    from sif.model.newmember import (
        add_member,
        member_yaml,
        slugify,
    )

    if fields["vat_status"] is None:
        from sif.model.community import load_community

        menu = load_community(root).menu
        if menu is not None and not menu.invoices:
            fields["vat_status"] = "not-taxable"  # nobody is invoiced: VAT plays no part
        else:
            fields["vat_status"] = click.prompt(
                "VAT status (registered/small-enterprise/not-taxable)",
                type=click.Choice(["registered", "small-enterprise", "not-taxable"]),
            )
    if fields["kind"] == "organisation" and not fields["legal_form"]:
        # An organisation needs its legal form; ask for it like the other essentials.
        fields["legal_form"] = click.prompt(
            "Legal form (vzw/cooperative/company/foundation/public-body/association/other)"
        )
    member_id = member_id or slugify(fields["name"])
    fields["joined"] = fields["joined"] or local_today()
    fields["languages"] = fields["languages"] or ("nl",)
    text = member_yaml(**fields)
    with failing(
        "{problem}", InvalidMemberError=_("the member was not added; nothing was written")
    ):
        path, _member = add_member(root, member_id, text)
    click.echo(_("Added {path}. Check it, then commit it.").format(path=path.relative_to(root)))


@member.command("forget")
@click.argument("member_id", metavar="ID")
@click.option(
    "--as-of",
    type=DATE,
    help="The day of the request (default: today); the member left before it.",
)
@click.option(
    "--dry-run", is_flag=True, help="Say what would be removed and kept; change nothing."
)
@click.pass_obj
def member_forget(root: Path, member_id: str, as_of: datetime.date | None, dry_run: bool) -> None:
    """Forget a member who left: remove all the law does not make us keep.

    Removes contact data, profile, consent, the feedback they gave or that is
    about their sessions, their requests, the address in the mail record and
    their statements and e-mails in out/. Keeps the issued documents and their
    bookings, and the name, address and enterprise number on them, until the
    retention period of services.yaml ends; says when each document may go.
    The books pass `sif check` afterwards, or nothing is changed. Purge the
    Git history afterwards: docs/operations/private-books.md.
    """
    from sif.privacy.forget import apply_forget, plan_forget

    day = as_of or local_today()
    with write_lock(root, "member forget") if not dry_run else contextlib.nullcontext():
        books = load(root)
        with failing(f"{member_id} was not forgotten: {{problem}}"):
            plan = plan_forget(books, member_id, day)
            if not dry_run:
                apply_forget(plan, root)
    _print_forget(plan, root, dry_run)


def _print_forget(plan: Any, root: Path, dry_run: bool) -> None:
    from sif.ledger.books import relative

    verb = "Would remove" if dry_run else "Removed"
    fields = ", ".join(plan.removed_fields) or "nothing"
    click.echo(f"{verb} from {relative(str(plan.member_file), root)}: {fields}.")
    for path, count in plan.removed_entries.items():
        entries = "1 entry" if count == 1 else f"{count} entries"
        click.echo(f"{verb} {entries} about {plan.member} from {relative(str(path), root)}.")
    for path in plan.deleted:
        click.echo(f"{verb} {relative(str(path), root)}.")
    if plan.documents:
        last = max(plan.documents, key=lambda doc: doc.until)
        click.echo(
            f"Kept by law: {counted(len(plan.documents), 'issued document')} with their bookings, "
            "and the name, address and enterprise number on them:"
        )
        for doc in plan.documents:
            click.echo(
                f"  {doc.number} of {doc.date}: kept until {doc.until}, may go from {doc.may_go}"
            )
        click.echo(f"The last may go from {last.may_go}.")
    else:
        click.echo("No issued documents: nothing is kept by law but the name for the trades.")
    if not dry_run:
        click.echo(
            "Commit the change, then purge the old files from Git history and every clone: "
            "docs/operations/private-books.md."
        )


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
    from sif.ledger.matching import explain, match_json
    from sif.ledger.matching import match as find_matches
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
    from sif.ledger.feedback import Answer, TradeSelector, add_feedback

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
    from sif.ledger.feedbackreport import report_rows
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
