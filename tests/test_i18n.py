"""The words of sif's commands come from gettext catalogs, complete in every language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from sif import i18n
from sif.statements.texts import TEXTS
from tests.conftest import REPO_ROOT, Repo

PACKAGE = REPO_ROOT / "scripts" / "sif"
KEYWORDS = {"_": None, "n_": (1, 2)}
_FIELD = re.compile(r"\{(\w*)")


#: The site's pages (sif/site, but not its `sif check` warnings) speak the site's catalog,
#: the documents (sif/documents) the documents' catalog, the rest the commands'.
DOMAINS = {
    i18n.SITE: re.compile(r"^site/(?!checks\.py$)"),
    i18n.DOCUMENTS: re.compile(r"^documents/"),
    i18n.MAIL: re.compile(r"^mail/compose\.py$"),
}


def domain_of(filename: str) -> str:
    return next((d for d, files in DOMAINS.items() if files.match(filename)), i18n.DOMAIN)


def marked(domain: str = i18n.DOMAIN) -> set[str]:
    """Every message the code marks with _() or n_() (ctx._() in the site), by its
    (singular) text."""
    found = set()
    method_map = [("**.py", "python"), ("site/templates/**.html", "jinja2.ext:babel_extract")]
    for filename, _line, message, _comments, _context in extract_from_dir(
        str(PACKAGE), method_map=method_map, keywords={**KEYWORDS, "gettext": None}
    ):
        if domain_of(filename) == domain:
            found.add(message if isinstance(message, str) else message[0])
    return found


def catalog(language: str, domain: str = i18n.DOMAIN) -> dict[str, tuple[str, ...]]:
    with i18n.catalog_path(language, domain).open("rb") as handle:
        entries = read_po(handle, locale=language)
    return {
        (m.id if isinstance(m.id, str) else m.id[0]): (
            (m.string,) if isinstance(m.string, str) else tuple(m.string or ())
        )
        for m in entries
        if m.id and not m.context
    }


def test_the_shipped_languages() -> None:
    assert i18n.languages() == ["de", "en", "fr", "nl"]
    for domain in (i18n.SITE, i18n.DOCUMENTS, i18n.MAIL):
        assert i18n.languages(domain) == ["de", "en", "fr", "nl"]


@pytest.mark.parametrize("language", ["nl", "fr", "en", "de"])
def test_every_statement_word_is_translated(language: str) -> None:
    """The statements speak every shipped language, German included."""
    entries = catalog(language)
    missing = sorted(text for text in TEXTS.values() if not all(entries.get(text, ("",))))
    assert not missing, f"translate in {i18n.catalog_path(language)}: {missing}"
    for text in TEXTS.values():
        for form in entries[text]:
            assert set(_FIELD.findall(form)) == set(_FIELD.findall(text)), (text, form)


def test_a_statement_word_in_the_member_s_language_whatever_the_command_speaks() -> None:
    i18n.use("fr")
    try:
        assert i18n.translate("de", TEXTS["title"]) == "Kontoauszug"
        assert i18n.translate("nl", TEXTS["title"]) == "Rekeningoverzicht"
        assert i18n.translate("en", TEXTS["title"]) == "Account statement"
        assert i18n.translate("xx", TEXTS["title"]) == "Account statement"
        assert i18n.current() == "fr"
    finally:
        i18n.use("en")


@pytest.mark.parametrize("language", ["nl", "fr", "en", "de"])
def test_every_marked_message_is_translated_and_none_is_left_over(language: str) -> None:
    messages = marked()
    assert len(messages) > 40
    entries = catalog(language)
    missing = sorted(messages - set(entries))
    assert not missing, f"add to {i18n.catalog_path(language)}: {missing}"
    empty = sorted(m for m, forms in entries.items() if not all(forms))
    assert not empty, f"translate in {language}: {empty}"
    obsolete = sorted(set(entries) - messages)
    assert not obsolete, f"remove from {language}, no code uses them: {obsolete}"


@pytest.mark.parametrize("language", ["nl", "fr", "en", "de"])
def test_every_site_message_is_translated_and_none_is_left_over(language: str) -> None:
    messages = marked(i18n.SITE)
    assert len(messages) > 100
    entries = catalog(language, i18n.SITE)
    missing = sorted(messages - set(entries))
    assert not missing, f"add to {i18n.catalog_path(language, i18n.SITE)}: {missing}"
    empty = sorted(m for m, forms in entries.items() if not all(forms))
    assert not empty, f"translate in {language}: {empty}"
    # The nav's words are read by name in sif.site.generate._nav.
    obsolete = sorted(set(entries) - messages)
    assert not obsolete, f"remove from {language}, no code uses them: {obsolete}"


@pytest.mark.parametrize("language", ["nl", "fr", "en", "de"])
@pytest.mark.parametrize(
    ("domain", "example"), [(i18n.DOCUMENTS, "Self-billed invoice"), (i18n.MAIL, "Kind regards,")]
)
def test_every_document_and_mail_message_is_translated_and_none_is_left_over(
    language: str, domain: str, example: str
) -> None:
    messages = marked(domain)
    assert example in messages
    entries = catalog(language, domain)
    assert sorted(messages - set(entries)) == []
    assert sorted(m for m, forms in entries.items() if not all(forms)) == []
    assert sorted(set(entries) - messages) == []
    for message, forms in entries.items():
        assert set(_FIELD.findall(forms[0])) == set(_FIELD.findall(message)), message


@pytest.mark.parametrize("language", ["nl", "fr", "en", "de"])
def test_site_translations_use_only_the_message_s_placeholders(language: str) -> None:
    """A translation may leave a placeholder out ("Hello," for "Dear {site_name},") but
    never bring one the code does not fill."""
    for message, forms in catalog(language, i18n.SITE).items():
        for form in forms:
            assert set(_FIELD.findall(form)) <= set(_FIELD.findall(message)), (message, form)


def test_every_site_has_its_page_names() -> None:
    from sif.site.context import Slugs, site_words, slugs

    names = {language: slugs(site_words(language)) for language in i18n.languages(i18n.SITE)}
    for language, pages in names.items():
        # The names at the root of a site are all different (the feed lives in the events').
        root = [
            getattr(pages, name)
            for name in Slugs._fields
            if name not in ("calendar", "past", "members")
        ]
        assert len(set(root)) == len(root), (language, pages)
        assert all(re.fullmatch(r"[a-z0-9-]+", name) for name in pages), (language, pages)
    assert names["nl"].menu == "menukaart" and names["en"].menu == "menu"


@pytest.mark.parametrize("language", ["nl", "fr", "de"])
def test_translations_keep_every_placeholder(language: str) -> None:
    for message, forms in catalog(language).items():
        for form in forms:
            assert set(_FIELD.findall(form)) == set(_FIELD.findall(message)), (message, form)


def test_the_operator_s_language_unless_sif_lang_says_otherwise(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fixture's operator speaks Dutch first: `sif check` does too, unless told."""
    monkeypatch.delenv("SIF_LANG")
    assert repo.run("check").stdout.startswith("De boeken zijn in orde: 6 leden, 2 concepten,")
    monkeypatch.setenv("SIF_LANG", "fr")
    assert repo.run("check").stdout.startswith("Les livres sont en ordre : 6 membres,")
    monkeypatch.setenv("SIF_LANG", "en")
    assert repo.run("check").stdout.startswith("The books are in order: 6 members,")
    monkeypatch.setenv("SIF_LANG", "de")
    assert repo.run("check").stdout.startswith("Die Bücher sind in Ordnung: 6 Mitglieder,")
    monkeypatch.setenv("SIF_LANG", "xx")  # no catalog: English
    assert repo.run("check").stdout.startswith("The books are in order:")


