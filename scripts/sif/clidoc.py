"""The CLI reference (docs/reference/cli.md), written from the click commands themselves.

    python -m sif.clidoc > docs/reference/cli.md

`tests/test_docs.py` compares the file with this output, so the reference
never drifts from the commands (datasette's `cog --check` habit).
"""

from __future__ import annotations

import click

from sif.cli import main


def _contexts(
    command: click.Command, context: click.Context
) -> list[tuple[click.Command, click.Context]]:
    """`command` and every command below it, each with its context under its parent's."""
    found = [(command, context)]
    if isinstance(command, click.Group):
        for name in sorted(command.commands):
            child = command.commands[name]
            found += _contexts(child, click.Context(child, info_name=name, parent=context))
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
    # One context tree, as a real run has: every command gets the group's settings
    # (like -h for help), whatever ran before in this process.
    root = click.Context(
        main, info_name="sif", terminal_width=99, max_content_width=99, **main.context_settings
    )
    for command, context in _contexts(main, root):
        path = context.command_path
        parts.append(f"## `{path}`\n\n```text\n{command.get_help(context).rstrip()}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    click.echo(reference(), nl=False)
