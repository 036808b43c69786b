"""Building the public site: strict MkDocs, broken links, consent changes, Zensical, the demo."""

from __future__ import annotations

import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from sif.demo.generate import TEMPLATE
from sif.ledger.balances import compute_balances
from sif.ledger.books import load_books
from sif.model.community import load_community
from sif.model.events import load_events
from tests.conftest import REPO_ROOT, build_repo, run_cli
from tests.sitebooks import (
    TODAY,
    build_site_repo,
    copy_demo_repo,
    number_pattern,
    private_values,
    site_texts,
    without_icon_paths,
)

BIN = Path(sys.executable).parent


def build(root: Path, *args: str) -> str:
    result = run_cli(root, "site", "build", "--today", TODAY.isoformat(), *args)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def books(tmp_path: Path) -> Path:
    return build_site_repo(tmp_path / "books")


def test_mkdocs_build_strict_is_clean_on_the_generated_pages(books: Path) -> None:
    build(books)
    result = subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "-f", "mkdocs.yml", "-d", "again"],
        cwd=books,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    assert (books / "again" / "netwerk" / "an-claes.html").is_file()


def test_a_broken_link_in_a_hand_written_page_fails_the_build(books: Path) -> None:
    index = books / "site" / "hoe-werkt-de-sif.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n[kapot](bestaat-niet.md)\n")
    result = run_cli(books, "site", "build", "--today", TODAY.isoformat())
    assert result.exit_code == 1
    assert "bestaat-niet.md" in result.output
    assert "Aborted with 1 warnings in strict mode" in result.output


def test_a_broken_anchor_fails_the_build(books: Path) -> None:
    index = books / "site" / "hoe-werkt-de-sif.md"
    text = index.read_text(encoding="utf-8") + "\n[weg](menukaart.md#bestaat-niet)\n"
    index.write_text(text, encoding="utf-8")
    result = run_cli(books, "site", "build", "--today", TODAY.isoformat())
    assert result.exit_code == 1
    assert "#bestaat-niet" in result.output


def test_a_broken_link_in_an_event_fails_the_build(books: Path) -> None:
    event = next((books / "events").glob("2026-12-10-*.md"))
    event.write_text(event.read_text(encoding="utf-8") + "\n[weg](../nergens.md)\n")
    result = run_cli(books, "site", "build", "--today", TODAY.isoformat())
    assert result.exit_code == 1
    assert "nergens.md" in result.output


def test_a_member_who_withdraws_consent_is_gone_at_the_next_build(books: Path) -> None:
    build(books)
    page = books / "public" / "netwerk" / "de-buurtkeuken.html"
    assert page.is_file()
    member = books / "members" / "de-buurtkeuken.yaml"
    text = member.read_text(encoding="utf-8")
    member.write_text(text.replace("publish: [name, bio, expertise, city]", "publish: []"))
    build(books)
    assert not page.exists()
    assert not (books / "site" / "netwerk" / "de-buurtkeuken.md").exists()
    assert not any("De Buurtkeuken" in text for _, text in site_texts(books / "public"))


def test_hand_written_pages_are_kept_and_generated_ones_are_git_ignored(books: Path) -> None:
    build(books)
    assert (books / "site" / "hoe-werkt-de-sif.md").is_file()
    assert (books / "site" / "fr" / "hoe-werkt-de-sif.md").is_file()
    ignored = (REPO_ROOT / ".gitignore").read_text(encoding="utf-8").split()
    for name in ("netwerk", "concepten", "agenda"):
        assert f"/site/{name}/" in ignored
    for name in ("menukaart.md", "cijfers.md", "index.md", "lid-worden.md"):
        assert f"/site/{name}" in ignored
    for language in ("fr", "en"):
        assert f"/site/{language}/*" in ignored
        assert f"!/site/{language}/hoe-werkt-de-sif.md" in ignored


