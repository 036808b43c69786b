"""Member files: `members/<id>.yaml`, one per person or organisation in the network.

The id is the file name. A member file holds who the member is, how to reach
them, their tax status for the documents, and what they consented to publish.
The operator of the currency (the Fabriek) is a member too, named in the menu
card; it issues all documents.

Example, `members/de-buurtkeuken.yaml`::

    name: De Buurtkeuken
    kind: organisation
    legal_form: vzw
    roles: [innovator]
    expertise: [food, community-building]
    languages: [nl, en]
    email: hallo@buurtkeuken.example
    address: {street: Stationsstraat 12, postcode: "3500", city: Hasselt, country: BE}
    vat: {status: not-taxable, number: BE0412345678}
    iban: BE71 0961 2345 6769
    joined: 2024-03-01
    self_billing: {accepted: 2024-03-01, terms: "2024-1"}
    profile:
      bio: {nl: Sociaal restaurant in Hasselt., en: Social restaurant in Hasselt.}
      offers: {nl: Een keuken en vrijwilligers voor een proefproject.}
      needs: {nl: Iemand die een subsidiedossier kan nalezen.}
    publish: [name, bio, expertise, city]
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from stdnum import iban as stdnum_iban
from stdnum.be import vat as be_vat
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import InvalidFormat, ValidationError

from sif import i18n
from sif.model.countries import country
from sif.model.errors import YamlError, did_you_mean, source
from sif.model.yamlio import Fields, check_id, load_folder

KINDS = ("person", "organisation")
LEGAL_FORMS = (
    "vzw",  # non-profit association
    "cooperative",
    "company",  # bv, nv and the like
    "foundation",
    "public-body",
    "association",  # feitelijke vereniging
    "sole-trader",  # a person with an enterprise number (eenmanszaak)
    "other",
)
ROLES = ("innovator", "coach", "facilitator", "funder", "researcher", "staff", "other")
#: The languages members, texts and events may use: those that have a catalog of
#: sif's words (sif/locale/<lang>/), so a language is added by adding its catalogs.
#: In this order, which is also the order in which a text missing in one language is
#: looked for in the others: Dutch, French and English first, then the rest.
LANGUAGES = tuple(sorted(i18n.languages(), key=lambda code: ("nl", "fr", "en", code).index(code)))
VAT_STATUSES = ("registered", "small-enterprise", "not-taxable")
#: Fields a member may consent to publish on the public site. Balances and
#: feedback are never publishable and therefore not listed.
PUBLISHABLE = (
    "name",
    "kind",
    "legal_form",
    "roles",
    "expertise",
    "languages",
    "bio",
    "offers",
    "needs",
    "website",
    "city",
    "email",
    "phone",
    "address",
    "vat_number",
    "iban",
)
FIELDS = (
    "name", "kind", "legal_form", "roles", "expertise", "languages", "email", "phone",
    "address", "vat", "iban", "peppol", "joined", "left", "self_billing", "profile", "publish",
)  # fmt: skip

EMAIL_RE = re.compile(r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[A-Za-z]{2,}$")
PHONE_RE = re.compile(r"^\+?[0-9 ()./-]{6,20}$")
TAG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
URL_RE = re.compile(r"^https?://[^\s<>\"]+$")
PEPPOL_RE = re.compile(r"^(\d{4}):(\S+)$")


@dataclass(frozen=True)
class Address:
    """A postal address.

    Attributes:
      street: Street and number.
      postcode: Postal code, as text.
      city: Municipality.
      country: ISO 3166 two-letter code, e.g. "BE".
    """

    street: str
    postcode: str
    city: str
    country: str


@dataclass(frozen=True)
class SelfBilling:
    """The member's agreement that the operator issues their invoices (autofacturatie).

    Belgian VAT law (art. 53 §2 WBTW and KB nr. 1) allows self-billing
    only with the supplier's prior agreement and a way to accept each document.

    Attributes:
      accepted: The day the member accepted the terms; in force from then on.
      terms: The version of the terms they accepted, e.g. "2026-1".
    """

    accepted: datetime.date
    terms: str

    def in_force(self, date: datetime.date) -> bool:
        return self.accepted <= date


@dataclass(frozen=True)
class Member:
    """A person or organisation in the network.

    Attributes:
      id: The slug from the file name, e.g. "de-buurtkeuken".
      name: Full name as on documents.
      kind: "person" or "organisation".
      legal_form: One of LEGAL_FORMS, or None for a private person.
      roles: Roles in the network (ROLES).
      expertise: Expertise tags (slugs).
      languages: Languages in order of preference; the first is used for documents.
      email: E-mail address, or None.
      phone: Phone number, or None.
      address: Postal address, or None.
      vat_status: One of VAT_STATUSES.
      vat_number: Compact VAT or enterprise number with country prefix ("BE0412345678").
      iban: Compact IBAN, or None.
      peppol: Peppol participant id "scheme:identifier", or None.
      joined: First day the member may trade.
      left: Last day the member may trade, or None.
      self_billing: The self-billing agreement, or None when there is none.
      bio: Profile text per language.
      offers: What the member offers the network ("ik bied"), per language.
      needs: What the member is looking for ("ik zoek"), per language.
      website: Profile web site, or None.
      publish: Fields the member consented to publish (subset of PUBLISHABLE).
      filename: The member file.
      line: Line of the first field in the file.
    """

    id: str
    name: str
    kind: str
    legal_form: str | None
    roles: tuple[str, ...]
    expertise: tuple[str, ...]
    languages: tuple[str, ...]
    email: str | None
    phone: str | None
    address: Address | None
    vat_status: str
    vat_number: str | None
    iban: str | None
    peppol: str | None
    joined: datetime.date
    left: datetime.date | None
    self_billing: SelfBilling | None = None
    bio: dict[str, str] = field(default_factory=dict)
    website: str | None = None
    offers: dict[str, str] = field(default_factory=dict)
    needs: dict[str, str] = field(default_factory=dict)
    publish: frozenset[str] = frozenset()
    filename: str = ""
    line: int = 0

    @property
    def language(self) -> str:
        """The language of this member's documents."""
        return self.languages[0] if self.languages else LANGUAGES[0]

    def active_on(self, date: datetime.date) -> bool:
        """True if the member may trade on `date`."""
        return self.joined <= date and (self.left is None or date <= self.left)

    @property
    def enterprise_number(self) -> str | None:
        """The Belgian enterprise number (10 digits), if the member has one."""
        if self.vat_number and self.vat_number.startswith("BE"):
            return self.vat_number[2:]
        return None


