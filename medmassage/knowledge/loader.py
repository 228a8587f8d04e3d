"""Read the knowledge base's YAML files and validate them as one whole.

Layout of the data folder::

    techniques.yaml           # techniques: [ {id, name, description, source}, ... ]
    conditions/<id>.yaml      # condition: {...}   findings: [ {...}, ... ]
    practice.yaml             # jurisdictions: [...]   credentials: [...]  (licensing and titles)

Every problem raises :class:`KnowledgeBaseError` naming the file, the record id
and the field, and saying what was expected.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from ..datafiles import DataFileError, build_record, items, read_yaml
from ..datafiles import display_path as _display
from ..paths import BIBLIOGRAPHY, KNOWLEDGE_DIR
from .bibliography import bibliography_keys
from .models import Condition, Credential, Finding, Jurisdiction, Technique

ModelT = TypeVar("ModelT", bound=BaseModel)


class KnowledgeBaseError(DataFileError):
    """A knowledge-base entry is wrong. The message names file, id and field."""


@dataclass(frozen=True)
class KnowledgeBase:
    """All conditions, techniques and findings, already cross-checked."""

    conditions: dict[str, Condition]
    techniques: dict[str, Technique]
    findings: dict[str, Finding]
    jurisdictions: dict[str, Jurisdiction] = field(default_factory=dict)
    credentials: dict[str, Credential] = field(default_factory=dict)
    source_files: dict[str, Path] = field(default_factory=dict, compare=False)

    def findings_for(
        self, condition: str | None = None, technique: str | None = None, source: str | None = None
    ) -> list[Finding]:
        """Findings filtered by condition, technique and/or source key, in file order."""
        return [
            f
            for f in self.findings.values()
            if (condition is None or f.condition == condition)
            and (technique is None or f.technique == technique)
            and (source is None or f.source == source)
        ]

    def cited_keys(self) -> set[str]:
        """Every bibliography key that some record relies on."""
        keys = {f.source for f in self.findings.values()}
        keys |= {t.source for t in self.techniques.values()}
        for c in self.conditions.values():
            keys.add(c.see_a_doctor_source)
            keys |= {flag.source for flag in c.red_flags}
        for record in [*self.jurisdictions.values(), *self.credentials.values()]:
            keys |= set(record.sources)
        return keys


def _read_yaml(path: Path) -> dict[str, Any]:
    return read_yaml(path, KnowledgeBaseError)


def _items(data: dict[str, Any], key: str, path: Path) -> list[Any]:
    return items(data, key, path, KnowledgeBaseError)


def _build(model: type[ModelT], raw: Any, path: Path, kind: str, index: int) -> ModelT:
    return build_record(model, raw, path, kind, index, KnowledgeBaseError)


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

    jurisdictions: dict[str, Jurisdiction] = {}
    credentials: dict[str, Credential] = {}
    practice_file = data_dir / "practice.yaml"
    practice = _read_yaml(practice_file)
    unknown = set(practice) - {"jurisdictions", "credentials"}
    if unknown:
        raise KnowledgeBaseError(
            practice_file, None, sorted(unknown)[0], "unknown key: expected 'jurisdictions' and 'credentials'"
        )
    for i, raw in enumerate(_items(practice, "jurisdictions", practice_file)):
        _register(jurisdictions, files, _build(Jurisdiction, raw, practice_file, "jurisdiction", i), practice_file)
    for i, raw in enumerate(_items(practice, "credentials", practice_file)):
        _register(credentials, files, _build(Credential, raw, practice_file, "credential", i), practice_file)

    # Cross-references, checked once everything is loaded.
    for record in [*jurisdictions.values(), *credentials.values()]:
        for n, key in enumerate(record.sources):
            _check_source(key, known_keys, practice_file, record.id, f"sources.{n}")
    for credential in credentials.values():
        if credential.jurisdiction not in jurisdictions:
            raise KnowledgeBaseError(
                practice_file,
                credential.id,
                "jurisdiction",
                f"unknown jurisdiction '{credential.jurisdiction}': expected one of {_names(jurisdictions)}",
            )
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
    return KnowledgeBase(
        conditions=conditions,
        techniques=techniques,
        findings=findings,
        jurisdictions=jurisdictions,
        credentials=credentials,
        source_files=files,
    )


def _names(records: Iterable[str]) -> str:
    return ", ".join(sorted(records))


@lru_cache(maxsize=1)
def knowledge_base() -> KnowledgeBase:
    """The course's knowledge base, loaded once per process."""
    return load_knowledge_base()
