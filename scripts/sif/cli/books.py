"""`sif check`, `sif balances`, `sif services` and `sif fmt`: reading the books."""

from __future__ import annotations

import contextlib
import datetime
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from sif.cli.base import (
    DATE,
    FORMATS,
    emit,
    failing,
    load,
    local_today,
    main,
    print_errors,
    write_lock,
)
from sif.i18n import _, n_

if TYPE_CHECKING:
    from sif.ledger.books import Books
    from sif.review import Review


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

    from sif.accounting.mapping import mapping_errors
    from sif.documents.plugin import Scope, scope
    from sif.documents.run import late_warnings
    from sif.ledger.alerts import debt_warnings
    from sif.ledger.balances import compute_balances
    from sif.ledger.books import sorted_errors
    from sif.ledger.limits import limit_warnings
    from sif.ledger.trades import iter_trades
    from sif.model.cache import remembered
    from sif.privacy.minimal import unused_field_warnings
    from sif.privacy.remotes import remote_warnings
    from sif.privacy.secrets import find_secrets
    from sif.reports.check import check_json, count_books
    from sif.review.workspace import duplicate_warnings, temporary_warnings, untracked_errors
    from sif.site.checks import site_warnings

    if base:
        books, review = _load_and_review(root, base, fresh=all_documents)
    else:
        with scope(Scope(everything=all_documents)):
            books = load(root, fresh=all_documents)
        review = None
    community = books.community
    menu = community.menu

    def warn() -> list[str]:
        warnings = late_warnings(books, local_today())
        if menu is not None:
            balances = compute_balances(books.entries, community, local_today())
            warnings += debt_warnings(community, balances)
            warnings += limit_warnings(community, balances, local_today())
            warnings += duplicate_warnings(iter_trades(books.entries, menu.currency.code), root)
        return warnings

    # These warnings follow from the books and the day alone: a warm check (the
    # books read from Beancount's cache) finds them with the books' input hash.
    loaded = books.options.get("input_hash")
    warnings = (
        remembered(root, "warnings", f"{loaded}:{local_today()}", warn) if loaded else warn()
    )
    warnings += temporary_warnings(root)
    warnings += unused_field_warnings(community, root)
    warnings += remote_warnings(root, os.environ)
    warnings += site_warnings(root, community, local_today())
    counted = count_books(books)
    counts = counted._asdict()
    glyphs = _unprintable(books)
    fiat = menu.currency.fiat if menu is not None else "EUR"
    errors = sorted_errors(
        books.errors
        + glyphs
        + mapping_errors(root, books.entries, fiat)
        + untracked_errors(root)
        + find_secrets(root)
        + (review.errors if review else []),
        root,
    )
    if as_json:
        changes = review.changes if review is not None else None
        result = check_json(counted, errors, warnings, root, changes)
        click.echo(json.dumps(result, indent=2))
    else:
        _print_review(review)
        print_errors(errors, root)
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
    from sif.ledger.books import main_file
    from sif.review import load_and_review

    main_file(root)
    with failing("{problem}", BaseRefError=f"--base {base}: {{problem}}"):
        return load_and_review(root, base, fresh=fresh)


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
    from sif.model.menu import require_menu
    from sif.reports.balances import balances_report

    books = load(root)
    menu = require_menu(books.community.menu, books.errors)
    if books.errors:
        click.echo(
            f"Warning: the books have {len(books.errors)} error(s); run `sif check`. "
            "These balances may be wrong.",
            err=True,
        )
    code = menu.currency.code
    rows = []
    for b in balances_report(books, as_of or local_today()):
        row: dict[str, Any] = {
            "member": b.member,
            "name": b.name or None,
            "currency": code,
            "balance": str(b.balance),
            "position": _owes(b.balance, code),
            "given": str(b.given),
            "received": str(b.received),
            "last_activity": b.last_activity.isoformat() if b.last_activity else None,
            "debt_age_days": b.debt_age_days,
        }
        if menu.credit_limits is not None:
            row["credit_limit"] = _text(b.limit)
            row["room"] = _text(b.room)
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
    emit(rows, columns if fmt != "json" else list(rows[0]) if rows else columns, fmt)


def _text(amount: Decimal | None) -> str | None:
    return None if amount is None else str(amount)


def _owes(balance: Decimal, unit: str) -> str:
    """A balance in words: "owes 4.83 SIF", "is owed 4.83 SIF", "owes nothing"."""
    if balance > 0:
        return f"owes {balance} {unit}"
    if balance < 0:
        return f"is owed {-balance} {unit}"
    return "owes nothing"


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
    from sif.model.menu import load_menu, require_menu
    from sif.paths import MENU_FILE
    from sif.reports.services import service_rows

    menu = require_menu(*load_menu(root / MENU_FILE))
    day = on or local_today()
    value = menu.currency.value_on(day)
    rows = [
        {
            "service": row.service,
            "name": row.name,
            "unit": row.unit,
            "flow": row.flow,
            "sif": str(row.sif),
            "eur_excl_vat": _text(row.eur_excl_vat),
            "vat_percent": _text(row.vat_percent),
            "eur_incl_vat": _text(row.eur_incl_vat),
            "valid_from": row.valid_from.isoformat(),
        }
        for row in service_rows(menu, day, lang)
    ]
    if fmt == "table" and value is None:
        click.echo(f"Menu card on {day}, in {menu.currency.code} (no value in money)")
    elif fmt == "table":
        click.echo(
            f"Menu card on {day}: 1 {menu.currency.code} = {value} {menu.currency.fiat} excl. VAT"
        )
    emit(rows, list(rows[0]) if rows else ["service"], fmt)


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

    from sif.ledger.fmt import format_files, ledger_files, skip_reason

    paths = []
    for path in files or ledger_files(root):
        reason = skip_reason(path, root)
        if reason is None:
            paths.append(path)
        else:
            click.echo(_("{path}: skipped, {reason}").format(path=path, reason=reason), err=True)
    with write_lock(root, "fmt") if not check else contextlib.nullcontext():
        results = format_files(paths, write=not check)
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
