"""Quizzes: one question bank per chapter, shown two ways.

In a page or notebook, one line shows a chapter's quiz::

    from medmassage.quiz import show_quiz; show_quiz("reading-the-evidence")

- **Static face** (the published site): when the book is built by
  ``python -m medmassage.build`` (``make book``), the environment variable
  ``MEDMASSAGE_STATIC_QUIZ=1`` is set, and ``show_quiz`` returns accessible HTML
  checked by a small script (``medmassage/static/quiz.js``), added only to pages
  with a quiz. No kernel, CDN or widget manager is needed.
- **Live face** (JupyterLab, Notebook 7, Binder, Colab, Thebe): anywhere else,
  ``show_quiz`` returns an ipywidgets quiz built from the same bank.

Banks live in ``medmassage/quiz/banks/<chapter>.yaml``; ``python -m medmassage.quiz check``
validates them and ``python -m medmassage.quiz answers`` prints the answer key.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from .bank import QuizError, course_bank, load_bank, load_banks
from .links import label_index, site_url
from .models import Bank, Question, QuestionType
from .static import quiz_html

#: Set by the book build so that executed pages get the static face.
STATIC_ENV = "MEDMASSAGE_STATIC_QUIZ"


@dataclass(frozen=True)
class StaticQuiz:
    """The HTML face, as a notebook output."""

    html: str

    def _repr_html_(self) -> str:
        return self.html


def show_quiz(chapter: str):
    """The quiz for a chapter: static HTML during the book build, a live widget elsewhere."""
    bank = course_bank(chapter)
    if os.environ.get(STATIC_ENV) == "1":
        return StaticQuiz(quiz_html(bank, from_docname=label_index()[bank.label]))
    from .widget import QuizWidget

    return QuizWidget(bank, base_url=site_url())


__all__ = [
    "Bank",
    "Question",
    "QuestionType",
    "QuizError",
    "StaticQuiz",
    "course_bank",
    "load_bank",
    "load_banks",
    "quiz_html",
    "show_quiz",
]
