"""The live face: an ipywidgets quiz for JupyterLab, Notebook 7, Binder, Colab and Thebe.

Same bank, same wording and feedback as the static face: choose, check, per-option feedback,
the explanation once right, a running score, and "Try again" to start over.

The controls are ipywidgets' own Checkbox and RadioButtons, so each option stays a real input
inside its own <label> (keyboard-operable, announced with its text). Their stock CSS keeps a label
on one line (cut with an ellipsis, or overlapping the next option), so every option control gets
:data:`OPTION_CLASS`, and :data:`OPTION_STYLE`, shown once per quiz, lets those labels wrap.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

import ipywidgets as widgets

from .links import section_href
from .models import Bank, Question, QuestionType
from .static import intro_html, prompt_text

#: The class of each option control: a Checkbox, or the RadioButtons.
OPTION_CLASS = "mm-live-option"

#: ipywidgets 8 gives a Checkbox label ``white-space: nowrap; text-overflow: ellipsis`` and each radio
#: label a fixed height; these rules, scoped to :data:`OPTION_CLASS`, wrap them instead.
OPTION_STYLE = f"""<style>
.{OPTION_CLASS}.widget-checkbox .widget-label-basic,
.{OPTION_CLASS} .widget-radio-box label {{
  display: flex; align-items: baseline; gap: 0.5em; height: auto; line-height: 1.4; margin: 0.2em 0;
  white-space: normal; overflow: visible; text-overflow: clip; cursor: pointer;
}}
.{OPTION_CLASS}.widget-checkbox input[type="checkbox"],
.{OPTION_CLASS} .widget-radio-box input[type="radio"] {{
  flex: none; order: -1; float: none; align-self: auto; height: auto; margin: 0;
}}
</style>"""


def _option_layout() -> widgets.Layout:
    # The stock Checkbox is 300px wide and one line high.
    return widgets.Layout(width="auto", height="auto")


def _paragraphs(lead: str, notes: list[str]) -> str:
    return f"<p><strong>{escape(lead)}</strong></p>" + "".join(f"<p>{escape(note)}</p>" for note in notes)


class QuestionWidget:
    """One question: its choices, a Check button, feedback and the explanation."""

    def __init__(self, question: Question, number: int, base_url: str, on_change: Callable[[], None]) -> None:
        self.question = question
        self.solved = False
        self._on_change = on_change
        self.prompt = widgets.HTML(f"<strong>Question {number}.</strong> {escape(prompt_text(question))}")
        texts = [option.text for option in question.options]
        # Descriptions are set as text (description_allow_html is off), so bank text is not parsed as HTML.
        if question.type is QuestionType.MULTIPLE:
            self.boxes = [
                widgets.Checkbox(value=False, description=text, indent=False, layout=_option_layout()) for text in texts
            ]
            self.choices: widgets.Widget = widgets.VBox(self.boxes)
        else:
            self.boxes = []
            self.choices = widgets.RadioButtons(options=texts, value=None, layout=_option_layout())
        for control in self.boxes or [self.choices]:
            control.add_class(OPTION_CLASS)
        self.check_button = widgets.Button(description="Check", tooltip="Check your answer")
        self.check_button.on_click(lambda _button: self.check())
        self.feedback = widgets.HTML()
        href = section_href(question.section, None, base_url)
        self.explanation = widgets.HTML(
            f"<p><strong>Why:</strong> {escape(question.explanation)} "
            f'<a href="{escape(href, quote=True)}" target="_blank">Read the section</a></p>'
        )
        self.explanation.layout.display = "none"
        self.box = widgets.VBox([self.prompt, self.choices, self.check_button, self.feedback, self.explanation])

    def picked(self) -> list[int]:
        if self.boxes:
            return [i for i, box in enumerate(self.boxes) if box.value]
        index = self.choices.index  # type: ignore[attr-defined]
        return [] if index is None else [index]

    def check(self) -> bool:
        picked = self.picked()
        if not picked:
            self.feedback.value = _paragraphs("Choose an answer first.", [])
            return False
        correct = self.question.correct_indexes
        right = sorted(picked) == correct
        notes = [self.question.options[i].feedback for i in picked]
        missed = len(set(correct) - set(picked))
        if not right and self.question.type is QuestionType.MULTIPLE and missed:
            notes.append(
                "One correct option is not selected." if missed == 1 else f"{missed} correct options are not selected."
            )
        self.feedback.value = _paragraphs("Correct." if right else "Not quite. Try again.", notes)
        self.explanation.layout.display = None if right else "none"
        self.solved = self.solved or right
        self._on_change()
        return right

    def reset(self) -> None:
        self.solved = False
        for box in self.boxes:
            box.value = False
        if not self.boxes:
            self.choices.value = None  # type: ignore[attr-defined]
        self.feedback.value = ""
        self.explanation.layout.display = "none"


class QuizWidget:
    """A whole bank as a widget, with a running score and a Try again button."""

    def __init__(self, bank: Bank, base_url: str = "") -> None:
        self.bank = bank
        self.questions = [
            QuestionWidget(q, n, base_url, self._update_score) for n, q in enumerate(bank.questions, start=1)
        ]
        self.score = widgets.HTML()
        self.retry_button = widgets.Button(description="Try again", tooltip="Clear every answer and start over")
        self.retry_button.on_click(lambda _button: self.reset())
        self._update_score()
        # Children in reading order, which is also the Tab order: each question's options, then its Check.
        self.box = widgets.VBox(
            [
                widgets.HTML(OPTION_STYLE + intro_html(len(self.questions))),
                *(q.box for q in self.questions),
                self.score,
                self.retry_button,
            ]
        )

    @property
    def correct(self) -> int:
        return sum(q.solved for q in self.questions)

    def _update_score(self) -> None:
        self.score.value = f"<p><strong>Correct so far: {self.correct} of {len(self.questions)}</strong></p>"

    def reset(self) -> None:
        for question in self.questions:
            question.reset()
        self._update_score()

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        return self.box._repr_mimebundle_(**kwargs)