def normalize_vat(number: str) -> str:
    """Validate a VAT or enterprise number and return it compact with country prefix.

    A number without a country prefix is taken as Belgian. A number of an EU
    country (and Greece's EL) is checked with python-stdnum; one of another
    country (CH, GB, NO, ...) is kept as written, compact, after its two-letter
    country code: sif cannot check it. Raises ValidationError.
    """
    compact = re.sub(r"[\s.\-/]", "", number).upper()
    if compact[:2].isdigit():
        return "BE" + be_vat.validate(compact)
    prefix = compact[:2]
    if prefix.isalpha() and prefix.lower() not in eu_vat.MEMBER_STATES and prefix != "EL":
        if not re.fullmatch(r"[A-Z]{2}[A-Z0-9]{2,20}", compact):
            raise InvalidFormat()
        return compact
    return str(eu_vat.validate(compact))


def parse_member(
    member_id: str, data: object, filename: str, vat_required: bool = True
) -> tuple[Member | None, list[YamlError]]:
    """Build a Member from the loaded YAML of one member file.

    `vat_required=False` (a community that issues no invoices): a member
    without `vat:` is taken as not taxable.
    """
    errors: list[YamlError] = []
    if (problem := check_id(member_id, "member")) is not None:
        errors.append(
            YamlError(source(filename, 0), problem + "; rename the file to a valid id", None)
        )
    f = Fields(data, filename, errors, line=1)
    name = f.text("name", required=True)
    if name is not None and ("\n" in name or "\r" in name):
        f.error("name", "should be one line: the name as it stands on documents")
        name = None
    kind = f.choice("kind", KINDS, required=True)
    legal_form = f.text("legal_form")
    if kind == "organisation" and legal_form is None and not f.has("legal_form"):
        f.error("legal_form", f"is missing; an organisation has one of: {', '.join(LEGAL_FORMS)}")
    roles = f.str_list("roles", ROLES)
    expertise = f.str_list("expertise")
    for tag in expertise:
        if not TAG_RE.match(tag):
            f.error("expertise", f'the tag "{tag}" should be lowercase words joined by dashes')
    expertise = tuple(tag for tag in expertise if TAG_RE.match(tag))
    languages = f.str_list("languages", LANGUAGES)
    if not languages and not f.has("languages"):
        f.error(
            "languages",
            "is missing; list the member's languages, first the one for documents, e.g. [nl]",
        )

    email = f.text("email")
    if email is not None and not EMAIL_RE.match(email):
        f.error("email", f'"{email}" is not an e-mail address')
        email = None
    phone = f.text("phone")
    if phone is not None and not PHONE_RE.match(phone):
        f.error(
            "phone",
            f'"{phone}" is not a phone number (digits, spaces and +, like +32 470 12 34 56)',
        )
        phone = None
    address = _parse_address(f)
    legal_form = _check_legal_form(f, kind, legal_form, address)

    vat = f.sub("vat")
    vat_status = vat.choice("status", VAT_STATUSES, required=vat_required)
    if vat_status is None and not vat_required and not vat.has("status"):
        vat_status = "not-taxable"
    vat_number = vat.text("number")
    if vat_number is not None:
        try:
            vat_number = normalize_vat(vat_number)
        except ValidationError as exc:
            vat.error(
                "number",
                f'"{vat_number}" is not a valid VAT or enterprise number ({exc}); copy it from the KBO/BCE',
            )
            vat_number = None
    elif vat_status in ("registered", "small-enterprise") and vat_required:
        vat.error(
            "number",
            f'is missing; a member with VAT status "{vat_status}" has an enterprise number',
        )
    vat.finish()

    iban = f.text("iban")
    if iban is not None:
        try:
            iban = stdnum_iban.validate(iban)
        except ValidationError as exc:
            f.error("iban", f'"{iban}" is not a valid IBAN ({exc}); check for a typo')
            iban = None
    peppol = f.text("peppol")
    if peppol is not None:
        peppol = _check_peppol(f, peppol, vat_number)

    joined = f.date("joined", required=True)
    left = f.date("left")
    if joined and left and left < joined:
        f.error("left", f"{left} is before the member joined ({joined})")
    self_billing = _parse_self_billing(f)

    profile = f.sub("profile")
    bio = profile.translations("bio", LANGUAGES)
    offers = profile.translations("offers", LANGUAGES)
    needs = profile.translations("needs", LANGUAGES)
    website = profile.text("website")
    if website is not None and not URL_RE.match(website):
        profile.error("website", f'"{website}" should be a web address starting with https://')
        website = None
    profile.finish()
    publish = f.str_list("publish", PUBLISHABLE)
    f.finish()

    if errors or name is None or kind is None or vat_status is None or joined is None:
        return None, errors
    member = Member(
        id=member_id,
        name=name,
        kind=kind,
        legal_form=legal_form,
        roles=roles,
        expertise=expertise,
        languages=languages,
        email=email,
        phone=phone,
        address=address,
        vat_status=vat_status,
        vat_number=vat_number,
        iban=iban,
        peppol=peppol,
        joined=joined,
        left=left,
        self_billing=self_billing,
        bio=bio,
        website=website,
        offers=offers,
        needs=needs,
        publish=frozenset(publish),
        filename=filename,
        line=f.line,
    )
    return member, errors


