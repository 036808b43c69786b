"""Shared fixtures: a small repository of books in a temporary folder.

The repository holds the demo's menu card (`services.yaml`), main ledger file
(with the ledger's other fixed files, but no trades) and operator
(`members/fabriek.yaml`), all from the demo data embedded in the package
(`sif/demo/template/`), next to a handful of members and concepts written
here, so every test starts from books that check clean and changes just what
it is about.

Tests never read the live books of this checkout (`members/`, `ledger/`,
`services.yaml`, ...): staff change them every day, and a test that read them
would fail on the first real booking. `_refuse_live_books` makes any such read
fail the test. Tests that need the demo's 45 members, 18 months and issued
documents use `demo_root`, the same books made by `sif.demo.books` in a
temporary folder once per session (copy it before changing anything).

Members of the fixture (all may trade from the day they joined):

    an-claes        person, not-taxable, nl            joined 2024-01-01
    de-buurtkeuken  organisation (vzw), not-taxable, nl joined 2024-03-01
    atelier-soleil  organisation (company), registered, fr  joined 2024-01-15
    bram-peeters    person (sole-trader), small-enterprise, en  joined 2024-06-01
    oud-lid         organisation (cooperative), registered, nl  joined 2024-01-01,
                    left 2025-06-30
    fabriek         the operator (registered), joined 2013-10-01
"""

from __future__ import annotations

import datetime
import difflib
import json
import os
import re
import shutil
import sys
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from sif import i18n
from sif.bookslock import LOCK_FILE
from sif.cli import main
from sif.demo.books import write_demo_books
from sif.demo.generate import TEMPLATE
from sif.paths import ALL_BOOKS

#: The repository the tests live in (its code, docs and workflows; never its books).
REPO_ROOT = Path(__file__).resolve().parents[1]

#: The live books of the checkout, which no test may read.
LIVE_BOOKS = tuple(str(REPO_ROOT / name) for name in ALL_BOOKS)
_WATCHED = frozenset(("open", "os.listdir", "os.scandir"))


class LiveBooksReadError(RuntimeError):
    """A test read the live books of the checkout."""


def _refuse_live_books(event: str, args: tuple[Any, ...]) -> None:
    """An audit hook: opening or listing the live books fails the test that does it."""
    if event not in _WATCHED or not args or not isinstance(args[0], (str, Path)):
        return
    # A relative path may be relative to a folder descriptor (shutil.rmtree);
    # `_outside_the_checkout` runs every test elsewhere, so it cannot name the books.
    if not os.path.isabs(args[0]):  # noqa: PTH117 (a hot path: no Path objects)
        return
    path = os.path.normpath(args[0])
    for live in LIVE_BOOKS:
        if path == live or path.startswith(live + os.sep):
            raise LiveBooksReadError(
                f"a test read the live books: {path}. Tests build the books they need "
                "(tests/conftest.py: build_repo, demo_root); the committed books are "
                "checked by `sif check`, not by tests"
            )


sys.addaudithook(_refuse_live_books)


#: Test modules that take seconds per test: they build sites with MkDocs, run
#: git, build wheels, validate with Saxon or try many generated books. The
#: README's test command runs them all; `pytest -m "not slow"` leaves them out
#: while working on something else.
SLOW_MODULES = frozenset(
    (
        "test_bookslock", "test_install", "test_intervat", "test_merges", "test_properties",
        "test_site", "test_site_build", "test_site_events", "test_site_front",
        "test_site_requests", "test_ubl", "test_workflow_security", "test_workflows",
    )
)  # fmt: skip


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the golden files under tests/golden/ with what the code makes now "
        "(then read the difference with git diff before committing)",
    )


#: Golden files: what the code made when a person last read it and accepted it.
GOLDEN = Path(__file__).resolve().parent / "golden"
_UPDATE_GOLDEN = [os.environ.get("SIF_UPDATE_GOLDEN") == "1"]


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--update-golden"):
        _UPDATE_GOLDEN[0] = True


