"""The "Your progress" table: every chapter quiz, filled in by the learner's browser.

The table is made from the banks when the book is built: a row per quiz with its questions' ids and
versions (:attr:`~.models.Question.version`). ``medmassage/static/quiz.js`` then counts, in the
browser, the answers saved on that device for those versions only, so an edited question is no
longer counted as solved. Nothing is sent anywhere: the counts are read from the browser's storage.

Like :func:`.static.quiz_parts`, the chapter links are left as :class:`~.static.SectionLink`
labels for the book's build to resolve and check.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from .links import label_index
from .models import Bank
from .static import Part, SectionLink

#: The class of the progress table's <section>: pages that have one get the quiz script too.
PROGRESS_CLASS = "mm-progress"


def in_book_order(banks: Iterable[Bank], page_order: Sequence[str]) -> list[Bank]:
    """The banks in the order their chapters come in the book (``page_order``: docnames, as in
    ``_toc.yml``); a bank whose chapter is not listed comes last, by chapter id."""
    position = {docname: i for i, docname in enumerate(page_order)}
    labels = label_index()
    return sorted(banks, key=lambda bank: (position.get(labels.get(bank.label, ""), len(position)), bank.chapter))


def _count_cells(total: int) -> str:
    return f'<td>{total}</td><td class="mm-progress-solved">0</td><td class="mm-progress-tried">0</td>'


def progress_parts(banks: Sequence[Bank]) -> list[Part]:
    """The table, its status line and the "Clear my answers" button, as HTML with chapter links as labels."""
    parts: list[Part] = [
        f'<section class="{PROGRESS_CLASS}" aria-label="Your quiz progress">'
        '<table class="table mm-progress-table">'
        "<caption>Questions you have solved in each chapter quiz, on this device</caption>"
        '<thead><tr><th scope="col">Chapter quiz</th><th scope="col">Questions</th>'
        '<th scope="col">Solved</th><th scope="col">Tried, not yet solved</th></tr></thead><tbody>'
    ]
    for bank in banks:
        questions = " ".join(f"{question.id}:{question.version}" for question in bank.questions)
        parts += [
            f'<tr data-quiz="{escape(bank.chapter, quote=True)}" data-questions="{escape(questions, quote=True)}">'
            '<th scope="row">',
            SectionLink(bank.label, text=None),  # the chapter's own title
            f"</th>{_count_cells(len(bank.questions))}</tr>",
        ]
    total = sum(len(bank.questions) for bank in banks)
    parts.append(
        f'</tbody><tfoot><tr class="mm-progress-total"><th scope="row">Whole course</th>{_count_cells(total)}</tr>'
        "</tfoot></table>"
        '<p class="mm-progress-status" role="status" aria-live="polite"></p>'
        '<button type="button" class="mm-quiz-clear mm-progress-clear">Clear my answers (every quiz)</button>'
        "</section>"
    )
    return parts
