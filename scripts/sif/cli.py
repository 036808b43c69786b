"""The `sif` command: keep the books of a knowledge-exchange currency.

Each command parses its options, calls one library function, prints, and sets
the exit code. Heavy imports happen inside the commands.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import functools
import io
import json
import sys
from collections.abc import Callable, Iterator
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar, cast

import click

from sif import DISTRIBUTION, __version__
from sif.i18n import _, n_, speak_for

if TYPE_CHECKING:
    from sif.ledger.books import Books
    from sif.review import Review


class BooksError(click.ClickException):
    """The books could not be read or changed; the message says why."""


def _today() -> datetime.date:
    return datetime.date.today()  # noqa: DTZ011 (the books use local dates)


class DateType(click.ParamType[datetime.date]):
    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: Any, ctx: Any) -> datetime.date:
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            self.fail(
                f"{value!r} is not a date; write it as YYYY-MM-DD, like 2026-03-12", param, ctx
            )


class DecimalType(click.ParamType[Decimal]):
    name = "NUMBER"

    def convert(self, value: Any, param: Any, ctx: Any) -> Decimal:
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            self.fail(f"{value!r} is not a number", param, ctx)
        if not number.is_finite():
            self.fail(f"{value!r} is not a number", param, ctx)
        return number


DATE = DateType()
DECIMAL = DecimalType()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    envvar="SIF_ROOT",
    show_default=True,
    help="The books' folder: the one holding ledger/, members/ and services.yaml.",
)
@click.version_option(__version__, prog_name="sif")
@click.pass_context
def main(ctx: click.Context, root: Path) -> None:
    """Keep the books of the SIF, the knowledge-exchange currency.

    Every service delivered in the network is a trade in ledger/trades/;
    members are described in members/, the tariffs in services.yaml.
    Start with `sif check`, then `sif balances`.
    """
    ctx.obj = root.resolve()
    speak_for(ctx.obj)  # SIF_LANG, else the operator's first language


@contextlib.contextmanager
def _write_lock(root: Path, command: str) -> Iterator[None]:
    """Hold the books' write lock for `command`, waiting with a message (sif.bookslock)."""
    from sif.bookslock import BooksLockedError, books_lock

    def waiting(message: str) -> None:
        click.echo(message, err=True)

    try:
        with books_lock(root, command, on_wait=waiting) as removed:
            for path in removed:
                click.echo(
                    _("Removed {path}: a temporary file a stopped sif command left behind").format(
                        path=path.relative_to(root)
                    ),
                    err=True,
                )
            yield
    except BooksLockedError as exc:
        raise BooksError(str(exc)) from exc


F = TypeVar("F", bound=Callable[..., Any])


def writes_books(command: str) -> Callable[[F], F]:
    """Run a command that writes the books holding their lock: one writer at a time."""

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(root: Path, *args: Any, **kwargs: Any) -> Any:
            with _write_lock(root, command):
                return func(root, *args, **kwargs)

        return cast("F", wrapper)

    return decorate


def _load(root: Path, *, fresh: bool = False) -> Books:
    from sif.ledger.books import BooksNotFoundError, load_books

    try:
        return load_books(root, fresh=fresh)
    except BooksNotFoundError as exc:
        raise BooksError(str(exc)) from exc


def _print_errors(errors: list[Any], root: Path) -> None:
    from sif.ledger.books import format_error, sorted_errors

    for error in sorted_errors(errors, root):
        click.echo(format_error(error, root), err=True)
        click.echo(err=True)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option(
    "--base",
    metavar="REF",
    help="Also compare with the books at git REF (origin/main): say what the change does, "
    "and fail when it touches anything issued or a locked month.",
)
@click.option(
    "--all-documents",
    is_flag=True,
    help="Read and hash every issued document's file again, and use no cache (the weekly "
    "full verification). Otherwise a file is read again only when it changed: since "
    "it last passed here, or since REF with --base.",
)
@click.option(
    "--summary",
    "summary_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Append the report as Markdown to this file (default: $GITHUB_STEP_SUMMARY, when set).",
)
@click.pass_obj
def check(
    root: Path, as_json: bool, base: str | None, all_documents: bool, summary_file: Path | None
) -> None:
    """Check the books: member files, concepts, menu card and every trade.

    Prints each problem as `file:line: what is wrong, and what to do`, and
    exits with 1 if there is any, or if anything in the books looks like a
    credential (a private key, a token, a password in YAML). Warns, without
    failing, about months not invoiced in time, members past the debt alerts
    of services.yaml, personal fields nothing uses (a phone nobody may see),
    a repository or Git remote known to be public, expertise tags without a
    label in taxonomy.yaml and upcoming events without a registration link.

    With --base REF it also says, in words, what the working tree changes in
    the books compared with git REF (trades, members, documents issued), and
    fails when the change edits or removes anything issued (a document's entry
    or file, a lock), a trade of a locked month, or a member still named. It
    reads only the issued files that git says changed since REF (the others
    were verified at REF); --all-documents reads them all.
    """
    import os

    from sif.documents.plugin import Scope, scope
    from sif.ledger.books import error_json, sorted_errors
    from sif.ledger.plugin import file_state
    from sif.model.cache import remembered
    from sif.privacy.remotes import remote_warnings
    from sif.privacy.secrets import find_secrets
    from sif.review.workspace import temporary_warnings, untracked_errors
    from sif.site.checks import site_warnings

    if base:
        books, review = _load_and_review(root, base, fresh=all_documents)
    else:
        with scope(Scope(everything=all_documents)):
            books = _load(root, fresh=all_documents)
        review = None
    community = books.community
    menu = community.menu

    # What follows from the books, the day, accounting.yaml and the templates'
    # fonts alone: a warm check (the books read from Beancount's cache) finds it
    # with the books' input hash, which covers the ledger and the YAML files.
    loaded = books.options.get("input_hash")
    inputs = [root / "accounting.yaml", *sorted((root / "templates").glob("*"))]
    key = ":".join([str(loaded), str(_today()), *(f"{p}={file_state(p)}" for p in inputs)])
    trades, book_warnings, member_warnings, book_errors = (
        remembered(root, "check", key, lambda: _book_findings(books))
        if loaded
        else _book_findings(books)
    )
    warnings = list(book_warnings)
    warnings += temporary_warnings(root)
    warnings += member_warnings
    warnings += remote_warnings(root, os.environ)
    warnings += site_warnings(root, community, _today())
    counts = {
        "members": len(community.members),
        "concepts": len(community.concepts),
        "services": len(menu.services) if menu else 0,
        "trades": trades,
    }
    included = books.options.get("include") or []
    errors = sorted_errors(
        books.errors
        + book_errors
        + untracked_errors(root)
        + find_secrets(root, (loaded, included) if loaded else None)
        + (review.errors if review else []),
        root,
    )
    if as_json:
        result = {
            "ok": not errors,
            "counts": counts,
            "errors": [error_json(error, root) for error in errors],
            "warnings": warnings,
        }
        if review is not None:
            result["changes"] = [change._asdict() for change in review.changes]
        click.echo(json.dumps(result, indent=2))
    else:
        _print_review(review)
        _print_errors(errors, root)
        for warning in warnings:
            click.echo(_("Warning: {warning}").format(warning=warning), err=True)
        words = {
            "members": n_("{n} member", "{n} members", counts["members"]),
            "concepts": n_("{n} concept", "{n} concepts", counts["concepts"]),
            "services": n_("{n} service", "{n} services", counts["services"]),
            "trades": n_("{n} trade", "{n} trades", counts["trades"]),
        }
        summary = ", ".join(words[what].format(n=n) for what, n in counts.items())
        if errors:
            click.echo(
                n_(
                    "{n} error in the books ({summary}).",
                    "{n} errors in the books ({summary}).",
                    len(errors),
                ).format(n=len(errors), summary=summary),
                err=True,
            )
        else:
            click.echo(_("The books are in order: {summary}.").format(summary=summary))
    summary_file = summary_file or _github_summary()
    if summary_file is not None:
        from sif.review.summary import summary_markdown, write_summary

        write_summary(summary_file, summary_markdown(root, counts, errors, warnings, review))
    if errors:
        sys.exit(1)


