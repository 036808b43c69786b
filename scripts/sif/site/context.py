"""What every page of one language's build needs besides its own data.

`Context` holds the language, its words (the site's catalog, `sif/locale/<lang>/
LC_MESSAGES/site.po`, with the books' own `locale/<lang>/LC_MESSAGES/site.po`
over it), the names of the pages, the words of the taxonomy, the build day and
how a visitor reaches the operator, so page functions take one argument for all
of it and the pages of each language come from the same code.

Page names ("menukaart.md", "netwerk/") are messages too (context "page"), taken
from the catalog of the site's first language: every language of one site has
the same file names, so the language switcher goes to the same page.
"""

from __future__ import annotations

import datetime
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote

from sif.i18n import SITE, Translator
from sif.model.taxonomy import Taxonomy

#: The books' own site words: <root>/locale/<lang>/LC_MESSAGES/site.po.
BOOKS_LOCALE = "locale"


class Slugs(NamedTuple):
    """The file and folder names of the generated pages, in the site's first language.

    Attributes:
      network: The directory's folder ("netwerk").
      members: The directory's JSON index in it ("leden" for leden.json).
      concepts: The concepts' folder.
      events: The events' folder.
      past: The past events' page in it.
      calendar: The calendar feed in it (".ics").
      menu: The menu card's page.
      figures: The figures' page.
      questions: The open questions' page.
      join: The page on joining.
      explainer: The hand-written page that explains the currency (linked when present).
    """

    network: str
    members: str
    concepts: str
    events: str
    past: str
    calendar: str
    menu: str
    figures: str
    questions: str
    join: str
    explainer: str

    @property
    def network_index(self) -> str:
        return f"{self.network}/index.md"

    @property
    def members_json(self) -> str:
        return f"{self.network}/{self.members}.json"

    @property
    def concepts_index(self) -> str:
        return f"{self.concepts}/index.md"

    @property
    def events_index(self) -> str:
        return f"{self.events}/index.md"

    @property
    def events_past(self) -> str:
        return f"{self.events}/{self.past}.md"

    @property
    def feed(self) -> str:
        return f"{self.events}/{self.calendar}.ics"

    def member(self, member_id: str) -> str:
        return f"{self.network}/{member_id}.md"

    def concept(self, concept_id: str) -> str:
        return f"{self.concepts}/{concept_id}.md"

    def event(self, event_id: str) -> str:
        return f"{self.events}/{event_id}.md"

    def page(self, name: str) -> str:
        """The Markdown file of a one-page slug ("menu" -> "menukaart.md")."""
        return f"{getattr(self, name)}.md"

    def generated(self) -> tuple[str, ...]:
        """What the generator owns in a language's folder: folders, then pages."""
        return (
            self.network,
            self.concepts,
            self.events,
            self.page("menu"),
            self.page("figures"),
            self.page("questions"),
            "index.md",
            self.page("join"),
        )

    def words(self) -> dict[str, str]:
        """The page names as placeholders for the catalog's links: {network_index}, ..."""
        return {
            "network_index": self.network_index,
            "concepts_index": self.concepts_index,
            "events_index": self.events_index,
            "events_past": self.events_past,
            "past_page": f"{self.past}.md",
            "calendar_file": f"{self.calendar}.ics",
            "menu_page": self.page("menu"),
            "figures_page": self.page("figures"),
            "questions_page": self.page("questions"),
            "join_page": self.page("join"),
            "explainer_page": self.page("explainer"),
        }


def slugs(words: Translator) -> Slugs:
    """The page names of a site whose first language speaks `words`."""
    return Slugs(*(words.pgettext("page", name) for name in Slugs._fields))


def site_words(language: str, root: Path | None = None) -> Translator:
    """The site's words in `language`: the package's catalog, the books' own over it."""
    extra = (root / BOOKS_LOCALE / language / "LC_MESSAGES" / f"{SITE}.po",) if root else ()
    return Translator(language, SITE, extra)


class _Formatter(string.Formatter):
    """str.format, plus the format spec `lower` ("{name:lower}") for translations."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec == "lower":
            return str(value).lower()
        return str(super().format_field(value, format_spec))


_FORMAT = _Formatter()


@dataclass(frozen=True)
class Context:
    """One language's build of the site.

    Attributes:
      language: The language of this build ("nl", "en", ...).
      taxonomy: Labels of expertise tags, roles, kinds and legal forms.
      today: The build day.
      site_name: The community's name.
      contact: The operator's e-mail address: introductions and applications go there.
      site_url: The address the site is published at ("https://x/"), or None.
      explainer: True when this language has the hand-written page on how the
        currency works (Slugs.explainer), so generated pages may link to it.
      words: The site's catalog in this language.
      pages: The page names (those of the site's first language).
      root_language: The site's first language, built at the root of the site.
      code: The currency's code, for the messages' {code}.
    """

    language: str
    taxonomy: Taxonomy
    today: datetime.date
    site_name: str
    contact: str | None = None
    site_url: str | None = None
    explainer: bool = False
    words: Translator = field(default_factory=lambda: site_words("en"))
    pages: Slugs = field(default_factory=lambda: slugs(site_words("en")))
    root_language: str = "en"
    code: str = ""

    def _(self, message: str, **values: Any) -> str:
        """`message` in this build's language, its {placeholders} filled from `values`,
        the page names (`Slugs.words`), {name} (the community's) and {code}."""
        text = self.words.gettext(message)
        if not values and "{" not in message:
            return text
        known = {**self.pages.words(), "name": self.site_name, "code": self.code}
        return _FORMAT.vformat(text, (), {**known, **values})

    def label(self, section: str, key: str) -> str:
        return self.taxonomy.label(section, key, self.language)

    @property
    def folder(self) -> str:
        """This language's folder below the docs folder: "" for the first language."""
        return "" if self.language == self.root_language else f"{self.language}/"

    def absolute(self, src: str) -> str | None:
        """The published address of a page of this language ("netwerk/a.md"), if known."""
        if not self.site_url:
            return None
        return self.site_url.rstrip("/") + "/" + self.folder + page_url(src)

    def mailto(self, subject: str, body: str) -> str | None:
        """A `mailto:` address to the operator with subject and body filled in, or None."""
        if not self.contact:
            return None
        return (
            f"mailto:{self.contact}?subject={quote(subject, safe='')}&body={quote(body, safe='')}"
        )


def page_url(src: str) -> str:
    """The site path of a page from its source path (the site uses file URLs: a.md -> a.html)."""
    return src[:-3] + ".html" if src.endswith(".md") else src
