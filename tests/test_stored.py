"""Each issued document stored once: the UBL file with its PDF inside, and the
migration of books that kept a separate copy of each PDF (`sif documents migrate`)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from beancount.core import data

from sif.documents.archive import read_archives, ubl_folder
from sif.documents.booking import Issued, issued_documents
from sif.documents.migrate import migrate_pdfs
from sif.documents.model import Document
from sif.documents.pool import render
from sif.documents.run import run_month
from sif.documents.stored import (
    StoredDocumentError,
    embedded_pdf,
    issued_pdf,
    pdf_path,
    write_linked_pdf,
    write_pdf,
)
from sif.ledger.books import load_books
from sif.model.community import Community
from sif.model.period import Month
from tests.conftest import ISSUE, OCTOBER, Repo, dedent, issue
from tests.test_review import commit, init, review

MONTH = "2026-10"


def issued(repo: Repo) -> dict[str, Issued]:
    return {doc.number: doc for doc in issued_documents(load_books(repo.root).entries)}


def test_the_pdf_produced_is_byte_identical_to_the_one_issued(books: Repo) -> None:
    rendered: dict[str, bytes] = {}

    def keep(doc: Document, community: Community) -> tuple[bytes, bytes]:
        xml, pdf = render(doc, community)
        rendered[doc.number] = pdf
        return xml, pdf

    result = run_month(books.root, Month.parse(MONTH), ISSUE, renderer=keep)
    assert sorted(path.suffix for path in result.files) == [".xml"] * len(rendered)
    assert not list((books.root / "documents").rglob("*.pdf"))
    docs = issued(books)
    assert sorted(docs) == sorted(rendered)
    for number, doc in docs.items():
        assert rendered[number].startswith(b"%PDF")
        assert issued_pdf(books.root, doc) == rendered[number]
        assert issued_pdf(books.root, doc) == rendered[number]  # every time
        path = write_pdf(books.root, doc)
        assert path == books.root / "out" / "documents" / MONTH / f"{number}.pdf"
        assert path.read_bytes() == rendered[number]
    assert books.check()["ok"], books.errors()


def test_the_books_link_each_pdf_for_fava(books: Repo) -> None:
    issue(books)
    loaded = load_books(books.root)
    links = {
        next(iter(entry.links or ())): entry.filename
        for entry in loaded.entries
        if isinstance(entry, data.Document) and entry.filename.endswith(".pdf")
    }
    docs = issued(books)
    assert links == {n: str(pdf_path(books.root, doc)) for n, doc in docs.items()}
    ledger = (books.root / "ledger" / "documents" / f"{MONTH}.beancount").read_text("utf-8")
    assert ".pdf" not in ledger  # nothing in the books names a file that is not stored


def test_a_changed_ubl_file_gives_no_pdf(books: Repo) -> None:
    issue(books)
    doc = issued(books)["F2026-00001"]
    path = books.root / doc.ubl
    path.write_bytes(path.read_bytes().replace(b"<cbc:ID>F2026-00001", b"<cbc:ID>F2026-00009", 1))
    with pytest.raises(StoredDocumentError) as caught:
        issued_pdf(books.root, doc)
    assert str(caught.value) == (
        "F2026-00001: the UBL file documents/2026-10/F2026-00001.xml is not the one issued "
        "(its SHA-256 is not the one booked), so its PDF is not given out; restore it from "
        "git: an issued document never changes"
    )
    with pytest.raises(StoredDocumentError, match="holds no PDF"):
        embedded_pdf(b"<Invoice/>", "x.xml")
    with pytest.raises(StoredDocumentError, match="is not well-formed XML"):
        embedded_pdf(b"<Invoice", "x.xml")


# --- books issued before: a separate copy of each PDF ------------------------------------------


def old_layout(repo: Repo) -> dict[str, bytes]:
    """Make the books look as books issued before did: each PDF also as its own file,
    linked by a `document` line before the UBL file's. Returns the PDFs by path."""
    copies = {}
    ledger = repo.root / "ledger" / "documents" / f"{MONTH}.beancount"
    text = ledger.read_text(encoding="utf-8")
    for number, doc in issued(repo).items():
        name = str(Path(doc.ubl).with_suffix(".pdf"))
        copies[name] = issued_pdf(repo.root, doc)
        (repo.root / name).write_bytes(copies[name])
        line = re.search(
            rf'(?m)^(\S+ document \S+ )"\.\./\.\./{re.escape(doc.ubl)}" \^{number}\n', text
        )
        assert line is not None
        text = text.replace(line[0], f'{line[1]}"../../{name}" ^{number}\n{line[0]}')
    ledger.write_text(text, encoding="utf-8")
    assert text.count(".pdf") == len(copies)
    return copies