def _book_findings(books: Books) -> tuple[int, list[str], list[str], list[Any]]:
    """What `sif check` finds in the books alone: (trades, warnings, warnings on member
    files, errors of the document fonts and the account mapping)."""
    from beancount.core import data

    from sif.accounting.mapping import mapping_errors
    from sif.documents.run import late_warnings
    from sif.ledger.alerts import debt_warnings
    from sif.ledger.balances import compute_balances
    from sif.ledger.limits import limit_warnings
    from sif.ledger.trades import iter_trades
    from sif.privacy.minimal import unused_field_warnings
    from sif.review.workspace import duplicate_warnings

    root, community = books.root, books.community
    menu = community.menu
    trades = sum(
        1 for e in books.entries if isinstance(e, data.Transaction) and "service" in e.meta
    )
    warnings = late_warnings(books, _today())
    if menu is not None:
        balances = compute_balances(books.entries, community, _today())
        warnings += debt_warnings(community, balances)
        warnings += limit_warnings(community, balances, _today())
        warnings += duplicate_warnings(iter_trades(books.entries, menu.currency.code), root)
    fiat = menu.currency.fiat if menu is not None else "EUR"
    errors = _unprintable(books) + mapping_errors(root, books.entries, fiat)
    return trades, warnings, unused_field_warnings(community, root), errors


def _unprintable(books: Books) -> list[Any]:
    """The names and addresses the documents' fonts cannot print (checked with Typst)."""
    from sif.documents.glyphs import unprintable
    from sif.documents.pdf import TemplateError

    if books.community.menu is None:
        return []
    try:
        return unprintable(books.community)
    except TemplateError:
        return []  # a broken template is reported when documents are made


def _load_and_review(root: Path, base: str, *, fresh: bool) -> tuple[Books, Review]:
    from sif.ledger.books import BooksNotFoundError, main_file
    from sif.review import BaseRefError, load_and_review

    try:
        main_file(root)
        return load_and_review(root, base, fresh=fresh)
    except BaseRefError as exc:
        raise BooksError(f"--base {base}: {exc}") from exc
    except BooksNotFoundError as exc:
        raise BooksError(str(exc)) from exc


def _print_review(review: Review | None) -> None:
    if review is None:
        return
    if not review.changes:
        click.echo(_("Compared with {ref}, nothing in the books changes.").format(ref=review.ref))
        return
    click.echo(
        _("What this change does to the books, compared with {ref}:").format(ref=review.ref)
    )
    for change in review.changes:
        click.echo(f"  {change.where}: {change.text}" if change.where else f"  {change.text}")


def _github_summary() -> Path | None:
    """The job summary file of a GitHub Actions step, when sif runs in one."""
    import os

    path = os.environ.get("GITHUB_STEP_SUMMARY")
    return Path(path) if path else None


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
    from sif.ledger.books import BooksNotFoundError
    from sif.ledger.record import RecordError, RecordRejectedError, TradeRequest, record_trade

    request = TradeRequest(service, date, providers, recipients, quantity, concept, note)
    try:
        path, text, warnings = record_trade(root, request)
    except RecordRejectedError as exc:
        _print_errors(exc.errors, root)
        raise BooksError(_("{problem}; nothing was written").format(problem=exc)) from exc
    except (RecordError, BooksNotFoundError) as exc:
        raise BooksError(_("{problem}; nothing was written").format(problem=exc)) from exc
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
        InvalidMemberError,
        MemberExistsError,
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
    fields["joined"] = fields["joined"] or _today()
    fields["languages"] = fields["languages"] or ("nl",)
    text = member_yaml(**fields)
    try:
        path, _member = add_member(root, member_id, text)
    except MemberExistsError as exc:
        raise BooksError(str(exc)) from exc
    except InvalidMemberError as exc:
        _print_errors(exc.errors, root)
        raise BooksError(_("the member was not added; nothing was written")) from exc
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
    from sif.privacy.forget import ForgetError, apply_forget, plan_forget

    day = as_of or _today()
    with _write_lock(root, "member forget") if not dry_run else contextlib.nullcontext():
        books = _load(root)
        try:
            plan = plan_forget(books, member_id, day)
            if not dry_run:
                apply_forget(plan, root)
        except ForgetError as exc:
            raise BooksError(f"{member_id} was not forgotten: {exc}") from exc
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
            f"Kept by law: {_count(len(plan.documents), 'issued document')} with their bookings, "
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


FORMATS = click.Choice(["table", "json", "csv"])


def _count(number: int, word: str) -> str:
    """ "1 trade", "2 trades"."""
    return f"{number} {word}" if number == 1 else f"{number} {word}s"


