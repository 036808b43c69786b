"""`sif site`: the public site."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from sif.cli.base import DATE, local_today, main

if TYPE_CHECKING:
    pass


@main.group()
def site() -> None:
    """The public site: network directory, concepts, menu card, agenda and figures.

    The data pages are generated into site/ from members/, concepts/, events/
    and services.yaml, then MkDocs builds the site as mkdocs.yml says.
    """


@site.command("build")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the built site (default: site_dir of mkdocs.yml, public/).",
)
@click.option(
    "--today", type=DATE, help="The day that splits upcoming from past events (default: today)."
)
@click.option("--site-url", help="The address the site is published at, for the sitemap.")
@click.pass_obj
def site_build(
    root: Path, out: Path | None, today: datetime.date | None, site_url: str | None
) -> None:
    """Generate the data pages and build the site (strict: any warning fails)."""
    from sif.site.generate import build_site

    built = build_site(root, out.resolve() if out else None, today or local_today(), site_url)
    for warning in built.generated.warnings:
        click.echo(f"Warning: {warning}", err=True)
    g = built.generated
    click.echo(
        f"Built the site in {built.out}: {g.members} members, {g.concepts} concepts, "
        f"{g.events} events ({built.generate_seconds:.1f} s to generate, "
        f"{built.mkdocs_seconds:.1f} s for MkDocs)."
    )


@site.command("serve")
@click.option(
    "--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on."
)
@click.option(
    "--today", type=DATE, help="The day that splits upcoming from past events (default: today)."
)
@click.pass_obj
def site_serve(root: Path, dev_addr: str, today: datetime.date | None) -> None:
    """Generate the data pages and serve the site in every language, rebuilding on edits.

    After editing members, concepts, events or services.yaml, restart it.
    """
    from sif.site.generate import serve_site

    serve_site(root, dev_addr, today or local_today())