def test_record_fmt_and_the_lock_speak_dutch(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIF_LANG", "nl")
    result = repo.run(
        "record", "coaching-hour", "--date", "2025-01-10",
        "--provider", "an-claes", "--recipient", "de-buurtkeuken",
    )  # fmt: skip
    assert "Geboekt in ledger/trades/2025-01/" in result.stdout
    refused = repo.run(
        "record", "coaching-hour", "--date", "2025-01-10", "--provider", "niemand",
        "--recipient", "de-buurtkeuken",
    )  # fmt: skip
    assert "er is niets geschreven" in refused.output
    formatted = repo.run("fmt", "--check")
    assert "al in vorm" in formatted.stdout
    stale = repo.root / "ledger" / ".x.tmp"
    stale.write_text("x", encoding="utf-8")
    assert "een tijdelijk bestand van een onderbroken sif-opdracht" in repo.run("check").stderr


def test_a_new_language_is_a_new_catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """German, say: copy a catalog, translate it; nothing in the code changes."""
    locale = tmp_path / "locale"
    target = locale / "de" / "LC_MESSAGES" / "sif.po"
    target.parent.mkdir(parents=True)
    text = i18n.catalog_path("en").read_text(encoding="utf-8")
    text = text.replace(
        'msgstr "The books are in order: {summary}."',
        'msgstr "Die Bücher sind in Ordnung: {summary}."',
    )
    target.write_text(text.replace("Language: en", "Language: de"), encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE", locale)
    i18n._catalog.cache_clear()
    try:
        assert i18n.use("de") == "de"
        assert (
            i18n._("The books are in order: {summary}.")
            == "Die Bücher sind in Ordnung: {summary}."
        )
    finally:
        i18n._catalog.cache_clear()
        monkeypatch.undo()
        i18n.use("en")
