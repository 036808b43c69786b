"""`sif member forget`: remove what the books need not keep about a member who left.

A member who left may ask to be forgotten (GDPR art. 17). The law still makes
the Fabriek keep its issued documents (invoices, self-billed invoices,
settlements, credit notes) for a retention period, `invoicing.retention_years`
in services.yaml (Belgium: ten years from the first of January after the
document's date), and with them their bookings and what they show of the
member: name, address and enterprise (VAT) number. Everything else goes:

Before, `members/oud-lid.yaml`::

    name: Oud Lid cv
    kind: organisation
    legal_form: cooperative
    email: info@oudlid.example
    phone: +32 11 22 33 44
    vat: {status: registered, number: BE0700123432}
    iban: BE71 0961 2345 6769
    profile: {bio: ...}
    publish: [name, bio]
    joined: 2024-01-01
    left: 2025-06-30

After: the name, kind, legal form, languages (of the documents), address, VAT
status and number, joined and left, with a comment saying why they stay; the
feedback they gave and the feedback on the sessions they coached, the requests
they asked, the e-mail address in the delivery record (mail/sent/) and the
statements and e-mails made for them (out/) are removed.

Issued documents never change, and none is removed here: `plan_forget` lists
each with the day it may go. Trades stay too (documents are made from them),
so a member with trades not yet invoiced cannot be forgotten until their month
is invoiced. The working tree is changed; the history in Git still holds the
old files, and docs/operations/private-books.md says how to purge it.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

import yaml
from beancount.core import data

from sif.documents.booking import issued_documents
from sif.errors import SifException
from sif.fsutil import atomic_write
from sif.ledger.accounts import member_of
from sif.ledger.books import Books, load_books, relative
from sif.ledger.locks import month_of, read_locks
from sif.mail.record import RECORD_DIR
from sif.model.feedback import feedback_files
from sif.model.members import Member
from sif.model.yamlio import LineDict, load_yaml

OUT_DIRS = (Path("out") / "statements", Path("out") / "mail")


class ForgetError(SifException):
    """The member cannot be forgotten (yet); the message says why and what to do."""


@dataclass(frozen=True)
class KeptDocument:
    """An issued document of the member that the law makes the Fabriek keep.

    Attributes:
      number: The document number.
      date: Its issue date.
      until: The last day it must be kept.
    """

    number: str
    date: datetime.date
    until: datetime.date

    @property
    def may_go(self) -> datetime.date:
        """The first day the document may be removed."""
        return self.until + datetime.timedelta(days=1)


@dataclass(frozen=True)
class ForgetPlan:
    """What forgetting a member changes in the working tree.

    Attributes:
      member: The member id.
      member_file: The member file, rewritten with what stays.
      member_text: Its new text.
      removed_fields: The fields the member file loses.
      rewrites: Other files rewritten, with their new text (feedback, the
        delivery record), by path.
      removed_entries: Per rewritten file, how many entries or lines lose the member.
      deleted: Files removed (the member's requests, statements and e-mails).
      documents: The member's issued documents, kept, with the day each may go.
    """

    member: str
    member_file: Path
    member_text: str
    removed_fields: tuple[str, ...]
    rewrites: dict[Path, str]
    removed_entries: dict[Path, int]
    deleted: tuple[Path, ...]
    documents: tuple[KeptDocument, ...]


def retention_end(date: datetime.date, years: int) -> datetime.date:
    """The last day a document of `date` must be kept: `years` full calendar years after its own.

    >>> retention_end(datetime.date(2026, 9, 3), 10)
    datetime.date(2036, 12, 31)
    """
    return datetime.date(date.year + years, 12, 31)


def plan_forget(books: Books, member_id: str, as_of: datetime.date) -> ForgetPlan:
    """Work out what forgetting `member_id` on `as_of` removes and keeps; change nothing.

    Raises:
      ForgetError: the member is unknown, still a member on `as_of`, has trades
        not yet invoiced, or the books have errors.
    """
    community = books.community
    member = community.members.get(member_id)
    root = books.root
    if member is None:
        raise ForgetError(f'no member "{member_id}" (members/{member_id}.yaml)')
    if community.menu is not None and member_id == community.menu.operator:
        raise ForgetError(f"{member_id} is the operator: it issues every document")
    if books.errors:
        raise ForgetError(
            f"the books have {len(books.errors)} error(s); run `sif check` and correct them first"
        )
    if member.left is None or member.left >= as_of:
        raise ForgetError(
            f"{member_id} is still a member on {as_of}: set `left:` in "
            f"{relative(member.filename, root)} to their last day, and forget them after it"
        )
    _refuse_uninvoiced(books, member_id)
    years = community.menu.retention_years if community.menu else 10
    documents = tuple(
        KeptDocument(doc.number, doc.date, retention_end(doc.date, years))
        for doc in issued_documents(books.entries)
        if doc.member == member_id
    )
    text, removed = forgotten_member_text(member, member_file_fields(Path(member.filename)), as_of)
    rewrites: dict[Path, str] = {}
    counts: dict[Path, int] = {}
    feedback, answers = _feedback_rewrites(root, member_id)
    for path, new, count in feedback:
        rewrites[path], counts[path] = new, count
    for path, new, count in _record_rewrites(root, member):
        rewrites[path], counts[path] = new, count
    deleted = [r.filename for r in community.requests.values() if r.requester == member_id]
    deleted += [str(path) for path in answers]
    for folder in OUT_DIRS:
        if (root / folder).is_dir():
            deleted += sorted(
                str(path)
                for path in (root / folder).glob("*/*")
                if path.is_file() and path.name.split(".")[0] == member_id
            )
    return ForgetPlan(
        member_id,
        Path(member.filename),
        text,
        removed,
        rewrites,
        counts,
        tuple(Path(name) for name in sorted(deleted)),
        documents,
    )


def _refuse_uninvoiced(books: Books, member_id: str) -> None:
    menu = books.community.menu
    start = menu.invoicing_start if menu else None
    locks, _ = read_locks(books.entries)
    open_months = sorted(
        {
            month_of(entry.date)
            for entry in books.entries
            if isinstance(entry, data.Transaction)
            and "service" in entry.meta
            and any(member_of(p.account) == member_id for p in entry.postings)
            and month_of(entry.date) not in locks
            and (start is None or entry.date >= start)
        }
    )
    if open_months:
        raise ForgetError(
            f"{member_id} has trades in {', '.join(open_months)} that are not invoiced yet: "
            "the documents the law requires are made from them. Run `sif invoice run --month "
            f"{open_months[0]}` after the month ends, then forget the member"
        )


def member_file_fields(path: Path) -> tuple[str, ...]:
    """The top-level fields written in a member file."""
    loaded, _ = load_yaml(path)
    return tuple(loaded) if isinstance(loaded, dict) else ()


#: What a forgotten member's file keeps, each for the documents the law makes the
#: Fabriek keep (and the trades and bookings they are made from).
KEPT = ("name", "kind", "legal_form", "languages", "address", "vat", "joined", "left")


def forgotten_member_text(
    member: Member, fields: tuple[str, ...], as_of: datetime.date
) -> tuple[str, tuple[str, ...]]:
    """The member file with only what the documents need, and the fields it loses."""
    out = [
        f"# Forgotten on {as_of.isoformat()} at the member's request (`sif member forget`).",
        "# What stays is on the documents the law makes us keep (name, address,",
        "# enterprise number), or ties them to the trades they were made from.",
        f"name: {_scalar(member.name)}",
        f"kind: {member.kind}",
    ]
    if member.legal_form:
        out.append(f"legal_form: {member.legal_form}")
    out.append(f"languages: {_scalar(list(member.languages))}   # the language of the documents")
    if member.address is not None:
        address = member.address
        out.append(
            "address: "
            + _scalar(
                {
                    "street": address.street,
                    "postcode": address.postcode,
                    "city": address.city,
                    "country": address.country,
                }
            )
        )
    vat: dict[str, str] = {"status": member.vat_status}
    if member.vat_number:
        vat["number"] = member.vat_number
    out.append(f"vat: {_scalar(vat)}")
    out.append(f"joined: {member.joined.isoformat()}")
    assert member.left is not None  # plan_forget refuses members who did not leave
    out.append(f"left: {member.left.isoformat()}")
    removed = tuple(name for name in fields if name not in KEPT)
    return "\n".join(out) + "\n", removed


def _scalar(value: object) -> str:
    dumped = yaml.safe_dump(
        value, default_flow_style=True, allow_unicode=True, width=1000, sort_keys=False
    )
    return dumped.strip().removesuffix("...").strip()


def _feedback_rewrites(
    root: Path, member_id: str
) -> tuple[list[tuple[Path, str, int]], list[Path]]:
    """Feedback without the answers the member gave and those on their sessions.

    Returns the files to rewrite (path, new text, entries removed) and the files
    to delete (an answer in a file of its own, as `sif feedback add` writes them).
    """
    rewrites = []
    deleted = []
    for path in feedback_files(root)[0]:
        loaded, errors = load_yaml(path)
        if errors or not isinstance(loaded, list):
            continue
        about = [_about(item, member_id) for item in loaded]
        if not any(about):
            continue
        if all(about):
            deleted.append(path)
            continue
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        starts = [item.line if isinstance(item, LineDict) else 0 for item in loaded]
        drop: set[int] = set()
        for index, item in enumerate(loaded):
            if about[index] and isinstance(item, LineDict):
                end = starts[index + 1] - 1 if index + 1 < len(starts) else len(lines)
                drop.update(range(item.line - 1, end))
        kept = "".join(line for number, line in enumerate(lines) if number not in drop)
        rewrites.append((path, kept, sum(about)))
    return rewrites, deleted


def _about(item: object, member_id: str) -> bool:
    """True for an answer the member gave, or one about a session they coached."""
    if not isinstance(item, dict):
        return False
    coaches = item.get("coaches") or []
    recipients = item.get("recipients") or []
    respondent = item.get("from")
    gave = respondent == member_id or (respondent is None and member_id in recipients)
    return gave or member_id in coaches


def _record_rewrites(root: Path, member: Member) -> list[tuple[Path, str, int]]:
    """Delivery records (mail/sent/) without the member's address."""
    folder = root / RECORD_DIR
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob("*.jsonl")):
        out = []
        count = 0
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                item = json.loads(line)
            except ValueError:
                out.append(line)
                continue
            if not isinstance(item, dict) or item.get("member") != member.id:
                out.append(line)
                continue
            count += 1
            address = str(item.get("to") or "")
            item["to"] = ""  # kept as a key: the record reads every line with one
            if address and "error" in item:
                item["error"] = str(item["error"]).replace(address, "(forgotten)")
            out.append(json.dumps(item, ensure_ascii=False))
        if count:
            found.append((path, "\n".join(out) + "\n", count))
    return found


def apply_forget(plan: ForgetPlan, root: Path) -> None:
    """Write the plan, then check the books; on any error put every file back.

    Raises:
      ForgetError: the books would not pass `sif check` afterwards (nothing changed).
    """
    before: dict[Path, bytes] = {}
    for path in (plan.member_file, *plan.rewrites, *plan.deleted):
        before[path] = path.read_bytes()
    try:
        atomic_write(plan.member_file, plan.member_text)
        for path, text in plan.rewrites.items():
            atomic_write(path, text)
        for path in plan.deleted:
            path.unlink()
        errors = load_books(root).errors
    except BaseException:
        _restore(before)
        raise
    if errors:
        _restore(before)
        first = errors[0]
        where = relative(str(first.source.get("filename", "")), root)
        raise ForgetError(
            f"the books would not pass `sif check` afterwards ({where}: {first.message}); "
            "nothing was changed"
        )


def _restore(before: dict[Path, bytes]) -> None:
    for path, content in before.items():
        atomic_write(path, content)
