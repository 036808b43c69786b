"""Books with two invoiced quarters, credit notes, set-offs and payments, for the accountant's exports.

Built on the `repo` fixture's files (tests/conftest.py `build_repo`). What
happens, and what the VAT returns of 2026 must say:

August 2026, issued 2026-09-02 (quarter 2026Q3):
    an-claes (not taxable) coaches atelier-soleil (registered) for an hour
    (0.50 SIF = EUR 25.00); atelier-soleil follows a Bootcamp of the Fabriek
    (5 SIF = EUR 250.00) and writes an article for the Fabriek (1 SIF =
    EUR 50.00, with 21% VAT: atelier-soleil is registered).
    Invoice to atelier-soleil: 275.00 + 57.75 VAT; self-billed to an-claes
    25.00 (no VAT), to atelier-soleil 50.00 + 10.50 VAT (set off against its
    invoice). Grids: 03 275.00, 54 57.75, 82 75.00, 59 10.50, 71 47.25.
2026-09-20: atelier-soleil pays what is left of its invoice (332.75 - 60.50).
September 2026, issued 2026-09-30 for nothing: no trades.

October 2026 (as in tests/conftest.py OCTOBER), issued 2026-11-03 (2026Q4),
then on 2026-11-10 a credit note on de-buurtkeuken's invoice (reissued) and a
credit note on atelier-soleil's self-billed document, and a payment by
bram-peeters. The quarter 2026Q4 has credit notes issued (49, 64) and received
(85, 63).

The quarter in the Fabriek's favour (grid 72): 2026Q3 of `build_favour`,
where atelier-soleil only writes an article for the Fabriek.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import ADDRESSES, OCTOBER, Repo, build_repo, dedent

AUGUST = """\
    2026-08-10 * "Coaching"
      service: "coaching-hour"
      Assets:Members:An-claes          -0.50 SIF
      Assets:Members:Atelier-soleil     0.50 SIF

    2026-08-12 * "Bootcamp"
      service: "bootcamp"
      Assets:Members:Fabriek           -5.00 SIF
      Assets:Members:Atelier-soleil     5.00 SIF

    2026-08-20 * "Artikel"
      service: "article"
      Assets:Members:Atelier-soleil    -1.00 SIF
      Assets:Members:Fabriek            1.00 SIF
    """

ARTICLE_ONLY = """\
    2026-08-20 * "Artikel"
      service: "article"
      Assets:Members:Atelier-soleil    -1.00 SIF
      Assets:Members:Fabriek            1.00 SIF
    """


def ok(repo: Repo, *args: str) -> str:
    result = repo.run(*args)
    assert result.exit_code == 0, f"sif {' '.join(args)}:\n{result.output}"
    return result.output


def documents(repo: Repo) -> dict[str, dict[str, str]]:
    rows = json.loads(ok(repo, "invoice", "list", "--format", "json") or "[]")
    return {row["number"]: row for row in rows}


def _base(root: Path) -> Repo:
    repo = Repo(build_repo(root))
    for member, line in ADDRESSES.items():
        path = repo.root / "members" / f"{member}.yaml"
        path.write_text(path.read_text(encoding="utf-8") + line, encoding="utf-8")
    return repo


def build_export_books(root: Path) -> Repo:
    """The books described in the module docstring."""
    repo = _base(root)
    repo.month("2026-08", dedent(AUGUST))
    ok(repo, "invoice", "run", "--month", "2026-08", "--issue-date", "2026-09-02")
    docs = documents(repo)
    invoice = next(n for n, d in docs.items() if d["type"] == "invoice")
    amount = docs[invoice]["open"]
    ok(
        repo,
        "payment",
        "record",
        "--document",
        invoice,
        "--amount",
        amount,
        "--date",
        "2026-09-20",
    )
    repo.month("2026-10", dedent(OCTOBER))
    ok(repo, "invoice", "run", "--month", "2026-10", "--issue-date", "2026-11-03")
    docs = documents(repo)
    buurt = next(
        n
        for n, d in docs.items()
        if d["member"] == "de-buurtkeuken" and d["type"] == "invoice" and d["period"] == "2026-10"
    )
    ok(repo, "invoice", "credit", buurt, "--reason", "Verkeerd adres",
       "--issue-date", "2026-11-10", "--reissue")  # fmt: skip
    soleil = next(
        n
        for n, d in docs.items()
        if d["member"] == "atelier-soleil"
        and d["type"] == "self-billing"
        and d["period"] == "2026-10"
    )
    ok(
        repo,
        "invoice",
        "credit",
        soleil,
        "--reason",
        "Dubbel geboekt",
        "--issue-date",
        "2026-11-10",
    )
    bram = next(
        n
        for n, d in docs.items()
        if d["member"] == "bram-peeters" and d["type"] == "invoice" and d["period"] == "2026-10"
    )
    ok(repo, "payment", "record", "--document", bram, "--amount", "10.00", "--date", "2026-11-12")
    assert repo.check()["ok"], repo.errors()
    return repo


def build_favour(root: Path) -> Repo:
    """Books whose only document of 2026Q3 is a purchase with VAT: grid 72."""
    repo = _base(root)
    repo.month("2026-08", dedent(ARTICLE_ONLY))
    ok(repo, "invoice", "run", "--month", "2026-08", "--issue-date", "2026-09-02")
    assert repo.check()["ok"], repo.errors()
    return repo
