"""Generate the data pages of the public site into `site/`, then build it with MkDocs.

`generate_site(root, today)` is a plain step: it reads the books, the events
and `services.yaml`, removes the generated paths of `site/` (GENERATED) and
writes them anew, so a member who withdrew consent loses their page at the
next build. The hand-written pages of `site/` are never touched.
`build_site` then runs MkDocs on `mkdocs.yml`, which is strict: any warning,
a broken link included, fails the build.

Languages: the site is built in the operator's languages (its member file's
`languages:`) that have a site catalog (`sif/locale/<lang>/LC_MESSAGES/site.po`).
The first language's pages are the root of `site/`; each other language gets the
same pages, in its words, below `site/<lang>/`, and is built into `<out>/<lang>/`.
A language's MkDocs file (`mkdocs.fr.yml`, inheriting `mkdocs.yml`) is used when
the books have one; otherwise the build derives it from `mkdocs.yml`: the
language, the navigation in its words and the language switcher (only when there
are several languages). The hand-written pages of a language (such as
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
from mkdocs.utils.yaml import yaml_load

from sif import i18n
from sif.errors import SifException
from sif.ledger.books import collector_paused, format_error, load_books
from sif.model.community import Community
from sif.model.concepts import Concept
from sif.model.events import load_events
from sif.model.taxonomy import load_taxonomy
from sif.paths import EVENTS_DIR
from sif.site.agenda import agenda_files
from sif.site.context import Context, Slugs, site_words, slugs
from sif.site.figures import figures_page, monthly
from sif.site.home import home_page, join_page
from sif.site.network import network_files
from sif.site.pages import concept_files, menu_page
from sif.site.public import profiles, public_concepts
from sif.site.questions import questions_page
from sif.site.safe import SiteFile
from sif.site.words import NAMES

CONFIG = "mkdocs.yml"
DOCS_DIR = "site"
ASSETS = "assets"
#: The site's language when the operator names none that has a site catalog.
FALLBACK = "en"


def generated_paths(languages: list[str], pages: Slugs) -> tuple[str, ...]:
    """What the generator owns below `site/` (git-ignored; the rest is hand-written):
    the first language's pages at its root, the other languages' pages and a copy of
    the assets below their folder."""
    own = pages.generated()
    return own + tuple(f"{lang}/{name}" for lang in languages[1:] for name in (*own, ASSETS))


def config_file(language: str, languages: list[str]) -> str:
    """The MkDocs file of a language's build: mkdocs.yml for the first, mkdocs.fr.yml for French."""
    return CONFIG if language == languages[0] else f"mkdocs.{language}.yml"


def languages_of(community: Community) -> list[str]:
    """The site's languages: the operator's that have a site catalog, the first at the root."""
    known = i18n.languages(i18n.SITE)
    spoken = community.operator.languages if community.operator is not None else ()
    found = [language for language in spoken if language in known]
    return found or [FALLBACK]


def site_languages(root: Path) -> list[str]:
    """The languages of the site of the books at `root`."""
    return languages_of(load_books(root).community)


def site_pages(languages: list[str], root: Path | None = None) -> Slugs:
    """The page names of a site in `languages` (those of its first language)."""
    return slugs(site_words(languages[0], root))


