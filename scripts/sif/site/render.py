"""The site's HTML blocks as Jinja templates (`sif/site/templates/*.html`).

The pages are Markdown with HTML blocks in them (cards, profiles, tables):
Python gathers what a block shows, a template writes it, in the words of the
site's catalog (`_()` is the build's `Context._`; the `jinja2.ext.i18n`
extension is on, so Babel extracts the templates' messages too).

Templates are written one tag per line for reading; the loader joins the lines
without their line breaks and indentation, because a blank line would end an
HTML block in Markdown. A line break the output needs is written `{{ nl }}`.
Every value is escaped as it is written (`html.escape`, as `safe.h`), unless
it is HTML the code built from escaped parts and marked `Markup`.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from importlib import resources
from typing import Any

from jinja2 import Environment, FunctionLoader, StrictUndefined
from markupsafe import Markup

from sif.site.context import Context

__all__ = ["Markup", "render", "str_render"]


def _source(name: str) -> tuple[str, None, Callable[[], bool]]:
    text = (resources.files(__package__) / "templates" / name).read_text(encoding="utf-8")
    joined = "".join(line.strip() for line in text.splitlines() if not line.startswith("{#"))
    return joined, None, lambda: True


def _escape(value: Any) -> Any:
    """Every written value escaped, as `safe.h` does, unless it is Markup already."""
    if isinstance(value, Markup):
        return value
    return html.escape(str(value), quote=True)


ENV = Environment(
    loader=FunctionLoader(_source),
    extensions=["jinja2.ext.i18n"],
    # Escaping is `finalize` (html.escape, byte for byte as safe.h), not Jinja's own.
    autoescape=False,  # noqa: S701 (every value is escaped by _escape)
    finalize=_escape,
    undefined=StrictUndefined,
)


def render(name: str, ctx: Context | None = None, **values: Any) -> Markup:
    """The template `name` filled with `values`, in the words of `ctx`'s language."""
    words = {"_": ctx._} if ctx is not None else {}
    # The template escaped every value it wrote: its output is HTML.
    return Markup(ENV.get_template(name).render(nl="\n", **words, **values))  # noqa: S704


def str_render(name: str, ctx: Context | None = None, **values: Any) -> str:
    """`render` as a plain string, to add to a page's Markdown (adding a str to Markup
    would escape the str)."""
    return str(render(name, ctx, **values))


def part(name: str, *args: Any) -> Markup:
    """The macro `name` of templates/parts.html: a small piece of HTML ("tags", "link",
    "external", "button", "value", "figure")."""
    macro = getattr(ENV.get_template("parts.html").module, name)
    return Markup(macro(*args))  # noqa: S704 (the macro escaped every value it wrote)