def _table(rows: list[dict[str, Any]], columns: list[str]) -> str:
    cells = [[("" if row[c] is None else str(row[c])) for c in columns] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    for r in cells:
        lines.append("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip())
    return "\n".join(lines)


def _emit(rows: list[dict[str, Any]], columns: list[str], fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, default=str))
    elif fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(
            out, fieldnames=columns, extrasaction="ignore", lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows(rows)
        click.echo(out.getvalue(), nl=False)
    else:
        click.echo(_table(rows, columns))


@main.command()
@click.option("--as-of", type=DATE, help="Balances at the end of this day (default: today).")
@click.option(
    "--format", "fmt", type=FORMATS, default="table", show_default=True, help="Output format."
)
@click.pass_obj
def balances(root: Path, as_of: datetime.date | None, fmt: str) -> None:
    """Each member's balance in the community currency.

    The table says who owes whom in words ("owes 4.83 SIF", "is owed 4.83
    SIF"). JSON and CSV keep one sign in balance, with the currency's code in
    currency: > 0 the member owes, < 0 the member is owed.
    debt_age_days: how long the oldest part not yet paid back has been owed
    (first in, first out); empty when the member owes nothing. With credit
    limits in services.yaml, credit_limit is the member's hard limit (or soft,
    without a hard one) and room what they may still receive before it.
    """
    from sif.ledger.balances import compute_balances
    from sif.ledger.limits import rooms

    books = _load(root)
    menu = books.community.menu
    if menu is None:
        _print_errors(books.errors, root)
        raise BooksError("services.yaml has errors; fix them first (see above)")
    if books.errors:
        click.echo(
            f"Warning: the books have {len(books.errors)} error(s); run `sif check`. "
            "These balances may be wrong.",
            err=True,
        )
    rows = []
    code = menu.currency.code
    quantum = menu.currency.quantum
    found = compute_balances(books.entries, books.community, as_of or _today())
    room_of = rooms(books.community, found)
    for b in found:
        member = books.community.members.get(b.member)
        row: dict[str, Any] = {
            "member": b.member,
            "name": member.name if member else None,
            "currency": code,
            "balance": str(b.balance.quantize(quantum)),
            "position": _owes(b.balance.quantize(quantum), code),
            "given": str(b.given.quantize(quantum)),
            "received": str(b.received.quantize(quantum)),
            "last_activity": b.last_activity.isoformat() if b.last_activity else None,
            "debt_age_days": b.debt_age_days,
        }
        if menu.credit_limits is not None:
            room = room_of.get(b.member)
            cap = None if room is None else room.limit.hard
            if room is not None and cap is None:
                cap = room.limit.soft
            row["credit_limit"] = None if cap is None else str(cap.quantize(quantum))
            row["room"] = (
                None if room is None or room.room is None else str(room.room.quantize(quantum))
            )
        rows.append(row)
    columns = [
        "member",
        *(["position"] if fmt == "table" else ["currency", "balance"]),
        "given",
        "received",
        "last_activity",
        "debt_age_days",
    ]
    if menu.credit_limits is not None:
        columns += ["credit_limit", "room"]
    if fmt == "json":
        rows = [{k: v for k, v in row.items() if k != "position"} for row in rows]
    _emit(rows, columns if fmt != "json" else list(rows[0]) if rows else columns, fmt)


def _owes(balance: Decimal, unit: str) -> str:
    """A balance in words: "owes 4.83 SIF", "is owed 4.83 SIF", "owes nothing"."""
    if balance > 0:
        return f"owes {balance} {unit}"
    if balance < 0:
        return f"is owed {-balance} {unit}"
    return "owes nothing"


class NoInvoicingError(click.ClickException):
    """The community issues no invoices (`invoicing: none`), so the command has nothing to do."""


def _invoicing_only(command: F) -> F:
    """Refuse a command about invoices, VAT or payments in a community without invoicing."""

    @functools.wraps(command)
    def run(root: Path, *args: Any, **kwargs: Any) -> None:
        from sif.model.community import load_community

        menu = load_community(root).menu
        if menu is not None and not menu.invoices:
            raise NoInvoicingError(
                f"{menu.name} does not invoice (services.yaml: invoicing: none), so there are "
                "no invoices, VAT or payments to work with. Trades, balances, statements and "
                "the site work without them; to issue invoices, set invoicing in services.yaml "
                "(see docs/reference/community.md)."
            )
        command(root, *args, **kwargs)

    return cast("F", run)


@main.group()
def invoice() -> None:
    """Invoices, self-billed documents and credit notes, in EUR."""


def _month(text: str) -> Any:
    from sif.documents.compute import Month

    try:
        return Month.parse(text)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


@contextlib.contextmanager
def _issuing() -> Iterator[None]:
    """Turn the reasons a run issues nothing into messages: every data gap, or why."""
    from sif.documents.compute import MissingDataError
    from sif.documents.pdf import TemplateError
    from sif.documents.run import InvoiceError

    try:
        yield
    except MissingDataError as exc:
        for gap in exc.gaps:
            click.echo(gap, err=True)
        raise BooksError(f"{len(exc.gaps)} gap(s) in member data; nothing was issued") from exc
    except InvoiceError as exc:
        raise BooksError(f"{exc}; nothing was issued") from exc
    except TemplateError as exc:
        raise BooksError(f"a document could not be made: {exc}; nothing was issued") from exc


def _print_run(result: Any, root: Path, dry_run: bool) -> None:
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    if result.already:
        click.echo(f"{result.month} is already invoiced: nothing new was issued.")
        return
    verb = "Would issue" if dry_run else "Issued"
    click.echo(f"{verb} {len(result.documents)} document(s) for {result.month}:")
    for doc in result.documents:
        click.echo(
            f"  {doc.number:<14} {doc.kind:<26} {doc.member:<40} "
            f"{doc.sif_total:>8} {doc.community_currency}  {doc.total:>10} {doc.currency}"
        )
    verb = "Would set" if dry_run else "Set"
    _print_setoffs(result.setoffs, f"{verb} off what was left open across months")
    if result.ledger_file is not None:
        click.echo(
            f"Booked in {result.ledger_file.relative_to(root)}; files in "
            f"{result.files[0].parent.relative_to(root) if result.files else '-'}."
        )


def _print_setoffs(setoffs: list[Any], heading: str) -> None:
    from sif.documents.settle import describe

    if setoffs:
        click.echo(f"{heading}: {_count(len(setoffs), 'set-off')}:")
    for setoff in setoffs:
        click.echo(f"  {describe(setoff)}")


@invoice.command("run")
@click.option(
    "--month", "month_text", required=True, metavar="YYYY-MM", help="The month of the services."
)
@click.option("--issue-date", type=DATE, help="Date of issue (default: today).")
@click.option("--dry-run", is_flag=True, help="Show what would be issued; write nothing.")
@click.pass_obj
@_invoicing_only
@writes_books("invoice run")
def invoice_run(
    root: Path, month_text: str, issue_date: datetime.date | None, dry_run: bool
) -> None:
    """Issue the month's documents: one invoice per member for what they
    received, one self-billed document for what they delivered.

    Numbers are given only now, gapless per series and year. The documents are
    booked in ledger/documents/YYYY-MM.beancount, their UBL and PDF files
    written to documents/YYYY-MM/, and the month is locked. A second run for
    the same month issues nothing.
    """
    from sif.documents.run import run_month
    from sif.ledger.migrate import MigrationError, compact

    month = _month(month_text)
    with _issuing():
        result = run_month(root, month, issue_date or _today(), dry_run=dry_run)
    _print_run(result, root, dry_run)
    if dry_run:
        return
    # The month is locked now: its trades need no file each any more (faster loads).
    try:
        compacted = compact(root, str(month))
    except MigrationError as exc:
        click.echo(f"Warning: the trades of {month} stay a file each: {exc}", err=True)
        return
    if compacted:
        click.echo(
            f"Wrote the {compacted} trade files of {month} into ledger/trades/{month}.beancount."
        )


@invoice.command("credit")
@click.argument("number")
@click.option(
    "--reason", required=True, help="Why the document is corrected (on the credit note)."
)
@click.option("--issue-date", type=DATE, help="Date of issue (default: today).")
@click.option(
    "--reissue",
    is_flag=True,
    help="Also issue a corrected document from the member data as it is now.",
)
@click.pass_obj
@_invoicing_only
@writes_books("invoice credit")
def invoice_credit(
    root: Path, number: str, reason: str, issue_date: datetime.date | None, reissue: bool
) -> None:
    """Take back an issued document with a credit note that references it.

    With --reissue, a corrected document follows (after fixing a member's
    address or VAT number, say). The original never changes.
    """
    from sif.documents.run import credit_document

    with _issuing():
        result = credit_document(root, number, reason, issue_date or _today(), reissue=reissue)
    _print_run(result, root, False)


@invoice.command("list")
@click.option(
    "--month", "month_text", metavar="YYYY-MM", help="Only documents for this month of services."
)
@click.option("--member", "member_id", metavar="ID", help="Only this member's documents.")
@click.option(
    "--format", "fmt", type=FORMATS, default="table", show_default=True, help="Output format."
)
@click.pass_obj
@_invoicing_only
def invoice_list(root: Path, month_text: str | None, member_id: str | None, fmt: str) -> None:
    """The issued documents with their amounts and status (open / settled)."""
    from sif.documents.booking import issued_documents, open_amounts, open_and_status

    books = _load(root)
    if month_text:
        month_text = str(_month(month_text))
    remaining = open_amounts(books.entries)
    rows = []
    for doc in issued_documents(books.entries):
        if (month_text and doc.period != month_text) or (member_id and doc.member != member_id):
            continue
        still_open, state = open_and_status(doc, remaining)
        rows.append(
            {
                "number": doc.number,
                "type": doc.kind,
                "member": doc.member,
                "period": doc.period,
                "issue_date": doc.date.isoformat(),
                "net": str(doc.net),
                "vat": str(doc.tax),
                "total": str(doc.total),
                "open": f"{still_open:.2f}",
                "status": state,
                "reference": doc.reference,
            }
        )
    columns = ["number", "type", "member", "period", "issue_date", "net", "vat", "total", "status"]
    _emit(rows, list(rows[0]) if rows and fmt == "json" else columns, fmt)


@main.command()
@click.option(
    "--as-of", type=DATE, help="Set off what is open on this day, booked on it (default: today)."
)
@click.option("--dry-run", is_flag=True, help="Show the set-offs; write nothing.")
@click.pass_obj
@_invoicing_only
@writes_books("settle")
def settle(root: Path, as_of: datetime.date | None, dry_run: bool) -> None:
    """Set off each member's open invoices against their open self-billed documents.

    Oldest first on both sides, by the smaller amount, until no member both
    owes and is owed. Each set-off is booked in
    ledger/documents/setoffs-YYYY.beancount and names both documents. Every
    month-end run (`sif invoice run`) does the same.
    """
    from sif.documents.run import InvoiceError
    from sif.documents.settle import settle as settle_books

    day = as_of or _today()
    try:
        result = settle_books(root, day, dry_run=dry_run)
    except InvoiceError as exc:
        raise BooksError(f"{exc}; nothing was booked") from exc
    if not result.setoffs:
        click.echo(f"Nothing to set off on {day}: no member both owes and is owed.")
        return
    _print_setoffs(result.setoffs, f"{'Would set' if dry_run else 'Set'} off on {day}")
    if result.ledger_file is not None:
        click.echo(f"Booked in {result.ledger_file.relative_to(root)}.")


@main.group()
def payment() -> None:
    """Payments received and made, matched to documents by structured reference."""


@payment.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--column",
    "columns",
    multiple=True,
    metavar="FIELD=HEADER",
    help="For CSV: the header of a field (date, amount, currency, reference, name, iban, id).",
)
@click.pass_obj
@_invoicing_only
@writes_books("payment import")
def payment_import(root: Path, file: Path, columns: tuple[str, ...]) -> None:
    """Book the payments in a bank statement (CSV or CAMT.053 XML).

    Each line is matched to an open invoice or self-billed document by its
    structured reference. What cannot be matched with certainty is reported,
    not booked. Lines already booked (same bank id) are skipped, so importing
    a file twice books nothing twice. Exits 1 if any line was left unbooked.
    The files are read by the beangulp importers of sif.payments.importers,
    which Fava's import page can use too (docs/operations/bank-import.md).
    """
    from sif.payments.bankfile import BankFileError
    from sif.payments.importer import PaymentError, import_payments

    mapping = {}
    for item in columns:
        field, _, header = item.partition("=")
        if not header:
            raise click.BadParameter(f"{item!r}: write FIELD=HEADER", param_hint="--column")
        mapping[field.strip()] = header.strip()
    try:
        report = import_payments(root, file, mapping)
    except (BankFileError, PaymentError) as exc:
        raise BooksError(f"{exc}; nothing was booked") from exc
    for outcome in report.outcomes:
        line = outcome.line
        click.echo(
            f"{line.source}: {line.date} {line.amount:>10} {line.currency}  {outcome.status:<17} {outcome.message}"
        )
    click.echo(
        f"{len(report.booked)} booked, {len(report.not_booked)} not booked, "
        f"{len(report.outcomes) - len(report.booked) - len(report.not_booked)} already in the books."
    )
    if report.not_booked:
        sys.exit(1)


@payment.command("record")
@click.option("--document", "number", required=True, help="The number of the document paid.")
@click.option("--amount", type=DECIMAL, required=True, help="The amount in EUR (positive).")
@click.option("--date", "date", type=DATE, required=True, help="Date of the payment.")
@click.option("--note", default="", help="A short note (e.g. cash, or the bank's reference).")
@click.pass_obj
@_invoicing_only
@writes_books("payment record")
def payment_record(
    root: Path, number: str, amount: Decimal, date: datetime.date, note: str
) -> None:
    """Book a payment by hand: money a member paid, or the Fabriek paid out."""
    from sif.payments.importer import PaymentError, record_payment

    try:
        outcome = record_payment(root, number, amount, date, note)
    except PaymentError as exc:
        raise BooksError(f"{exc}; nothing was booked") from exc
    click.echo(f"Booked: {outcome.message}.")


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
    from sif.ledger.matching import MatchError, explain, match_json
    from sif.ledger.matching import match as find_matches

    books = _load(root)
    community = books.community
    if community.menu is None:
        _print_errors(books.errors, root)
        raise BooksError("services.yaml has errors; fix them first (see above)")
    day = as_of or _today()
    balances = compute_balances(books.entries, community, day)
    try:
        matches = find_matches(
            community, balances, request_id=request_id, member_id=member_id, on=day, limit=limit
        )
    except MatchError as exc:
        raise BooksError(str(exc)) from exc
    if fmt == "json":
        click.echo(json.dumps(match_json(matches, community, day), indent=2))
        return
    currency = community.menu.currency.code
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
    from sif.ledger.feedback import Answer, FeedbackRejectedError, TradeSelector, add_feedback

    books = _load(root)
    selector = TradeSelector(ref, date, coach, service, recipient)
    answer = Answer(rating, prepared == "yes", comment, respondent)
    try:
        path, entry = add_feedback(books, selector, answer, _today())
    except FeedbackRejectedError as exc:
        raise BooksError(f"{exc}\nNothing was written.") from exc
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
    from sif.ledger.feedbackreport import PeriodError, parse_period, report_rows
    from sif.model.community import load_community
    from sif.model.errors import did_you_mean

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
    _emit(flat, columns, fmt)
    if comments and fmt == "table":
        for row in rows:
            for answer in row["entries"]:
                click.echo(
                    f"{answer['date']}  {row['coach']}  {row['service']}  rating "
                    f"{answer['rating']}, prepared {'yes' if answer['prepared'] else 'no'}"
                    + (f": {answer['comment']}" if answer["comment"] else "")
                )


class FormatFailedError(click.ClickException):
    """A ledger file cannot be formatted safely; the message says why."""


@main.command("fmt")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if a file is not in form.")
@click.option("--diff", "show_diff", is_flag=True, help="Show what would change, as a diff.")
@click.pass_obj
def fmt(root: Path, files: tuple[Path, ...], check: bool, show_diff: bool) -> None:
    """Write the ledger files in their canonical form (whitespace only).

    FILES default to the ledger files people write: ledger/*.beancount and
    ledger/trades/. Issued documents (ledger/documents/) are never touched.
    The layout is that of a trade in README.md and of `sif record`; comments
    stay. Every change is proved harmless: the file must parse to the same
    entries and comments, or it is left alone.
    """
    import difflib

    from sif.ledger.fmt import FormatError, format_files, ledger_files, skip_reason

    paths = []
    for path in files or ledger_files(root):
        reason = skip_reason(path, root)
        if reason is None:
            paths.append(path)
        else:
            click.echo(_("{path}: skipped, {reason}").format(path=path, reason=reason), err=True)
    try:
        with _write_lock(root, "fmt") if not check else contextlib.nullcontext():
            results = format_files(paths, write=not check)
    except FormatError as exc:
        raise FormatFailedError(str(exc)) from exc
    changed = [r for r in results if r.changed]
    for result in changed:
        shown = result.path.resolve()
        name = str(shown.relative_to(root)) if shown.is_relative_to(root) else str(result.path)
        if show_diff:
            click.echo(
                "".join(
                    difflib.unified_diff(
                        result.before.splitlines(keepends=True),
                        result.after.splitlines(keepends=True),
                        f"{name} (now)",
                        f"{name} (formatted)",
                    )
                ),
                nl=False,
            )
        click.echo(
            (_("Would reformat {name}") if check else _("Reformatted {name}")).format(name=name)
        )
    unchanged = len(results) - len(changed)
    if check and changed:
        click.echo(
            _("{changed} file(s) not in form, {unchanged} in form: run `sif fmt`.").format(
                changed=len(changed), unchanged=unchanged
            ),
            err=True,
        )
        sys.exit(1)
    done = (
        _("{changed} file(s) would be reformatted, {unchanged} already in form.")
        if check
        else _("{changed} file(s) reformatted, {unchanged} already in form.")
    )
    click.echo(done.format(changed=len(changed), unchanged=unchanged))


@main.command("migrate")
@click.pass_obj
@writes_books("migrate")
def migrate_command(root: Path) -> None:
    """Move the books to one file per trade and per feedback answer.

    Older books kept a month's trades in ledger/trades/YYYY-MM.beancount and a
    month's feedback in feedback/YYYY-MM.yaml, so two pull requests of the same
    month conflicted. This moves the trades of every month not invoiced yet to
    ledger/trades/YYYY-MM/ and every answer to feedback/YYYY-MM/, one file each
    (invoiced months, locked, stay one file), and proves the books unchanged
    (the same entries and the balance of every account); otherwise it puts
    everything back. Commit the result in a pull request of its own.
    """
    from sif.ledger.migrate import MigrationError, compact_locked, migrate

    try:
        done = migrate(root)
        compacted = compact_locked(root)
    except MigrationError as exc:
        raise BooksError(str(exc)) from exc
    for month, files in compacted.items():
        click.echo(
            f"Invoiced {month}: its {files} trade files now one, ledger/trades/{month}.beancount."
        )
    if not (done.trades or done.answers or done.month_files or done.feedback_files):
        if not compacted:
            click.echo("The books are in the current layout already: nothing to move.")
        return
    click.echo(
        f"Moved {done.trades} trade(s) from {done.month_files} month file(s) to "
        f"ledger/trades/YYYY-MM/ and {done.answers} feedback answer(s) from "
        f"{done.feedback_files} file(s) to feedback/YYYY-MM/, one file each."
    )
    click.echo(
        f"Proved unchanged: the same entries, and the balance of all {done.accounts} "
        "accounts. Next: `git add -A ledger feedback` and commit."
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


@main.group()
def opening() -> None:
    """Going live: opening balances from the previous system."""


@opening.command("import")
@click.option("--date", "date", type=DATE, required=True, help="The go-live date.")
@click.option(
    "--balances",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV member,balance: each member's balance in the currency (positive = owes).",
)
@click.option(
    "--documents",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV member,document,date,due,amount,side: the documents still open in euro.",
)
@click.pass_obj
@writes_books("opening import")
def opening_import(
    root: Path, date: datetime.date, balances: Path | None, documents: Path | None
) -> None:
    """Book the balances and open documents of the previous system on the go-live date.

    Every row is checked first; any bad row is reported as file:line and
    nothing is written. Prints the totals of the CSV files and the same totals
    read back from the books. See docs/staff/going-live.md.
    """
    from sif.ledger.opening import OpeningError, import_opening

    try:
        report = import_opening(root, date, balances, documents)
    except OpeningError as exc:
        for problem in exc.problems:
            click.echo(problem, err=True)
        raise BooksError(str(exc)) from exc
    click.echo(f"Booked in {report.path.relative_to(root)}:")
    click.echo(
        f"  {report.members} member balance(s): owed {report.owed:f} in the CSV, "
        f"{report.owed_booked:f} in the books"
    )
    click.echo(
        f"  {report.documents} open document(s): receivable {report.receivable[0]:.2f} EUR in the "
        f"CSV, {report.receivable[1]:.2f} in the books; payable {report.payable[0]:.2f} in the "
        f"CSV, {report.payable[1]:.2f} in the books"
    )
    same = (
        report.owed == report.owed_booked
        and report.receivable[0] == report.receivable[1]
        and report.payable[0] == report.payable[1]
    )
    click.echo("The totals match." if same else "The totals DO NOT match: do not commit this.")
    if not same:
        sys.exit(1)


class InitFailedError(click.ClickException):
    """New books could not be created; the message says why."""


@main.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", required=True, help="The community's name, on the site and the ledger.")
@click.option("--code", required=True, help="The currency's code in the ledger, like SIF.")
@click.option(
    "--value",
    type=DECIMAL,
    help="Value of 1 unit in EUR, excluding VAT (required unless --invoicing none).",
)
@click.option(
    "--invoicing",
    type=click.Choice(["none", "invoices", "invoices-and-self-billing"]),
    default="invoices-and-self-billing",
    show_default=True,
    help="What the operator issues: nothing (a time bank), invoices, or invoices and "
    "self-billed documents for the providers.",
)
@click.option("--vat", type=DECIMAL, default="21", show_default=True, help="VAT percentage.")
@click.option(
    "--operator-id", required=True, help="Member id of the organisation that issues documents."
)
@click.option("--operator-name", help="Its legal name, as on documents (default: --name).")
@click.option("--legal-form", default="vzw", show_default=True, help="Its legal form.")
@click.option(
    "--vat-number", help="Its VAT number (required unless --invoicing none: it charges VAT)."
)
@click.option("--street", required=True, help="Its street and number.")
@click.option("--postcode", required=True, help="Its postal code.")
@click.option("--city", required=True, help="Its municipality.")
@click.option("--country", default="BE", show_default=True, help="Its two-letter country code.")
@click.option("--email", help="Its e-mail address.")
@click.option("--iban", help="Its bank account.")
@click.option(
    "--start", type=DATE, help="First day of the value, VAT rate and operator (default: today)."
)
@click.option("--fiat", default="EUR", show_default=True, help="The currency of the documents.")
@click.option(
    "--decimals",
    type=click.IntRange(0, 6),
    default=2,
    show_default=True,
    help="Decimals of amounts in the community currency.",
)
@click.option("--currency-name", help="The currency's display name (default: its code).")
@click.option(
    "--language",
    "languages",
    multiple=True,
    help="The operator's language (repeatable; the first is its staff's; default nl, fr, en).",
)
@click.option(
    "--sif-requirement",
    default=f"{DISTRIBUTION}=={__version__}",
    show_default=True,
    help="What requirements.txt installs sif from: a version of the distribution "
    f"{DISTRIBUTION}, a wheel file or a git address (see its README).",
)
def init(directory: Path, **options: Any) -> None:
    """Create a new, valid repository of books for another community currency.

    DIRECTORY (new or empty) gets its own menu card, operator, ledger, public
    site, CI workflows, commit checks and a README, and must pass `sif check`
    and `sif site build` as it is. Nothing is written on an error.

    Example: sif init ../kng-books --name "Kennisnetwerk Gent" --code KNG
    --value 20 --operator-id kennisnetwerk --vat-number BE0999000030
    --street "Kerkstraat 1" --postcode 9000 --city Gent
    """
    from sif.scaffold import InitError, Settings, init_books

    options["operator_name"] = options["operator_name"] or options["name"]
    options["start"] = options["start"] or _today()
    options["requirement"] = options.pop("sif_requirement")
    options["languages"] = options["languages"] or ("nl", "fr", "en")
    try:
        files = init_books(directory.resolve(), Settings(**options))
    except InitError as exc:
        raise InitFailedError(str(exc)) from exc
    click.echo(f"Created {len(files)} files in {directory}:")
    for name in files:
        click.echo(f"  {name}")
    click.echo(
        f"Next: cd {directory}, git init, push it to a PRIVATE repository (it will hold "
        "members' personal data; never make it public), and follow README.md "
        "(set-up, then `sif check`)."
    )


@main.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Fava has no log-in: put a reverse proxy with "
    'authentication in front before opening it to others (README, "Fava for staff").',
)
@click.option("-p", "--port", type=int, default=5000, show_default=True, help="Port to listen on.")
@click.option(
    "--prefix", metavar="PATH", help="Serve under this path, like /boeken, behind a proxy."
)
@click.option("--edit", is_flag=True, help="Allow changing the books through Fava.")
@click.pass_obj
def fava(root: Path, host: str, port: int, prefix: str | None, edit: bool) -> None:
    """Start Fava on the books, with the staff's pages.

    Members, Documents, Month-end, Imbalances and Feedback appear in Fava's
    sidebar. Read-only unless --edit: the books change through pull requests.
    """
    from fava.cli import main as fava_main

    from sif.fava_ext.load import use_cached_loads
    from sif.ledger.books import BooksNotFoundError, main_file

    try:
        ledger = main_file(root)
    except BooksNotFoundError as exc:
        raise BooksError(str(exc)) from exc
    if "sif.fava_ext" not in ledger.read_text(encoding="utf-8"):
        click.echo(
            f"Warning: {ledger} does not enable the staff's pages; add the line\n"
            '  2013-10-01 custom "fava-extension" "sif.fava_ext"',
            err=True,
        )
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(
            f"Warning: Fava has no log-in and listens on {host}: anyone who reaches it reads "
            "the books. Put a reverse proxy with authentication in front of it.",
            err=True,
        )
    use_cached_loads()
    args = [str(ledger), "--host", host, "--port", str(port)]
    if prefix:
        args += ["--prefix", prefix]
    if not edit:
        args.append("--read-only")
    fava_main.main(args=args, prog_name="sif fava", standalone_mode=False)


class StatementsFailedError(click.ClickException):
    """Statements or e-mails could not be made or sent; the message says why."""


class _Progress:
    """One click progress bar per phase (on stderr), opened when the phase starts."""

    def __init__(self) -> None:
        self.phase: str | None = None
        self.bar: Any = None

    def __call__(self, phase: str, done: int, total: int) -> None:
        if phase != self.phase:
            self.close()
            self.phase = phase
            self.bar = click.progressbar(length=total, label=phase.capitalize(), file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@main.command()
@click.option(
    "--month", "month_text", required=True, metavar="YYYY-MM", help="The month, invoiced."
)
@click.option(
    "--member", "members", multiple=True, metavar="ID", help="Only this member (repeatable)."
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the files (default: out/statements/YYYY-MM in the books).",
)
@click.option("--as-of", type=DATE, help="Statement date: what is open that day (default: today).")
@click.pass_obj
def statements(
    root: Path,
    month_text: str,
    members: tuple[str, ...],
    out: Path | None,
    as_of: datetime.date | None,
) -> None:
    """Write each member's account statement of a month, as PDF and HTML.

    SIF and euro side by side, in the member's language: the month's trades
    and balances, the documents, set-offs and payments, what to pay (with the
    structured reference and an EPC QR code) or what the Fabriek owes.
    """
    from sif.documents.pdf import TemplateError
    from sif.statements.model import StatementError
    from sif.statements.run import write_statements

    month = _month(month_text)
    progress = _Progress()
    try:
        result = write_statements(
            root,
            month,
            as_of or _today(),
            members=members or None,
            out=out,
            progress=lambda _: progress("writing statements", 0, 0),
        )
    except (StatementError, TemplateError) as exc:
        raise StatementsFailedError(str(exc)) from exc
    finally:
        progress.close()
    made = len(result.statements) - len(result.unmade)
    click.echo(f"Wrote {made} statement(s) of {month} (PDF and HTML) to {result.folder}")
    for unmade in result.unmade:
        click.echo(f"No statement for {unmade}", err=True)
    if result.unmade:
        sys.exit(1)


@main.command("mail")
@click.option(
    "--month", "month_text", required=True, metavar="YYYY-MM", help="The month, invoiced."
)
@click.option(
    "--send", is_flag=True, help="Deliver the messages through SMTP (else: outbox only)."
)
@click.option(
    "--outbox",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the .eml files (default: out/mail/YYYY-MM in the books).",
)
@click.option(
    "--config",
    type=click.Path(dir_okay=False, path_type=Path),
    help="SMTP settings file, outside the books (default: $SIF_SMTP_CONFIG; or SIF_SMTP_* variables).",
)
@click.option(
    "--retry-in-doubt",
    is_flag=True,
    help="Send again the messages a stopped run may or may not have delivered (check the server's log first).",
)
@click.option("--as-of", type=DATE, help="Statement date: what is open that day (default: today).")
@click.pass_obj
def mail_command(
    root: Path,
    month_text: str,
    send: bool,
    outbox: Path | None,
    config: Path | None,
    retry_in_doubt: bool,
    as_of: datetime.date | None,
) -> None:
    """E-mail each member their statement and the month's documents.

    Without --send: one .eml per member in the outbox, to read before sending.
    With --send: delivery through SMTP, recorded message by message in
    mail/sent/YYYY-MM.jsonl, so a rerun after a failure or a kill sends only
    what was not delivered, and nobody twice. Exit 1 if anyone was not reached.
    """
    import os

    from sif.documents.pdf import TemplateError
    from sif.mail.compose import AddressError
    from sif.mail.outbox import mail_month
    from sif.mail.settings import SettingsError, load_settings
    from sif.statements.model import StatementError

    month = _month(month_text)
    progress = _Progress()
    try:
        settings = load_settings(root, os.environ, config) if send else None
        # Sending writes the delivery record in the books: one writer at a time.
        with _write_lock(root, "mail --send") if send else contextlib.nullcontext():
            result = mail_month(
                root,
                month,
                as_of or _today(),
                outbox=outbox,
                settings=settings,
                retry_in_doubt=retry_in_doubt,
                progress=progress,
            )
    except (SettingsError, StatementError, TemplateError, AddressError) as exc:
        raise StatementsFailedError(str(exc)) from exc
    finally:
        progress.close()
    click.echo(
        f"Wrote {len(result.written)} message(s) for {month} to {result.outbox} "
        f"(and the statements, PDF and HTML, to {result.statements})"
    )
    for failure in result.unaddressed:
        click.echo(f"No e-mail for {failure}", err=True)
    for failure in result.unmade:
        click.echo(f"No e-mail for {failure}", err=True)
    report = result.report
    if report is None:
        if result.kept:
            click.echo(
                f"{len(result.kept)} member(s) already mailed (see {result.record}): kept as sent"
            )
        if result.unmade:
            sys.exit(1)
        return
    click.echo(
        f"Delivered {len(report.delivered)}; delivered before {len(report.already)}; "
        f"failed {len(report.failed) + len(result.unaddressed) + len(result.unmade)}; in doubt {len(report.in_doubt)}. "
        f"Record: {result.record}"
    )
    for failure in report.failed:
        click.echo(f"Not delivered: {failure}", err=True)
    for failure in report.in_doubt:
        click.echo(f"In doubt: {failure}", err=True)
    if not result.ok:
        click.echo(
            "Fix what is listed and run the same command again: it sends only the rest.", err=True
        )
        sys.exit(1)


@main.command("demo")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def demo(directory: Path) -> None:
    """Write the demo books (fictional) into DIRECTORY, which must be new or empty.

    45 members, their concepts, 18 months of trades, events, requests and
    feedback, with 2026-08 and 2026-09 invoiced: made from the data embedded in
    sif, the same every time. Then try `sif --root DIRECTORY check`.
    """
    from sif.demo.books import write_demo_books

    try:
        with _issuing():
            write_demo_books(directory)
    except FileExistsError as exc:
        raise BooksError(str(exc)) from exc
    click.echo(f"Wrote the demo books to {directory}: try `sif --root {directory} check`.")


@main.command("month-end-demo")
@click.option(
    "--scratch",
    type=click.Path(file_okay=False, path_type=Path),
    default="build/demo-books",
    show_default=True,
    help="Folder for the scratch copy (emptied first).",
)
@click.pass_obj
def month_end_demo(root: Path, scratch: Path) -> None:
    """Run the month-end on a scratch copy of the books.

    Copies the books to --scratch and invoices the latest month that has
    ended and is not invoiced yet, with today as the issue date, then writes
    every member's statement and e-mail (not sent). The committed files never
    change. Prints where the documents, statements and e-mails are.
    """
    from sif.demo.monthend import NothingToInvoiceError, scratch_month_end
    from sif.statements.model import StatementError

    scratch = scratch if scratch.is_absolute() else root / scratch
    try:
        with _issuing():
            result, mailed = scratch_month_end(root, scratch, _today())
    except (NothingToInvoiceError, StatementError) as exc:
        raise BooksError(str(exc)) from exc
    _print_run(result, scratch, False)
    if result.files:
        click.echo(f"Documents (UBL and PDF): {result.files[0].parent}")
    click.echo(f"Statements (PDF and HTML): {mailed.statements}")
    click.echo(f"E-mails, not sent (.eml, one per member): {mailed.outbox}")
    for member in mailed.unaddressed:
        click.echo(f"No e-mail for {member}: their statement goes by post", err=True)
    for member in mailed.unmade:
        click.echo(f"No statement for {member}", err=True)


@main.command()
@click.option("--quarter", metavar="YYYYQn", help="The quarter, like 2026Q4.")
@click.option("--month", metavar="YYYY-MM", help="The month, like 2026-10 (monthly filers).")
@click.option(
    "--listing",
    metavar="YYYY",
    help="The annual client listing of this year instead of a return.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "intervat"]),
    default="table",
    show_default=True,
    help="intervat: the XML to upload in Intervat.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the Intervat XML to this file (default: standard output).",
)
@click.pass_obj
@_invoicing_only
def vat(
    root: Path,
    quarter: str | None,
    month: str | None,
    listing: str | None,
    fmt: str,
    out: Path | None,
) -> None:
    """The amounts for the periodic VAT return grids of a quarter or month.

    Computed from the documents whose VAT is due in the period (by issue
    date; for services to private persons, when they were performed), and
    again from the ledger's VAT, turnover and purchase accounts: both must
    agree to the cent. With --format intervat, the return as Intervat XML
    (VATConsignment), with the operator's member file as declarant.

    With --listing YEAR: the annual client listing (ClientListingConsignment)
    of the Belgian customers with a VAT number invoiced at least EUR 250
    excluding VAT in the year; says who was left out and why.
    """
    from sif.accounting.intervat import IntervatError
    from sif.accounting.period import PeriodError, parse_period

    chosen = [
        (name, value)
        for name, value in (("--quarter", quarter), ("--month", month), ("--listing", listing))
        if value
    ]
    if len(chosen) != 1:
        raise click.UsageError("give one of --quarter YYYYQn, --month YYYY-MM or --listing YYYY")
    option, text = chosen[0]
    try:
        period = parse_period(text)
    except PeriodError as exc:
        raise click.BadParameter(str(exc), param_hint=option) from exc
    wanted = {"--quarter": "quarter", "--month": "month", "--listing": "year"}[option]
    if period.kind != wanted:
        example = {"quarter": "2026Q4", "month": "2026-10", "year": "2026"}[wanted]
        raise click.BadParameter(
            f'"{text}" is not a {wanted}; write it like {example}', param_hint=option
        )
    books = _load(root)
    if fmt == "intervat" and books.errors:
        _print_errors(books.errors, root)
        raise BooksError("the books have errors (see above); fix them before filing with Intervat")
    try:
        if listing:
            _vat_listing(books, period.year, fmt, out)
        else:
            _vat_return(books, period, fmt, out)
    except IntervatError as exc:
        raise BooksError(f"{exc}\nNothing was written.") from exc


def _write_or_echo(content: bytes, out: Path | None) -> None:
    from sif.fsutil import atomic_write

    if out is None:
        click.echo(content.decode("utf-8"), nl=False)
    else:
        atomic_write(out, content)
        click.echo(f"Written: {out}", err=True)


def _operator(books: Books) -> Any:
    operator = books.community.operator
    if operator is None:
        raise BooksError('services.yaml names no operator member ("community.operator")')
    return operator


def _vat_return(books: Books, period: Any, fmt: str, out: Path | None) -> None:
    from sif.accounting.intervat import vat_return_xml
    from sif.documents.vat import vat_return_between

    result = vat_return_between(books.entries, period.start, period.end, books.community.members)
    if fmt == "intervat":
        if not result.reconciles:
            raise BooksError(
                f"{period.label}: the documents and the ledger's VAT accounts do not agree "
                "(see `sif vat` without --format); nothing was written"
            )
        content, notes = vat_return_xml(result, period, _operator(books))
        for note in notes:
            click.echo(f"Note: {note}", err=True)
        _write_or_echo(content, out)
        return
    from sif.model.countries import country

    operator = books.community.operator
    home_code = operator.address.country if operator and operator.address else "BE"
    grids = (
        country(home_code).vat_return == "be"
    )  # the only return with grids sif knows (countries.yaml)
    by_rate = [
        {"what": what, "percent": str(percent), "base": str(base), "vat": str(tax)}
        for (what, percent), (base, tax) in sorted(result.by_rate.items())
    ]
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    period.kind: period.label,
                    "start": result.start.isoformat(),
                    "end": result.end.isoformat(),
                    "documents": result.documents,
                    "grids": {k: str(v) for k, v in result.grids.items()} if grids else None,
                    "by_rate": by_rate,
                    "ledger": {k: str(v) for k, v in result.ledger.items()},
                    "reconciles": result.reconciles,
                },
                indent=2,
            )
        )
    elif grids:
        click.echo(
            f"VAT return {period.label} ({result.start} to {result.end}), "
            f"{result.documents} document(s)"
        )
        for grid, amount in result.grids.items():
            click.echo(f"  grid {grid}  {amount:>12}")
        click.echo("Ledger: " + "; ".join(f"{k} {v}" for k, v in result.ledger.items()))
        click.echo("Reconciles with the ledger: " + ("yes" if result.reconciles else "NO"))
    else:
        click.echo(
            f"VAT {period.label} ({result.start} to {result.end}), {result.documents} "
            f"document(s): a summary by rate. sif fills no VAT return grids for {home_code}; "
            "copy these amounts into your country's return."
        )
        for row in by_rate:
            click.echo(
                f"  {row['what']:<22} {row['percent']:>5}%  base {row['base']:>12}  "
                f"VAT {row['vat']:>12}"
            )
        click.echo("Ledger: " + "; ".join(f"{k} {v}" for k, v in result.ledger.items()))
        click.echo("Reconciles with the ledger: " + ("yes" if result.reconciles else "NO"))
    if not result.reconciles:
        sys.exit(1)


