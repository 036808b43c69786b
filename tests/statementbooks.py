"""Small books with two invoiced months and payments, for the statement and mail tests.

Built on the `repo` fixture (tests/conftest.py). What happens, and what each
member's statement of October 2026 (made on 2026-11-20) must show:

September 2026, issued 2026-10-02:
    bram-peeters (en, small enterprise) gives atelier-soleil (fr, registered) a
    strengthening session, 2.50 SIF: invoice F2026-00001 to atelier-soleil
    (EUR 125.00 + 26.25 VAT = 151.25), self-billed AF2026-00001 to bram
    (EUR 125.00, exempt).
2026-10-15: atelier-soleil pays F2026-00001 in full (EUR 151.25), which also
    clears its 2.50 SIF debt.
October 2026 (as in tests/test_invoicing.py), issued 2026-11-03:
    10-05 an-claes -> de-buurtkeuken 2.50; 10-06 de-buurtkeuken -> an-claes 2.50
    (an-claes, a private person, trades evenly and owes the VAT: EUR 26.25);
    10-12 atelier-soleil and bram-peeters (1.25 each) -> de-buurtkeuken, concept
    zorgboerderij; 10-20 the Fabriek sells bram-peeters a workshop (1.50 SIF).
2026-11-10: de-buurtkeuken pays EUR 100.00 of its October invoice (after the
    October documents, so listed apart as "since then").
A request (Solution Lab) of atelier-soleil needs "food": de-buurtkeuken, in SIF
debt and with that expertise, can pay back in kind.
"""

from __future__ import annotations

import datetime
import json

from tests.conftest import Repo, dedent

MONTH = "2026-10"
AS_OF = datetime.date(2026, 11, 20)

ADDRESSES = {
    "an-claes": 'address: {street: Kerkstraat 1, postcode: "9000", city: Gent, country: BE}\n',
    "bram-peeters": 'address: {street: Veldstraat 3, postcode: "3000", city: Leuven, country: BE}\n',
}

SEPTEMBER = """\
    2026-09-10 * "Versterkingssessie"
      service: "strengthening-session"
      Assets:Members:Bram-peeters      -2.50 SIF
      Assets:Members:Atelier-soleil     2.50 SIF
    """

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

REQUEST = """\
    question: Hoe koken we elke week voor veertig bewoners van de zorgboerderij?
    kind: solution-lab
    requester: atelier-soleil
    concept: zorgboerderij
    expertise: [food, logistics]
    service: coaching-hour
    status: open
    opened: 2026-10-01
    public: true
    """


def append(repo: Repo, member: str, line: str) -> None:
    path = repo.root / "members" / f"{member}.yaml"
    path.write_text(path.read_text(encoding="utf-8") + line, encoding="utf-8")


def documents(repo: Repo) -> dict[tuple[str, str, str], str]:
    """(member, kind, period) -> number of every issued document."""
    listing = repo.run("invoice", "list", "--format", "json")
    assert listing.exit_code == 0, listing.output
    return {
        (row["member"], row["type"], row["period"]): row["number"]
        for row in json.loads(listing.output or "[]")
    }


def run(repo: Repo, *args: str) -> None:
    result = repo.run(*args)
    assert result.exit_code == 0, f"sif {' '.join(args)}:\n{result.output}"


def build(repo: Repo) -> Repo:
    """Turn the fixture books into the books described above."""
    for member, line in ADDRESSES.items():
        append(repo, member, line)
    repo.month("2026-09", dedent(SEPTEMBER))
    repo.month("2026-10", dedent(OCTOBER))
    repo.write("requests/2026-10-koken.yaml", REQUEST)
    assert repo.check()["ok"], repo.errors()
    run(repo, "invoice", "run", "--month", "2026-09", "--issue-date", "2026-10-02")
    docs = documents(repo)
    run(
        repo,
        "payment", "record", "--document", docs[("atelier-soleil", "invoice", "2026-09")],
        "--amount", "151.25", "--date", "2026-10-15",
    )  # fmt: skip
    run(repo, "invoice", "run", "--month", "2026-10", "--issue-date", "2026-11-03")
    docs = documents(repo)
    run(
        repo,
        "payment", "record", "--document", docs[("de-buurtkeuken", "invoice", "2026-10")],
        "--amount", "100", "--date", "2026-11-10",
    )  # fmt: skip
    assert repo.check()["ok"], repo.errors()
    return repo