@pytest.fixture
def before(books: Repo) -> tuple[Repo, dict[str, bytes]]:
    """Invoiced books of the older layout, committed on main."""
    issue(books)
    copies = old_layout(books)
    init(books.root)
    commit(books.root)
    assert books.check()["ok"], books.errors()
    return books, copies


def test_migrate_removes_only_the_copies_and_their_links(
    before: tuple[Repo, dict[str, bytes]],
) -> None:
    books, copies = before
    ledger = books.root / "ledger" / "documents" / f"{MONTH}.beancount"
    old_text = ledger.read_text(encoding="utf-8")
    ubls = {p.name: p.read_bytes() for p in (books.root / "documents").rglob("*.xml")}
    result = books.run("documents", "migrate")
    assert result.exit_code == 0, result.output
    assert f"removed {len(copies)} PDF file(s)" in " ".join(result.output.split())
    assert not list((books.root / "documents").rglob("*.pdf"))
    assert {p.name: p.read_bytes() for p in (books.root / "documents").rglob("*.xml")} == ubls
    # The ledger lost the PDF link lines and nothing else.
    kept = [line for line in old_text.splitlines(keepends=True) if ".pdf" not in line]
    assert ledger.read_text(encoding="utf-8") == "".join(kept)
    assert "/out/" in (books.root / ".gitignore").read_text(encoding="utf-8")
    # The pull request passes: each deleted PDF is the one inside its unchanged UBL file.
    code, report = review(books)
    assert code == 0, report["errors"]
    # Fava still lists each PDF, produced from the UBL file.
    for doc in issued(books).values():
        assert (
            write_pdf(books.root, doc).read_bytes()
            == copies[str(Path(doc.ubl).with_suffix(".pdf"))]
        )
    # Idempotent.
    again = books.run("documents", "migrate")
    assert again.exit_code == 0, again.output
    assert "nothing to remove" in again.output


def test_migrate_refuses_a_pdf_that_differs_and_changes_nothing(
    before: tuple[Repo, dict[str, bytes]],
) -> None:
    books, _ = before
    pdf = books.root / "documents" / MONTH / "AF2026-00001.pdf"
    pdf.write_bytes(pdf.read_bytes() + b"\n% another PDF\n")
    commit(books.root, "a PDF that is not a copy")
    files = {
        p: p.read_bytes() for p in books.root.rglob("*") if p.is_file() and ".git" not in p.parts
    }
    result = books.run("documents", "migrate")
    assert result.exit_code == 1
    assert (
        "AF2026-00001: documents/2026-10/AF2026-00001.pdf is not the PDF inside "
        "documents/2026-10/AF2026-00001.xml (they differ)" in " ".join(result.output.split())
    ), result.output
    after = {
        p: p.read_bytes() for p in books.root.rglob("*") if p.is_file() and ".git" not in p.parts
    }
    assert {
        p: c for p, c in after.items() if "__pycache__" not in p.parts and ".sif" not in p.name
    } == {p: c for p, c in files.items() if "__pycache__" not in p.parts and ".sif" not in p.name}


def test_a_deleted_pdf_that_is_no_copy_fails_the_review(
    before: tuple[Repo, dict[str, bytes]],
) -> None:
    books, _ = before
    pdf = books.root / "documents" / MONTH / "AF2026-00001.pdf"
    pdf.write_bytes(pdf.read_bytes() + b"\n% another PDF\n")
    commit(books.root, "a PDF that is not a copy")
    pdf.unlink()
    code, report = review(books)
    assert code == 1
    (error,) = [e for e in report["errors"] if e["kind"] == "IssuedChangedError"]
    assert (
        "documents/2026-10/AF2026-00001.pdf was issued (it is in main) and is deleted"
        in (error["message"])
    )


