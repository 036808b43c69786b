"""`sif site serve` serves every language of the site, and rebuilds them on an edit.

The command runs as its own process on a free port of 127.0.0.1 with the site
books of tests/sitebooks.py; the test reads its pages over HTTP, then edits a
French page and reads the change, and stops the process it started.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.sitebooks import TODAY, build_site_repo

SIF = str(Path(sys.executable).parent / "sif")
#: How long the server may take to build the three languages on a busy machine
#: before the test gives up (a limit to fail, not a measurement).
PATIENCE = 300.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    books = build_site_repo(tmp_path_factory.mktemp("serve") / "books")
    port = _free_port()
    process = subprocess.Popen(
        [
            *(SIF, "--root", str(books), "site", "serve"),
            *("--dev-addr", f"127.0.0.1:{port}", "--today", TODAY.isoformat()),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        yield f"http://127.0.0.1:{port}", books
    finally:
        process.terminate()
        _, err = process.communicate(timeout=60)
        assert b"Traceback" not in err, err.decode(errors="replace")


def fetch_until(url: str, wanted: str) -> str:
    """The page at `url` once it answers and holds `wanted` (the server builds meanwhile).

    A page not found (yet) is tried again, until PATIENCE runs out.
    """
    deadline = time.monotonic() + PATIENCE
    last = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (localhost)
                last = str(response.read().decode("utf-8"))
            if wanted in last:
                return last
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    pytest.fail(f"{url} did not show {wanted!r} in {PATIENCE:.0f} s; last answer: {last[:500]}")


@pytest.mark.parametrize(("path", "language"), [("/", "nl"), ("/fr/", "fr"), ("/en/", "en")])
def test_every_language_is_served(served: tuple[str, Path], path: str, language: str) -> None:
    base, _ = served
    page = fetch_until(base + path, "</html>")
    assert re.search(rf'<html[^>]* lang="{language}"', page), page[:300]


def test_an_edit_of_a_french_page_is_served_in_french(served: tuple[str, Path]) -> None:
    base, books = served
    fetch_until(base + "/fr/", "</html>")  # the first build is done
    page = books / "site" / "fr" / "hoe-werkt-de-sif.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\nMARQUEUR-DE-TEST\n", encoding="utf-8")
    shown = fetch_until(base + "/fr/hoe-werkt-de-sif.html", "MARQUEUR-DE-TEST")
    # The language switcher leads to the Dutch page, which is served too.
    assert 'href="./../hoe-werkt-de-sif.html" hreflang="nl"' in shown
    assert 'lang="nl"' in fetch_until(base + "/hoe-werkt-de-sif.html", "</html>")
