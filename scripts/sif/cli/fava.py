"""`sif fava`: the staff's window on the books."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from sif.cli.base import main

if TYPE_CHECKING:
    pass


@main.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Fava has no log-in: put a reverse proxy with "
    'authentication in front before opening it to others (README, "Fava for staff").',
)
@click.option("-p", "--port", type=int, default=5000, show_default=True, help="Port to listen on.")
@click.option(
    "--prefix", metavar="PATH", help="Serve under this path, like /boeken, behind a proxy."
)
@click.option("--edit", is_flag=True, help="Allow changing the books through Fava.")
@click.pass_obj
def fava(root: Path, host: str, port: int, prefix: str | None, edit: bool) -> None:
    """Start Fava on the books, with the staff's pages.

    Members, Documents, Month-end, Imbalances and Feedback appear in Fava's
    sidebar. Read-only unless --edit: the books change through pull requests.
    """
    from fava.cli import main as fava_main

    from sif.fava_ext.load import use_cached_loads
    from sif.ledger.books import main_file

    ledger = main_file(root)
    if "sif.fava_ext" not in ledger.read_text(encoding="utf-8"):
        click.echo(
            f"Warning: {ledger} does not enable the staff's pages; add the line\n"
            '  2013-10-01 custom "fava-extension" "sif.fava_ext"',
            err=True,
        )
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(
            f"Warning: Fava has no log-in and listens on {host}: anyone who reaches it reads "
            "the books. Put a reverse proxy with authentication in front of it.",
            err=True,
        )
    use_cached_loads()
    args = [str(ledger), "--host", host, "--port", str(port)]
    if prefix:
        args += ["--prefix", prefix]
    if not edit:
        args.append("--read-only")
    fava_main.main(args=args, prog_name="sif fava", standalone_mode=False)
