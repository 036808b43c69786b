"""Verification that grows with the change: `sif check --base` reads only what changed.

The issued files a check reads are those `sif.documents.plugin._check_file`
is called for; SIF_NO_CACHE=1 keeps the cache of files verified before out of
the way, so what is not read here is trusted to git alone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sif.documents import plugin
from sif.documents.booking import Issued
from sif.model.errors import SifError
from tests.conftest import ADDRESSES, Repo
from tests.test_loadcache import cache  # noqa: F401 (a fixture)
from tests.test_review import NOVEMBER, commit, git, review

OCTOBER = """\
    2026-10-12 * "Versterkingssessie"
      service: "strengthening-session"
      Assets:Members:Atelier-soleil     -2.50 SIF
      Assets:Members:An-claes            2.50 SIF

    2026-10-14 * "Versterkingssessie"
      service: "strengthening-session"
      Assets:Members:An-claes           -2.50 SIF
      Assets:Members:Bram-peeters        2.50 SIF
    """


@pytest.fixture
def read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The UBL files the checks read, in order."""
    monkeypatch.setenv("SIF_NO_CACHE", "1")
    seen: list[str] = []
    real = plugin._check_file

    def spy(root: Path, doc: Issued) -> list[SifError]:
        seen.append(doc.ubl)
        return real(root, doc)

    monkeypatch.setattr(plugin, "_check_file", spy)
    return seen


@pytest.fixture
def invoiced(repo: Repo) -> Repo:
    """October invoiced, committed on main."""
    for member, line in ADDRESSES.items():
        path = repo.root / "members" / f"{member}.yaml"
        path.write_text(path.read_text(encoding="utf-8") + line, encoding="utf-8")
    repo.month("2026-10", OCTOBER)
    git(repo.root, "init", "-q", "-b", "main")
    result = repo.run("invoice", "run", "--month", "2026-10", "--issue-date", "2026-11-03")
    assert result.exit_code == 0, result.output
    commit(repo.root)
    return repo


def october(repo: Repo) -> list[str]:
    return sorted(
        str(path.relative_to(repo.root)) for path in (repo.root / "documents").rglob("*.xml")
    )


def test_a_change_without_documents_reads_no_issued_file(invoiced: Repo, read: list[str]) -> None:
    assert len(october(invoiced)) >= 3
    invoiced.month("2026-11", NOVEMBER)
    code, report = review(invoiced)
    assert code == 0, report["errors"]
    assert read == []


def test_a_full_check_reads_every_file(invoiced: Repo, read: list[str]) -> None:
    assert invoiced.check()["ok"]
    assert sorted(read) == october(invoiced)


def test_all_documents_reads_every_file_even_with_base_and_caches(
    invoiced: Repo, read: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SIF_NO_CACHE")
    assert invoiced.check()["ok"]  # the cache of verified files now knows them all
    read.clear()
    assert invoiced.check()["ok"]
    assert read == []
    result = invoiced.run("check", "--all-documents")
    assert result.exit_code == 0, result.output
    assert sorted(read) == october(invoiced)
    read.clear()
    code, _ = review(invoiced, "main", "--all-documents")
    assert code == 0
    assert sorted(read) == october(invoiced)


def test_new_documents_are_read_and_the_old_are_not(invoiced: Repo, read: list[str]) -> None:
    before = october(invoiced)
    invoiced.month("2026-11", NOVEMBER)
    result = invoiced.run("invoice", "run", "--month", "2026-11", "--issue-date", "2026-12-02")
    assert result.exit_code == 0, result.output
    read.clear()
    code, report = review(invoiced)
    assert code == 0, report["errors"]
    new = sorted(set(october(invoiced)) - set(before))
    assert new and sorted(read) == new


def test_a_file_edited_since_the_base_is_read_and_fails(invoiced: Repo, read: list[str]) -> None:
    ubl = invoiced.root / october(invoiced)[0]
    ubl.write_bytes(ubl.read_bytes().replace(b"</Invoice>", b"<!-- x --></Invoice>"))
    code, report = review(invoiced)
    assert code == 1
    assert read == [october(invoiced)[0]]
    kinds = {error["kind"] for error in report["errors"]}
    assert kinds == {"DocumentError", "IssuedChangedError"}


def test_a_booking_edited_since_the_base_has_its_file_read(
    invoiced: Repo, read: list[str]
) -> None:
    """A file is trusted only with the booking it was verified against at the base."""
    ledger = invoiced.root / "ledger" / "documents" / "2026-10.beancount"
    text = ledger.read_text(encoding="utf-8")
    sha = text.split('sha256: "', 1)[1][:64]
    ledger.write_text(text.replace(sha, "0" * 64, 1), encoding="utf-8")
    code, report = review(invoiced)
    assert code == 1
    assert len(read) == 1
    messages = [e["message"] for e in report["errors"] if e["kind"] == "DocumentError"]
    assert any("was changed after it was issued" in m for m in messages), report["errors"]


def test_a_deleted_file_is_missing(invoiced: Repo, read: list[str]) -> None:
    gone = october(invoiced)[0]
    (invoiced.root / gone).unlink()
    code, report = review(invoiced)
    assert code == 1
    assert read == [gone]  # looked for, and found missing
    messages = [e["message"] for e in report["errors"]]
    assert any("is missing" in m for m in messages), messages


def test_a_fresh_clone_of_a_branch_reads_no_unchanged_file(
    invoiced: Repo, read: list[str], tmp_path: Path
) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(invoiced.root), str(clone))
    git(clone, "switch", "-q", "-c", "sessie")
    (clone / "ledger" / "trades" / "2026-11.beancount").write_text(
        (invoiced.root / "ledger" / "trades" / "2026-10.beancount")
        .read_text(encoding="utf-8")
        .replace("2026-10-", "2026-11-"),
        encoding="utf-8",
    )
    commit(clone, "sessies van november")
    code, report = review(Repo(clone), "origin/main")
    assert code == 0, report["errors"]
    assert read == []


@pytest.mark.usefixtures("cache")
def test_a_check_that_trusts_git_leaves_no_cache(invoiced: Repo, read: list[str]) -> None:
    """Beancount's cache must hold full checks only: a later `bean-check` trusts it."""
    picklecache = invoiced.root / "ledger" / ".main.beancount.picklecache"
    invoiced.month("2026-11", NOVEMBER)
    code, report = review(invoiced)
    assert code == 0, report["errors"]
    assert read == []
    assert not picklecache.exists()
    assert invoiced.check()["ok"]  # a full check reads every file, and keeps its load
    assert sorted(read) == october(invoiced)
    assert picklecache.exists()
