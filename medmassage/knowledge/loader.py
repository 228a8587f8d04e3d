"""Read the knowledge base's YAML files and validate them as one whole.

Layout of the data folder::

    techniques.yaml           # techniques: [ {id, name, description, source}, ... ]
    conditions/<id>.yaml      # condition: {...}   findings: [ {...}, ... ]
    practice.yaml             # jurisdictions: [...]   credentials: [...]  (licensing and titles)

Every problem raises :class:`KnowledgeBaseError` naming the file, the record id
and the field, and saying what was expected. Files are checked one by one and every bad file is
reported in one run (:class:`KnowledgeBaseErrors`); references between files are checked once every
file reads cleanly, so a broken file does not bury its own error under the ones it causes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from ..datafiles import DataFileError, build_record, items, read_yaml
from ..datafiles import display_path as _display
from ..paths import BIBLIOGRAPHY, KNOWLEDGE_DIR
from ..wording import ADVICE, first_process_phrase
from .bibliography import bibliography_keys
from .models import Condition, Credential, Finding, Jurisdiction, Review, Technique

#: A condition's bottom line states at most this many results.
MAX_HEADLINES = 3

ModelT = TypeVar("ModelT", bound=BaseModel)
#: What a bibliography key may look like.
_KEY = re.compile(r"^[A-Za-z0-9_:.\-]+$")


class KnowledgeBaseError(DataFileError):
    """A knowledge-base entry is wrong. The message names file, id and field."""


class KnowledgeBaseErrors(KnowledgeBaseError):
    """Several knowledge-base entries are wrong: one line each, in ``errors``; the first one's file,
    id and field are this error's own, so code that handles one error handles this too."""

    def __init__(self, errors: list[KnowledgeBaseError]) -> None:
        self.errors = errors
        first = errors[0]
        self.path, self.record_id, self.field_name = first.path, first.record_id, first.field_name
        ValueError.__init__(self, "\n".join(str(error) for error in errors))


class _Collector:
    """Gathers errors so that one run reports them all."""

    def __init__(self) -> None:
        self.errors: list[KnowledgeBaseError] = []

    @contextmanager
    def each(self) -> Iterator[None]:
        """Run a block; an error in it is kept and the run goes on after the block."""
        try:
            yield
        except KnowledgeBaseError as exc:
            self.errors.append(exc)

    def raise_any(self) -> None:
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise KnowledgeBaseErrors(self.errors)


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
            keys |= {key for flag in c.red_flags for key in flag.sources}
            keys |= {key for precaution in c.precautions for key in precaution.sources}
            keys |= {key for gap in c.gaps for key in gap.sources}
        for record in [*self.jurisdictions.values(), *self.credentials.values()]:
            keys |= set(record.sources)
        return keys

    def headlines(self, condition: str) -> list[Finding]:
        """The results a condition's bottom line states, in file order."""
        return [f for f in self.findings_for(condition=condition) if f.headline]

    def reviewed(self) -> dict[str, Review]:
        """Every condition's and technique's evidence review, by record id."""
        return {r.id: r.review for r in [*self.conditions.values(), *self.techniques.values()]}


def stale_reviews(kb: KnowledgeBase, today: date, max_age_days: int = 730) -> list[str]:
    """One message per condition or technique whose evidence was last reviewed more than
    ``max_age_days`` before ``today`` (two years by default), naming its file and id."""
    stale = []
    for record_id, review in kb.reviewed().items():
        age = (today - review.month).days
        if age > max_age_days:
            stale.append(
                f"{_display(kb.source_files[record_id])}: id '{record_id}': field 'review.last_reviewed': "
                f"evidence last reviewed {review.month_year}, {age // 365} years or more ago (limit "
                f"{max_age_days} days): review the evidence and update the date"
            )
    return stale


def _read_yaml(path: Path) -> dict[str, Any]:
    return read_yaml(path, KnowledgeBaseError)


def _items(data: dict[str, Any], key: str, path: Path) -> list[Any]:
    return items(data, key, path, KnowledgeBaseError)