def check_golden(name: str, got: str) -> None:
    """`got` must equal the golden file `tests/golden/<name>`, or the test fails with the diff.

    With `pytest --update-golden` (or SIF_UPDATE_GOLDEN=1) the file is
    rewritten instead; read `git diff tests/golden` before committing it.
    """
    path = GOLDEN / name
    if _UPDATE_GOLDEN[0]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(got, encoding="utf-8")
    if not path.is_file():
        pytest.fail(f"no golden file {path}; write it with `pytest --update-golden` and read it")
    want = path.read_text(encoding="utf-8")
    if got != want:
        diff = "".join(
            difflib.unified_diff(want.splitlines(True), got.splitlines(True), str(path), "now")
        )
        pytest.fail(
            f"{name} changed; read the difference, then accept it with "
            f"`pytest --update-golden`:\n{diff}"
        )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark what drives Chromium `browser`, and the slow modules (and browsers) `slow`."""
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        module = item.path.stem
        if "browser" in fixtures:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)
        elif module in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def _cache_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session's own cache folder: the tests' books never fill the user's cache."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def _outside_the_checkout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _cache_home: Path
) -> None:
    """Every test runs in its own folder: a relative path never reaches the live books.

    And in English (`SIF_LANG=en`): the fixture's operator speaks Dutch, and the
    tests of other languages say so themselves (tests/test_i18n.py). The caches
    of sif go to the session's folder (`XDG_CACHE_HOME`), not the user's.
    """
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(_cache_home))
    monkeypatch.setenv("SIF_LANG", "en")
    i18n.use("en")  # what a command before this test chose does not carry over


@pytest.fixture(scope="session")
def demo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo books (as committed: 45 members, 18 months, 2026-08/09 invoiced).

    Made once per session from the embedded demo data; read-only: copy it
    (`shutil.copytree`) before a test changes anything.
    """
    return write_demo_books(tmp_path_factory.mktemp("demo") / "books")


MEMBERS: dict[str, str] = {
    "an-claes": """\
        name: An Claes
        kind: person
        roles: [innovator, coach]
        expertise: [storytelling, business-plans]
        languages: [nl]
        email: an.claes@example.org
        vat: {status: not-taxable}
        joined: 2024-01-01
        publish: [name, expertise]
        """,
    "de-buurtkeuken": """\
        name: De Buurtkeuken
        kind: organisation
        legal_form: vzw
        roles: [innovator]
        expertise: [food, community-building]
        languages: [nl, en]
        email: hallo@buurtkeuken.example
        address: {street: Stationsstraat 12, postcode: "3500", city: Hasselt, country: BE}
        vat: {status: not-taxable, number: BE0412345614}
        iban: BE71 0961 2345 6769
        joined: 2024-03-01
        profile:
          bio: {nl: Sociaal restaurant in Hasselt., en: Social restaurant in Hasselt.}
        publish: [name, bio, expertise, city]
        """,
    "atelier-soleil": """\
        name: Atelier Soleil SRL
        kind: organisation
        legal_form: company
        roles: [coach, facilitator]
        languages: [fr, nl]
        email: bonjour@atelier-soleil.example
        address: {street: Rue du Midi 5, postcode: "1000", city: Bruxelles, country: BE}
        vat: {status: registered, number: BE0876543270}
        iban: BE62 5100 0754 7061
        peppol: "0208:0876543270"
        joined: 2024-01-15
        self_billing: {accepted: 2024-01-15, terms: "2024-1"}
        """,
    "bram-peeters": """\
        name: Bram Peeters
        kind: person
        legal_form: sole-trader
        roles: [coach]
        languages: [en, nl]
        email: bram@peeters.example
        vat: {status: small-enterprise, number: BE0555123476}
        joined: 2024-06-01
        self_billing: {accepted: 2024-06-01, terms: "2024-1"}
        """,
    "oud-lid": """\
        name: Oud Lid cv
        kind: organisation
        legal_form: cooperative
        roles: [innovator]
        languages: [nl]
        vat: {status: registered, number: BE0700123432}
        joined: 2024-01-01
        left: 2025-06-30
        """,
}

CONCEPTS: dict[str, str] = {
    "repair-cafe-genk": """\
        name: Repair Café Genk
        summary: {nl: Buren herstellen samen spullen., en: Neighbours repair things together.}
        partners: [de-buurtkeuken, an-claes]
        started: 2024-03-01
        public: true
        """,
    "zorgboerderij": """\
        name: Zorgboerderij De Hoeve
        partners: [atelier-soleil, bram-peeters]
        started: 2025-02-01
        """,
}

