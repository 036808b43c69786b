"""Escaping, links and tables for the generated pages.

Everything in a member, concept or event file is written by someone outside
the code and may hold `<script>`, `javascript:` links, HTML or Markdown. The
generated pages therefore never paste such text as it is:

- `h` escapes text for an HTML block (MkDocs passes raw HTML blocks through
  untouched, so what `h` returns is what the browser gets);
- `md` escapes text for Markdown inline text, so `**` or `[x](javascript:...)`
  stays text;
- `title` makes a page title that is safe without escaping, because the theme
  writes the title into `<title>` and the header as it is (MkDocs' Jinja has no
  autoescape);
- `http_url` lets through only absolute http(s) addresses; nothing else
  becomes a link.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from typing import NamedTuple
from urllib.parse import urlsplit

from sif.site.context import page_url

#: Characters Python-Markdown treats specially in inline text (its ESCAPED_CHARS,
#: with the tables extension's `|`).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()>#+\-.!|])")
_SPACE = re.compile(r"\s+")
_UNSAFE_URL = re.compile(r"[\s\"'<>`\\\x00-\x1f\x7f]")
#: Look-alikes that keep a title readable without any markup character.
_TITLE_CHARS = str.maketrans({"<": "‹", ">": "›", "&": "＆", '"': "”", "'": "’", "`": "‘"})

EVENT_KIND = {
    "infosession": "Infosessie",
    "workshop": "Workshop",
    "bootcamp": "Bootcamp",
    "solution-lab": "Solution Lab",
}


class SiteFile(NamedTuple):
    """A generated file of the site.

    Attributes:
      path: Its path below the docs folder, with forward slashes ("netwerk/index.md").
      text: Its content.
    """

    path: str
    text: str


def h(text: str) -> str:
    """Text for an HTML block or attribute: every markup character escaped."""
    return html.escape(text, quote=True)


def md(text: str) -> str:
    """Text for Markdown inline content: HTML-escaped, Markdown characters backslashed.

    Whitespace runs (newlines too) become one space, so the text cannot start a
    heading, list or block of its own.
    """
    flat = _SPACE.sub(" ", text).strip()
    return _MD_SPECIAL.sub(r"\\\1", html.escape(flat, quote=False))


def title(text: str) -> str:
    """A page title without markup characters (they become look-alikes)."""
    return _SPACE.sub(" ", text).strip().translate(_TITLE_CHARS)


def front_matter(page_title: str, boost: float | None = None) -> str:
    """The YAML front matter naming a page's title (JSON strings are valid YAML).

    `boost` weighs the page in the site search (Material's `search.boost`):
    above 1 ranks it higher, below 1 lower.
    """
    text = f"---\ntitle: {json.dumps(title(page_title), ensure_ascii=False)}\n"
    if boost is not None:
        text += f"search:\n  boost: {boost}\n"
    return text + "---\n\n"


def http_url(url: str | None) -> str | None:
    """`url` if it is an absolute http(s) address without odd characters, else None."""
    if not url or _UNSAFE_URL.search(url):
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def external_link(url: str | None, text: str | None = None) -> str:
    """An HTML link to an http(s) address, or the escaped text when the address is unsafe."""
    from sif.site.render import part  # noqa: PLC0415 (render imports this module)

    safe = http_url(url)
    shown = text if text is not None else (url or "")
    if safe is None:
        return h(shown)
    return str(part("external", safe, shown))


def rel_link(from_src: str, to_src: str) -> str:
    """A relative URL from one page (or file) of the site to another, for HTML blocks.

    MkDocs rewrites Markdown links but not links inside HTML blocks, so these
    are written as the built site will have them.
    """
    start = posixpath.dirname(page_url(from_src)) or "."
    return posixpath.relpath(page_url(to_src), start)


def html_table(headers: list[str], rows: list[list[str]], numeric: frozenset[int]) -> str:
    """A table as one HTML block whose cells carry their column's name (`data-label`), so
    that on a phone the stylesheet can show each row as a card of "label: value" lines.

    Headers are text; cells are HTML, already escaped by the caller. Columns in
    `numeric` are right-aligned on wide screens.
    """

    from sif.site.render import Markup, str_render  # noqa: PLC0415 (render imports this module)

    cells = [[Markup(cell) for cell in row] for row in rows]
    return str_render("table.html", headers=headers, rows=cells, numeric=numeric)
