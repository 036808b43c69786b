"""`sif intake`: issue forms, as GitHub writes them into an issue, become sif commands."""

from __future__ import annotations

from pathlib import Path

import pytest

from sif.ledger.books import load_books
from sif.ledger.trades import iter_trades
from sif.model.feedback import load_feedback
from tests.conftest import REPO_ROOT, Repo

FORMS = REPO_ROOT / ".github" / "ISSUE_TEMPLATE"
SESSION = FORMS / "sessie-registreren.yml"
MEMBER = FORMS / "nieuw-lid.yml"
FEEDBACK = FORMS / "feedback-na-sessie.yml"


def body(**answers: str) -> str:
    """An issue body as GitHub writes it: `### label`, a blank line, the answer."""
    return "\n\n".join(f"### {label}\n\n{answer}" for label, answer in answers.items()) + "\n"


def session(**changes: str) -> str:
    answers = {
        "Dienst · Service · Service": "strengthening-session",
        "Datum · Date · Date": "2026-03-12",
        "Gever(s) · Prestataire(s) · Provider(s)": "an-claes",
        "Ontvanger(s) · Bénéficiaire(s) · Recipient(s)": "de-buurtkeuken",
        "Aantal · Quantité · Quantity": "_No response_",
        "Concept · Concept · Concept": "repair-cafe-genk",
        "Omschrijving · Description · Description": "_No response_",
    }
    for key, value in changes.items():
        label = next(label for label in answers if label.startswith(key))
        answers[label] = value
    return body(**answers)


@pytest.fixture(autouse=True)
def _in_dutch(monkeypatch: pytest.MonkeyPatch) -> None:
    """The staff who fill in the forms read Dutch (the community's language)."""
    monkeypatch.setenv("SIF_LANG", "nl")


def intake(repo: Repo, form: Path, text: str, tmp_path: Path) -> tuple[int, str, str]:
    source = tmp_path / "body.md"
    source.write_text(text, encoding="utf-8")
    summary = tmp_path / "summary.md"
    result = repo.run("intake", str(form), str(source), "--summary", str(summary))
    return result.exit_code, result.output, summary.read_text(encoding="utf-8")


def test_a_session_form_becomes_a_trade(repo: Repo, tmp_path: Path) -> None:
    code, output, summary = intake(repo, SESSION, session(), tmp_path)
    assert code == 0, output
    assert "Uitvoeren: sif record strengthening-session --date 2026-03-12" in output
    assert summary.startswith("**Sessie geboekt.**")
    books = load_books(repo.root)
    assert books.errors == []
    (trade,) = list(iter_trades(books.entries, "SIF"))
    assert (trade.date.isoformat(), trade.service, trade.concept) == (
        "2026-03-12",
        "strengthening-session",
        "repair-cafe-genk",
    )


def test_a_windows_body_with_several_providers_and_a_quantity(repo: Repo, tmp_path: Path) -> None:
    text = session(
        **{"Dienst": "coaching-hour", "Gever(s)": "an-claes, bram-peeters", "Aantal": "3"}
    ).replace("\n", "\r\n")
    code, output, _ = intake(repo, SESSION, text, tmp_path)
    assert code == 0, output
    (trade,) = list(iter_trades(load_books(repo.root).entries, "SIF"))
    assert [m for m, _ in trade.providers] == ["an-claes", "bram-peeters"]
    assert trade.quantity == 3


def test_a_member_form_adds_a_member(repo: Repo, tmp_path: Path) -> None:
    text = body(**{
        "Naam · Nom · Name": "Nieuw  Lid",
        "Soort · Type · Kind": "person",
        "Rechtsvorm · Forme juridique · Legal form": "_No response_",
        "Btw-status · Statut TVA · VAT status": "not-taxable",
        "E-mail · E-mail · E-mail": "nieuw@example.org",
        "Talen · Langues · Languages": "nl, en",
        "Lid sinds · Membre depuis · Joined": "2026-01-05",
    })  # fmt: skip
    code, output, summary = intake(repo, MEMBER, text, tmp_path)
    assert code == 0, output
    assert summary.startswith("**Lid toegevoegd.**")
    member = load_books(repo.root).community.members["nieuw-lid"]
    assert (member.name, member.languages) == ("Nieuw Lid", ("nl", "en"))


