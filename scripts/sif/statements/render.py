"""A statement as PDF (Typst) and as an HTML page (Jinja2), from one view.

The layouts are `statement.typ` and `statement.html` in the books'
`templates/` folder; a file missing there is taken from this package's copy,
the default (as for the documents, see `sif.render.templates`). The PDF gets the
view as JSON through `sys.inputs`, so names are text, never Typst markup; the
HTML template escapes every value (Jinja2 autoescape), so a member named
`<script>` is shown, not run.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from sif.model.community import Community
from sif.render.pdf import compile_pdf
from sif.render.templates import TemplateError, template_file
from sif.statements.model import Statement
from sif.statements.say import PACKAGE_TEMPLATES, words
from sif.statements.view import view

PDF_TEMPLATE = "statement.typ"
HTML_TEMPLATE = "statement.html"

#: How the HTML shows one EPC QR code (an item of view["todo"]["pay"]).
QrSource = Callable[[Mapping[str, Any]], Markup]


def templates_folder(community: Community, templates: Path | None = None) -> Path:
    """The folder staff edit templates in: `templates`, else the books' templates/."""
    return templates if templates is not None else community.root / "templates"


def statement_view(
    statement: Statement, community: Community, templates: Path | None = None
) -> dict[str, Any]:
    """The view of `statement` in the member's language, with the books' labels."""
    folder = templates_folder(community, templates)
    return view(statement, community, words(statement.member.language, folder))


def render_pdf(statement: Statement, shown: Mapping[str, Any], templates: Path) -> bytes:
    """The PDF of a statement's view `shown`, dated on the statement date.

    Raises:
      TemplateError: the template has an error; the message says where.
    """
    template = template_file(PDF_TEMPLATE, templates, PACKAGE_TEMPLATES)
    return compile_pdf(template, {"statement": json.dumps(shown)}, statement.date)


def inline_svg(item: Mapping[str, Any]) -> Markup:
    """The QR code as inline SVG, for a web page (segno's SVG holds no user text)."""
    return Markup(str(item["qr"]))  # noqa: S704 (made by segno from the payment details)


def image_source(cids: Mapping[str, str]) -> QrSource:
    """The QR code as an image attached to an e-mail: `cids` maps its reference to a Content-ID."""

    def source(item: Mapping[str, Any]) -> Markup:
        cid = cids[str(item["qr"])]
        return Markup('<img src="cid:{}" alt="{}">').format(
            cid.strip("<>"), escape(item["qr_alt"])
        )

    return source


@functools.lru_cache(maxsize=8)
def _template(path: Path, mtime_ns: int) -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(path.parent),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    try:
        return environment.get_template(path.name)
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(f"{path}:{error.lineno}: {error.message}") from None


def render_html(shown: Mapping[str, Any], templates: Path, qr_src: QrSource = inline_svg) -> str:
    """The HTML page of a statement's view `shown`.

    Raises:
      TemplateError: the template has an error; the message says where.
    """
    path = template_file(HTML_TEMPLATE, templates, PACKAGE_TEMPLATES)
    try:
        return _template(path, path.stat().st_mtime_ns).render(d=shown, qr_src=qr_src)
    except (jinja2.TemplateError, TypeError, ValueError) as error:
        raise TemplateError(f"{path}: {type(error).__name__}: {error}") from None
