"""Generate the data pages of the public site into `site/`, then build it with MkDocs.

`generate_site(root, today)` is a plain step: it reads the books, the events
and `services.yaml`, removes the generated paths of `site/` (GENERATED) and
writes them anew, so a member who withdrew consent loses their page at the
next build. The hand-written pages of `site/` are never touched.
`build_site` then runs MkDocs on `mkdocs.yml`, which is strict: any warning,
a broken link included, fails the build.

Languages: the Dutch pages are the root of `site/`; each other language whose
MkDocs file exists (`mkdocs.fr.yml`, `mkdocs.en.yml`, which inherit
`mkdocs.yml`) gets the same pages, in its words, below `site/<lang>/`, and is
built into `<out>/<lang>/`. The hand-written pages of a language (such as
`site/fr/hoe-werkt-de-sif.md`) sit beside its generated ones.
"""

from __future__ import annotations

import datetime
import logging
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.commands.serve import serve
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from sif.ledger.books import collector_paused, format_error, load_books
from sif.model.concepts import Concept
from sif.model.events import load_events
from sif.model.taxonomy import load_taxonomy
from sif.site.agenda import agenda_files
from sif.site.context import EXPLAINER, Context
from sif.site.figures import figures_page, monthly
from sif.site.home import HOME, JOIN, home_page, join_page
from sif.site.network import network_files
from sif.site.pages import concept_files, menu_page
from sif.site.public import profiles, public_concepts
from sif.site.questions import QUESTIONS, questions_page
from sif.site.safe import SiteFile
from sif.site.words import LANGUAGES, folder

CONFIG = "mkdocs.yml"
DOCS_DIR = "site"
EVENTS_DIR = "events"
ASSETS = "assets"
#: What the generator owns in each language's folder (git-ignored); the rest is hand-written.
PAGES = ("netwerk", "concepten", "agenda", "menukaart.md", "cijfers.md", QUESTIONS, HOME, JOIN)
#: What the generator owns below `site/`: the Dutch pages at its root, the other
#: languages' pages and a copy of the assets below their folder.
GENERATED = PAGES + tuple(
    f"{language}/{name}" for language in LANGUAGES[1:] for name in (*PAGES, ASSETS)
)


def config_file(language: str) -> str:
    """The MkDocs file of a language's build: mkdocs.yml for Dutch, mkdocs.fr.yml for French."""
    return CONFIG if language == LANGUAGES[0] else f"mkdocs.{language}.yml"


def site_languages(root: Path) -> list[str]:
    """Dutch, and every other language that has its MkDocs file in the books."""
    return [LANGUAGES[0]] + [
        lang for lang in LANGUAGES[1:] if (root / config_file(lang)).is_file()
    ]


