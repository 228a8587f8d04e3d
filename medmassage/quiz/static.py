"""The static face: a quiz as semantic, accessible HTML that works with no kernel and no network.

Each question is a <form> with a <fieldset> and <legend>, real radio or checkbox
inputs, a "Check" button and an aria-live feedback region. medmassage/static/quiz.js
(added only to pages that contain a quiz) does the checking in the browser.
All bank text is escaped, so a prompt containing <script> shows as text.
"""

from __future__ import annotations

from html import escape

from .links import section_href
from .models import Bank, Question, QuestionType


def _attr(text: str) -> str:
    return escape(text, quote=True)


def _question_html(bank: Bank, question: Question, number: int, from_docname: str | None, base_url: str) -> str:
    qid = f"mmq-{question.id}"
    kind = "checkbox" if question.type is QuestionType.MULTIPLE else "radio"
    hint = " (choose all that apply)" if question.type is QuestionType.MULTIPLE else ""
    options = "".join(
        f'<div class="mm-quiz-option">'
        f'<input type="{kind}" name="{qid}" id="{qid}-{i}" value="{i}" data-feedback="{_attr(option.feedback)}">'
        f'<label for="{qid}-{i}">{escape(option.text)}</label></div>'
        for i, option in enumerate(question.options)
    )
    href = section_href(question.section, from_docname, base_url)
    correct = ",".join(str(i) for i in question.correct_indexes)
    return (
        f'<form class="mm-quiz-question" id="{qid}" data-type="{question.type.value}" data-correct="{correct}">'
        f'<fieldset><legend><span class="mm-quiz-number">Question {number}.</span> '
        f"{escape(question.prompt)}{hint}</legend>{options}</fieldset>"
        f'<button type="submit" class="mm-quiz-check">Check</button>'
        f'<div class="mm-quiz-feedback" role="status" aria-live="polite"></div>'
        f'<div class="mm-quiz-explanation" hidden><strong>Why:</strong> {escape(question.explanation)} '
        f'<a href="{_attr(href)}">Read the section</a></div>'
        f"</form>"
    )


def quiz_html(bank: Bank, from_docname: str | None = None, base_url: str = "") -> str:
    """The whole quiz for one bank. Links are relative to ``from_docname`` (a page of the site)."""
    questions = "".join(
        _question_html(bank, q, n, from_docname, base_url) for n, q in enumerate(bank.questions, start=1)
    )
    total = len(bank.questions)
    return (
        f'<section class="mm-quiz" data-quiz="{_attr(bank.chapter)}" aria-label="{_attr(bank.title)}">'
        f'<p class="mm-quiz-intro">{total} questions. Choose an answer, then press <em>Check</em>. '
        f"You can try again as often as you like.</p>"
        f"{questions}"
        f'<p class="mm-quiz-score" role="status" aria-live="polite" data-total="{total}">'
        f"Correct so far: 0 of {total}</p>"
        f"</section>"
    )
