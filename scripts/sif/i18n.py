"""The words of sif's commands in the community's language: gettext catalogs.

Messages are written in English in the code, marked with `_()`, and
translated in `sif/locale/<lang>/LC_MESSAGES/sif.po` (nl, fr, en), which
Babel reads directly (no compiled .mo to keep in step). A community adds a
language by adding a catalog. The language is `SIF_LANG` when set, else the
first language of the operator's member file, else English; a message a
catalog lacks stays English (`tests/test_i18n.py` fails when one does).

Placeholders are named and filled after translation::

    _("Recorded in {path}.").format(path=...)
"""

from __future__ import annotations

import functools
import gettext
import os
from collections.abc import Callable
from pathlib import Path

import yaml

LOCALE = Path(__file__).resolve().parent / "locale"
DOMAIN = "sif"
DEFAULT = "en"
_current = DEFAULT


#: The public site's words (sif.site), a catalog of their own beside the commands'.
SITE = "site"
#: The words on invoices, credit notes and settlements (sif.documents).
DOCUMENTS = "documents"
#: The words of the statement e-mails (sif.mail).
MAIL = "mail"
#: Separates a message's context from its text in a catalog's keys (as GNU gettext does).
_CONTEXT = "\x04"


def catalog_path(language: str, domain: str = DOMAIN) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{domain}.po"


def languages(domain: str = DOMAIN) -> list[str]:
    """The languages that have a catalog (of `domain`)."""
    return sorted(p.parent.parent.name for p in LOCALE.glob(f"*/LC_MESSAGES/{domain}.po"))


@functools.cache
def _catalog(
    language: str, domain: str = DOMAIN
) -> tuple[dict[str, str | tuple[str, ...]], Callable[[int], int]]:
    """The messages of a catalog, and the rule that picks a plural form for a number.

    A message with a context (msgctxt) is keyed "context\x04message".
    """
    from babel.messages.pofile import read_po  # noqa: PLC0415 (only when a catalog is needed)

    path = catalog_path(language, domain)
    if not path.is_file():
        return {}, lambda n: int(n != 1)
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language.replace("-", "_"))
    found = read_catalog(path, language)
    return found, gettext.c2py(catalog.plural_expr)


def _messages(language: str) -> dict[str, str | tuple[str, ...]]:
    return _catalog(language)[0]


def use(language: str | None) -> str:
    """Speak `language` from now on (None or unknown: English); returns the one used."""
    global _current  # noqa: PLW0603 (one process speaks one language at a time)
    chosen = (language or DEFAULT).split("_")[0].split("-")[0].lower()
    _current = chosen if chosen in languages() else DEFAULT
    return _current


def choose(operator_languages: tuple[str, ...] | None) -> str:
    """SIF_LANG, else the operator's first language, else English; and use it."""
    wanted = os.environ.get("SIF_LANG") or (operator_languages[0] if operator_languages else None)
    return use(wanted)


def current() -> str:
    return _current


def _(message: str) -> str:
    """`message` in the current language (English when the catalog lacks it)."""
    if _current == DEFAULT:
        return message
    found = _messages(_current).get(message, message)
    return found if isinstance(found, str) else message


def translate(language: str, message: str) -> str:
    """`message` in `language`, whatever the command speaks (a member's statement, say).

    English, or a language without a catalog, or a message the catalog lacks: `message`.
    """
    chosen = language.replace("-", "_").split("_", maxsplit=1)[0].lower()
    if chosen == DEFAULT:
        return message
    found = _messages(chosen).get(message, message)  # no catalog: no messages
    return found if isinstance(found, str) else message


def n_(singular: str, plural: str, number: int) -> str:
    """The form of a message for `number` (one, many...), by the catalog's plural rule."""
    if _current != DEFAULT:
        messages, rule = _catalog(_current)
        found = messages.get(singular)
        if isinstance(found, tuple):
            return found[min(rule(number), len(found) - 1)]
    return singular if number == 1 else plural


def speak_for(root: Path) -> str:
    """Choose the language for the books at `root`: SIF_LANG, else their operator's.

    Reads only the menu card's operator and that member's `languages:`; books
    with errors there fall back to English (the errors are reported anyway).
    """
    found: tuple[str, ...] | None = None
    try:
        menu = yaml.safe_load((root / "services.yaml").read_text(encoding="utf-8"))
        operator = str(menu["community"]["operator"])
        member = yaml.safe_load(
            (root / "members" / f"{operator}.yaml").read_text(encoding="utf-8")
        )
        spoken = member.get("languages") if isinstance(member, dict) else None
        if isinstance(spoken, list) and spoken:
            found = tuple(str(language) for language in spoken)
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError):
        found = None
    return choose(found)


class Translator:
    """The messages of one catalog in one language, for code that renders several
    languages in one run (the site): no global state, unlike `_` and `use`.

    `extra` catalogs (the books' own, say) win over the package's.

    Attributes:
      language: The language asked for.
      domain: The catalog's name ("sif", "site").
    """

    def __init__(self, language: str, domain: str = DOMAIN, extra: tuple[Path, ...] = ()) -> None:
        self.language = language
        self.domain = domain
        found, self._rule = _catalog(language, domain)
        self._found = dict(found)
        for path in extra:
            if path.is_file():
                self._found.update(read_catalog(path, language))

    def gettext(self, message: str) -> str:
        found = self._found.get(message, message)
        return found if isinstance(found, str) else message

    def ngettext(self, singular: str, plural: str, number: int) -> str:
        found = self._found.get(singular)
        if isinstance(found, tuple):
            return found[min(self._rule(number), len(found) - 1)]
        return singular if number == 1 else plural

    def pgettext(self, context: str, message: str) -> str:
        found = self._found.get(f"{context}{_CONTEXT}{message}", message)
        return found if isinstance(found, str) else message

    def has(self, message: str, context: str | None = None) -> bool:
        """True when the catalog translates `message` (English always does)."""
        key = f"{context}{_CONTEXT}{message}" if context else message
        return self.language == DEFAULT or key in self._found


def read_catalog(path: Path, language: str) -> dict[str, str | tuple[str, ...]]:
    """The translated messages of one .po file (keyed as `_catalog` keys them)."""
    from babel.messages.pofile import read_po  # noqa: PLC0415 (only when a catalog is needed)

    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language.replace("-", "_"))
    found: dict[str, str | tuple[str, ...]] = {}
    for message in catalog:
        if not message.id:
            continue
        prefix = f"{message.context}{_CONTEXT}" if message.context else ""
        if isinstance(message.id, tuple):
            forms = tuple(str(form) for form in message.string or ())
            if forms and all(forms):
                found[prefix + str(message.id[0])] = forms
        elif isinstance(message.string, str) and message.string:
            found[prefix + str(message.id)] = message.string
    return found
