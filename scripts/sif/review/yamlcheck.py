"""Check that YAML files parse, without duplicate keys: the pre-commit hook for YAML.

Run as `python -m sif.review.yamlcheck FILE...`; prints `file:line: what is
wrong` for each problem and exits 1 if there is any. Unknown tags (MkDocs'
`!ENV`, `!!python/name:...`) are accepted: this checks the syntax, and the
books' own YAML files are checked field by field by `sif check`.
"""

from __future__ import annotations

import sys
from collections.abc import Hashable, Sequence
from pathlib import Path
from typing import Any

import yaml


class _Loader(yaml.SafeLoader):
    """The safe loader, plus: any tag is accepted, and a key may appear only once."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Hashable, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, Hashable):
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None,
                        None,
                        f'the key "{key}" appears twice (first on line {seen[key] + 1}); keep one',
                        key_node.start_mark,
                    )
                seen[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    del suffix
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_scalar(node)  # type: ignore[arg-type]


_Loader.add_multi_constructor("", _any_tag)


def check_yaml(path: Path) -> str | None:
    """`file:line: problem` for a file that is not valid YAML, else None."""
    try:
        text = path.read_text(encoding="utf-8")
        for _ in yaml.load_all(text, Loader=_Loader):
            pass
    except (OSError, UnicodeDecodeError) as exc:
        return f"{path}:0: cannot be read ({exc})"
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        problem = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        return f"{path}:{line}: not valid YAML: {problem}"
    except yaml.YAMLError as exc:
        return f"{path}:0: not valid YAML: {exc}"
    return None


def main(argv: Sequence[str] | None = None) -> int:
    problems = [p for name in (argv or []) if (p := check_yaml(Path(name))) is not None]
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
