"""Golden files for what members and the public read: the PDF text of each kind
of document, the e-mails, and the site's pages (the UBL files and statements
have theirs in tests/test_ubl.py and tests/test_statements.py).

A change to any of these texts fails here with the difference; a person reads
it and accepts it with `pytest --update-golden` (see tests/conftest.py
`check_golden`). The texts come from the month-end books of
tests/statementbooks.py and the site books of tests/sitebooks.py.
"""

from __future__ import annotations

import io
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pypdf
import pytest
from lxml import html

from sif.documents.stored import embedded_pdf
from tests import statementbooks
from tests.conftest import BuiltOnce, Repo, check_golden, run_cli
from tests.sitebooks import TODAY, build_site_repo


@pytest.fixture
def books(built_once: BuiltOnce, tmp_path: Path) -> Repo:
    return built_once.copy("statements", statementbooks.build, tmp_path / "books")


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF, a line per line of the page."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    lines = "\n".join(page.extract_text() for page in reader.pages).splitlines()
    return "\n".join(" ".join(line.split()) for line in lines if line.strip()) + "\n"


def test_the_pdf_of_every_kind_of_document(books: Repo) -> None:
    """An invoice, a self-billing document and a settlement statement, in nl, fr and en:
    the PDF inside each UBL file (the one file kept of each document)."""
    folder = books.root / "documents" / "2026-10"
    ubls = sorted(folder.glob("*.xml"))
    assert {path.name[:2] for path in ubls} >= {"F2", "AF", "AN"}
    for path in ubls:
        check_golden(f"documents/{path.stem}.pdf.txt", pdf_text(embedded_pdf(path.read_bytes())))


def _message_text(message: EmailMessage) -> str:
    """What a member reads of an e-mail: its headers, body and attachments' names."""
    lines = [f"{name}: {message[name]}" for name in ("From", "To", "Subject")]
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    lines += ["", body.get_content().replace("\r\n", "\n").rstrip(), ""]
    lines += [f"attachment: {part.get_filename()}" for part in message.iter_attachments()]
    return "\n".join(lines) + "\n"


def test_the_e_mails(books: Repo) -> None:
    args = ("--month", statementbooks.MONTH, "--as-of", str(statementbooks.AS_OF))
    result = books.run("mail", *args)
    assert result.exit_code == 0, result.output
    outbox = sorted((books.root / "out" / "mail" / statementbooks.MONTH).glob("*.eml"))
    assert outbox
    for path in outbox:
        message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        assert isinstance(message, EmailMessage)
        check_golden(f"mail/{path.stem}.txt", _message_text(message))


BLOCKS = ["h1", "h2", "h3", "h4", "p", "li", "dt", "dd", "th", "td", "figcaption", "summary"]


def page_text(path: Path) -> str:
    """The text of a page's article, one line per heading, paragraph, item or cell."""
    tree = html.parse(str(path))
    article = tree.find(".//article")
    assert article is not None, path
    lines = []
    for element in article.iter(*BLOCKS):
        if any(ancestor.tag in BLOCKS for ancestor in element.iterancestors()):
            continue
        text = " ".join(" ".join(element.itertext()).split())
        if text:
            lines.append(f"{element.tag!s}: {text}")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    books = build_site_repo(tmp_path_factory.mktemp("site") / "books")
    out = books / "public"
    result = run_cli(books, "site", "build", "--today", TODAY.isoformat(), "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


#: One page of each kind, in every language of the site (`fr/...`, `en/...`).
PAGES = (
    "index", "lid-worden", "hoe-werkt-de-sif", "menukaart", "cijfers", "vragen",
    "netwerk/index", "netwerk/jurist-joke", "concepten/index", "concepten/repair-cafe-genk",
    "agenda/index",
)  # fmt: skip


def test_the_site_s_pages(site: Path) -> None:
    languages = [
        "",
        *sorted(
            f"{path.name}/"
            for path in site.iterdir()
            if len(path.name) == 2 and (path / "index.html").is_file()
        ),
    ]
    assert len(languages) >= 2, "the site has a page per language"
    for language in languages:
        for page in PAGES:
            path = site / f"{language}{page}.html"
            assert path.is_file(), f"{path} is missing"
            name = f"{language or 'nl/'}{page}".replace("/", "--")
            check_golden(f"site/{name}.txt", page_text(path))
