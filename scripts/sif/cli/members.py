"""`sif record` and `sif member`: trades and the members who make them."""

from __future__ import annotations

import contextlib
import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from sif.cli.base import (
    DATE,
    DECIMAL,
    counted,
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
    operator sells (workshop) or buys (article), it is the implied provider or
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
    "--language",
    "languages",
    multiple=True,
    help="A language with a catalog (nl, fr, en, de); the first is used for documents.",
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
    from sif.model.community import load_community
    from sif.model.newmember import (
        add_member,
        member_yaml,
        slugify,
    )

    if fields["vat_status"] is None:
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
    if not fields["languages"]:  # the operator's first language, as the community speaks
        operator = load_community(root).operator
        fields["languages"] = (
            operator.languages[:1] if operator and operator.languages else ("nl",)
        )
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
