"""What every page of one language's build needs besides its own data.

`Context` holds the language, the words of the taxonomy, the build day and how
a visitor reaches the Fabriek, so page functions take one argument for all
of it and the pages of each language come from the same code.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import quote

from sif.model.taxonomy import Taxonomy
from sif.site.safe import page_url
from sif.site.words import pick

#: The hand-written page that explains the currency, in each language's folder.
EXPLAINER = "hoe-werkt-de-sif.md"


@dataclass(frozen=True)
class Context:
    """One language's build of the site.

    Attributes:
      language: "nl", "fr" or "en".
      taxonomy: Labels of expertise tags, roles, kinds and legal forms.
      today: The build day.
      site_name: The community's name.
      contact: The operator's e-mail address: introductions and applications go there.
      site_url: The address the site is published at ("https://x/"), or None.
      explainer: True when this language has the hand-written page on how the
        currency works (EXPLAINER), so generated pages may link to it.
    """

    language: str
    taxonomy: Taxonomy
    today: datetime.date
    site_name: str
    contact: str | None = None
    site_url: str | None = None
    explainer: bool = False

    def t(self, nl: str, fr: str, en: str) -> str:
        """The text in this build's language."""
        return pick(self.language, nl, fr, en)

    def label(self, section: str, key: str) -> str:
        return self.taxonomy.label(section, key, self.language)

    def absolute(self, src: str) -> str | None:
        """The published address of a page of this language ("netwerk/a.md"), if known."""
        if not self.site_url:
            return None
        prefix = "" if self.language == "nl" else f"{self.language}/"
        return self.site_url.rstrip("/") + "/" + prefix + page_url(src)

    def mailto(self, subject: str, body: str) -> str | None:
        """A `mailto:` address to the operator with subject and body filled in, or None."""
        if not self.contact:
            return None
        return (
            f"mailto:{self.contact}?subject={quote(subject, safe='')}&body={quote(body, safe='')}"
        )