def _build(model: type[ModelT], raw: Any, path: Path, kind: str, index: int) -> ModelT:
    return build_record(model, raw, path, kind, index, KnowledgeBaseError)


def _register(store: dict[str, Any], files: dict[str, Path], record: Any, path: Path) -> None:
    # `files` spans every kind of record, so an id is unique across the whole knowledge base
    # (a page can name a condition or a technique by id without saying which).
    if record.id in files:
        raise KnowledgeBaseError(
            path, record.id, "id", f"duplicate id, already defined in {_display(files[record.id])}"
        )
    found = first_process_phrase(record)
    if found:
        raise KnowledgeBaseError(path, record.id, found[0], f"reader-facing text says '{found[1]}': {ADVICE}")
    store[record.id] = record
    files[record.id] = path


def _check_source(key: str, known: set[str], path: Path, record_id: str, field_name: str) -> None:
    # The key is written into a citation role, so it must be a plain key as well as a known one.
    if key not in known or not _KEY.match(key):
        raise KnowledgeBaseError(
            path, record_id, field_name, f"unknown source key '{key}': expected a key of {_display(BIBLIOGRAPHY)}"
        )


def load_knowledge_base(data_dir: Path = KNOWLEDGE_DIR, bibliography: Path = BIBLIOGRAPHY) -> KnowledgeBase:
    """Load and validate the whole knowledge base, or raise one clear error per bad file or record."""
    known_keys = bibliography_keys(bibliography)
    techniques: dict[str, Technique] = {}
    conditions: dict[str, Condition] = {}
    findings: dict[str, Finding] = {}
    jurisdictions: dict[str, Jurisdiction] = {}
    credentials: dict[str, Credential] = {}
    files: dict[str, Path] = {}
    found = _Collector()

    # 1. Each file on its own: the first problem in a file is reported, and the other files still read.
    technique_file = data_dir / "techniques.yaml"
    with found.each():
        built = [
            _build(Technique, raw, technique_file, "technique", i)
            for i, raw in enumerate(_items(_read_yaml(technique_file), "techniques", technique_file))
        ]
        for technique in built:
            _check_source(technique.source, known_keys, technique_file, technique.id, "source")
            _register(techniques, files, technique, technique_file)

    for path in sorted((data_dir / "conditions").glob("*.yaml")):
        with found.each():
            condition, condition_findings = _read_condition_file(path)
            _register(conditions, files, condition, path)
            for finding in condition_findings:
                _register(findings, files, finding, path)

    practice_file = data_dir / "practice.yaml"
    with found.each():
        practice = _read_yaml(practice_file)
        unknown = set(practice) - {"jurisdictions", "credentials"}
        if unknown:
            raise KnowledgeBaseError(
                practice_file, None, sorted(unknown)[0], "unknown key: expected 'jurisdictions' and 'credentials'"
            )
        built_jurisdictions = [
            _build(Jurisdiction, raw, practice_file, "jurisdiction", i)
            for i, raw in enumerate(_items(practice, "jurisdictions", practice_file))
        ]
        built_credentials = [
            _build(Credential, raw, practice_file, "credential", i)
            for i, raw in enumerate(_items(practice, "credentials", practice_file))
        ]
        for jurisdiction in built_jurisdictions:
            _register(jurisdictions, files, jurisdiction, practice_file)
        for credential in built_credentials:
            _register(credentials, files, credential, practice_file)
    found.raise_any()

    # 2. References between records, once every file has read cleanly; every bad record is reported.
    for record in [*jurisdictions.values(), *credentials.values()]:
        with found.each():
            for n, key in enumerate(record.sources):
                _check_source(key, known_keys, practice_file, record.id, f"sources.{n}")
    for credential in credentials.values():
        with found.each():
            if credential.jurisdiction not in jurisdictions:
                raise KnowledgeBaseError(
                    practice_file,
                    credential.id,
                    "jurisdiction",
                    f"unknown jurisdiction '{credential.jurisdiction}': expected one of {_names(jurisdictions)}",
                )
    for condition in conditions.values():
        with found.each():
            _check_condition(condition, files[condition.id], known_keys, techniques)
    headline_counts: dict[str, int] = {}
    for finding in findings.values():
        with found.each():
            if finding.headline:
                headline_counts[finding.condition] = headline_counts.get(finding.condition, 0) + 1
            _check_finding(finding, files[finding.id], known_keys, conditions, techniques, headline_counts)
    for condition in conditions.values():
        with found.each():
            headlines = [f for f in findings.values() if f.condition == condition.id and f.headline]
            if not any(f.tests_massage for f in headlines) and not condition.gaps:
                raise KnowledgeBaseError(
                    files[condition.id],
                    condition.id,
                    "gaps",
                    "no headline result tests massage itself, so the bottom line must say what is missing: add a gap",
                )
    found.raise_any()
    return KnowledgeBase(
        conditions=conditions,
        techniques=techniques,
        findings=findings,
        jurisdictions=jurisdictions,
        credentials=credentials,
        source_files=files,
    )


