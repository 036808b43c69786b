"""`sif init`: a new, valid repository of books for another community currency.

Nothing about the SIF is built into sif: the currency, its value, the VAT rate
and the organisation are data. `init_books` writes that data for another
community, with everything around it that the SIF's repository has: the
ledger, the operator's member file, an example menu card, the public site's
sources, the CI workflows, the commit checks and a README. The files come from
`files/` in this package (`dot-` in a name stands for a leading dot, so that
packaging keeps them), with `%%key%%` placeholders filled in.

The new books are written into a temporary folder next to the target and
checked with the same loader as `sif check`; only when they check clean is the
folder renamed into place. Nothing is left behind on an error.
"""

from __future__ import annotations

import datetime
import re
import shutil
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

import yaml

from sif import __version__
from sif.errors import SifException
from sif.ledger.books import format_error, load_books
from sif.model.members import normalize_vat
from sif.model.menu import NO_INVOICING, SELF_BILLING
from sif.model.newmember import member_yaml
from sif.model.yamlio import check_id
from sif.paths import MEMBERS_DIR

#: A Beancount commodity name, like SIF or EUR.
CURRENCY = re.compile(r"^[A-Z][A-Z0-9'._-]{0,22}[A-Z0-9]$")
_PLACEHOLDER = re.compile(r"%%([a-z_]+)%%")
_TEXT = frozenset((".md", ".yml", ".yaml", ".beancount", ".txt", ""))


class InitError(SifException):
    """The books cannot be created; the message says why. Nothing was written."""


@dataclass(frozen=True)
class Settings:
    """What makes a community's currency its own.

    Attributes:
      name: The community's name (on the site and in the ledger's title).
      code: The currency's code in the ledger, like "SIF".
      value: The value of 1 unit in `fiat`, excluding VAT.
      vat: The VAT percentage charged on it.
      operator_id: Member id of the organisation that issues the documents.
      operator_name: Its legal name, as on documents.
      legal_form: Its legal form (vzw, company, ...).
      vat_number: Its VAT number (it charges VAT, so it is VAT-registered).
      street: Its street and number.
      postcode: Its postal code.
      city: Its municipality.
      country: Its two-letter country code.
      email: Its e-mail address, or None.
      iban: Its bank account, or None.
      start: The day the value, the VAT rate and the operator's membership start.
      fiat: The legal currency of the documents.
      decimals: Decimals of amounts in the community currency.
      currency_name: The currency's display name (default: its code).
      invoicing: What the operator issues: "none" (no fiat value, no VAT, no
        documents), "invoices", or "invoices-and-self-billing".
      languages: The operator's languages, the first for its staff's messages.
      requirement: The pip requirement that installs sif (the distribution
        sif-books, which installs the command `sif`), for requirements.txt.
    """

    name: str
    code: str
    value: Decimal | None
    vat: Decimal
    operator_id: str
    operator_name: str
    legal_form: str
    vat_number: str | None
    street: str
    postcode: str
    city: str
    country: str
    email: str | None
    iban: str | None
    start: datetime.date
    fiat: str = "EUR"
    decimals: int = 2
    currency_name: str | None = None
    requirement: str = "sif-books"
    invoicing: str = SELF_BILLING
    languages: tuple[str, ...] = ("nl", "fr", "en")


def _yaml(text: str) -> str:
    return yaml.safe_dump(text, allow_unicode=True, width=1000).removesuffix("\n...\n").strip()


