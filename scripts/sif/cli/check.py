"""`sif check`: the books' checks, warnings and the change a pull request makes."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from sif.cli.base import (
    failing,
    local_today,
    main,
    print_errors,
)
from sif.i18n import _, n_

if TYPE_CHECKING:
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
    from sif.audit import audit
    from sif.reports.check import check_json

    with failing("{problem}", BaseRefError=f"--base {base}: {{problem}}"):
        found = audit(root, local_today(), base=base, all_documents=all_documents)
    errors, warnings, review = found.errors, found.warnings, found.review
    counts = found.counts._asdict()
    if as_json:
        changes = review.changes if review is not None else None
        result = check_json(found.counts, errors, warnings, root, changes)
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
