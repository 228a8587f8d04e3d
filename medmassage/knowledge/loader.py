"""Read the knowledge base's YAML files and validate them as one whole.

Layout of the data folder::

    techniques.yaml           # techniques: [ {id, name, description, source}, ... ]
    conditions/<id>.yaml      # condition: {...}   findings: [ {...}, ... ]

Every problem raises :class:`KnowledgeBaseError` naming the file, the record id
and the field, and saying what was expected.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from ..paths import BIBLIOGRAPHY, KNOWLEDGE_DIR, REPO_ROOT
from .bibliography import bibliography_keys
from .models import Condition, FieldError, Finding, Technique

ModelT = TypeVar("ModelT", bound=BaseModel)


class KnowledgeBaseError(ValueError):
    """A knowledge-base entry is wrong. The message names file, id and field."""

    def __init__(self, path: Path, record_id: str | None, field_name: str | None, message: str) -> None:
        self.path, self.record_id, self.field_name = path, record_id, field_name
        where = [_display(path)]
        if record_id is not None:
            where.append(f"id '{record_id}'")
        if field_name is not None:
            where.append(f"field '{field_name}'")
        super().__init__(f"{': '.join(where)}: {message}")


@dataclass(frozen=True)
class KnowledgeBase:
    """All conditions, techniques and findings, already cross-checked."""

    conditions: dict[str, Condition]
    techniques: dict[str, Technique]
    findings: dict[str, Finding]
    source_files: dict[str, Path] = field(default_factory=dict, compare=False)

    def findings_for(self, condition: str | None = None, technique: str | None = None) -> list[Finding]:
        """Findings filtered by condition and/or technique, in file order."""
        return [
            f
            for f in self.findings.values()
            if (condition is None or f.condition == condition) and (technique is None or f.technique == technique)
        ]

    def cited_keys(self) -> set[str]:
        """Every bibliography key that some record relies on."""
        keys = {f.source for f in self.findings.values()}
        keys |= {t.source for t in self.techniques.values()}
        for c in self.conditions.values():
            keys.add(c.see_a_doctor_source)
            keys |= {flag.source for flag in c.red_flags}
        return keys


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise KnowledgeBaseError(path, None, None, f"is not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise KnowledgeBaseError(path, None, None, f"expected a mapping at the top level, got {type(data).__name__}")
    return data


def _field_of(error: dict[str, Any]) -> str:
    """Turn pydantic's error location into a dotted field name."""
    ctx_error = (error.get("ctx") or {}).get("error")
    loc = [str(part) for part in error["loc"]]
    if isinstance(ctx_error, FieldError):
        loc.append(ctx_error.field)
    return ".".join(loc) or "(record)"


def _build(model: type[ModelT], raw: Any, path: Path, kind: str, index: int) -> ModelT:
    if not isinstance(raw, dict):
        raise KnowledgeBaseError(path, None, None, f"{kind} #{index + 1}: expected a mapping, got {type(raw).__name__}")
    record_id = raw.get("id")
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        message = first["msg"].removeprefix("Value error, ")
        if first["type"] not in ("missing", "extra_forbidden") and "input" in first:
            message += f" (got {first['input']!r})"
        raise KnowledgeBaseError(path, record_id or f"{kind} #{index + 1}", _field_of(first), message) from None


def _items(data: dict[str, Any], key: str, path: Path) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise KnowledgeBaseError(path, None, key, f"expected a list, got {type(value).__name__}")
    return value


def _register(store: dict[str, Any], files: dict[str, Path], record: Any, path: Path) -> None:
    if record.id in store:
        raise KnowledgeBaseError(
            path, record.id, "id", f"duplicate id, already defined in {_display(files[record.id])}"
        )
    store[record.id] = record
    files[record.id] = path


def _check_source(key: str, known: set[str], path: Path, record_id: str, field_name: str) -> None:
    if key not in known:
        raise KnowledgeBaseError(
            path, record_id, field_name, f"unknown source key '{key}': expected a key of {_display(BIBLIOGRAPHY)}"
        )


def load_knowledge_base(data_dir: Path = KNOWLEDGE_DIR, bibliography: Path = BIBLIOGRAPHY) -> KnowledgeBase:
    """Load and validate the whole knowledge base, or raise one clear error."""
    known_keys = bibliography_keys(bibliography)
    techniques: dict[str, Technique] = {}
    conditions: dict[str, Condition] = {}
    findings: dict[str, Finding] = {}
    files: dict[str, Path] = {}

    technique_file = data_dir / "techniques.yaml"
    for i, raw in enumerate(_items(_read_yaml(technique_file), "techniques", technique_file)):
        technique = _build(Technique, raw, technique_file, "technique", i)
        _check_source(technique.source, known_keys, technique_file, technique.id, "source")
        _register(techniques, files, technique, technique_file)

    condition_files = sorted((data_dir / "conditions").glob("*.yaml"))
    for path in condition_files:
        data = _read_yaml(path)
        unknown = set(data) - {"condition", "findings"}
        if unknown:
            raise KnowledgeBaseError(path, None, sorted(unknown)[0], "unknown key: expected 'condition' and 'findings'")
        condition = _build(Condition, data.get("condition"), path, "condition", 0)
        if path.stem != condition.id:
            raise KnowledgeBaseError(path, condition.id, "id", f"expected the id to match the file name '{path.stem}'")
        _register(conditions, files, condition, path)
        for i, raw in enumerate(_items(data, "findings", path)):
            _register(findings, files, _build(Finding, raw, path, "finding", i), path)

    # Cross-references, checked once everything is loaded.
    for condition in conditions.values():
        path = files[condition.id]
        _check_source(condition.see_a_doctor_source, known_keys, path, condition.id, "see_a_doctor_source")
        for n, flag in enumerate(condition.red_flags):
            _check_source(flag.source, known_keys, path, condition.id, f"red_flags.{n}.source")
        for n, technique_id in enumerate(condition.approaches):
            if technique_id not in techniques:
                raise KnowledgeBaseError(
                    path,
                    condition.id,
                    f"approaches.{n}",
                    f"unknown technique '{technique_id}': expected one of {_names(techniques)}",
                )
    for finding in findings.values():
        path = files[finding.id]
        _check_source(finding.source, known_keys, path, finding.id, "source")
        if finding.condition not in conditions:
            raise KnowledgeBaseError(
                path,
                finding.id,
                "condition",
                f"unknown condition '{finding.condition}': expected one of {_names(conditions)}",
            )
        if finding.technique is not None and finding.technique not in techniques:
            raise KnowledgeBaseError(
                path,
                finding.id,
                "technique",
                f"unknown technique '{finding.technique}': expected one of {_names(techniques)}",
            )
    return KnowledgeBase(conditions=conditions, techniques=techniques, findings=findings, source_files=files)


def _names(records: Iterable[str]) -> str:
    return ", ".join(sorted(records))


@lru_cache(maxsize=1)
def knowledge_base() -> KnowledgeBase:
    """The course's knowledge base, loaded once per process."""
    return load_knowledge_base()
