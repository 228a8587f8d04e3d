"""The static face: a quiz as semantic, accessible HTML that works with no kernel and no network.

Each question is a <form> with a <fieldset> and <legend>, real radio or checkbox
inputs, a "Check" button and an aria-live feedback region. medmassage/static/quiz.js
(added only to pages that contain a quiz) does the checking in the browser, and saves each
answer in the browser's storage under the bank, the question id and the question's
:attr:`~.models.Question.version`, so a reload shows what was solved. "Clear my answers" forgets them.
All bank text is escaped, so a prompt containing <script> shows as text.

:func:`quiz_parts` leaves each "Read the section" link as a :class:`SectionLink`, so the book's
build can make it a cross-reference that Sphinx resolves and checks (see :mod:`.sphinx_output`).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from .links import section_href
from .models import Bank, Question, QuestionType

#: The class of a static quiz's <section>: pages that have one get the quiz script and styles.
QUIZ_CLASS = "mm-quiz"

#: Added after a multiple-select prompt, on both faces.
MULTIPLE_HINT = "(choose all that apply)"


def prompt_text(question: Question) -> str:
    """The prompt as both faces show it (plain text, to escape): with :data:`MULTIPLE_HINT` for a
    multiple-select question, unless the bank's prompt already says so."""
    if question.type is not QuestionType.MULTIPLE or "all that apply" in question.prompt.lower():
        return question.prompt
    return f"{question.prompt} {MULTIPLE_HINT}"


def intro_html(total: int) -> str:
    """The line above a quiz's questions, on both faces."""
    return (
        f'<p class="mm-quiz-intro">{total} question{"" if total == 1 else "s"}. '
        "Choose an answer, then press <em>Check</em>. "
        f"You can try again as often as you like.</p>"
    )


def _attr(text: str) -> str:
    return escape(text, quote=True)


@dataclass(frozen=True)
class SectionLink:
    """Where a question's "Read the section" link goes: a label of the book, resolved by whoever
    assembles the parts (Sphinx, as a checked cross-reference; :func:`quiz_html`, as a relative URL)."""

    label: str
    text: str | None = "Read the section"  # None: the section's own title


#: A quiz as HTML strings with the section links between them.
Part = str | SectionLink


def _question_parts(question: Question, number: int) -> list[Part]:
    qid = f"mmq-{question.id}"
    kind = "checkbox" if question.type is QuestionType.MULTIPLE else "radio"
    options = "".join(
        f'<div class="mm-quiz-option">'
        f'<input type="{kind}" name="{qid}" id="{qid}-{i}" value="{i}" data-feedback="{_attr(option.feedback)}">'
        f'<label for="{qid}-{i}">{escape(option.text)}</label></div>'
        for i, option in enumerate(question.options)
    )
    correct = ",".join(str(i) for i in question.correct_indexes)
    return [
        f'<form class="mm-quiz-question" id="{qid}" data-question="{question.id}" data-version="{question.version}" '
        f'data-type="{question.type.value}" data-correct="{correct}">'
        f'<fieldset><legend><span class="mm-quiz-number">Question {number}.</span> '
        f"{escape(prompt_text(question))}</legend>{options}</fieldset>"
        f'<button type="submit" class="mm-quiz-check">Check</button>'
        f'<div class="mm-quiz-feedback" role="status" aria-live="polite"></div>'
        f'<div class="mm-quiz-explanation" hidden><strong>Why:</strong> {escape(question.explanation)} ',
        SectionLink(question.section),
        "</div></form>",
    ]


def quiz_parts(bank: Bank) -> list[Part]:
    """The whole quiz for one bank, as HTML with its section links left as labels."""
    total = len(bank.questions)
    parts: list[Part] = [
        f'<section class="{QUIZ_CLASS}" data-quiz="{_attr(bank.chapter)}" aria-label="{_attr(bank.title)}">'
        + intro_html(total)
    ]
    for number, question in enumerate(bank.questions, start=1):
        parts += _question_parts(question, number)
    parts.append(
        f'<div class="mm-quiz-footer"><p class="mm-quiz-score" role="status" aria-live="polite" data-total="{total}">'
        f"Correct so far: 0 of {total}</p>"
        '<button type="button" class="mm-quiz-clear">Clear my answers</button></div>'
        "</section>"
    )
    return parts


def quiz_html(bank: Bank, from_docname: str | None = None, base_url: str = "") -> str:
    """The whole quiz as one HTML string. Links are relative to ``from_docname`` (a page of the site),
    or absolute on ``base_url`` when it is None."""
    return "".join(
        part
        if isinstance(part, str)
        else f'<a href="{_attr(section_href(part.label, from_docname, base_url))}">'
        f"{escape(part.text or part.label)}</a>"
        for part in quiz_parts(bank)
    )
