"""Typed quiz questions. A bank is one chapter's list of questions."""

from __future__ import annotations

import hashlib
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..datafiles import FieldError
from ..knowledge.models import ID_PATTERN


class QuestionType(StrEnum):
    SINGLE = "single"  # one correct option, radio buttons
    MULTIPLE = "multiple"  # one or more correct options, checkboxes
    TRUE_FALSE = "true-false"  # options must be exactly "True" and "False"


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(Record):
    text: str = Field(min_length=1)
    correct: bool = False
    feedback: str = Field(min_length=1, description="why this option is right or wrong")


class FactCheck(Record):
    """Ties an answer to a knowledge-base record, so a quiz can't contradict the chapter."""

    kind: str = Field(pattern=r"^(finding|condition|technique|jurisdiction|credential)$")
    id: str
    field: str
    equals: Any


class Question(Record):
    id: str = Field(pattern=ID_PATTERN)
    type: QuestionType
    prompt: str = Field(min_length=1)
    options: list[Option] = Field(min_length=2)
    explanation: str = Field(min_length=1)
    section: str = Field(description="label of the book section that teaches this, e.g. 'reading-the-evidence'")
    source: str | None = Field(default=None, description="bibliography key behind the answer")
    fact: FactCheck | None = None

    @model_validator(mode="after")
    def _answer_key_is_coherent(self) -> Question:
        correct = sum(option.correct for option in self.options)
        if correct == 0:
            raise FieldError("options", "no option is marked correct")
        if self.type is not QuestionType.MULTIPLE and correct != 1:
            raise FieldError("options", f"a {self.type.value} question needs exactly one correct option, got {correct}")
        if self.type is QuestionType.TRUE_FALSE and [o.text for o in self.options] != ["True", "False"]:
            raise FieldError("options", "a true-false question has exactly the options True and False, in that order")
        texts = [o.text for o in self.options]
        if len(set(texts)) != len(texts):
            raise FieldError("options", "two options have the same text")
        return self

    @property
    def correct_indexes(self) -> list[int]:
        return [i for i, option in enumerate(self.options) if option.correct]

    @property
    def version(self) -> str:
        """A short fingerprint of everything a learner sees or is marked on. Saved progress is kept
        under it, so an edited question (new wording, options, answer or feedback) starts fresh."""
        shown = self.model_dump_json(exclude={"source", "fact"})
        return hashlib.sha256(shown.encode("utf-8")).hexdigest()[:12]


class Bank(Record):
    """One chapter's quiz."""

    chapter: str = Field(pattern=ID_PATTERN, description="the bank id (the file name)")
    label: str = Field(description="the MyST label of the chapter page that shows this quiz")
    title: str
    questions: list[Question] = Field(min_length=1)