def test_the_site_url_fills_the_sitemap(books: Path) -> None:
    build(books, "--site-url", "https://fabriek.example/site/")
    sitemap = (books / "public" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://fabriek.example/site/netwerk/an-claes.html</loc>" in sitemap


def test_books_without_site_sources_get_a_clear_error(tmp_path: Path) -> None:
    root = build_repo(tmp_path / "books")
    result = run_cli(root, "site", "build")
    assert result.exit_code == 1
    assert "mkdocs.yml: no site here" in result.output


def test_the_site_builds_with_zensical_too(books: Path) -> None:
    """Zensical, MkDocs-Material's successor, reads the same mkdocs.yml and pages."""
    build(books)
    result = subprocess.run(
        [str(BIN / "zensical"), "build", "--strict", "-f", "mkdocs.yml"],
        cwd=books,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": str(BIN) + ":/usr/bin:/bin", "NO_COLOR": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    out = books / "public"
    for page in ("netwerk/index.html", "netwerk/an-claes.html", "agenda/agenda.ics"):
        assert (out / page).is_file(), page
    texts = dict(site_texts(out))
    members = load_community(books).members
    for member in members.values():
        for field, value in private_values(member):
            assert not [p for p, t in texts.items() if value in t], (member.id, field)
    for path, text in texts.items():
        assert "<script>alert" not in text, path
    assert "&lt;script&gt;alert" in (out / "netwerk" / "hostile.html").read_text(encoding="utf-8")


def test_a_broken_link_fails_the_zensical_build_too(books: Path) -> None:
    build(books)
    index = books / "site" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n[kapot](bestaat-niet.md)\n")
    result = subprocess.run(
        [str(BIN / "zensical"), "build", "--strict", "-f", "mkdocs.yml"],
        cwd=books,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": str(BIN) + ":/usr/bin:/bin", "NO_COLOR": "1"},
    )
    assert result.returncode != 0
    plain = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)
    assert "page does not exist" in plain
    assert "[kapot](bestaat-niet.md)" in plain


def test_the_demo_site_builds_without_any_balance_on_a_member_page(
    tmp_path: Path, demo_root: Path
) -> None:
    root = copy_demo_repo(demo_root, tmp_path / "demo")
    output = build(root)
    loaded = load_books(root)
    listed = [
        m
        for m in loaded.community.members.values()
        if "name" in m.publish and (m.left is None or m.left >= TODAY)
    ]
    assert f"{len(listed)} members" in output
    balances = compute_balances(loaded.entries, loaded.community, TODAY)
    for balance in balances:
        page = root / "public" / "netwerk" / f"{balance.member}.html"
        if not page.exists() or not balance.balance:
            continue
        text = without_icon_paths(page.read_text(encoding="utf-8"))
        assert not number_pattern(f"{abs(balance.balance):.2f}").search(text), balance.member
    texts = dict(site_texts(root / "public"))
    for member in loaded.community.members.values():
        for field, value in private_values(member):
            assert not [p for p, t in texts.items() if value in t], (member.id, field, value)


def test_how_the_sif_works_states_the_value_and_vat_of_the_menu_card() -> None:
    menu = load_community(TEMPLATE).menu
    assert menu is not None
    value = menu.currency.value_on(TODAY)
    vat = menu.vat_percent_on(TODAY)
    assert value is not None and vat is not None
    page = (REPO_ROOT / "site" / "hoe-werkt-de-sif.md").read_text(encoding="utf-8")
    assert f"1 {menu.currency.code} = € {value.normalize():f}" in page
    assert f"{vat.normalize():f}% btw" in page
    excl = Decimal("2.5") * value
    assert re.search(rf"€ {excl.normalize():f}\b", page)


def test_the_demo_events_are_valid() -> None:

    events, errors = load_events(TEMPLATE / "events")
    assert errors == []
    assert any(event.upcoming(TODAY) for event in events)
    assert any(not event.upcoming(TODAY) for event in events)
    assert {event.kind for event in events} == {
        "infosession",
        "workshop",
        "bootcamp",
        "solution-lab",
    }


def test_the_workflow_builds_with_the_readmes_install_and_publishes_to_pages() -> None:
    import yaml

    workflow = yaml.safe_load((REPO_ROOT / ".github" / "workflows" / "site.yml").read_text())
    assert workflow[True]["push"]["branches"] == ["main"]  # YAML 1.1 reads `on` as true
    steps = workflow["jobs"]["build"]["steps"]
    runs = " ".join(step.get("run", "") for step in steps)
    uses = [step.get("uses", "") for step in steps]
    assert "make .venv/.installed" in runs
    assert ".venv/bin/sif site build" in runs
    assert any(u.startswith("actions/setup-python") for u in uses)
    assert any(u.startswith("actions/upload-pages-artifact") for u in uses)
    deploy = workflow["jobs"]["deploy"]["steps"]
    assert any(step.get("uses", "").startswith("actions/deploy-pages") for step in deploy)
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    assert "$(STAMP): pyproject.toml" in makefile
    assert "STAMP := $(VENV)/.installed" in makefile


def test_sif_site_serve_serves_the_generated_site(books: Path) -> None:
    import socket
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [str(BIN / "sif"), "--root", str(books), "site", "serve"]
    server = subprocess.Popen(
        [*command, "--dev-addr", f"127.0.0.1:{port}", "--today", TODAY.isoformat()],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        page = ""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not page:
            try:
                url = f"http://127.0.0.1:{port}/netwerk/index.html"
                with urllib.request.urlopen(url, timeout=5) as response:
                    page = response.read().decode("utf-8")
            except OSError:
                assert server.poll() is None, server.communicate()[0]
                time.sleep(0.3)
        assert 'id="sif-netwerk"' in page
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert f"Serving on http://127.0.0.1:{port}/" in output