class SiteError(Exception):
    """The site cannot be built; `errors` holds the problems in the input files, if any."""

    def __init__(self, message: str, errors: list[Any] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or []


@dataclass(frozen=True)
class Generated:
    """What `generate_site` wrote.

    Attributes:
      docs_dir: The docs folder (`site/`).
      files: The generated files, paths relative to the docs folder.
      members: Members listed in the directory.
      concepts: Public concepts.
      events: Events, upcoming and past.
      warnings: Problems in the books that did not stop the build, formatted.
    """

    docs_dir: Path
    files: list[str]
    members: int
    concepts: int
    events: int
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Built:
    """A finished build: what was generated, where the site is, and the seconds each step took."""

    generated: Generated
    out: Path
    generate_seconds: float
    mkdocs_seconds: float


def site_files(
    root: Path, today: datetime.date, site_url: str | None = None
) -> tuple[list[SiteFile], Generated]:
    """Every generated file of the site, from the books below `root`, without writing."""
    books = load_books(root)
    community = books.community
    menu = community.menu
    if menu is None:
        raise SiteError("services.yaml has errors; fix them first", books.errors)
    events, event_errors = load_events(root / EVENTS_DIR)
    if event_errors:
        raise SiteError(f"{len(event_errors)} error(s) in the event files", event_errors)
    taxonomy, taxonomy_errors = load_taxonomy(root)
    if taxonomy_errors:
        raise SiteError(f"{len(taxonomy_errors)} error(s) in taxonomy.yaml", taxonomy_errors)
    warnings = [format_error(error, root) for error in books.errors]

    public = profiles(community, today)
    listed = [profile for profile in public.values() if profile.listed]
    concepts = public_concepts(community)
    concepts_of: dict[str, list[Concept]] = {}
    for concept in concepts:
        for partner in concept.partners:
            concepts_of.setdefault(partner, []).append(concept)
    months = monthly(community, books.entries, today)
    operator = community.operator
    files: list[SiteFile] = []
    for language in site_languages(root):
        ctx = Context(
            language,
            taxonomy,
            today,
            menu.name,
            # Introductions and applications go to the operator's address, when it
            # consented to publish it like any member (it does in the Fabriek's books).
            operator.email if operator is not None and "email" in operator.publish else None,
            site_url,
            (root / DOCS_DIR / folder(language) / EXPLAINER).is_file(),
        )
        own = network_files(public, concepts_of, ctx)
        own += concept_files(concepts, public, ctx)
        own.append(menu_page(menu, ctx))
        own += agenda_files(events, ctx)
        own.append(figures_page(community, months, ctx, len(listed), len(concepts)))
        own.append(questions_page(community, public, ctx))
        own.append(home_page(menu, listed, ctx))
        own.append(join_page(menu, events, ctx))
        if language != LANGUAGES[0]:
            own += _assets(root / DOCS_DIR / ASSETS)
            own = [SiteFile(f"{language}/{file.path}", file.text) for file in own]
        files += own
    summary = Generated(
        root / DOCS_DIR,
        [f.path for f in files],
        len(listed),
        len(concepts),
        len(events),
        warnings,
    )
    return files, summary


def _assets(folder: Path) -> list[SiteFile]:
    """The site's own stylesheet and script, for another language's folder."""
    if not folder.is_dir():
        return []
    return [
        SiteFile(f"{ASSETS}/{path.relative_to(folder).as_posix()}", path.read_text("utf-8"))
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    ]


def clear_generated(docs_dir: Path) -> None:
    """Remove what an earlier run generated below the docs folder."""
    for name in GENERATED:
        path = docs_dir / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def generate_site(root: Path, today: datetime.date, site_url: str | None = None) -> Generated:
    """Write the generated pages below `root/site/`, replacing those of an earlier run."""
    docs_dir = root / DOCS_DIR
    if not (root / CONFIG).is_file() or not docs_dir.is_dir():
        raise SiteError(
            f"{root / CONFIG}: no site here; the books' folder needs {CONFIG} and the folder "
            f"{DOCS_DIR}/ with the hand-written pages"
        )
    # The pages are made with the books' entries alive: the garbage collector's
    # passes over them were a third of the work, and the pages hold no cycles.
    with collector_paused():
        files, summary = site_files(root, today, site_url)
    clear_generated(docs_dir)
    for file in files:
        target = docs_dir / file.path
        if not any(file.path == g or file.path.startswith(g + "/") for g in GENERATED):
            raise SiteError(f"{file.path}: not a generated path; refusing to write it")
        target.parent.mkdir(parents=True, exist_ok=True)
        # Bytes, so the calendar feed keeps its CRLF line ends.
        target.write_bytes(file.text.encode("utf-8"))
    return summary


class _Collect(logging.Handler):
    """Keeps MkDocs' warnings, to report them after a failed strict build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


@contextmanager
def _mkdocs_log() -> Iterator[_Collect]:
    logger = logging.getLogger("mkdocs")
    handler = _Collect()
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


def mkdocs_build(root: Path, out: Path | None, site_url: str | None = None) -> Path:
    """Build the site of `root/mkdocs.yml` with MkDocs into `out` (default: its site_dir),
    then each other language's into `<out>/<lang>/`.

    `site_url`, the address the site is published at, makes the sitemap and the
    404 page's links absolute; without it they stay empty and root-relative.
    """
    site_dir: Path | None = None
    for language in site_languages(root):
        options: dict[str, Any] = {}
        if language != LANGUAGES[0]:
            assert site_dir is not None
            options["site_dir"] = str(site_dir / language)
            if site_url:
                options["site_url"] = site_url.rstrip("/") + f"/{language}/"
        else:
            if out is not None:
                options["site_dir"] = str(out)
            if site_url:
                options["site_url"] = site_url
        with _mkdocs_log() as log:
            try:
                config = load_config(str(root / config_file(language)), **options)
                build(config)
            except (MkDocsException, SystemExit) as exc:
                details = "\n".join(log.messages)
                raise SiteError(
                    f"MkDocs failed ({config_file(language)}): {exc}\n{details}".rstrip()
                ) from exc
        if site_dir is None:
            site_dir = Path(config.site_dir)
    assert site_dir is not None
    return site_dir


def build_site(
    root: Path, out: Path | None, today: datetime.date, site_url: str | None = None
) -> Built:
    """Generate the data pages, then build the whole site with MkDocs."""
    start = time.perf_counter()
    generated = generate_site(root, today, site_url)
    middle = time.perf_counter()
    site_dir = mkdocs_build(root, out, site_url)
    end = time.perf_counter()
    return Built(generated, site_dir, middle - start, end - middle)


def serve_site(root: Path, dev_addr: str, today: datetime.date) -> None:
    """Generate the data pages, then serve the site with MkDocs, rebuilding on edits.

    MkDocs rebuilds when a page in `site/` changes; after editing members,
    concepts, events or services.yaml, stop and start again.
    """
    generate_site(root, today)
    # Show MkDocs' own lines ("Serving on http://...", rebuilds, warnings).
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        serve(config_file=str(root / CONFIG), dev_addr=dev_addr, livereload=True)
    finally:
        logger.removeHandler(handler)
