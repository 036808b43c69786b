"""`sif check`: the books' checks, warnings and the change a pull request makes."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from sif.cli.base import (
    failing,
    load,
    local_today,
    main,
    print_errors,
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