def _vat_listing(books: Books, year: int, fmt: str, out: Path | None) -> None:
    from sif.accounting.intervat import client_listing, client_listing_xml

    listing = client_listing(books.entries, books.community, year)
    left = sum(len(ids) for ids in listing.left_out.values())
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "year": year,
                    "clients": [
                        {
                            "member": c.member,
                            "vat_number": c.vat_number,
                            "turnover": str(c.turnover),
                            "vat": str(c.vat),
                        }
                        for c in listing.clients
                    ],
                    "turnover": str(listing.turnover),
                    "vat": str(listing.vat),
                    "left_out": listing.left_out,
                },
                indent=2,
            )
        )
        return
    if fmt == "intervat":
        content, notes = client_listing_xml(listing, _operator(books))
        for note in notes:
            click.echo(f"Note: {note}", err=True)
        _write_or_echo(content, out)
    else:
        click.echo(f"Client listing {year}: {len(listing.clients)} customer(s)")
        for c in listing.clients:
            click.echo(f"  {c.vat_number}  {c.member:<40} {c.turnover:>12} {c.vat:>10}")
        click.echo(f"  total{'':<46} {listing.turnover:>12} {listing.vat:>10}")
    to_stderr = fmt == "intervat"  # the XML owns stdout
    click.echo(
        f"{len(listing.clients)} customer(s) listed, {left} member(s) invoiced in {year} left out.",
        err=to_stderr,
    )
    for reason, ids in sorted(listing.left_out.items()):
        click.echo(f"  Left out, {reason}: {len(ids)} ({', '.join(ids)})", err=to_stderr)