def _read_condition_file(path: Path) -> tuple[Condition, list[Finding]]:
    """One condition file: the condition and its findings, each validated on its own."""
    data = _read_yaml(path)
    unknown = set(data) - {"condition", "findings"}
    if unknown:
        raise KnowledgeBaseError(path, None, sorted(unknown)[0], "unknown key: expected 'condition' and 'findings'")
    condition = _build(Condition, data.get("condition"), path, "condition", 0)
    if path.stem != condition.id:
        raise KnowledgeBaseError(path, condition.id, "id", f"expected the id to match the file name '{path.stem}'")
    return condition, [_build(Finding, raw, path, "finding", i) for i, raw in enumerate(_items(data, "findings", path))]


def _check_condition(condition: Condition, path: Path, known_keys: set[str], techniques: dict[str, Technique]) -> None:
    """A condition's sources, red-flag codes and techniques."""
    _check_source(condition.see_a_doctor_source, known_keys, path, condition.id, "see_a_doctor_source")
    codes: dict[str, int] = {}
    for n, flag in enumerate(condition.red_flags):
        for m, key in enumerate(flag.sources):
            _check_source(key, known_keys, path, condition.id, f"red_flags.{n}.sources.{m}")
        if flag.code in codes:
            raise KnowledgeBaseError(
                path, condition.id, f"red_flags.{n}.code", f"code '{flag.code}' repeats red_flags.{codes[flag.code]}"
            )
        codes[flag.code] = n
    for n, precaution in enumerate(condition.precautions):
        for m, key in enumerate(precaution.sources):
            _check_source(key, known_keys, path, condition.id, f"precautions.{n}.sources.{m}")
    for n, gap in enumerate(condition.gaps):
        for m, key in enumerate(gap.sources):
            _check_source(key, known_keys, path, condition.id, f"gaps.{n}.sources.{m}")
    for n, technique_id in enumerate(condition.approaches):
        if technique_id not in techniques:
            raise KnowledgeBaseError(
                path,
                condition.id,
                f"approaches.{n}",
                f"unknown technique '{technique_id}': expected one of {_names(techniques)}",
            )


def _check_finding(
    finding: Finding,
    path: Path,
    known_keys: set[str],
    conditions: dict[str, Condition],
    techniques: dict[str, Technique],
    headline_counts: dict[str, int],
) -> None:
    """A finding's headline limit, source, condition and technique."""
    if finding.headline and headline_counts[finding.condition] > MAX_HEADLINES:
        raise KnowledgeBaseError(
            path,
            finding.id,
            "headline",
            f"condition '{finding.condition}' already has {MAX_HEADLINES} headline results: "
            "a bottom line states at most three",
        )
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


def _names(records: Iterable[str]) -> str:
    return ", ".join(sorted(records))


def knowledge_base(data_dir: Path = KNOWLEDGE_DIR) -> KnowledgeBase:
    """A knowledge base (the course's, by default), loaded once per process and folder."""
    return _loaded(Path(data_dir).resolve())


@lru_cache(maxsize=4)
def _loaded(data_dir: Path) -> KnowledgeBase:
    return load_knowledge_base(data_dir)


def forget_loaded() -> None:
    """Drop the loaded copies, so the next call reads the files again (for long-lived processes)."""
    _loaded.cache_clear()
