"""The CLI reference (docs/reference/cli.md), written from the click commands themselves.

    python -m sif.clidoc > docs/reference/cli.md

`tests/test_docs.py` compares the file with this output, so the reference
never drifts from the commands (datasette's `cog --check` habit).
"""

from __future__ import annotations

import click

from sif.cli import main


def _commands(group: click.Group, prefix: str) -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []
    for name in sorted(group.commands):
        command = group.commands[name]
        path = f"{prefix} {name}"
        found.append((path, command))
        if isinstance(command, click.Group):
            found += _commands(command, path)
    return found


def reference() -> str:
    """Markdown: every command's help text, as `sif COMMAND --help` prints it."""
    parts = [
        "# CLI reference\n",
        (
            "Written by `python -m sif.clidoc` from the commands; do not edit by hand "
            "(`tests/test_docs.py` fails when it is out of date).\n"
        ),
    ]
    for path, command in [("sif", main), *_commands(main, "sif")]:
        context = click.Context(command, info_name=path, terminal_width=99, max_content_width=99)
        parts.append(f"## `{path}`\n\n```text\n{command.get_help(context).rstrip()}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    click.echo(reference(), nl=False)