@main.command("export")
@click.option(
    "--period",
    "period_text",
    required=True,
    metavar="YYYY-MM|YYYYQn|YYYY",
    help="The month, quarter or year to export.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default="build/export",
    show_default=True,
    help="Folder that gets one folder per period.",
)
@click.pass_obj
def export(root: Path, period_text: str, out: Path) -> None:
    """Everything the accountant needs for a period, in one folder.

    sales.zip and purchases.zip (the documents issued, as UBL with the PDF
    inside), journal.csv (every EUR posting: documents, set-offs, payments),
    accounts.csv, parties.csv and a README.txt saying how they reconcile.
    Account numbers come from accounting.yaml (defaults: the Belgian MAR).
    The folder is written completely or not at all.
    """
    from sif.accounting.export import ExportError, export_period
    from sif.accounting.period import PeriodError, parse_period

    try:
        period = parse_period(period_text)
    except PeriodError as exc:
        raise click.BadParameter(str(exc), param_hint="--period") from exc
    books = _load(root)
    if books.errors:
        _print_errors(books.errors, root)
    out = out if out.is_absolute() else root / out
    try:
        result = export_period(books, period, out)
    except ExportError as exc:
        raise BooksError(f"{exc}\nNothing was written.") from exc
    click.echo(f"Export {period.label}: {result.folder}")
    click.echo(f"  sales.zip      {result.sales} document(s)")
    click.echo(f"  purchases.zip  {result.purchases} document(s)")
    click.echo(
        f"  journal.csv    {result.lines} line(s), debit {result.debit:.2f} = "
        f"credit {result.credit:.2f} EUR"
    )