def _check_legal_form(
    f: Fields, kind: str | None, legal_form: str | None, address: Address | None
) -> str | None:
    """The legal form: a general one (LEGAL_FORMS) or one of the member's country.

    The local forms of each country are data (sif/model/data/countries.yaml);
    without an address the forms of the Belgian list apply.
    """
    if legal_form is None:
        return None
    home = country(address.country if address else "BE")
    general = home.legal_forms.get(legal_form, legal_form)
    if general not in LEGAL_FORMS:
        local = sorted(home.legal_forms)
        where = f" or, in {home.code}, one of: {', '.join(local)}" if local else ""
        options = [*LEGAL_FORMS, *local]
        f.error(
            "legal_form",
            f'"{legal_form}" is not one of: {", ".join(LEGAL_FORMS)}{where}.'
            + did_you_mean(legal_form, options),
        )
        return None
    if kind == "person" and general != "sole-trader":
        f.error("legal_form", 'a person has no legal form, or "sole-trader" when self-employed')
    return legal_form


def _parse_address(f: Fields) -> Address | None:
    if not f.has("address"):
        return None
    a = f.sub("address")
    street = a.text("street", required=True)
    postcode = a.text("postcode", required=True)
    city = a.text("city", required=True)
    country = (a.text("country") or "BE").upper()
    if len(country) != 2 or not country.isalpha():
        a.error("country", f'"{country}" should be a two-letter country code, like BE')
    if country == "BE" and postcode is not None and not re.fullmatch(r"\d{4}", postcode):
        a.error("postcode", f'"{postcode}" is not a Belgian postcode (four digits)')
    a.finish()
    if street and postcode and city:
        return Address(street, postcode, city, country)
    return None


def _parse_self_billing(f: Fields) -> SelfBilling | None:
    if not f.has("self_billing"):
        return None
    sb = f.sub("self_billing")
    accepted = sb.date("accepted", required=True)
    terms = sb.text("terms", required=True)
    sb.finish()
    if accepted is None or terms is None:
        return None
    return SelfBilling(accepted, terms)


def _check_peppol(f: Fields, peppol: str, vat_number: str | None) -> str | None:
    match = PEPPOL_RE.match(peppol)
    if not match:
        f.error("peppol", f'"{peppol}" should be "scheme:identifier", like 0208:0412345678')
        return None
    scheme, ident = match.groups()
    if scheme == "0208":
        try:
            ident = be_vat.validate(ident)
        except ValidationError:
            f.error(
                "peppol", f'"{ident}" is not a valid Belgian enterprise number for scheme 0208'
            )
            return None
        if vat_number is not None and vat_number != "BE" + ident:
            f.error(
                "peppol", f"the enterprise number {ident} differs from the VAT number {vat_number}"
            )
            return None
    return f"{scheme}:{ident}"


def load_members(
    directory: Path, vat_required: bool = True
) -> tuple[dict[str, Member], list[YamlError]]:
    """Load every `*.yaml` member file in `directory`, sorted by id."""
    if not directory.is_dir():
        return {}, [YamlError(source(str(directory), 0), "the members folder is missing", None)]
    return load_folder(
        directory, "member", functools.partial(parse_member, vat_required=vat_required)
    )