def _beancount(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _check(settings: Settings) -> None:
    problems = []
    for option, code in (("--code", settings.code), ("--fiat", settings.fiat)):
        if not CURRENCY.match(code):
            problems.append(
                f'{option} "{code}" is not a currency code: capitals and digits, 2 to 24 '
                "characters, starting with a letter (like SIF)"
            )
    if settings.code == settings.fiat:
        problems.append(f"--code and --fiat are both {settings.code}: the community needs its own")
    if (problem := check_id(settings.operator_id, "member")) is not None:
        problems.append(f"--operator-id: {problem}")
    if settings.invoicing != NO_INVOICING:
        if settings.value is None or settings.value <= 0:
            problems.append(
                f"--value must be more than 0: the documents are in {settings.fiat} "
                "(or choose --invoicing none, for a currency without a value in money)"
            )
        if not settings.vat_number:
            problems.append("--vat-number is missing: the operator issues invoices with VAT")
    elif settings.value is not None and settings.value < 0:
        problems.append("--value cannot be negative")
    if not 0 <= settings.vat < 100:
        problems.append("--vat is a percentage from 0 to 100")
    if not settings.name.strip():
        problems.append("--name is empty")
    if problems:
        raise InitError("; ".join(problems))


def placeholders(settings: Settings) -> dict[str, str]:
    """The values of the `%%key%%` placeholders of the template files."""
    from sif.site.generate import (  # noqa: PLC0415 (MkDocs loads only here)
        DOCS_DIR,
        generated_paths,
        site_pages,
    )

    currency_name = settings.currency_name or settings.code
    code, fiat = settings.code, settings.fiat
    if settings.invoicing == NO_INVOICING:
        money = "\ninvoicing: none                  # no invoices, no VAT: a currency of its own\n"
        worth = f"the {code} has no value in money and nobody is invoiced."
        if settings.value:
            money = (
                f"  values:                      # value of 1 {code} in {fiat}, for information\n"
                f"    - {{from: {settings.start.isoformat()}, value: {_number(settings.value)}}}\n"
            ) + money
            worth = f"1 {code} is worth {_number(settings.value)} {fiat}; nobody is invoiced."
    else:
        assert settings.value is not None
        money = (
            f"  values:                      # value of 1 {code} in {fiat}, excluding VAT\n"
            f"    - {{from: {settings.start.isoformat()}, value: {_number(settings.value)}}}\n\n"
            "invoicing:\n"
            f"  documents: {settings.invoicing}\n"
            f"  start: {settings.start.replace(day=1).isoformat()}"
            "            # the first month whose documents sif issues\n"
            "  retention_years: 10               # keep issued documents 10 years (Belgium)\n\n"
            "vat:\n"
            f"  - {{from: {settings.start.isoformat()}, percent: {_number(settings.vat)}}}\n"
        )
        worth = (
            f"1 {code} is worth {_number(settings.value)} {fiat} excluding VAT "
            f"({_number(settings.vat)} % VAT)."
        )
    languages = list(settings.languages)
    generated = generated_paths(languages, site_pages(languages))
    ignores = [f"/{DOCS_DIR}/{name}{'' if '.' in name else '/'}" for name in generated]
    return {
        "name": settings.name,
        "name_yaml": _yaml(settings.name),
        "title": _beancount(f"{settings.name} - {settings.code}"),
        "code": settings.code,
        "fiat": settings.fiat,
        "decimals": str(settings.decimals),
        "money_block": money.rstrip("\n"),
        "worth": worth,
        "start": settings.start.isoformat(),
        "start_month": settings.start.replace(day=1).isoformat(),
        "currency_name_yaml": _yaml(currency_name),
        "operator": settings.operator_id,
        "requirement": settings.requirement,
        "version": __version__,
        "generated_ignores": "\n".join(ignores),
    }


def fill(text: str, values: dict[str, str], name: str = "") -> str:
    """`text` with each `%%key%%` replaced by its value."""

    def value(match: re.Match[str]) -> str:
        key = match[1]
        if key not in values:
            raise InitError(f"template {name}: unknown placeholder %%{key}%%")
        return values[key]

    return _PLACEHOLDER.sub(value, text)


def _templates(folder: Traversable, prefix: str = "") -> list[tuple[str, Traversable]]:
    found = []
    for item in sorted(folder.iterdir(), key=lambda t: t.name):
        if item.name == "__pycache__":
            continue
        name = "." + item.name[4:] if item.name.startswith("dot-") else item.name
        if item.is_dir():
            found += _templates(item, f"{prefix}{name}/")
        else:
            found.append((prefix + name, item))
    return found


def template_files() -> list[tuple[str, Traversable]]:
    """(path in the new repository, template) for every file of `files/`."""
    return _templates(resources.files(__package__) / "files")


def operator_yaml(settings: Settings) -> str:
    """The operator's member file: an organisation, VAT-registered, with an address."""
    try:
        vat_number = normalize_vat(settings.vat_number or "")
    except ValueError:
        vat_number = ""  # the member check reports it, at its line
    # Belgian enterprise numbers are Peppol scheme 0208 (see README, "E-invoices").
    invoices = settings.invoicing != NO_INVOICING
    peppol = f"0208:{vat_number[2:]}" if invoices and vat_number.startswith("BE") else None
    return member_yaml(
        name=settings.operator_name,
        kind="organisation",
        legal_form=settings.legal_form,
        vat_status="registered" if settings.vat_number else "not-taxable",
        vat_number=settings.vat_number,
        languages=settings.languages,
        joined=settings.start,
        roles=("staff",),
        email=settings.email,
        street=settings.street,
        postcode=settings.postcode,
        city=settings.city,
        country=settings.country,
        iban=settings.iban,
        peppol=peppol,
        publish=("name", "kind", "legal_form", "city") + (("email",) if settings.email else ()),
    )


def write_books(root: Path, settings: Settings) -> None:
    """Write every file of the new books below `root` (no check)."""
    values = placeholders(settings)
    for relpath, template in template_files():
        target = root / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        if Path(relpath).suffix in _TEXT:
            target.write_text(fill(template.read_text("utf-8"), values, relpath), "utf-8")
        else:
            target.write_bytes(template.read_bytes())
    members = root / MEMBERS_DIR
    members.mkdir(exist_ok=True)
    (members / f"{settings.operator_id}.yaml").write_text(operator_yaml(settings), "utf-8")


def init_books(target: Path, settings: Settings) -> list[str]:
    """Create new books in `target` (absent or empty); return the files written.

    Raises:
      InitError: the settings are not valid, the folder is not empty, or the
        books would not check clean (the message lists the errors).
    """
    _check(settings)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise InitError(f"{target} exists and is not empty; name a new folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        write_books(scratch, settings)
        books = load_books(scratch)
        if books.errors:
            raise InitError(
                "the new books would not check clean, so nothing was written:\n"
                + "\n".join(format_error(error, scratch) for error in books.errors)
            )
        files = sorted(str(p.relative_to(scratch)) for p in scratch.rglob("*") if p.is_file())
        if target.exists():
            target.rmdir()
        scratch.rename(target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return files
