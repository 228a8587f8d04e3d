"""Every static quiz in a browser, offline: feedback for wrong and right answers, keyboard use, and axe."""

from __future__ import annotations

import pytest

from medmassage.quiz.bank import bank_paths, load_banks
from medmassage.quiz.links import label_index
from tests.book.htmlscan import content_pages

pytestmark = pytest.mark.browser

BANKS = load_banks(bank_paths())


def quiz_pages() -> list[tuple[str, str]]:
    """(page path, bank id) for every bank, found through the label of the page it belongs to."""
    return [(f"{label_index()[bank.label]}.html", chapter) for chapter, bank in sorted(BANKS.items())]


def open_quiz(offline_page, site_url, path):
    offline_page.goto(f"{site_url}/{path}", wait_until="load")
    return offline_page


@pytest.mark.parametrize(("path", "chapter"), quiz_pages())
def test_every_question_gives_feedback_by_mouse(offline_page, site_url, path, chapter):
    page = open_quiz(offline_page, site_url, path)
    bank = BANKS[chapter]
    for question in bank.questions:
        form = page.locator(f"#mmq-{question.id}")
        feedback = form.locator(".mm-quiz-feedback")
        wrong = next((i for i, o in enumerate(question.options) if not o.correct), None)
        if wrong is not None:
            form.locator(f"#mmq-{question.id}-{wrong}").check()
            form.locator(".mm-quiz-check").click()
            assert "Not quite" in feedback.inner_text()
            assert question.options[wrong].feedback in feedback.inner_text()
            assert form.locator(".mm-quiz-explanation").is_hidden()
            form.locator(f"#mmq-{question.id}-{wrong}").uncheck() if question.type.value == "multiple" else None
        for i in question.correct_indexes:
            form.locator(f"#mmq-{question.id}-{i}").check()
        form.locator(".mm-quiz-check").click()
        assert feedback.inner_text().startswith("Correct.")
        assert form.locator(".mm-quiz-explanation").is_visible()
        assert question.explanation in form.locator(".mm-quiz-explanation").inner_text()
    total = len(bank.questions)
    assert page.locator(".mm-quiz-score").inner_text() == f"Correct so far: {total} of {total}"
    assert page.blocked == [], "a request left localhost"
    assert page.console_errors == []


@pytest.mark.parametrize(("path", "chapter"), quiz_pages())
def test_every_question_works_by_keyboard_alone(offline_page, site_url, path, chapter):
    page = open_quiz(offline_page, site_url, path)
    for question in BANKS[chapter].questions:
        form = page.locator(f"#mmq-{question.id}")
        form.locator(f"#mmq-{question.id}-0").focus()  # arrive at the question's first option
        if question.type.value == "multiple":
            for i in range(len(question.options)):
                if i in question.correct_indexes:
                    page.keyboard.press("Space")
                page.keyboard.press("Tab")
            page.keyboard.press("Space")  # Tab has reached the Check button
        else:
            page.keyboard.press("Space")  # select the first option
            for _ in range(question.correct_indexes[0]):
                page.keyboard.press("ArrowDown")  # arrows move the selection within a radio group
            page.keyboard.press("Tab")
            page.keyboard.press("Enter")
        assert form.locator(".mm-quiz-feedback").inner_text().startswith("Correct."), question.id


@pytest.mark.parametrize(("path", "chapter"), quiz_pages())
def test_quiz_pages_have_no_serious_accessibility_violations(offline_page, site_url, path, chapter):
    from axe_playwright_python.sync_playwright import Axe

    page = open_quiz(offline_page, site_url, path)
    form = page.locator(".mm-quiz-question").first
    form.locator("input").first.check()
    form.locator(".mm-quiz-check").click()  # scan with feedback showing too
    for mode in ["light", "dark"]:
        page.evaluate(f"document.documentElement.dataset.theme = '{mode}'")
        page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
        violations = Axe().run(page, context=".mm-quiz").response["violations"]
        serious = [
            (v["id"], v["impact"], len(v["nodes"])) for v in violations if v["impact"] in ("serious", "critical")
        ]
        assert serious == [], f"{mode} mode"


def test_quiz_script_is_only_on_quiz_pages(site):
    with_quiz = {p for p, _ in quiz_pages()} | {f"{label_index()['progress']}.html"}
    for page in content_pages(site):
        rel = page.relative_to(site).as_posix()
        has_script = "_static/quiz.js" in page.read_text(encoding="utf-8")
        assert has_script == (rel in with_quiz), rel
