"""Reading the course's YAML data files into typed records, with errors that name file, id and field.

Shared by the knowledge base and the quiz banks, so both report problems the same way:
``path/to/file.yaml: id 'some-id': field 'some.field': what was expected (got ...)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from . import strict_yaml
from .paths import REPO_ROOT

ModelT = TypeVar("ModelT", bound=BaseModel)


class FieldError(ValueError):
    """Raised by a model's whole-record check to blame one field, so the error message can name it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class DataFileError(ValueError):
    """A data file is wrong. The message names the file, the record id and the field."""

    def __init__(self, path: Path, record_id: str | None, field_name: str | None, message: str) -> None:
        self.path, self.record_id, self.field_name = path, record_id, field_name
        where = [display_path(path)]
        if record_id is not None:
            where.append(f"id '{record_id}'")
        if field_name is not None:
            where.append(f"field '{field_name}'")
        super().__init__(f"{': '.join(where)}: {message}")


def display_path(path: Path) -> str:
    """The path relative to the repository when it is inside it."""
    try:
        return str(path.resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def read_yaml(path: Path, error: type[DataFileError] = DataFileError) -> dict[str, Any]:
    """A YAML file whose top level is a mapping, read by :mod:`medmassage.strict_yaml`'s rules."""
    try:
        data = strict_yaml.load_file(path)
    except OSError as exc:
        raise error(path, None, None, f"cannot be read: {exc.strerror}") from None
    except strict_yaml.YamlProblem as exc:
        raise error(path, None, None, str(exc)) from None
    if not isinstance(data, dict):
        raise error(path, None, None, f"expected a mapping at the top level, got {type(data).__name__}")
    return data


def items(data: dict[str, Any], key: str, path: Path, error: type[DataFileError] = DataFileError) -> list[Any]:
    """The list under ``key`` (empty if absent)."""
    value = data.get(key, [])
    if not isinstance(value, list):
        raise error(path, None, key, f"expected a list, got {type(value).__name__}")
    return value


def _field_of(detail: dict[str, Any]) -> str:
    """Pydantic's error location as a dotted field name (plus the field a FieldError blames)."""
    ctx_error = (detail.get("ctx") or {}).get("error")
    loc = [str(part) for part in detail["loc"]]
    if isinstance(ctx_error, FieldError):
        loc.append(ctx_error.field)
    return ".".join(loc) or "(record)"


def build_record(
    model: type[ModelT], raw: Any, path: Path, kind: str, index: int, error: type[DataFileError] = DataFileError
) -> ModelT:
    """Validate one raw mapping as ``model``; the first problem becomes one clear error."""
    if not isinstance(raw, dict):
        raise error(path, None, None, f"{kind} #{index + 1}: expected a mapping, got {type(raw).__name__}")
    record_id = raw.get("id")
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        message = first["msg"].removeprefix("Value error, ")
        if first["type"] not in ("missing", "extra_forbidden") and "input" in first:
            message += f" (got {first['input']!r})"
        raise error(path, record_id or f"{kind} #{index + 1}", _field_of(first), message) from None


def book_config(root: Path) -> dict[str, Any]:
    """The book's ``_config.yml`` at ``root`` (Jupyter Book's own file, read as plain YAML)."""
    return yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
