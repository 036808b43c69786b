"""Reading YAML with line numbers, and typed field access that collects errors.

Staff edit these files by hand, so every complaint names the file, the line and
the field, and says what to do. `Fields` reads one mapping: each accessor
returns a typed value (or a default) and records an error instead of raising,
so one run reports every problem in a file at once.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Protocol, TypeVar

import yaml

from sif.model.errors import YamlError, did_you_mean, source

T = TypeVar("T")

#: Ids of members, concepts and services: lowercase words joined by dashes.
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ID_MAX = 48


class LineDict(dict[str, Any]):
    """A mapping that remembers the line of each key (1-based)."""

    line: int = 0
    lines: dict[str, int]

    def __init__(self) -> None:
        super().__init__()
        self.lines = {}


# libyaml's parser when PyYAML has it (about ten times faster: a thousand member
# files are read on every check), else PyYAML's own; the constructors are the
# safe ones either way.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """A safe loader that keeps line numbers and reads decimals exactly."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            key = str(key)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f'the key "{key}" appears twice', key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.lines[key] = key_node.start_mark.line + 1
    return mapping


def _construct_decimal(loader: _Loader, node: yaml.ScalarNode) -> Decimal:
    # Money and SIF amounts must never pass through float.
    text = str(loader.construct_scalar(node)).replace("_", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        # .inf, .nan: let the field validators reject them by type.
        return Decimal("NaN")


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode) -> Any:
    # An impossible date such as 2024-02-30 makes PyYAML raise ValueError; keep
    # the text instead, so the field validator reports it at its line.
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return str(loader.construct_scalar(node))


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def load_yaml(path: Path) -> tuple[Any, list[YamlError]]:
    """Parse a YAML file, returning (data, errors). Data is None on a syntax error."""
    filename = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, [YamlError(source(filename, 0), "the file is not UTF-8 text", None)]
    except OSError as exc:
        return None, [YamlError(source(filename, 0), f"cannot read the file: {exc}", None)]
    return parse_yaml(text, filename)


def parse_yaml(text: str, filename: str) -> tuple[Any, list[YamlError]]:
    """Parse YAML text that comes from (or will be written to) `filename`."""
    try:
        return yaml.load(text, Loader=_Loader), []  # noqa: S506 (a SafeLoader subclass)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        what = exc.problem or exc.context or "malformed YAML"
        return None, [
            YamlError(
                source(filename, line),
                f"this is not valid YAML ({what}); check the indentation and the colons "
                "around this line",
                None,
            )
        ]
    except yaml.YAMLError as exc:
        return None, [YamlError(source(filename, 0), f"this is not valid YAML: {exc}", None)]
    except (ValueError, TypeError) as exc:
        # A value PyYAML cannot build (e.g. `!!int abc`): report it, never crash.
        return None, [YamlError(source(filename, 0), f"this is not valid YAML: {exc}", None)]