class SiteError(SifException):
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
      paths: What the generator owns below the docs folder (see generated_paths).
    """

    docs_dir: Path
    files: list[str]
    members: int
    concepts: int
    events: int
    warnings: list[str] = field(default_factory=list)
    paths: tuple[str, ...] = ()


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
    languages = languages_of(community)
    pages = site_pages(languages, root)
    files: list[SiteFile] = []
    for language in languages:
        folder = "" if language == languages[0] else f"{language}/"
        ctx = Context(
            language,
            taxonomy,
            today,
            menu.name,
            # Introductions and applications go to the operator's address, when it
            # consented to publish it like any member.
            operator.email if operator is not None and "email" in operator.publish else None,
            site_url,
            (root / DOCS_DIR / folder / pages.page("explainer")).is_file(),
            site_words(language, root),
            pages,
            languages[0],
            menu.currency.code,
        )
        own = network_files(public, concepts_of, ctx)
        own += concept_files(concepts, public, ctx)
        own.append(menu_page(menu, ctx))
        own += agenda_files(events, ctx)
        own.append(figures_page(community, months, ctx, len(listed), len(concepts)))
        own.append(questions_page(community, public, ctx))
        own.append(home_page(menu, listed, ctx))
        own.append(join_page(menu, events, ctx))
        if language != languages[0]:
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
        generated_paths(languages, pages),
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


def clear_generated(docs_dir: Path, generated: tuple[str, ...]) -> None:
    """Remove what an earlier run generated below the docs folder."""
    for name in generated:
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
    clear_generated(docs_dir, summary.paths)
    for file in files:
        target = docs_dir / file.path
        if not any(file.path == g or file.path.startswith(g + "/") for g in summary.paths):
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


def _nav(words: i18n.Translator, pages: Slugs, explainer: bool, code: str) -> list[Any]:
    """The navigation of a site without its own `nav:`, in the words of one language."""
    _ = words.gettext
    nav: list[Any] = [
        {_("Welcome"): "index.md"},
        {_("Network"): pages.network_index},
        {_("Concepts"): pages.concepts_index},
        {_("Events"): [{_("Coming up"): pages.events_index}, {_("Past"): pages.events_past}]},
        {_("Open questions"): pages.page("questions")},
        {_("Menu card"): pages.page("menu")},
    ]
    if explainer:
        nav.append({_("How does the {code} work?").format(code=code): pages.page("explainer")})
    return [*nav, {_("Join"): pages.page("join")}, {_("Figures"): pages.page("figures")}]


def config_options(
    root: Path, language: str, languages: list[str], pages: Slugs, code: str
) -> tuple[str, dict[str, Any]]:
    """The MkDocs file of a language's build and what the build sets over it.

    The books' own file for the language wins (mkdocs.fr.yml). Otherwise the
    build reads mkdocs.yml and sets what it leaves out: the theme's language,
    the navigation in the language's words, which pages are left out of it, the
    language switcher when there are several languages, and the other
    languages' folders, left out of the first language's build.
    """
    first = language == languages[0]
    name = config_file(language, languages)
    if not first and (root / name).is_file():
        return name, {}
    raw = yaml_load((root / CONFIG).read_text(encoding="utf-8")) or {}
    options: dict[str, Any] = {}
    theme = raw.get("theme") or {}
    if not first or "language" not in theme:
        options["theme"] = {**theme, "language": language}
    docs = root / DOCS_DIR / ("" if first else language)
    if not first or "nav" not in raw:
        explainer = (docs / pages.page("explainer")).is_file()
        options["nav"] = _nav(site_words(language, root), pages, explainer, code)
    if "not_in_nav" not in raw:
        options["not_in_nav"] = "".join(
            f"/{folder}/*.md\n" for folder in (pages.network, pages.concepts, pages.events)
        )
    extra = raw.get("extra") or {}
    if len(languages) > 1 and (not first or "alternate" not in extra):
        up = "" if first else "../"
        options["extra"] = {
            **extra,
            "alternate": [
                {
                    "name": NAMES.get(lang, lang),
                    "link": ""
                    if lang == language
                    else up + ("" if lang == languages[0] else f"{lang}/"),
                    "lang": lang,
                }
                for lang in languages
            ],
        }
    if first and len(languages) > 1 and "exclude_docs" not in raw:
        options["exclude_docs"] = "".join(f"/{lang}/\n" for lang in languages[1:])
    if not first:
        options["docs_dir"] = str(docs)
        options["exclude_docs"] = "/drafts/\n"
    return CONFIG, options


def mkdocs_build(
    root: Path, out: Path | None, site_url: str | None = None, languages: list[str] | None = None
) -> Path:
    """Build the site of `root/mkdocs.yml` with MkDocs into `out` (default: its site_dir),
    then each other language's into `<out>/<lang>/`.

    `site_url`, the address the site is published at, makes the sitemap and the
    404 page's links absolute; without it they stay empty and root-relative.
    """
    community = load_books(root).community
    languages = languages or languages_of(community)
    pages = site_pages(languages, root)
    code = community.menu.currency.code if community.menu is not None else ""
    site_dir: Path | None = None
    for language in languages:
        name, options = config_options(root, language, languages, pages, code)
        if language != languages[0]:
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
                config = load_config(str(root / name), **options)
                build(config)
            except (MkDocsException, SystemExit) as exc:
                details = "\n".join(log.messages)
                raise SiteError(f"MkDocs failed ({name}): {exc}\n{details}".rstrip()) from exc
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

    Every language is served, each at its own path (/fr/, /en/), as `sif site
    build` lays them out (`sif.site.languages_hook`). MkDocs rebuilds when a page
    in `site/` or a language's MkDocs file changes; after editing members,
    concepts, events or services.yaml, stop and start again.
    """
    generate_site(root, today)
    community = load_books(root).community
    languages = languages_of(community)
    code = community.menu.currency.code if community.menu is not None else ""
    # The first language's build, with what the build sets over mkdocs.yml; the
    # hook builds the others after it.
    _, options = config_options(root, languages[0], languages, site_pages(languages, root), code)
    others = [config_file(language, languages) for language in languages[1:]]
    # Show MkDocs' own lines ("Serving on http://...", rebuilds, warnings).
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        serve(
            config_file=str(root / CONFIG),
            dev_addr=dev_addr,
            livereload=True,
            watch=[str(root / name) for name in others if (root / name).is_file()],
            hooks=[str(Path(__file__).with_name("languages_hook.py"))],
            **options,
        )
    finally:
        logger.removeHandler(handler)
