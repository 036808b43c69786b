"""The public site and the requests and feedback: only what is public, feedback never.

The site books of tests/sitebooks.py get requests of every kind (public and
open, private, matched, by a member without consent to their name, for a
concept that is not public, hostile text) and feedback recorded with
`sif feedback add`, whose comment is a secret. The site is built once; each
test reads the built files.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, dedent, run_cli
from tests.sitebooks import TODAY, build_site_repo, site_texts

FEEDBACK_COMMENT = "FEEDBACKSECRET de coach kwam onvoorbereid"
PRIVATE_QUESTION = "PRIVATEVRAAG over een subsidiedossier"
MATCHED_QUESTION = "MATCHEDVRAAG die al een coach heeft"
HIDDEN_CONCEPT = "Zorgboerderij De Hoeve"
HOSTILE_QUESTION = '<script>alert("vraag")</script> **vet** [x](javascript:alert(1))'

REQUESTS: dict[str, str] = {
    "2026-10-open": """\
        question: OPENVRAAG hoe vinden we vrijwilligers?
        kind: solution-lab
        requester: de-buurtkeuken
        concept: repair-cafe-genk
        expertise: [community-building, storytelling]
        status: open
        opened: 2026-10-01
        public: true
        """,
    "2026-10-private": f"""\
        question: {PRIVATE_QUESTION}
        requester: de-buurtkeuken
        expertise: [legal]
        status: open
        opened: 2026-10-02
        """,
    "2026-10-matched": f"""\
        question: {MATCHED_QUESTION}
        requester: an-claes
        expertise: [legal]
        status: matched
        matched: [paula-publiek]
        opened: 2026-10-03
        public: true
        """,
    "2026-10-anoniem": """\
        question: ANONIEMEVRAAG over impact meten
        requester: geheim-lid
        expertise: [impact-meting]
        service: coaching-hour
        status: open
        opened: 2026-10-04
        public: true
        """,
    "2026-10-verborgen-concept": """\
        question: VERBORGENCONCEPT hoe plannen we de oogst?
        requester: atelier-soleil
        concept: zorgboerderij
        expertise: [food]
        status: open
        opened: 2026-10-05
        public: true
        """,
    "2026-10-hostile": f"""\
        question: '{HOSTILE_QUESTION}'
        requester: hostile
        expertise: [hacking]
        status: open
        opened: 2026-10-06
        public: true
        """,
    "2026-12-later": """\
        question: LATERVRAAG nog niet open
        requester: an-claes
        expertise: [food]
        status: open
        opened: 2026-12-20
        public: true
        """,
}


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = build_site_repo(tmp_path_factory.mktemp("site-requests") / "books")
    for request_id, text in REQUESTS.items():
        path = root / "requests" / f"{request_id}.yaml"
        path.parent.mkdir(exist_ok=True)
        path.write_text(dedent(text), encoding="utf-8")
    result = run_cli(
        root, "feedback", "add", "--date", "2025-03-04", "--coach", "an-claes",
        "--rating", "1", "--prepared", "no", "--comment", FEEDBACK_COMMENT, "--from", "de-buurtkeuken",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    (answer,) = (root / "feedback" / "2025-03").iterdir()
    assert FEEDBACK_COMMENT in answer.read_text(encoding="utf-8")
    check = run_cli(root, "check")
    assert check.exit_code == 0, check.output
    return root


@pytest.fixture(scope="module")
def texts(books: Path) -> dict[str, str]:
    out = books / "public"
    result = run_cli(books, "site", "build", "--today", TODAY.isoformat(), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "Warning" not in result.output, result.output
    return {str(path.relative_to(out)): text for path, text in site_texts(out)}


def found(texts: dict[str, str], needle: str) -> list[str]:
    return [name for name, text in texts.items() if needle.casefold() in text.casefold()]


def test_feedback_never_appears_on_the_site(books: Path, texts: dict[str, str]) -> None:
    assert not found(texts, "FEEDBACKSECRET")
    assert not found(texts, "onvoorbereid")
    # Nor in the generated sources below site/.
    for path in (books / "site").rglob("*"):
        if path.is_file() and path.suffix in (".md", ".json", ".ics"):
            assert "FEEDBACKSECRET" not in path.read_text(encoding="utf-8"), path


def test_no_module_of_the_site_reads_feedback() -> None:
    for path in sorted((REPO_ROOT / "scripts" / "sif" / "site").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert "feedback" not in (node.module or ""), path
            elif isinstance(node, ast.Import):
                assert not any("feedback" in alias.name for alias in node.names), path


def test_open_public_requests_are_listed_with_what_they_need(texts: dict[str, str]) -> None:
    page = texts["vragen.html"]
    assert "OPENVRAAG hoe vinden we vrijwilligers?" in page
    assert "Solution Lab" in page
    # Labels from taxonomy.yaml, never the tags.
    assert "Gezochte expertise: gemeenschapsvorming, verhalen vertellen" in page
    assert "community-building" not in page
    assert "Sinds 1 oktober 2026" in page
    assert 'href="concepten/repair-cafe-genk.html"' in page  # a public concept
    assert 'href="netwerk/de-buurtkeuken.html"' in page  # consented to their name
    assert "Vraag voor een coachinguur" in page
    assert found(texts, "OPENVRAAG") == [
        f"{lang}{name}"
        for lang in ("en/", "fr/", "")
        for name in ("search/search_index.json", "vragen.html")
    ]


def test_private_matched_and_future_requests_appear_nowhere(texts: dict[str, str]) -> None:
    for needle in ("PRIVATEVRAAG", "MATCHEDVRAAG", "LATERVRAAG"):
        assert not found(texts, needle), needle


def test_a_requester_without_consent_is_not_named(texts: dict[str, str]) -> None:
    page = texts["vragen.html"]
    assert "ANONIEMEVRAAG" in page
    assert not found(texts, "Ygritte")
    assert not found(texts, "geheim-lid")


def test_a_concept_that_is_not_public_is_not_named(texts: dict[str, str]) -> None:
    assert "VERBORGENCONCEPT" in texts["vragen.html"]
    assert not found(texts, HIDDEN_CONCEPT)
    assert not found(texts, "concepten/zorgboerderij")


def test_a_hostile_question_shows_as_text(texts: dict[str, str]) -> None:
    page = texts["vragen.html"]
    assert '&lt;script&gt;alert("vraag")&lt;/script&gt; **vet** [x](javascript:alert(1))' in page
    assert "<script>alert(" not in page
    assert 'href="javascript' not in page


def test_the_generated_page_is_git_ignored() -> None:
    ignored = (REPO_ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "/site/vragen.md" in ignored
