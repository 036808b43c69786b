"""The books load through Beancount's cache, and the cache never hides a change.

Beancount writes its cache only when a load takes a second; these books load
faster, so the fixture `cache` lowers that threshold to zero. Whether a load
came from the cache shows in `sif.ledger.plugin.runs`: the plugin does not run.
"""

from __future__ import annotations

import datetime
import os
import pickle
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from beancount import loader

import sif
from sif.documents.booking import issued_documents
from sif.ledger import plugin
from sif.ledger.books import error_location, load_books
from sif.ledger.record import TradeRequest, trade_text
from tests.conftest import Repo, dedent, issue

CACHE = "ledger/.main.beancount.picklecache"
MAIN = "ledger/main.beancount"


@pytest.fixture
def cache(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("BEANCOUNT_DISABLE_LOAD_CACHE", raising=False)
    monkeypatch.delenv("BEANCOUNT_LOAD_CACHE_FILENAME", raising=False)
    monkeypatch.setattr(loader, "PICKLE_CACHE_THRESHOLD", 0.0)
    loader.initialize(use_cache=True)
    yield
    monkeypatch.undo()
    loader.initialize(os.getenv("BEANCOUNT_DISABLE_LOAD_CACHE") is None)


#: A survey answer about a trade the books do not have.
ANSWER = """\
    - trade: "000000000000"
      date: 2024-05-02
      service: strengthening-session
      coaches: [an-claes]
      recipients: [de-buurtkeuken]
      rating: 4
      prepared: true
      recorded: 2024-05-03
    """


def cached_load(repo: Repo) -> bool:
    """Load the books; True if the load came from the cache."""
    runs = plugin.runs
    load_books(repo.root)
    return plugin.runs == runs


def touch_later(path: Path) -> None:
    """Move a file's modification time on, as an editor saving it a moment later would."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


@pytest.mark.usefixtures("cache")
def test_a_second_load_reads_the_cache(repo: Repo) -> None:
    assert not cached_load(repo)
    assert (repo.root / CACHE).is_file()
    assert cached_load(repo)
    assert repo.check()["ok"]


@pytest.mark.usefixtures("cache")
def test_bean_check_and_sif_share_the_cache(repo: Repo) -> None:
    """sif reads what Beancount's own public loader wrote, as `bean-check` does."""
    loader.load_file(str(repo.root / "ledger" / "main.beancount"))
    assert cached_load(repo)


@pytest.mark.usefixtures("cache")
def test_a_changed_member_file_is_seen(repo: Repo) -> None:
    load_books(repo.root)
    member = repo.root / "members" / "an-claes.yaml"
    member.write_text(member.read_text(encoding="utf-8").replace("An Claes", "An Claeys"))
    touch_later(member)
    books = load_books(repo.root)
    assert books.community.members["an-claes"].name == "An Claeys"


@pytest.mark.usefixtures("cache")
def test_a_new_member_file_is_seen(repo: Repo) -> None:
    load_books(repo.root)
    repo.write(
        "members/nieuw-lid.yaml",
        """\
        name: Nieuw Lid
        kind: person
        roles: [innovator]
        languages: [nl]
        vat: {status: not-taxable}
        joined: 2024-01-01
        """,
    )
    touch_later(repo.root / "members")
    books = load_books(repo.root)
    assert "nieuw-lid" in books.community.members


@pytest.mark.usefixtures("cache")
def test_a_new_feedback_file_is_seen(repo: Repo) -> None:
    load_books(repo.root)
    repo.write("feedback/2024-05.yaml", ANSWER)
    touch_later(repo.root / "feedback")
    assert not cached_load(repo)
    assert any(e["kind"] == "FeedbackLinkError" for e in repo.errors())


@pytest.mark.usefixtures("cache")
def test_a_new_answer_in_a_month_folder_is_seen(repo: Repo) -> None:
    """feedback/YYYY-MM/ holds one file per answer: a new one changes only its folder."""
    month = repo.root / "feedback" / "2024-05"
    month.mkdir(parents=True)
    load_books(repo.root)
    repo.write("feedback/2024-05/2024-05-02-000000000000-de-buurtkeuken.yaml", ANSWER)
    touch_later(month)
    assert not cached_load(repo)
    assert any(e["kind"] == "FeedbackLinkError" for e in repo.errors())


@pytest.mark.usefixtures("cache")
def test_a_trade_in_a_month_folder_that_had_none_is_seen(repo: Repo) -> None:
    month = repo.root / "ledger" / "trades" / "2024-07"
    month.mkdir(parents=True, exist_ok=True)
    assert repo.check()["ok"]
    assert cached_load(repo)
    trade = repo.write(
        "ledger/trades/2024-07/2024-07-02-strengthening-session-00000000.beancount",
        """\
        2024-07-02 * "Versterkingssessie"
          service: "strengthening-sesion"
          Assets:Members:An-claes          -2.50 SIF
          Assets:Members:De-buurtkeuken     2.50 SIF
        """,
    )
    touch_later(month)
    assert trade.is_file()
    assert any("strengthening-sesion" in e["message"] for e in repo.errors())


@pytest.mark.usefixtures("cache")
def test_another_version_of_sif_loads_again(
    repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """sif's `__init__.py`, which holds its version, is one of the ledger's inputs."""
    real = Path(sif.__file__).resolve()
    assert f'__version__ = "{sif.__version__}"' in real.read_text(encoding="utf-8")
    assert str(real) in load_books(repo.root).options["include"]

    installed = tmp_path / "site" / "sif" / "__init__.py"
    installed.parent.mkdir(parents=True)
    installed.write_text(f'__version__ = "{sif.__version__}"\n', encoding="utf-8")
    monkeypatch.setattr(sif, "__file__", str(installed))
    (repo.root / CACHE).unlink()
    assert not cached_load(repo)
    assert cached_load(repo)
    installed.write_text('__version__ = "99.0.0"\n', encoding="utf-8")
    touch_later(installed)
    assert not cached_load(repo)


@pytest.mark.usefixtures("cache")
def test_a_cache_of_another_day_is_checked_again(repo: Repo) -> None:
    """A trade dated tomorrow is an error today only: the day is part of the cache."""
    load_books(repo.root)
    path = repo.root / CACHE
    with path.open("rb") as handle:
        entries, errors, options = pickle.load(handle)  # noqa: S301 (the test's own file)
    options[plugin.TODAY_KEY] = datetime.date.today() - datetime.timedelta(days=1)  # noqa: DTZ011
    with path.open("wb") as handle:
        pickle.dump((entries, errors, options), handle)
    assert not cached_load(repo)
    assert cached_load(repo)


@pytest.mark.usefixtures("cache")
def test_a_document_changed_in_place_is_reported(books: Repo) -> None:
    """Issued files are not Beancount inputs, yet a cached load still sees them change."""
    issue(books)
    assert books.check()["ok"]
    assert cached_load(books)
    ubl = books.root / issued_documents(load_books(books.root).entries)[0].ubl
    folder = ubl.parent.stat()
    ubl.write_bytes(ubl.read_bytes().replace(b"</Invoice>", b"<!-- edited --></Invoice>"))
    # Written in place: the folder looks untouched, as for an editor's save.
    os.utime(ubl.parent, ns=(folder.st_atime_ns, folder.st_mtime_ns))
    touch_later(ubl)
    errors = books.errors()
    assert any("was changed after it was issued" in e["message"] for e in errors), errors


@pytest.mark.usefixtures("cache")
def test_a_trade_with_an_error_is_reported_after_a_warm_load(repo: Repo) -> None:
    assert repo.check()["ok"]
    assert cached_load(repo)
    month = repo.month(
        "2024-07",
        dedent(
            """\
            2024-07-02 * "Versterkingssessie"
              service: "strengthening-sesion"
              Assets:Members:An-claes          -2.50 SIF
              Assets:Members:De-buurtkeuken     2.50 SIF
            """
        ),
    )
    touch_later(month)
    assert any("strengthening-sesion" in e["message"] for e in repo.errors())


@pytest.mark.usefixtures("cache")
def test_fava_started_by_sif_reads_the_cache(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    import fava.core
    from fava.application import create_app

    from sif.fava_ext.load import use_cached_loads

    books = load_books(repo.root)
    # Put back after the test: use_cached_loads() replaces it for the process.
    monkeypatch.setattr(fava.core, "load_uncached", fava.core.load_uncached)  # type: ignore[attr-defined]
    use_cached_loads()
    runs = plugin.runs
    app = create_app([str(repo.root / MAIN)], load=True, read_only=True, poll_watcher=True)
    assert plugin.runs == runs
    ledger = app.config["LEDGERS"].ledgers[0]
    assert len(ledger.all_entries) == len(books.entries)


def test_fava_pages_remember_their_slow_figures_with_the_input_hash(
    repo: Repo, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from sif.fava_ext import data as fava_data

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    books = load_books(repo.root)
    today = datetime.date.today()  # noqa: DTZ011 (the books use local dates)
    loaded = books.options["input_hash"]
    first = fava_data.SifData(books.entries, books.community, today, loaded)
    history, months = first.history, first.months

    def fails(*args: object) -> None:
        raise AssertionError("computed again")

    monkeypatch.setattr(fava_data, "balance_history", fails)
    monkeypatch.setattr(fava_data, "month_rows", fails)
    again = fava_data.SifData(books.entries, books.community, today, loaded)
    assert (again.history, again.months) == (history, months)
    changed = fava_data.SifData(books.entries, books.community, today, loaded + "x")
    with pytest.raises(AssertionError, match="computed again"):
        _ = changed.history


def test_a_new_trade_is_checked_with_the_books_through_the_public_loader(repo: Repo) -> None:
    """`sif record` checks a trade before writing it: the books with the trade's
    text after them, loaded by Beancount's public loader from a temporary copy of
    the main file, whose errors point into the trade's text and which is gone after."""
    runs = plugin.runs
    text = dedent("""
        2026-10-05 * "Coaching"
          service: "coaching-hour"
          Assets:Members:An-claes  -1.00 SIF
          Assets:Members:Nobody-here  1.00 SIF
    """).lstrip("\n")
    books = load_books(repo.root, extra=text)
    assert plugin.runs == runs + 1  # never from the cache
    found = [error_location(error, repo.root) for error in books.errors]
    assert found and all(where == ("(new trade)", 1) for where in found), found
    main = repo.root.resolve() / "ledger" / "main.beancount"
    assert books.options["filename"] == str(main)
    assert str(main) in books.options["include"]
    assert not [p for p in main.parent.iterdir() if p.name.endswith(".tmp")]
    request = TradeRequest(
        "coaching-hour", datetime.date(2026, 10, 5), ("an-claes",), ("de-buurtkeuken",), Decimal(1)
    )
    clean = load_books(repo.root, extra=trade_text(books.community, request))
    assert clean.errors == []


@pytest.mark.usefixtures("cache")
def test_a_secret_written_after_a_warm_check_is_found(repo: Repo) -> None:
    """`sif check` remembers which files of the books hold no secret; an edit is read again."""
    notes = repo.write("ledger/notes.txt", "Wie boekt wat: zie de README.\n")
    assert repo.check()["ok"]
    assert repo.check()["ok"]  # warm: the books and the secrets scan from their caches
    month = next((repo.root / "ledger" / "trades").rglob("*.beancount"))
    token = "ghp" + "_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
    month.write_text(month.read_text(encoding="utf-8") + f"; {token}\n", encoding="utf-8")
    touch_later(month)
    found = [e for e in repo.errors() if e["kind"] == "SecretError"]
    assert [e["file"] for e in found] == [str(month.relative_to(repo.root))]
    # A file Beancount does not read, edited in place: its folder's time stays.
    notes.write_text(f"password: {token}\n", encoding="utf-8")
    touch_later(notes)
    found = [e for e in repo.errors() if e["kind"] == "SecretError"]
    assert sorted(e["file"] for e in found) == sorted(
        [str(month.relative_to(repo.root)), "ledger/notes.txt"]
    )


def test_fava_watches_the_ledger_folders_whole_not_each_trade_file(repo: Repo) -> None:
    """A file in a folder the plugin lists among the inputs is watched with its folder."""
    from sif.fava_ext.load import watched

    books = load_books(repo.root)
    include = books.options["include"]
    files, folders = watched(include)
    trades = str(repo.root.resolve() / "ledger" / "trades")
    month = next(name for name in include if name.startswith(trades + os.sep))
    assert month not in files
    assert any(month.startswith(folder + os.sep) for folder in folders)
    assert str(repo.root.resolve() / MAIN) in files  # ledger/ itself is not watched whole
    assert str(repo.root.resolve() / "services.yaml") in files
    assert set(files) | {
        f for f in include if any(f.startswith(d + os.sep) for d in folders)
    } >= set(include)
