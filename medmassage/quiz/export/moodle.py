"""Moodle: one Moodle XML file, for the question bank's import ("Moodle XML format").

Each bank becomes a category (``<question type="category">``) followed by its questions: ``multichoice`` for
single and multiple answers, ``truefalse`` for true/false. A question's bank id is its name and its idnumber.
For multiple answers the right options share 100% and the wrong ones share -100%, so choosing every option
scores nothing; Moodle refuses weights outside its list of grades, so those are checked here.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.etree import ElementTree as ET

from ..models import Bank, Question, QuestionType
from .content import Unexportable, general_feedback_html, html_text, prompt_html
from .document import child, root, to_bytes

#: The category every bank goes under, in the course that imports them.
PARENT_CATEGORY = "$course$/top/Medical massage"

#: The grades (in %) Moodle accepts for an answer; an import with any other is refused.
#: From Moodle's question_bank::fraction_options: 100%, 90%, 83.33333%, 80%, ... 5%.
MOODLE_GRADES = (
    *(100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40),
    *(33.33333, 30, 25, 20, 16.66667, 14.28571, 12.5, 11.11111, 10, 5),
)


def percent(value: float) -> str:
    """A grade as Moodle writes it: up to 5 decimals, no trailing zeros."""
    text = f"{value:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _share(chapter: str, question: Question, count: int, kind: str) -> float:
    """100% split over ``count`` options, if Moodle accepts that grade."""
    share = 100 / count
    if not any(abs(share - grade) < 0.001 for grade in MOODLE_GRADES):
        raise Unexportable(
            chapter,
            question.id,
            "options",
            f"{count} {kind} options would each weigh {share:.4g}%, which Moodle does not accept as a grade "
            "(it accepts 1 to 10 right or wrong options in a multiple-answers question)",
        )
    return share


def fractions(chapter: str, question: Question) -> list[str]:
    """Each option's grade: 100/0 for one right answer; for multiple answers, shares of 100% and -100%."""
    if question.type is not QuestionType.MULTIPLE:
        return [percent(100 if option.correct else 0) for option in question.options]
    right = len(question.correct_indexes)
    wrong = len(question.options) - right
    right_share = _share(chapter, question, right, "right")
    wrong_share = _share(chapter, question, wrong, "wrong") if wrong else 0
    return [percent(right_share if option.correct else -wrong_share) for option in question.options]


def _text(parent: ET.Element, tag: str, html: str) -> ET.Element:
    element = child(parent, tag, format="html")
    child(element, "text", html)
    return element


def category(quiz: ET.Element, bank: Bank) -> None:
    """Switch the import into the bank's own category, named by its id (a plain slug), described by its title."""
    element = child(quiz, "question", type="category")
    child(child(element, "category"), "text", f"{PARENT_CATEGORY}/{bank.chapter}")
    _text(element, "info", f"<p>{html_text(bank.title)}</p>")
    child(element, "idnumber", bank.chapter)


def question(quiz: ET.Element, chapter: str, item: Question, base_url: str) -> None:
    true_false = item.type is QuestionType.TRUE_FALSE
    element = child(quiz, "question", type="truefalse" if true_false else "multichoice")
    child(child(element, "name"), "text", item.id)
    _text(element, "questiontext", prompt_html(item))
    _text(element, "generalfeedback", general_feedback_html(item, base_url))
    child(element, "defaultgrade", "1")
    child(element, "penalty", "1" if true_false else "0.3333333")
    child(element, "hidden", "0")
    child(element, "idnumber", item.id)
    if not true_false:
        child(element, "single", "false" if item.type is QuestionType.MULTIPLE else "true")
        child(element, "shuffleanswers", "false")  # the book's order; a quiz can still shuffle
        child(element, "answernumbering", "abc")
    for option, fraction in zip(item.options, fractions(chapter, item), strict=True):
        # Moodle knows a true/false answer by the text "true" or "false", and shows its own words.
        answer_html = option.text.lower() if true_false else html_text(option.text)
        answer = child(element, "answer", fraction=fraction, format="moodle_auto_format" if true_false else "html")
        child(answer, "text", answer_html)
        _text(answer, "feedback", html_text(option.feedback))


def document(banks: Sequence[Bank], base_url: str) -> bytes:
    quiz = root("quiz")
    for bank in banks:
        category(quiz, bank)
        for item in bank.questions:
            question(quiz, bank.chapter, item, base_url)
    return to_bytes(quiz)
