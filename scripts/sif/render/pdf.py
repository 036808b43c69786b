"""Typst templates compiled into PDF/A, by one long-lived compiler per template.

A template gets its data through `sys.inputs` as JSON (the template reads it
with `json(bytes(...))`), so a member's name is always text, never Typst
markup. Each process keeps one `typst.Compiler` per template file (and its
modification time): the fonts are found and loaded once, and each PDF after
the first compiles from memory; worker processes of a month-end each keep
their own.
"""

from __future__ import annotations

import datetime
import functools
from pathlib import Path

import typst

from sif.render.templates import TemplateError


@functools.lru_cache(maxsize=8)
def compiler(template: Path, mtime_ns: int) -> typst.Compiler:
    """The compiler of `template` as it was at `mtime_ns`, made once per process.

    Only the fonts built into Typst, plus any font file staff put next to the
    template: the same PDF on every machine, and no system font scan per call.
    """
    fonts = typst.Fonts(include_system_fonts=False, font_paths=[template.parent])
    return typst.Compiler(template, root=template.parent, font_paths=fonts)


def compile_pdf(template: Path, inputs: dict[str, str], date: datetime.date) -> bytes:
    """Typeset `template` with `inputs` (its sys.inputs) as PDF/A-2b, dated noon UTC on `date`.

    Raises:
      TemplateError: the template has an error; the message says where.
    """
    issued = datetime.datetime.combine(date, datetime.time(12), datetime.UTC)
    try:
        pdf = compiler(template, template.stat().st_mtime_ns).compile(
            sys_inputs=inputs, timestamp=issued, pdf_standards="a-2b"
        )
    except typst.TypstError as error:
        raise TemplateError(f"{template}: {error.message}\n{error.diagnostic}") from None
    assert isinstance(pdf, bytes)
    return pdf