@main.command()
@click.option("--on", "on", type=DATE, help="The menu card in force on this day (default: today).")
@click.option(
    "--lang",
    type=click.Choice(["nl", "fr", "en"]),
    default="nl",
    show_default=True,
    help="Language of the service names.",
)
@click.option(
    "--format", "fmt", type=FORMATS, default="table", show_default=True, help="Output format."
)
@click.pass_obj
def services(root: Path, on: datetime.date | None, lang: str, fmt: str) -> None:
    """The menu card: each service, its unit and its tariff in SIF and EUR."""
    from sif.model.community import MENU_FILE
    from sif.model.menu import load_menu

    menu, errors = load_menu(root / MENU_FILE)
    if menu is None:
        _print_errors(errors, root)
        raise BooksError("services.yaml has errors; fix them first (see above)")
    day = on or _today()
    value = menu.currency.value_on(day)
    vat = menu.vat_percent_on(day)
    cent = Decimal("0.01")
    rows = []
    for service, tariff in menu.in_force(day):
        excl = (tariff.value * value).quantize(cent, ROUND_HALF_UP) if value is not None else None
        incl = (
            (excl * (1 + vat / 100)).quantize(cent, ROUND_HALF_UP)
            if excl is not None and vat is not None
            else None
        )
        rows.append(
            {
                "service": service.id,
                "name": service.name(lang),
                "unit": menu.units.get(service.unit, {}).get(lang, service.unit),
                "flow": service.flow,
                "sif": str(tariff.value),
                "eur_excl_vat": str(excl) if excl is not None else None,
                "vat_percent": str(vat) if vat is not None else None,
                "eur_incl_vat": str(incl) if incl is not None else None,
                "valid_from": tariff.start.isoformat(),
            }
        )
    if fmt == "table" and value is None:
        click.echo(f"Menu card on {day}, in {menu.currency.code} (no value in money)")
    elif fmt == "table":
        click.echo(
            f"Menu card on {day}: 1 {menu.currency.code} = {value} {menu.currency.fiat} excl. VAT"
        )
    _emit(rows, list(rows[0]) if rows else ["service"], fmt)