#: Members who may trade with each other (everyone but the operator).
PEERS = ("an-claes", "atelier-soleil", "bram-peeters", "de-buurtkeuken", "oud-lid")
OPERATOR = "fabriek"

MONTH_FILE = re.compile(r"^\d{4}-\d{2}")
FIRST_MONTH = "2025-01"
FIRST_MONTH_TEXT = "; Trades of 2025-01. Nothing yet.\n"


def dedent(text: str) -> str:
    """An inline ledger or YAML text without its indentation and leading newline."""
    return textwrap.dedent(text).lstrip("\n")


def build_repo(root: Path) -> Path:
    """Write the fixture repository below `root` (which may exist) and return it."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(TEMPLATE / "services.yaml", root / "services.yaml")
    (root / "ledger" / "trades").mkdir(parents=True, exist_ok=True)
    # The main file and the ledger's fixed files (like the operator's accounts),
    # but no trades.
    for path in sorted((TEMPLATE / "ledger").rglob("*.beancount")):
        if not MONTH_FILE.match(path.name):
            target = root / path.relative_to(TEMPLATE)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target)
    (root / "members").mkdir(exist_ok=True)
    shutil.copy(TEMPLATE / "members" / "fabriek.yaml", root / "members" / "fabriek.yaml")
    for member_id, text in MEMBERS.items():
        (root / "members" / f"{member_id}.yaml").write_text(dedent(text), encoding="utf-8")
    (root / "concepts").mkdir(exist_ok=True)
    for concept_id, text in CONCEPTS.items():
        (root / "concepts" / f"{concept_id}.yaml").write_text(dedent(text), encoding="utf-8")
    month = root / "ledger" / "trades" / f"{FIRST_MONTH}.beancount"
    month.write_text(FIRST_MONTH_TEXT, encoding="utf-8")
    return root


def line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    """The 1-based line number of the `occurrence`-th line of `path` containing `needle`."""
    seen = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not found in {path}")


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file below `root` with its bytes, to prove a command changed nothing.

    The books' lock file (`.sif.lock`, git-ignored) is left out: every writer
    opens it, whether it writes the books or not.
    """
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.name != LOCK_FILE
    }


def run_cli(root: Path, *args: str, input: str | None = None) -> Result:
    """Run `sif --root ROOT ARGS...`; a Python exception (not a clean exit) fails the test."""
    result = CliRunner().invoke(main, ["--root", str(root), *args], input=input)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


@dataclass
class Repo:
    """A fixture repository and helpers to change and check it."""

    root: Path

    @property
    def trades(self) -> Path:
        return self.root / "ledger" / "trades"

    def write(self, relpath: str, text: str) -> Path:
        """Write a file below the root from an inline (indented) text."""
        path = self.root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dedent(text), encoding="utf-8")
        return path

    def month(self, month: str, text: str) -> Path:
        """Write `ledger/trades/<month>.beancount` from an inline ledger."""
        return self.write(f"ledger/trades/{month}.beancount", text)

    def run(self, *args: str, input: str | None = None) -> Result:
        return run_cli(self.root, *args, input=input)

    def check(self) -> dict[str, Any]:
        """`sif check --json`, parsed; its exit code must agree with "ok"."""
        result = self.run("check", "--json")
        report: dict[str, Any] = json.loads(result.stdout)
        assert result.exit_code == (0 if report["ok"] else 1), result.output
        return report

    def errors(self) -> list[dict[str, Any]]:
        """The errors of `sif check --json` (file, line, kind, message)."""
        errors: list[dict[str, Any]] = self.check()["errors"]
        return errors

    def snapshot(self) -> dict[str, bytes]:
        return snapshot(self.root)


@pytest.fixture(autouse=True)
def _no_job_summary(monkeypatch: pytest.MonkeyPatch) -> None:
    """In GitHub Actions every `sif check` would append to the job summary; not the tests'."""
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[Repo]:
    """A small repository of books that checks clean."""
    yield Repo(build_repo(tmp_path / "books"))


#: What no copy of built books may take along: Beancount's cache names the
#: files it read by their absolute paths, and the lock belongs to its folder.
NOT_COPIED = shutil.ignore_patterns("*.picklecache", LOCK_FILE)


