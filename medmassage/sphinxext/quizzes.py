"""The quiz directives: the "Your progress" table, and the answer key printed at the end of the PDF.

    ```{quiz-progress}
    ```

    ```{quiz-answer-key}
    ```

Both are made from the question banks (:mod:`medmassage.quiz`), in the book's order, and the page
depends on every bank file, so an edited bank rebuilds it. ``{quiz-progress}`` lists every chapter
quiz, with its chapter link as a checked cross-reference; the browser fills in the counts
(``medmassage/static/quiz.js``). ``{quiz-answer-key}`` gives each quiz a section with every answer
and the reason: the end of the book, online and in the PDF (``make pdf``).
"""

from __future__ import annotations

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from ..quiz.answers import answer_sections
from ..quiz.bank import QuizError, bank_paths, course_bank
from ..quiz.models import Bank
from ..quiz.progress import in_book_order, progress_parts
from ..quiz.sphinx_output import parts_node


class _BankDirective(SphinxDirective):
    def _banks(self) -> list[Bank]:
        paths = bank_paths()
        for path in paths:
            self.env.note_dependency(str(path))
        try:
            banks = [course_bank(path.stem) for path in paths]
        except QuizError as error:
            raise self.error(str(error)) from None
        page_order = list(getattr(self.env, "external_site_map", None) or [])  # the order of _toc.yml
        return in_book_order(banks, page_order)


class QuizProgress(_BankDirective):
    """Every chapter quiz with its number of questions; the learner's browser fills in the rest."""

    def run(self) -> list[nodes.Node]:
        return [parts_node(progress_parts(self._banks()), "mm-progress-output")]


class QuizAnswerKey(_BankDirective):
    """A section per quiz, with each question's answer and the reason."""

    def run(self) -> list[nodes.Node]:
        container = nodes.container()
        lines = answer_sections(self._banks(), heading="##")
        self.state.nested_parse(
            StringList(lines, source=self.get_source_info()[0]), self.content_offset, container, match_titles=True
        )
        return container.children


def setup(app: Sphinx) -> None:
    app.add_directive("quiz-progress", QuizProgress)
    app.add_directive("quiz-answer-key", QuizAnswerKey)
