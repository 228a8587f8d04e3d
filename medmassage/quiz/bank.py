"""Load and validate quiz banks (``medmassage/quiz/banks/<chapter>.yaml``).

Validation covers, per question: a known type, at least one correct option,
feedback on every option, a section label that exists in the book, a source key
in the bibliography, no process language (:mod:`medmassage.wording`), and, where a
question restates a knowledge-base fact, that the fact still holds. Ids must be
unique across all banks.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from functools import cache
from pathlib import Path

from ..datafiles import DataFileError, build_record, display_path, read_yaml
from ..knowledge import KnowledgeBase, KnowledgeBaseError, knowledge_base
from ..knowledge.bibliography import BibliographyError, bibliography_keys
from ..paths import BIBLIOGRAPHY, PACKAGE_DIR
from ..wording import ADVICE, first_process_phrase
from .links import label_index
from .models import Bank, Question

BANK_DIR = PACKAGE_DIR / "quiz" / "banks"


class QuizError(DataFileError):
    """A quiz bank is wrong. The message names the file, the question id and the field."""


def _value(value: object) -> object:
    return value.value if isinstance(value, Enum) else value


def _check_fact(question: Question, kb: KnowledgeBase, path: Path) -> None:
    fact = question.fact
    if fact is None:
        return
    records = {
        "finding": kb.findings,
        "condition": kb.conditions,
        "technique": kb.techniques,
        "jurisdiction": kb.jurisdictions,
        "credential": kb.credentials,
    }[fact.kind]
    if fact.id not in records:
        raise QuizError(path, question.id, "fact.id", f"no {fact.kind} '{fact.id}' in the knowledge base")
    record = records[fact.id]
    if not hasattr(record, fact.field):
        raise QuizError(path, question.id, "fact.field", f"a {fact.kind} has no field '{fact.field}'")
    actual = _value(getattr(record, fact.field))
    if actual != fact.equals:
        raise QuizError(
            path,
            question.id,
            "fact.equals",
            f"the knowledge base says {fact.kind} '{fact.id}' {fact.field} = {actual!r}, "
            f"but the quiz expects {fact.equals!r}: the quiz would contradict the chapter",
        )


def load_bank(path: Path, kb: KnowledgeBase | None = None, labels: dict[str, str] | None = None) -> Bank:
    """One bank, fully validated."""
    data = read_yaml(path, QuizError)
    if not isinstance(data.get("questions"), list):
        raise QuizError(path, None, "questions", "expected a list of questions")
    # Validate question by question first, so an error names the question rather than the bank.
    for i, raw in enumerate(data["questions"]):
        question = build_record(Question, raw, path, "question", i, QuizError)
        found = first_process_phrase(question)
        if found:
            raise QuizError(path, question.id, found[0], f"reader-facing text says '{found[1]}': {ADVICE}")
    bank = build_record(Bank, data, path, "bank", 0, QuizError)
    found = first_process_phrase(bank.model_copy(update={"questions": []}))
    if found:
        raise QuizError(path, None, found[0], f"reader-facing text says '{found[1]}': {ADVICE}")
    if bank.chapter != path.stem:
        raise QuizError(path, None, "chapter", f"expected the chapter to match the file name '{path.stem}'")
    kb = kb or knowledge_base()
    labels = label_index() if labels is None else labels
    if bank.label not in labels:
        raise QuizError(path, None, "label", f"no chapter labelled '{bank.label}' in the book")
    known_keys = bibliography_keys(BIBLIOGRAPHY)
    seen: set[str] = set()
    for question in bank.questions:
        if question.id in seen:
            raise QuizError(path, question.id, "id", "duplicate question id in this bank")
        seen.add(question.id)
        if question.section not in labels:
            raise QuizError(
                path, question.id, "section", f"no section labelled '{question.section}' in the book (broken link)"
            )
        if question.source is not None and question.source not in known_keys:
            raise QuizError(
                path,
                question.id,
                "source",
                f"unknown source key '{question.source}' (not in {display_path(BIBLIOGRAPHY)})",
            )
        _check_fact(question, kb, path)
    return bank


def load_banks(paths: Iterable[Path]) -> dict[str, Bank]:
    """Several banks; question ids must be unique across all of them."""
    return _with_unique_ids([(path, load_bank(path)) for path in paths])


def _with_unique_ids(loaded: list[tuple[Path, Bank]]) -> dict[str, Bank]:
    banks: dict[str, Bank] = {}
    owner: dict[str, Path] = {}
    for path, bank in loaded:
        for question in bank.questions:
            if question.id in owner:
                raise QuizError(
                    path, question.id, "id", f"duplicate question id, also in {display_path(owner[question.id])}"
                )
            owner[question.id] = path
        banks[bank.chapter] = bank
    return banks


def check_banks(paths: Iterable[Path]) -> list[str]:
    """Every problem in the banks, one line each: each bank is checked on its own, so one bad file
    does not hide the next. A broken knowledge base is reported once, not once per bank."""
    problems: list[str] = []
    good: list[tuple[Path, Bank]] = []
    unchecked = 0
    for path in paths:
        try:
            good.append((path, load_bank(path)))
        except KnowledgeBaseError:  # the banks' facts are checked against it
            unchecked += 1
        except (DataFileError, BibliographyError) as exc:
            problems.append(str(exc))
    if unchecked:
        problems.append(
            f"{display_path(BANK_DIR)}: {unchecked} banks not fully checked, because the knowledge base has errors "
            "(python -m medmassage.knowledge lists them)"
        )
    elif not problems:
        try:
            _with_unique_ids(good)  # ids must also be unique across banks
        except QuizError as exc:
            problems.append(str(exc))
    return problems


def bank_paths(folder: Path = BANK_DIR) -> list[Path]:
    return sorted(folder.glob("*.yaml"))


@cache
def course_bank(chapter: str) -> Bank:
    """The course's bank for one chapter (validated; cached per process)."""
    path = BANK_DIR / f"{chapter}.yaml"
    if not path.is_file():
        known = ", ".join(p.stem for p in bank_paths()) or "none yet"
        raise QuizError(path, None, None, f"no quiz bank for chapter '{chapter}' (banks: {known})")
    return load_bank(path)
