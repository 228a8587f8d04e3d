"""The progress table and the answer key, from the banks: versions, order, escaping, completeness."""

from __future__ import annotations

from medmassage.quiz.answers import answer_sections
from medmassage.quiz.bank import bank_paths, load_banks
from medmassage.quiz.links import label_index
from medmassage.quiz.progress import in_book_order, progress_parts
from medmassage.quiz.static import SectionLink, quiz_html
from tests.quiz.test_faces import bank

BANKS = load_banks(bank_paths())


def test_a_question_version_changes_with_anything_a_learner_sees_and_only_then():
    original = bank().questions[0]
    assert original.version == bank().questions[0].version  # stable
    edits = [
        {"prompt": "Pick one, please"},
        {"explanation": "Another reason."},
        {"options": [dict(o.model_dump(), correct=not o.correct) for o in original.options]},
        {"options": [dict(o.model_dump(), feedback=o.feedback + "!") for o in original.options]},
        {"type": "multiple"},
        {"section": "safety"},
    ]
    versions = {bank(**edit).questions[0].version for edit in edits}
    assert original.version not in versions and len(versions) == len(edits)
    assert bank(source="furlan2015massage").questions[0].version == original.version  # not shown to learners


def test_every_form_carries_its_question_id_and_version():
    html = quiz_html(bank(), from_docname="book/foundations/reading-the-evidence")
    for question in bank().questions:
        assert f'data-question="{question.id}" data-version="{question.version}"' in html
    assert 'class="mm-quiz-clear"' in html


def test_progress_rows_list_every_bank_in_book_order_with_every_question():
    order = ["book/intro", "book/foundations/safety", "book/conditions/low-back-pain"]
    banks = in_book_order(BANKS.values(), order)
    assert [b.chapter for b in banks[:2]] == ["safety", "low-back-pain"]
    assert len(banks) == len(BANKS)  # banks whose pages are not listed come last, not lost
    parts = progress_parts(banks)
    html = "".join(p for p in parts if isinstance(p, str))
    links = [p.label for p in parts if isinstance(p, SectionLink)]
    assert links == [b.label for b in banks]
    for b in banks:
        questions = " ".join(f"{q.id}:{q.version}" for q in b.questions)
        assert f'<tr data-quiz="{b.chapter}" data-questions="{questions}">' in html
    assert f"<td>{sum(len(b.questions) for b in banks)}</td>" in html  # the course total


def test_book_order_follows_the_pages_of_each_bank():
    docnames = {b.chapter: label_index()[b.label] for b in BANKS.values()}
    reversed_order = sorted(docnames.values(), reverse=True)
    chapters = [b.chapter for b in in_book_order(BANKS.values(), reversed_order)]
    assert [docnames[c] for c in chapters] == reversed_order


def test_answer_key_gives_every_right_answer_and_escapes_bank_text():
    evil = bank(prompt="<b>Pick</b> *one*", explanation="[a link](https://example.com) & more")
    text = "\n".join(answer_sections([evil], heading="##"))
    assert "<b>" not in text and "\\*one\\*" in text
    assert "\\[a link\\]" in text
    assert "Answer: Right" in text and "Answer: A; B" in text
    assert "Wrong" not in text.split("Answer:")[1].split("\n")[0]
