"""Reading contributor-edited YAML strictly: what a file says is what the course gets.

PyYAML's safe loader accepts things that silently change or endanger data. This module refuses them,
each with the line where the problem is:

- **duplicate keys**: YAML keeps the last one, so a second ``certainty:`` under a finding would
  quietly replace the first, and a second ``findings:`` list would drop the first one;
- **anchors and aliases** (``&name`` and ``*name``): the course's files never need them, and nested
  aliases expand exponentially (a "billion laughs" file of a few lines takes minutes and gigabytes);
- **bytes that are not UTF-8**, and files larger than :data:`MAX_BYTES` or nested deeper than
  :data:`MAX_DEPTH` (no course file comes close to either).

Why not a library: ``strictyaml`` and ``ruamel.yaml`` each cover part of this but bring their own
schema or round-trip types; PyYAML with libyaml is already a dependency and about ten times faster.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

#: libyaml's C parser when PyYAML has it (the build reads every data file); same safe rules either way.
_BASE_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: The largest data file accepted. The biggest course file is about 30 KB.
MAX_BYTES = 1_000_000
#: The deepest nesting of lists and mappings accepted. Course files nest four levels at most.
MAX_DEPTH = 20


class YamlProblem(ValueError):
    """A data file breaks one of the strict rules. ``line`` is 1-based, or None for the whole file."""

    def __init__(self, line: int | None, message: str) -> None:
        self.line = line
        super().__init__(f"line {line}: {message}" if line is not None else message)


class _UniqueKeyLoader(_BASE_LOADER):  # type: ignore[misc, valid-type]
    """The safe loader, refusing a mapping that repeats a key."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        first_line: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            try:
                hash(key)
            except TypeError:
                raise YamlProblem(line, "a mapping key must be a plain value, not a list or mapping") from None
            if key in first_line:
                raise YamlProblem(
                    line,
                    f"duplicate key '{key}' (first given on line {first_line[key]}): "
                    "YAML would silently keep only the last one; remove or rename one of them",
                )
            first_line[key] = line
        return super().construct_mapping(node, deep=deep)


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")  # a leading byte-order mark is harmless
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlProblem(line, f"not UTF-8 text (byte 0x{raw[exc.start]:02x}): save the file as UTF-8") from None


_NO_ALIASES = "aliases and anchors are not allowed; write the value out"


def _check_structure(text: str) -> None:
    """Refuse anchors, aliases and deep nesting before anything is built (so a bomb never expands)."""
    depth = 0
    for event in yaml.parse(text, Loader=_BASE_LOADER):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            raise YamlProblem(line, f"alias '*{event.anchor}': {_NO_ALIASES}")
        if getattr(event, "anchor", None):
            raise YamlProblem(line, f"anchor '&{event.anchor}': {_NO_ALIASES}")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlProblem(line, f"nested more than {MAX_DEPTH} levels deep")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _one_line(exc: yaml.YAMLError) -> YamlProblem:
    """PyYAML's multi-line message as one line with the line number of the problem."""
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        what = " ".join(part for part in (exc.context, exc.problem) if part)
        return YamlProblem(mark.line + 1 if mark else None, f"not valid YAML: {what}")
    return YamlProblem(None, f"not valid YAML: {exc}")


def load_text(text: str) -> Any:
    """Parse YAML text under the strict rules; raise :class:`YamlProblem` for any breach."""
    try:
        _check_structure(text)
        return yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 (a subclass of the safe loader)
    except yaml.YAMLError as exc:
        raise _one_line(exc) from None


def load_file(path: Path) -> Any:
    """Read and parse one data file under the strict rules.

    Raises :class:`YamlProblem` (the file breaks a rule) or :class:`OSError` (it cannot be read).
    """
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise YamlProblem(None, f"is {size:,} bytes, over the limit of {MAX_BYTES:,}: split it or trim it")
    return load_text(_decode(path.read_bytes()))