class Fields:
    """Typed access to one YAML mapping, collecting errors with file and line.

    Args:
      data: The mapping as loaded (a LineDict), or anything else (then an error is
        recorded and every accessor returns its default).
      filename: The file the mapping comes from.
      errors: The list errors are appended to.
      where: A prefix naming the mapping inside the file, e.g. "contact.".
      line: The line to use when the mapping itself has none.
    """

    def __init__(
        self,
        data: Any,
        filename: str,
        errors: list[YamlError],
        where: str = "",
        line: int = 0,
    ) -> None:
        self.filename = filename
        self.errors = errors
        self.where = where
        self.seen: set[str] = set()
        if isinstance(data, LineDict):
            self.data: LineDict = data
        else:
            self.data = LineDict()
            self.data.line = line
            if data is not None:
                self.error(None, f"should be a mapping of fields (key: value), not {_kind(data)}")

    @property
    def line(self) -> int:
        return self.data.line

    def line_of(self, key: str | None) -> int:
        if key is None:
            return self.data.line
        return self.data.lines.get(key, self.data.line)

    def error(self, key: str | None, message: str) -> None:
        """Record an error about a field (or the mapping itself when key is None)."""
        name = f"{self.where}{key}" if key else self.where.rstrip(".")
        prefix = f'field "{name}": ' if name else ""
        self.errors.append(
            YamlError(source(self.filename, self.line_of(key)), prefix + message, None)
        )

    def has(self, key: str) -> bool:
        self.seen.add(key)
        return self.data.get(key) is not None

    def raw(self, key: str) -> Any:
        self.seen.add(key)
        return self.data.get(key)

    def sub(self, key: str) -> Fields:
        """Fields of a nested mapping (an empty one when absent)."""
        self.seen.add(key)
        return Fields(
            self.data.get(key),
            self.filename,
            self.errors,
            f"{self.where}{key}.",
            self.line_of(key),
        )

    def _typed(
        self, key: str, required: bool, check: Callable[[Any], T | None], want: str
    ) -> T | None:
        value = self.raw(key)
        if value is None:
            if required:
                self.error(key, f"is missing; add it ({want})")
            return None
        result = check(value)
        if result is None:
            self.error(key, f"should be {want}, not {_kind(value)} {_show(value)}")
        return result

    def text(self, key: str, required: bool = False) -> str | None:
        def check(value: Any) -> str | None:
            if isinstance(value, (bool, datetime.date | list | dict)):
                return None
            text = str(value).strip()
            return text or None

        return self._typed(key, required, check, "text")

    def date(self, key: str, required: bool = False) -> datetime.date | None:
        def check(value: Any) -> datetime.date | None:
            if isinstance(value, datetime.datetime):
                return None
            if isinstance(value, datetime.date):
                return value
            if isinstance(value, str):
                try:
                    return datetime.date.fromisoformat(value.strip())
                except ValueError:
                    return None
            return None

        return self._typed(key, required, check, "a date written YYYY-MM-DD")

    def decimal(self, key: str, required: bool = False, positive: bool = False) -> Decimal | None:
        def check(value: Any) -> Decimal | None:
            if isinstance(value, bool):
                return None
            try:
                number = Decimal(str(value).strip()) if isinstance(value, int | str) else value
            except InvalidOperation:
                return None
            if not isinstance(number, Decimal) or not number.is_finite():
                return None
            if positive and number <= 0:
                return None
            return number

        want = "a number greater than zero" if positive else "a number"
        return self._typed(key, required, check, want)

    def flag(self, key: str, default: bool = False) -> bool:
        value = self._typed(
            key, False, lambda v: v if isinstance(v, bool) else None, "true or false"
        )
        return default if value is None else value

    def choice(self, key: str, choices: Iterable[str], required: bool = False) -> str | None:
        options = list(choices)
        value = self.text(key, required)
        if value is not None and value not in options:
            self.error(
                key,
                f'"{value}" is not one of: {", ".join(options)}.{did_you_mean(value, options)}',
            )
            return None
        return value

    def str_list(self, key: str, choices: Iterable[str] | None = None) -> tuple[str, ...]:
        """A list of texts; a single text is taken as a list of one."""
        value = self.raw(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.error(key, f"should be a list, like [a, b], not {_kind(value)} {_show(value)}")
            return ()
        options = list(choices) if choices is not None else None
        result = []
        for item in value:
            if not isinstance(item, str | int) or isinstance(item, bool):
                self.error(key, f"every item should be text, not {_kind(item)} {_show(item)}")
                continue
            text = str(item).strip()
            if options is not None and text not in options:
                self.error(
                    key,
                    f'"{text}" is not one of: {", ".join(options)}.{did_you_mean(text, options)}',
                )
                continue
            result.append(text)
        return tuple(result)

    def translations(
        self, key: str, languages: Iterable[str], required: bool = False
    ) -> dict[str, str]:
        """Text per language: either one text, or a mapping such as {nl: ..., fr: ...}."""
        value = self.raw(key)
        if value is None:
            if required:
                self.error(key, "is missing; give a text per language, e.g. nl: ..., fr: ...")
            return {}
        if isinstance(value, str):
            return {lang: value.strip() for lang in languages}
        sub = self.sub(key)
        if not isinstance(value, dict):
            return {}
        result = {}
        for lang in languages:
            text = sub.text(lang)
            if text is not None:
                result[lang] = text
        sub.finish()
        if required and not result:
            self.error(key, "is empty; give a text per language, e.g. nl: ..., fr: ...")
        return result

    def finish(self) -> None:
        """Report keys that no accessor asked for: they are misspelt or unknown."""
        for key in self.data:
            if key not in self.seen:
                self.error(
                    key,
                    "is not a known field; remove it or correct its name."
                    + did_you_mean(key, self.seen),
                )


def check_id(value: str, what: str) -> str | None:
    """Return None if `value` is a valid id, else a message saying why not."""
    if len(value) > ID_MAX:
        return f'the {what} id "{value}" is longer than {ID_MAX} characters'
    if not ID_RE.match(value):
        return (
            f'the {what} id "{value}" may only hold lowercase letters, digits and single dashes '
            "(like an-example-2), without slashes, dots or spaces"
        )
    return None


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | Decimal):
        return "the number"
    if isinstance(value, datetime.date):
        return "the date"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "nothing"
    return "the text"


def _show(value: Any) -> str:
    if isinstance(value, list | dict):
        return ""
    text = str(value)
    return f'"{text[:40]}"'


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


R = TypeVar("R", bound=_HasId)


def load_folder(
    directory: Path,
    what: str,
    parse: Callable[[str, Any, str], tuple[R | None, list[YamlError]]],
) -> tuple[dict[str, R], list[YamlError]]:
    """Load every `<id>.yaml` file of a folder with `parse(id, data, filename)`, by id.

    Hidden files are passed over; any other file is reported, since a file
    named otherwise would silently not count. A missing folder holds nothing.
    """
    records: dict[str, R] = {}
    errors: list[YamlError] = []
    if not directory.is_dir():
        return records, errors
    for path in sorted(directory.iterdir()):
        if path.name.startswith("."):
            continue
        if path.suffix != ".yaml":
            errors.append(
                YamlError(
                    source(str(path), 0),
                    f'only {what} files named <id>.yaml belong here; rename it to end in ".yaml" '
                    f"or move it out of the {directory.name} folder",
                    None,
                )
            )
            continue
        data, load_errors = load_yaml(path)
        errors.extend(load_errors)
        if load_errors:
            continue
        record, record_errors = parse(path.stem, data, str(path))
        errors.extend(record_errors)
        if record is not None:
            records[record.id] = record
    return records, errors
