"""A MkDocs hook of `sif site serve`: every language of the site, not only Dutch.

`mkdocs serve` builds one configuration (mkdocs.yml, Dutch) into a temporary
folder and rebuilds it on every edit, emptying that folder first. After each
build this hook builds the other languages (mkdocs.fr.yml, mkdocs.en.yml...)
into `<folder>/<lang>/` with the settings `sif site build` uses, so the language switcher's
links work while serving and an edit shows in every language. It is passed
to MkDocs by `sif.site.generate.serve_site` only: the published build does
not use it.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from sif.ledger.books import load_books
from sif.site.generate import config_options, languages_of, site_pages

log = logging.getLogger("mkdocs.sif")


def on_post_build(config: MkDocsConfig, **_: Any) -> None:
    """Build every other language of the books next to the one MkDocs just built."""
    root = Path(str(config.config_file_path)).parent
    site_dir = Path(config.site_dir)
    community = load_books(root).community
    languages = languages_of(community)
    pages = site_pages(languages, root)
    code = community.menu.currency.code if community.menu is not None else ""
    for language in languages[1:]:
        name, options = config_options(root, language, languages, pages, code)
        options["site_dir"] = str(site_dir / language)
        if config.site_url:
            options["site_url"] = config.site_url.rstrip("/") + f"/{language}/"
        try:
            build(load_config(str(root / name), **options))
        except (MkDocsException, SystemExit) as exc:
            # Serving goes on: the error is shown, and the next edit builds again.
            log.error("%s (%s): %s", name, language, exc)
