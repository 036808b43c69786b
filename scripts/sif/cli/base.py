"""What every command shares: the `sif` group, option types, loading, locking, tables."""

from __future__ import annotations

import contextlib
import csv
import datetime
import functools
import io
import json
import sys
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click

from sif import __version__
from sif.errors import SifException
from sif.i18n import _, speak_for

if TYPE_CHECKING:
    from sif.ledger.books import Books


class BooksError(click.ClickException):
    """The books could not be read or changed; the message says why."""


def failure(exc: SifException, wording: str = "{problem}", root: Path | None = None) -> BooksError:
    """The click error for `exc`, after showing what explains it (the one place this happens).

    `exc.errors` are shown at their file and line, `exc.details` one a line,
    then the error reads `wording` with {problem} the exception's message and
    {details} the number of details.
    """
    if root is None:
        root = click.get_current_context().find_root().obj
    if exc.errors:
        print_errors(list(exc.errors), root)
    for line in exc.details:
        click.echo(line, err=True)
    return BooksError(wording.format(problem=exc, details=len(exc.details)))


@contextlib.contextmanager
def failing(wording: str, **by_class: str) -> Iterator[None]:
    """Word the failures of the block: `wording`, or that of the exception's class name.

    Example: `with failing("{problem}; nothing was booked"): ...`
    """
    try:
        yield
    except SifException as exc:
        raise failure(exc, by_class.get(type(exc).__name__, wording)) from exc


class SifGroup(click.Group):
    """The `sif` group: any SifException a command lets through becomes an error, exit 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SifException as exc:
            raise failure(exc, root=ctx.find_root().obj) from exc


def local_today() -> datetime.date:
    return datetime.date.today()  # noqa: DTZ011 (the books use local dates)


class DateType(click.ParamType[datetime.date]):
    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: Any, ctx: Any) -> datetime.date:
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            self.fail(
                f"{value!r} is not a date; write it as YYYY-MM-DD, like 2026-03-12", param, ctx
            )


class DecimalType(click.ParamType[Decimal]):
    name = "NUMBER"

    def convert(self, value: Any, param: Any, ctx: Any) -> Decimal:
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            self.fail(f"{value!r} is not a number", param, ctx)
        if not number.is_finite():
            self.fail(f"{value!r} is not a number", param, ctx)
        return number


DATE = DateType()
DECIMAL = DecimalType()


@click.group(cls=SifGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    envvar="SIF_ROOT",
    show_default=True,
    help="The books' folder: the one holding ledger/, members/ and services.yaml.",
)
@click.version_option(__version__, prog_name="sif")
@click.pass_context
def main(ctx: click.Context, root: Path) -> None:
    """Keep the books of the SIF, the knowledge-exchange currency.

    Every service delivered in the network is a trade in ledger/trades/;
    members are described in members/, the tariffs in services.yaml.
    Start with `sif check`, then `sif balances`.
    """
    ctx.obj = root.resolve()
    speak_for(ctx.obj)  # SIF_LANG, else the operator's first language


@contextlib.contextmanager
def write_lock(root: Path, command: str) -> Iterator[None]:
    """Hold the books' write lock for `command`, waiting with a message (sif.bookslock)."""
    from sif.bookslock import books_lock

    def waiting(message: str) -> None:
        click.echo(message, err=True)

    with books_lock(root, command, on_wait=waiting) as removed:
        for path in removed:
            click.echo(
                _("Removed {path}: a temporary file a stopped sif command left behind").format(
                    path=path.relative_to(root)
                ),
                err=True,
            )
        yield


F = TypeVar("F", bound=Callable[..., Any])


def writes_books(command: str) -> Callable[[F], F]:
    """Run a command that writes the books holding their lock: one writer at a time."""

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def wrapper(root: Path, *args: Any, **kwargs: Any) -> Any:
            with write_lock(root, command):
                return func(root, *args, **kwargs)

        return cast("F", wrapper)

    return decorate


def load(root: Path, *, fresh: bool = False) -> Books:
    from sif.ledger.books import load_books

    return load_books(root, fresh=fresh)


def print_errors(errors: list[Any], root: Path) -> None:
    from sif.ledger.books import format_error, sorted_errors

    for error in sorted_errors(errors, root):
        click.echo(format_error(error, root), err=True)
        click.echo(err=True)


FORMATS = click.Choice(["table", "json", "csv"])


def counted(number: int, word: str) -> str:
    """ "1 trade", "2 trades"."""
    return f"{number} {word}" if number == 1 else f"{number} {word}s"


def _table(rows: list[dict[str, Any]], columns: list[str]) -> str:
    cells = [[("" if row[c] is None else str(row[c])) for c in columns] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    for r in cells:
        lines.append("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip())
    return "\n".join(lines)


def emit(rows: list[dict[str, Any]], columns: list[str], fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, default=str))
    elif fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(
            out, fieldnames=columns, extrasaction="ignore", lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows(rows)
        click.echo(out.getvalue(), nl=False)
    else:
        click.echo(_table(rows, columns))


def invoicing_only(command: F) -> F:
    """Refuse a command about invoices, VAT or payments in a community without invoicing."""

    @functools.wraps(command)
    def run(root: Path, *args: Any, **kwargs: Any) -> None:
        from sif.model.community import load_community
        from sif.model.menu import require_invoicing

        require_invoicing(load_community(root).menu)
        command(root, *args, **kwargs)

    return cast("F", run)


def parse_month(text: str) -> Any:
    from sif.model.period import Month

    try:
        return Month.parse(text)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


def issuing(**by_class: str) -> contextlib.AbstractContextManager[None]:
    """Word the reasons a run issues nothing: every data gap, or why (see `failing`)."""
    return failing(
        "{problem}; nothing was issued",
        MissingDataError="{details} gap(s) in member data; nothing was issued",
        TemplateError="a document could not be made: {problem}; nothing was issued",
        **by_class,
    )


def print_run(result: Any, root: Path, dry_run: bool) -> None:
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    if result.already:
        click.echo(f"{result.month} is already invoiced: nothing new was issued.")
        return
    verb = "Would issue" if dry_run else "Issued"
    click.echo(f"{verb} {len(result.documents)} document(s) for {result.month}:")
    for doc in result.documents:
        click.echo(
            f"  {doc.number:<14} {doc.kind:<26} {doc.member:<40} "
            f"{doc.sif_total:>8} {doc.community_currency}  {doc.total:>10} {doc.currency}"
        )
    verb = "Would set" if dry_run else "Set"
    print_setoffs(result.setoffs, f"{verb} off what was left open across months")
    if result.ledger_file is not None:
        click.echo(
            f"Booked in {result.ledger_file.relative_to(root)}; files in "
            f"{result.files[0].parent.relative_to(root) if result.files else '-'}."
        )


def print_setoffs(setoffs: list[Any], heading: str) -> None:
    from sif.documents.settle import describe

    if setoffs:
        click.echo(f"{heading}: {counted(len(setoffs), 'set-off')}:")
    for setoff in setoffs:
        click.echo(f"  {describe(setoff)}")


class Progress:
    """One click progress bar per phase (on stderr), opened when the phase starts."""

    def __init__(self) -> None:
        self.phase: str | None = None
        self.bar: Any = None

    def __call__(self, phase: str, done: int, total: int) -> None:
        if phase != self.phase:
            self.close()
            self.phase = phase
            self.bar = click.progressbar(length=total, label=phase.capitalize(), file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None