def test_a_feedback_form_is_kept(repo: Repo, tmp_path: Path) -> None:
    assert intake(repo, SESSION, session(), tmp_path)[0] == 0
    text = body(**{
        "Datum van de sessie · Date de la session · Date of the session": "2026-03-12",
        "Coach · Coach · Coach": "an-claes",
        "Wie antwoordt · Qui répond · Who answers": "de-buurtkeuken",
        "Beoordeling · Appréciation · Rating": "4",
        "Was de coach goed voorbereid? · Le coach était-il bien préparé ? · Was the coach well prepared?": "ja",
        "Opmerking · Commentaire · Comment": "Sterk voorbereid.\nDank!",
    })  # fmt: skip
    code, output, summary = intake(repo, FEEDBACK, text, tmp_path)
    assert code == 0, output
    assert summary.startswith("**Feedback bewaard.**")
    (answer,) = load_feedback(repo.root)[0]
    assert (answer.rating, answer.prepared, answer.comment) == (4, True, "Sterk voorbereid. Dank!")


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"Dienst": "_No response_"}, '"Dienst · Service · Service" is niet ingevuld'),
        ({"Dienst": ""}, '"Dienst · Service · Service" is niet ingevuld'),
        ({"Datum": "12/03/2026"}, '"12/03/2026" is geen datum; schrijf JJJJ-MM-DD'),
        ({"Datum": "2026-02-30"}, "is geen datum"),
        ({"Aantal": "drie"}, '"drie" is geen aantal tussen 0 en 1000'),
        ({"Aantal": "0"}, "is geen aantal tussen 0 en 1000"),
        ({"Aantal": "-2"}, "is geen aantal tussen 0 en 1000"),
        ({"Aantal": "1e400"}, "is geen aantal tussen 0 en 1000"),
        ({"Aantal": "NaN"}, "is geen aantal tussen 0 en 1000"),
        ({"Gever(s)": "An Claes"}, "may only hold lowercase letters"),
        ({"Ontvanger(s)": "../members/evil"}, "may only hold lowercase letters"),
        ({"Dienst": "Versterkingssessie!"}, "may only hold lowercase letters"),
    ],
    ids=lambda value: str(value)[:30],
)
def test_every_wrong_answer_is_named_and_nothing_is_written(
    repo: Repo, tmp_path: Path, changes: dict[str, str], expected: str
) -> None:
    before = repo.snapshot()
    code, output, summary = intake(repo, SESSION, session(**changes), tmp_path)
    assert code == 1
    assert expected in summary and expected in output
    assert summary.startswith("**Het formulier kan niet verwerkt worden.**")
    assert "Traceback" not in output
    assert repo.snapshot() == before


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"Dienst": "versterking"}, 'the service "versterking" is not on the menu card'),
        ({"Gever(s)": "niemand"}, 'no member "niemand"'),
        ({"Concept": "onbekend"}, 'no concept "onbekend"'),
        ({"Datum": "2099-01-01"}, "is dated 2099-01-01, after today"),
    ],
)
def test_answers_the_books_refuse_are_reported_and_nothing_is_written(
    repo: Repo, tmp_path: Path, changes: dict[str, str], expected: str
) -> None:
    before = repo.snapshot()
    code, output, summary = intake(repo, SESSION, session(**changes), tmp_path)
    assert code == 1, output
    assert summary.startswith("**Niet geboekt: de boeken laten dit niet toe.**")
    assert expected in output and expected in summary
    assert repo.snapshot() == before


def test_a_body_that_is_not_the_form_is_refused(repo: Repo, tmp_path: Path) -> None:
    code, _, summary = intake(repo, SESSION, "### Wie ben jij?\n\nik\n", tmp_path)
    assert code == 1
    assert 'onbekende vraag "Wie ben jij?"' in summary
    code, _, summary = intake(repo, SESSION, "x" * 30_000, tmp_path)
    assert code == 1
    assert "dit is geen formulier" in summary


def test_an_organisation_needs_its_legal_form_and_a_dropdown_its_options(
    repo: Repo, tmp_path: Path
) -> None:
    text = body(**{
        "Naam · Nom · Name": "Vzw Zonder Vorm",
        "Soort · Type · Kind": "organisation",
        "Btw-status · Statut TVA · VAT status": "vrijgesteld",
    })  # fmt: skip
    code, _, summary = intake(repo, MEMBER, text, tmp_path)
    assert code == 1
    assert '"vrijgesteld" is geen keuze van het formulier' in summary


def test_every_form_is_a_sif_form_with_known_fields() -> None:
    from sif.intake import load_form

    kinds = {load_form(path).kind for path in sorted(FORMS.glob("*.yml"))}
    assert kinds == {"session", "member", "feedback"}
