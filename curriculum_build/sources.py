"""Reading the YAML sources so that every value still knows the line it came from.

PyYAML's composer keeps a start mark on every node; :func:`load_yaml` turns mappings
into :class:`SourceMap` and sequences into :class:`SourceList`, both plain ``dict`` and
``list`` that also carry their file, their own line and the line of each key or item.
Those lines are what a :class:`~.errors.CurriculumError` points to.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import CurriculumError


class SourceMap(dict):
    """A YAML mapping with its file, the line it starts on and the line of each key."""

    path: Path
    line: int
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        """The line of ``key`` if present, else the line of the mapping itself."""
        return self.key_lines.get(key, self.line)

    def error(self, key: str | None, reason: str) -> CurriculumError:
        """A :class:`CurriculumError` located at ``key`` (or at the mapping)."""
        return CurriculumError(self.path, self.line_of(key) if key else self.line, reason)


class SourceList(list):
    """A YAML sequence with its file, the line it starts on and the line of each item."""

    path: Path
    line: int
    item_lines: list[int]


# libyaml's parser when PyYAML has it (about five times faster); its nodes carry the
# same marks.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _MarkedLoader(_SafeLoader):
    """A safe loader whose mappings and sequences remember where they were written."""

    source_path: Path


def _construct_map(loader: _MarkedLoader, node: yaml.MappingNode) -> SourceMap:
    result = SourceMap()
    result.path = loader.source_path
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            raise CurriculumError(
                loader.source_path, key_node.start_mark.line + 1, f"key {key!r} is not text"
            )
        if key in result:
            raise CurriculumError(
                loader.source_path, key_node.start_mark.line + 1, f"key {key!r} is repeated"
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_list(loader: _MarkedLoader, node: yaml.SequenceNode) -> SourceList:
    result = SourceList(loader.construct_object(item, deep=True) for item in node.value)
    result.path = loader.source_path
    result.line = node.start_mark.line + 1
    result.item_lines = [item.start_mark.line + 1 for item in node.value]
    return result


_MarkedLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)
_MarkedLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_list)
# Dates and times stay text: the builder decides what they mean.
_MarkedLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(path: Path, *, display: Path | None = None) -> SourceMap:
    """Load one YAML file whose top level is a mapping, keeping lines.

    ``display`` is the path errors show (relative to the repository, say); it defaults
    to ``path``. A missing file, invalid YAML or a top level that is not a mapping
    raise :class:`CurriculumError`.
    """
    shown = display or path
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CurriculumError(shown, None, "file does not exist") from None
    loader = _MarkedLoader(text)
    loader.source_path = shown
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        raise CurriculumError(shown, line, f"invalid YAML: {error.problem}") from None
    finally:
        loader.dispose()
    if not isinstance(data, SourceMap):
        raise CurriculumError(shown, 1, "the file must hold a mapping (key: value lines)")
    return data


def require(mapping: SourceMap, key: str, kind: type | tuple[type, ...] = str) -> Any:
    """``mapping[key]``, which must be present, of ``kind`` and (for text) not blank."""
    if key not in mapping:
        raise mapping.error(None, f"{key!r} is missing")
    value = mapping[key]
    if isinstance(value, bool) and kind is not bool:
        raise mapping.error(key, f"{key!r} must be {_kind_name(kind)}, not true/false")
    if kind is str and isinstance(value, int | float):
        value = str(value)
    if not isinstance(value, kind):
        raise mapping.error(key, f"{key!r} must be {_kind_name(kind)}")
    if isinstance(value, str) and not value.strip():
        raise mapping.error(key, f"{key!r} is empty")
    return value


def optional(mapping: SourceMap, key: str, kind: type | tuple[type, ...], default: Any) -> Any:
    """``mapping[key]`` checked as by :func:`require`, or ``default`` when absent."""
    if key not in mapping:
        return default
    return require(mapping, key, kind)


def only_keys(mapping: SourceMap, allowed: set[str], what: str) -> None:
    """Reject keys outside ``allowed``, naming the first unknown one."""
    for key in mapping:
        if key not in allowed:
            raise mapping.error(
                key, f"{what} has no field {key!r}; known: {', '.join(sorted(allowed))}"
            )


def _kind_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = {
        str: "text",
        int: "a whole number",
        bool: "true or false",
        list: "a list",
        dict: "a mapping",
        float: "a number",
    }
    return " or ".join(names.get(k, k.__name__) for k in kinds)