class SiteBuildError(click.ClickException):
    """The public site could not be built; the message says why."""


@main.group()
def site() -> None:
    """The public site: network directory, concepts, menu card, agenda and figures.

    The data pages are generated into site/ from members/, concepts/, events/
    and services.yaml, then MkDocs builds the site as mkdocs.yml says.
    """


@site.command("build")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the built site (default: site_dir of mkdocs.yml, public/).",
)
@click.option(
    "--today", type=DATE, help="The day that splits upcoming from past events (default: today)."
)
@click.option("--site-url", help="The address the site is published at, for the sitemap.")
@click.pass_obj
def site_build(
    root: Path, out: Path | None, today: datetime.date | None, site_url: str | None
) -> None:
    """Generate the data pages and build the site (strict: any warning fails)."""
    from sif.site.generate import SiteError, build_site

    try:
        built = build_site(root, out.resolve() if out else None, today or _today(), site_url)
    except SiteError as exc:
        _print_errors(exc.errors, root)
        raise SiteBuildError(str(exc)) from exc
    for warning in built.generated.warnings:
        click.echo(f"Warning: {warning}", err=True)
    g = built.generated
    click.echo(
        f"Built the site in {built.out}: {g.members} members, {g.concepts} concepts, "
        f"{g.events} events ({built.generate_seconds:.1f} s to generate, "
        f"{built.mkdocs_seconds:.1f} s for MkDocs)."
    )


@site.command("serve")
@click.option(
    "--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on."
)
@click.option(
    "--today", type=DATE, help="The day that splits upcoming from past events (default: today)."
)
@click.pass_obj
def site_serve(root: Path, dev_addr: str, today: datetime.date | None) -> None:
    """Generate the data pages and serve the site, rebuilding when a page changes.

    After editing members, concepts, events or services.yaml, restart it.
    """
    from sif.site.generate import SiteError, serve_site

    try:
        serve_site(root, dev_addr, today or _today())
    except SiteError as exc:
        _print_errors(exc.errors, root)
        raise SiteBuildError(str(exc)) from exc
