"""Quizzes: one question bank per chapter, shown two ways from one output.

In a page or notebook, one line shows a chapter's quiz::

    from medmassage.quiz import show_quiz; show_quiz("reading-the-evidence")

The output carries both faces, and each place that shows it picks the one it can use:

- **Live face** (JupyterLab, Notebook 7, Binder, Colab, Thebe): an ipywidgets quiz built from
  the bank, as the standard widget MIME type.
- **Static face** (the published site): the course MIME type :data:`QUIZ_MIME`, naming the
  chapter. When the book is built, the myst-nb renderer plugin in :mod:`.sphinx_output` turns it
  into accessible HTML checked by a small script (``medmassage/static/quiz.js``, added only to
  pages with a quiz), with its section links as checked cross-references. No kernel, CDN or widget
  manager is needed, and ``jupyter-book build`` and ``make book`` publish the same page.

Banks live in ``medmassage/quiz/banks/<chapter>.yaml``; ``python -m medmassage.quiz check``
validates them and ``python -m medmassage.quiz answers`` prints the answer key.
"""

from __future__ import annotations

from typing import Any

from .bank import QuizError, course_bank, load_bank, load_banks
from .links import site_url
from .models import Bank, Question, QuestionType
from .static import quiz_html

#: The static face's MIME type: ``{"chapter": "<bank id>"}``, rendered from the bank at build time.
QUIZ_MIME = "application/vnd.medmassage.quiz+json"


class Quiz:
    """A chapter's quiz as a notebook output: the live widget and the static face, in one bundle."""

    def __init__(self, chapter: str) -> None:
        self.bank = course_bank(chapter)  # validated now, so a bad chapter fails in the cell
        self._widget: Any = None

    @property
    def widget(self) -> Any:
        """The live face, made when first shown (ipywidgets is imported only then)."""
        if self._widget is None:
            from .widget import QuizWidget

            self._widget = QuizWidget(self.bank, base_url=site_url())
        return self._widget

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle = dict(self.widget._repr_mimebundle_())
        bundle[QUIZ_MIME] = {"chapter": self.bank.chapter}
        bundle["text/plain"] = (
            f"{self.bank.title}: {len(self.bank.questions)} questions. Run this notebook with ipywidgets "
            f"to answer them, or take the quiz on the published book: {site_url()}"
        )
        return bundle


def show_quiz(chapter: str) -> Quiz:
    """The quiz for a chapter, to show as a cell's output (see the module's notes on its two faces)."""
    return Quiz(chapter)


__all__ = [
    "Bank",
    "Question",
    "QuestionType",
    "QuizError",
    "QUIZ_MIME",
    "Quiz",
    "course_bank",
    "load_bank",
    "load_banks",
    "quiz_html",
    "show_quiz",
]
