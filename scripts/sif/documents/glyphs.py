"""Can the documents print it? The names and addresses checked against the document fonts.

Documents and statements are PDF/A-2b, which allows no missing glyph: Typst
refuses a character that none of the fonts it is given can show (an emoji in
a member's name, say), and the month-end would stop on that member. So the
characters of every text that goes on a document are tried beforehand, with
Typst itself and the very fonts the templates use (Typst's own fonts, the
`font:` the templates set, and any font file next to them), and `sif check`
reports each field that holds one it cannot show, at its line::

    members/bram-peeters.yaml:1: name "Bram 😀": the documents cannot print "😀"
    (U+1F600) with their fonts (Libertinus Serif); write the name without it, or
    put a font that has it next to the templates (templates/)

One probe document holds every distinct character, so books whose names all
print cost one small compile; only when it fails are the characters split to
find the ones at fault.
"""

from __future__ import annotations

import functools
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import typst

from sif.documents.pdf import PACKAGE_TEMPLATES, TEMPLATE
from sif.model.community import Community
from sif.model.errors import SifError, source
from sif.render.templates import template_file

#: The Typst templates whose fonts a printed text must fit.
TEMPLATES = (
    (TEMPLATE, PACKAGE_TEMPLATES),
    ("statement.typ", PACKAGE_TEMPLATES.parent.parent / "statements" / "templates"),
)
FONT = re.compile(r"#set\s+text\([^)]*?font:\s*(\"[^\"]*\"|\([^)]*\))", re.DOTALL)


class GlyphError(SifError):
    """A text that goes on documents holds a character their fonts cannot show."""


@dataclass(frozen=True)
class Printed:
    """A text that goes on documents, and where it is written.

    Attributes:
      owner: The member or concept id.
      field: The field ("name", "address.city").
      value: The text.
      filename: The YAML file.
      line: The field's line in it (0 if not found).
    """

    owner: str
    field: str
    value: str
    filename: str
    line: int


def _line(filename: str, key: str) -> int:
    """The first line of `filename` that sets `key` (as `key:` at any indentation or in a flow map)."""
    try:
        text = Path(filename).read_text(encoding="utf-8")
    except OSError:
        return 0
    pattern = re.compile(rf"(^|[\s{{,]){re.escape(key)}\s*:")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.search(line):
            return number
    return 0


def printed_texts(
    community: Community,
    members: Iterable[str] | None = None,
    concepts: Iterable[str] | None = None,
) -> Iterator[Printed]:
    """The members' and concepts' texts that documents and statements print (all by default)."""
    wanted = None if members is None else set(members)
    named = None if concepts is None else set(concepts)
    for member in community.members.values():
        if wanted is not None and member.id not in wanted:
            continue
        fields = [("name", member.name)]
        if member.address is not None:
            fields += [
                ("address.street", member.address.street),
                ("address.postcode", member.address.postcode),
                ("address.city", member.address.city),
            ]
        for name, value in fields:
            if value:
                key = name.rpartition(".")[2]
                yield Printed(member.id, name, value, member.filename, _line(member.filename, key))
    for concept in community.concepts.values():
        if named is None or concept.id in named:
            filename = concept.filename
            yield Printed(concept.id, "name", concept.name, filename, _line(filename, "name"))


def fonts_of(templates: Path) -> tuple[str, ...]:
    """The `font:` settings of the templates in use (Typst syntax), one per distinct setting."""
    found = []
    for name, package in TEMPLATES:
        text = template_file(name, templates, package).read_text(encoding="utf-8")
        match = FONT.search(text)
        found.append(match.group(1) if match else '"Libertinus Serif"')
    return tuple(dict.fromkeys(found))


@functools.lru_cache(maxsize=64)
def _prints(chars: str, font: str, folder: str) -> bool:
    """Typst can show every character of `chars` in PDF/A with `font` (and its fallbacks)."""
    with tempfile.TemporaryDirectory() as scratch:
        probe = Path(scratch) / "probe.typ"
        probe.write_text(f"#set text(font: {font})\n#sys.inputs.probe\n", encoding="utf-8")
        fonts = typst.Fonts(include_system_fonts=False, font_paths=[folder])
        compiler = typst.Compiler(probe, root=scratch, font_paths=fonts)
        try:
            compiler.compile(sys_inputs={"probe": chars}, pdf_standards="a-2b")
        except typst.TypstError:
            return False
    return True


def missing(chars: Sequence[str], font: str, folder: Path) -> set[str]:
    """The characters of `chars` that Typst cannot show with `font`: split until found."""
    if not chars or _prints(" ".join(chars), font, str(folder)):
        return set()
    if len(chars) == 1:
        return set(chars)
    half = len(chars) // 2
    return missing(chars[:half], font, folder) | missing(chars[half:], font, folder)


def describe(chars: Iterable[str]) -> str:
    return ", ".join(
        f'"{c}" (U+{ord(c):04X} {unicodedata.name(c, "")})'.replace(" )", ")")
        for c in sorted(chars)
    )


def unprintable(
    community: Community,
    templates: Path | None = None,
    members: Iterable[str] | None = None,
    concepts: Iterable[str] | None = None,
) -> list[GlyphError]:
    """An error for each printed text holding a character the document fonts cannot show.

    Args:
      community: Members and concepts.
      templates: The templates folder (default: the books' templates/).
      members: Only these members' texts (default: every member's).
      concepts: Only these concepts' names (default: every concept's).
    """
    folder = templates if templates is not None else community.root / "templates"
    texts = list(printed_texts(community, members, concepts))
    chars = sorted({c for t in texts for c in t.value if not c.isspace()})
    fonts = fonts_of(folder)
    bad: set[str] = set()
    for font in fonts:
        bad |= missing(chars, font, folder)
    errors = []
    for text in texts:
        found = {c for c in text.value if c in bad}
        if found:
            names = ", ".join(f.strip('"') for f in fonts)
            errors.append(
                GlyphError(
                    source(text.filename, text.line),
                    f'{text.field} "{text.value}": the documents cannot print {describe(found)} '
                    f"with their fonts ({names}); write it without, or put a font file that has "
                    "it in the templates folder",
                    None,
                )
            )
    return errors
