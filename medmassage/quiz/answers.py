"""Every quiz's answers as MyST Markdown: for the book's answer-key page and for instructors.

Bank text is escaped (:func:`medmassage.myst_text.escape`), so it shows as written and adds no
markup or HTML. Each quiz gets a heading (``heading`` marks its level) and each question its
answer and the reason, numbered as on the chapter's quiz.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..myst_text import escape
from .models import Bank
from .static import prompt_text


def answer_sections(banks: Sequence[Bank], heading: str = "##", with_ids: bool = False) -> list[str]:
    """Markdown lines: per bank, a heading, then each question with its answer and why."""
    lines: list[str] = []
    for bank in banks:
        lines += [f"{heading} {escape(bank.title)}", ""]
        for number, question in enumerate(bank.questions, start=1):
            answers = "; ".join(question.options[i].text for i in question.correct_indexes)
            ident = f" (`{question.id}`)" if with_ids else ""  # ids are validated slugs
            lines.append(f"{number}. **{escape(prompt_text(question))}**{ident}")
            lines.append(f"   - Answer: {escape(answers)}")
            lines.append(f"   - Why: {escape(question.explanation)}")
        lines.append("")
    return lines