def test_a_migration_killed_half_way_leaves_valid_books_and_finishes_next_time(
    before: tuple[Repo, dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    books, copies = before
    removed: list[Path] = []
    unlink = Path.unlink

    def killed(path: Path, missing_ok: bool = False) -> None:
        if path.suffix == ".pdf" and removed:
            raise KeyboardInterrupt  # the second PDF: as a kill would stop it
        removed.append(path)
        unlink(path, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", killed)
    with pytest.raises(KeyboardInterrupt):
        migrate_pdfs(books.root)
    monkeypatch.undo()
    assert len(list((books.root / "documents").rglob("*.pdf"))) == len(copies) - 1
    assert books.check()["ok"], books.errors()
    done = migrate_pdfs(books.root)
    assert len(done.removed) == len(copies) - 1
    assert not list((books.root / "documents").rglob("*.pdf"))
    assert books.check()["ok"], books.errors()
    code, report = review(books)
    assert code == 0, report["errors"]


# --- older years out of the working repository -------------------------------------------------


@pytest.fixture
def two_years(books: Repo) -> Repo:
    """Books with October 2025 and October 2026 invoiced, committed on main."""
    first_two = dedent(OCTOBER).split("\n\n")[:2]
    older = "\n\n".join(first_two).replace("2026-10-", "2025-10-").replace("2.50 SIF", "2.00 SIF")
    books.month("2025-10", older + "\n")
    menu = books.root / "services.yaml"
    menu.write_text(
        menu.read_text("utf-8").replace("start: 2026-08-01", "start: 2025-10-01"), "utf-8"
    )
    result = books.run("invoice", "run", "--month", "2025-10", "--issue-date", "2025-11-03")
    assert result.exit_code == 0, result.output
    issue(books)
    init(books.root)
    commit(books.root)
    return books


def test_archive_moves_older_years_and_the_hashes_still_prove_them(
    two_years: Repo, tmp_path: Path
) -> None:
    books = two_years
    older = sorted(p.name for p in (books.root / "documents" / "2025-10").iterdir())
    assert older
    archive = tmp_path / "archive"
    result = books.run("documents", "archive", "--before", "2026", "--to", str(archive))
    assert result.exit_code == 0, result.output
    assert not (books.root / "documents" / "2025-10").exists()
    assert (books.root / "documents" / "2026-10").is_dir()
    assert sorted(p.name for p in (archive / "documents" / "2025-10").iterdir()) == older
    assert "documents/2025-10/" in git_in(archive, "ls-files")  # committed in the archive
    record = (books.root / "ledger" / "documents" / "archive.beancount").read_text("utf-8")
    assert f'custom "sif-archive" "2026" "{Path("..") / "archive"}"' in record
    # Verified in the archive, and the pull request that moves them passes.
    git_in(books.root, "add", "-A")
    assert books.check()["ok"], books.errors()
    code, report = review(books)
    assert code == 0, report["errors"]
    # Fava's PDF of an archived document is produced from the archive.
    loaded = load_books(books.root)
    archives = read_archives(loaded.entries)
    doc = next(d for d in issued_documents(loaded.entries) if d.period == "2025-10")
    made = write_linked_pdf(
        books.root,
        issued_documents(loaded.entries),
        str(pdf_path(books.root, doc)),
        lambda d: ubl_folder(books.root, d, archives),
    )
    assert made is not None
    assert made.read_bytes() == embedded_pdf((archive / doc.ubl).read_bytes())
    # A changed file in the archive is caught.
    changed = archive / "documents" / "2025-10" / older[0]
    content = changed.read_bytes()
    changed.write_bytes(content + b"<!-- changed -->\n")
    (error,) = books.errors()
    assert "was changed after it was issued" in error["message"], error
    changed.write_bytes(content)
    # Without the archive, the check passes and says what it did not verify.
    archive.rename(tmp_path / "elsewhere")
    report = books.check()
    assert report["ok"], report["errors"]
    assert any(
        f"{len(older)} archived document(s) were not verified: their archive {archive} is not here"
        in warning
        for warning in report["warnings"]
    ), report["warnings"]
    # ... but cannot prove the deletions of a pull request.
    code, report = review(books)
    assert code == 1
    # Again: nothing left to move; an earlier year is archived already.
    (tmp_path / "elsewhere").rename(archive)
    again = books.run("documents", "archive", "--before", "2026", "--to", str(archive))
    assert again.exit_code == 0, again.output
    assert "nothing to move" in again.output
    earlier = books.run("documents", "archive", "--before", "2025", "--to", str(archive))
    assert earlier.exit_code == 1
    assert "documents before 2026 are archived already" in earlier.output


def git_in(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, check=True
    ).stdout
