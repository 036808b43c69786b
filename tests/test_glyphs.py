"""Every name prints: what the document fonts cannot show is caught before it stops a run."""

from __future__ import annotations

from pathlib import Path

from tests import statementbooks
from tests.conftest import Repo, line_of

EMOJI = "\U0001f600"


def _rename(repo: Repo, member: str, old: str, new: str) -> Path:
    path = repo.root / "members" / f"{member}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return path


def test_sif_check_names_the_field_a_document_cannot_print(repo: Repo) -> None:
    # Greek, Cyrillic and accented Latin print with the documents' fonts: no error.
    _rename(repo, "an-claes", "name: An Claes", "name: Ánna Κλάους Клаус")
    assert repo.check()["ok"], repo.errors()
    path = _rename(repo, "bram-peeters", "name: Bram Peeters", f"name: Bram Peeters {EMOJI}")
    _rename(repo, "de-buurtkeuken", "city: Hasselt", "city: 哈瑟尔特")
    errors = [e for e in repo.errors() if e["kind"] == "GlyphError"]
    assert [(e["file"], e["line"]) for e in errors] == [
        ("members/bram-peeters.yaml", line_of(path, "name:")),
        (
            "members/de-buurtkeuken.yaml",
            line_of(repo.root / "members/de-buurtkeuken.yaml", "city:"),
        ),
    ]
    assert (
        f'name "Bram Peeters {EMOJI}": the documents cannot print "{EMOJI}" (U+1F600'
        in (errors[0]["message"])
    )
    assert 'address.city "哈瑟尔特"' in errors[1]["message"] and "U+54C8" in errors[1]["message"]
    result = repo.run("check")
    assert result.exit_code == 1 and "members/bram-peeters.yaml:1: name" in result.output


def test_the_month_end_names_the_member_and_field_before_issuing_anything(books: Repo) -> None:
    _rename(books, "bram-peeters", "name: Bram Peeters", f"name: Bram {EMOJI}")
    before = books.snapshot()
    result = books.run("invoice", "run", "--month", "2026-10", "--issue-date", "2026-11-03")
    assert result.exit_code == 1
    assert "cannot be printed" in result.output and "nothing was issued" in result.output
    assert f'members/bram-peeters.yaml:1: name "Bram {EMOJI}"' in result.output
    assert "Traceback" not in result.output
    assert books.snapshot() == before


def test_statements_and_mail_report_who_they_cannot_make_and_go_on(repo: Repo) -> None:
    books = statementbooks.build(repo)
    # Renamed after the documents were issued: only the statements print the new name.
    _rename(books, "bram-peeters", "name: Bram Peeters", f"name: Bram {EMOJI}")
    args = ("--month", statementbooks.MONTH, "--as-of", str(statementbooks.AS_OF))
    result = books.run("statements", *args)
    assert result.exit_code == 1, result.output
    assert f'No statement for bram-peeters: members/bram-peeters.yaml:1: name "Bram {EMOJI}"' in (
        result.output
    )
    # De Buurtkeuken received a session from Bram: his name is on its statement too.
    assert "No statement for de-buurtkeuken: the statement cannot be printed" in result.output
    folder = books.root / "out" / "statements" / statementbooks.MONTH
    assert sorted(p.name for p in folder.glob("*.pdf")) == ["an-claes.pdf", "atelier-soleil.pdf"]

    mailed = books.run("mail", *args)
    assert mailed.exit_code == 1, mailed.output
    assert "No e-mail for bram-peeters" in mailed.output and "cannot be printed" in mailed.output
    outbox = books.root / "out" / "mail" / statementbooks.MONTH
    assert {p.stem for p in outbox.glob("*.eml")} == {"an-claes", "atelier-soleil"}
