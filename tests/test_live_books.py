"""Tests never read the live books of the checkout; this proves the guard holds."""

from __future__ import annotations

import pytest

from tests.conftest import LIVE_BOOKS, REPO_ROOT, LiveBooksReadError, run_cli


@pytest.mark.parametrize(
    "name", ["services.yaml", "members/fabriek.yaml", "ledger/main.beancount"]
)
def test_reading_a_live_book_fails_the_test(name: str) -> None:
    with pytest.raises(LiveBooksReadError, match="a test read the live books"):
        (REPO_ROOT / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["members", "ledger", "feedback", "documents"])
def test_listing_a_live_folder_fails_the_test(name: str) -> None:
    with pytest.raises(LiveBooksReadError):
        list((REPO_ROOT / name).iterdir())


def test_a_command_on_the_checkout_fails_the_test() -> None:
    """`sif` with the checkout as its root reads the live books: refused."""
    with pytest.raises(LiveBooksReadError):
        run_cli(REPO_ROOT, "check")


def test_every_kind_of_book_is_guarded() -> None:
    names = {path.rsplit("/", 1)[-1] for path in LIVE_BOOKS}
    assert names == {
        "members", "concepts", "ledger", "services.yaml", "documents", "events",
        "requests", "feedback", "taxonomy.yaml", "accounting.yaml", "mail",
    }  # fmt: skip


def test_code_and_docs_stay_readable() -> None:
    assert (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
