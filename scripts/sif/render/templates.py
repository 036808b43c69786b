"""Templates and labels staff can edit, with the package's copies as defaults.

A books repository may hold its own `templates/` folder: a template or labels
file there is used, and one missing there is taken from the copy shipped in
the package that renders it (`sif/documents/templates/`,
`sif/statements/templates/`). A labels file is YAML, one section per language
(`nl:`, `fr:`, `en:`), each a mapping of label to text; a label may hold
`{placeholders}` filled by `fill`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from sif.errors import SifException

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


class TemplateError(SifException):
    """A template or the labels cannot be used; the message says where and why."""


def template_file(name: str, templates: Path, package: Path) -> Path:
    """`templates/name` if it exists, else the default copy in `package`."""
    path = templates / name
    return path if path.is_file() else package / name


@functools.lru_cache(maxsize=8)
def _labels(path: Path, mtime_ns: int) -> dict[str, dict[str, Any]]:
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise TemplateError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(loaded, dict) or not all(isinstance(v, dict) for v in loaded.values()):
        raise TemplateError(f"{path}: write one section per language (nl:, fr:, en:) of labels")
    return loaded


def labels(
    language: str,
    templates: Path,
    name: str,
    package: Path,
    between: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The labels of `language` in `name`: the defaults in `package`, then `between`
    (the legal mentions of the operator's country, say), then the books' own.

    A language the defaults lack falls back to English.
    """
    default = _labels(package / name, 0)
    path = template_file(name, templates, package)
    own = _labels(path, path.stat().st_mtime_ns)
    return {**default.get(language, default["en"]), **(between or {}), **own.get(language, {})}


def fill(words: Mapping[str, Any], key: str, **values: str) -> str:
    """Label `key` with its {placeholders} replaced by `values` (no other formatting).

    Raises:
      TemplateError: the label names a placeholder not among `values`.
    """

    def one(match: re.Match[str]) -> str:
        if match.group(1) not in values:
            raise TemplateError(
                f'labels.yaml, label "{key}": unknown placeholder {match.group(0)}; '
                f"it may use {', '.join('{' + v + '}' for v in values) or 'none'}"
            )
        return values[match.group(1)]

    return _PLACEHOLDER.sub(one, str(words[key]))