class BuiltOnce:
    """Books that take seconds to build (month-ends, payments), built once per session.

    `copy(name, build, to)` builds the books the first time a test asks for
    `name` (`build(repo)` changes a fresh fixture repository) and gives every
    test its own copy at `to`, so tests stay independent and each may change
    its copy. Builders must not depend on the test that first asks.
    """

    def __init__(self, factory: pytest.TempPathFactory) -> None:
        self._factory = factory
        self._built: dict[str, Path] = {}

    def copy(self, name: str, build: Callable[[Repo], object], to: Path) -> Repo:
        if name not in self._built:
            repo = Repo(build_repo(self._factory.mktemp(name) / "books"))
            build(repo)
            self._built[name] = repo.root
        shutil.copytree(self._built[name], to, ignore=NOT_COPIED)
        return Repo(to)


@pytest.fixture(scope="session")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> BuiltOnce:
    """The session's books built once and copied per test (see `BuiltOnce`)."""
    return BuiltOnce(tmp_path_factory)


def only(errors: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    """The single error of `kind` among `errors` (fails when there are none or several)."""
    found = [error for error in errors if error["kind"] == kind]
    assert len(found) == 1, f"expected one {kind}, got: {json.dumps(errors, indent=2)}"
    return found[0]


# Books with a month to invoice (October 2026), shared by the tests of invoicing,
# payments, statements and mail.

ADDRESSES = {
    "an-claes": 'address: {street: Kerkstraat 1, postcode: "9000", city: Gent, country: BE}\n',
    "bram-peeters": 'address: {street: Veldstraat 3, postcode: "3000", city: Leuven, country: BE}\n',
}

#: October 2026: a session by an-claes (not taxable) for de-buurtkeuken (a vzw,
#: not taxable) and one back, a session by atelier-soleil (registered) for
#: de-buurtkeuken with bram-peeters (small enterprise) as second coach, and a
#: workshop the Fabriek sold to bram-peeters.
OCTOBER = """\
    2026-10-05 * "Versterkingssessie"
      service: "strengthening-session"
      Assets:Members:An-claes          -2.50 SIF
      Assets:Members:De-buurtkeuken     2.50 SIF

    2026-10-06 * "Versterkingssessie terug"
      service: "strengthening-session"
      Assets:Members:De-buurtkeuken    -2.50 SIF
      Assets:Members:An-claes           2.50 SIF

    2026-10-12 * "Versterkingssessie met twee coaches"
      service: "strengthening-session"
      concept: "zorgboerderij"
      Assets:Members:Atelier-soleil    -1.25 SIF
      Assets:Members:Bram-peeters      -1.25 SIF
      Assets:Members:De-buurtkeuken     2.50 SIF

    2026-10-20 * "Workshop"
      service: "workshop"
      Assets:Members:Fabriek           -1.50 SIF
      Assets:Members:Bram-peeters       1.50 SIF
    """

ISSUE = datetime.date(2026, 11, 3)


@pytest.fixture
def books(repo: Repo) -> Repo:
    for member, line in ADDRESSES.items():
        path = repo.root / "members" / f"{member}.yaml"
        path.write_text(path.read_text(encoding="utf-8") + line, encoding="utf-8")
    repo.month("2026-10", dedent(OCTOBER))
    assert repo.check()["ok"], repo.errors()
    return repo


def issue(repo: Repo, *args: str) -> dict[str, dict[str, str]]:
    result = repo.run("invoice", "run", "--month", "2026-10", "--issue-date", str(ISSUE), *args)
    assert result.exit_code == 0, result.output
    return documents(repo)


def documents(repo: Repo) -> dict[str, dict[str, str]]:
    listing = repo.run("invoice", "list", "--format", "json")
    assert listing.exit_code == 0, listing.output
    return {row["number"]: row for row in json.loads(listing.output or "[]")}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium through Playwright (see tests/browser.py), one per test module."""
    from playwright.sync_api import sync_playwright

    from tests.browser import ARGS, CHROMIUM

    assert Path(CHROMIUM).exists(), "install Debian's chromium: make system (as root)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield launched
        finally:
            launched.close()
