"""Saved quiz progress in a browser, offline: answers survive a reload, the progress page counts
them, "Clear my answers" forgets them, an edited question starts fresh, and blocked storage
leaves the quizzes working with no error."""

from __future__ import annotations

import json

import pytest

from medmassage.quiz.bank import bank_paths, load_banks
from medmassage.quiz.links import label_index
from medmassage.quiz.progress import in_book_order

pytestmark = pytest.mark.browser

BANKS = load_banks(bank_paths())
LBP = BANKS["low-back-pain"]
SAFETY = BANKS["safety"]


def page_of(bank) -> str:
    return f"{label_index()[bank.label]}.html"


PROGRESS = f"{label_index()['progress']}.html"

# What a browser with storage turned off does: any use of localStorage throws.
BLOCK_STORAGE = """
Object.defineProperty(window, "localStorage", {
  configurable: true,
  get() { throw new DOMException("The operation is insecure.", "SecurityError"); },
});
"""


def answer(page, question, right: bool) -> None:
    form = page.locator(f"#mmq-{question.id}")
    if right:
        choices = question.correct_indexes
    else:
        choices = [next(i for i, option in enumerate(question.options) if not option.correct)]
    for i in choices:
        form.locator(f"#mmq-{question.id}-{i}").check()
    form.locator(".mm-quiz-check").click()
    expected = "Correct." if right else "Not quite"
    assert form.locator(".mm-quiz-feedback").inner_text().startswith(expected)


def saved(page, bank) -> dict:
    return json.loads(page.evaluate(f"localStorage.getItem('medmassage-quiz:{bank.chapter}')") or "{}")


def live_texts(page) -> list[str]:
    """The text of every non-empty live region in the quiz: what a screen reader would announce."""
    regions = ".mm-quiz :is([aria-live], [role=status], [role=alert], [role=log])"
    return [t for t in page.locator(regions).all_inner_texts() if t.strip()]


def test_answers_are_restored_after_a_reload_and_announced_once(offline_page, site_url):
    page = offline_page
    page.goto(f"{site_url}/{page_of(LBP)}", wait_until="load")
    first, second, third = LBP.questions[:3]
    answer(page, first, right=True)
    answer(page, second, right=False)
    entry = saved(page, LBP)
    assert entry[first.id] == {"v": first.version, "s": "solved", "c": [str(i) for i in first.correct_indexes]}
    assert entry[second.id] == {"v": second.version, "s": "tried"}
    assert third.id not in entry

    page.reload(wait_until="load")
    solved, tried, untouched = (page.locator(f"#mmq-{q.id}") for q in (first, second, third))
    assert solved.get_attribute("data-solved") == ""
    assert solved.locator(".mm-quiz-explanation").is_visible()
    for i in first.correct_indexes:
        assert solved.locator(f"#mmq-{first.id}-{i}").is_checked()
    assert solved.locator(".mm-quiz-earlier").inner_text() == "You solved this on an earlier visit."
    assert tried.get_attribute("data-solved") is None
    assert "not solved yet" in tried.locator(".mm-quiz-earlier").inner_text()
    assert tried.locator(".mm-quiz-explanation").is_hidden()
    assert untouched.locator(".mm-quiz-earlier").count() == 0
    total = len(LBP.questions)
    score = f"Correct so far: 1 of {total}. Your earlier answers on this device are shown."
    # Announced once, by the quiz's own status line, not once per restored question.
    assert live_texts(page) == [score]
    assert page.locator(".mm-quiz-saving").is_visible()

    answer(page, second, right=True)  # solving a question tried before
    assert tried.locator(".mm-quiz-earlier").count() == 0
    assert page.locator(".mm-quiz-score").inner_text() == f"Correct so far: 2 of {total}"
    assert saved(page, LBP)[second.id]["s"] == "solved"
    answer(page, first, right=False)  # a wrong try after solving keeps it solved
    assert saved(page, LBP)[first.id]["s"] == "solved"
    assert page.blocked == [] and page.console_errors == []


def progress_row(page, bank) -> tuple[str, str, str]:
    row = page.locator(f"tr[data-quiz='{bank.chapter}']")
    return tuple(row.locator("td").all_inner_texts())


def test_the_progress_page_counts_what_was_solved_on_every_quiz(offline_page, site_url):
    page = offline_page
    page.goto(f"{site_url}/{page_of(LBP)}", wait_until="load")
    answer(page, LBP.questions[0], right=True)
    answer(page, LBP.questions[1], right=True)
    answer(page, LBP.questions[2], right=False)
    page.goto(f"{site_url}/{page_of(SAFETY)}", wait_until="load")
    answer(page, SAFETY.questions[0], right=True)

    page.goto(f"{site_url}/{PROGRESS}", wait_until="load")
    assert progress_row(page, LBP) == (str(len(LBP.questions)), "2", "1")
    assert progress_row(page, SAFETY) == (str(len(SAFETY.questions)), "1", "0")
    total = sum(len(bank.questions) for bank in BANKS.values())
    assert tuple(page.locator(".mm-progress-total td").all_inner_texts()) == (str(total), "3", "1")
    assert page.locator(".mm-progress-status").inner_text() == f"You have solved 3 of {total} questions on this device."
    # Every quiz is listed once, in the book's order, and links to its chapter.
    rows = page.locator("tbody tr[data-quiz]")
    order = [bank.chapter for bank in in_book_order(BANKS.values(), list(_toc_pages()))]
    assert [rows.nth(i).get_attribute("data-quiz") for i in range(rows.count())] == order
    link = page.locator(f"tr[data-quiz='{LBP.chapter}'] th a")
    assert link.get_attribute("href").split("#")[0].endswith(page_of(LBP).rsplit("/", 1)[-1])
    link.click()
    page.wait_for_load_state("load")
    assert page.url.split("#")[0].endswith(page_of(LBP))
    assert page.blocked == [] and page.console_errors == []


def _toc_pages():
    from sphinx_external_toc.parsing import parse_toc_yaml

    from tests.conftest import REPO

    return parse_toc_yaml(REPO / "_toc.yml")


def test_clear_my_answers_on_a_quiz_and_on_the_progress_page(offline_page, site_url):
    page = offline_page
    page.goto(f"{site_url}/{page_of(LBP)}", wait_until="load")
    answer(page, LBP.questions[0], right=True)
    page.locator(".mm-quiz-clear").focus()  # by keyboard
    page.keyboard.press("Enter")
    assert saved(page, LBP) == {}
    form = page.locator(f"#mmq-{LBP.questions[0].id}")
    assert form.get_attribute("data-solved") is None
    assert form.locator(".mm-quiz-explanation").is_hidden()
    assert form.locator("input:checked").count() == 0
    assert form.locator(".mm-quiz-feedback").inner_text() == ""
    total = len(LBP.questions)
    assert page.locator(".mm-quiz-score").inner_text() == f"Correct so far: 0 of {total}. Your answers were cleared."
    page.reload(wait_until="load")
    assert page.locator(".mm-quiz-earlier").count() == 0

    answer(page, LBP.questions[0], right=True)
    page.goto(f"{site_url}/{page_of(SAFETY)}", wait_until="load")
    answer(page, SAFETY.questions[0], right=True)
    page.goto(f"{site_url}/{PROGRESS}", wait_until="load")
    dialogs = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.locator(".mm-progress-clear").click()
    assert dialogs and saved(page, LBP) != {}, "dismissing the question keeps the answers"
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(".mm-progress-clear").click()
    assert saved(page, LBP) == {} and saved(page, SAFETY) == {}
    assert progress_row(page, LBP)[1:] == ("0", "0")
    assert page.locator(".mm-progress-total td").all_inner_texts()[1:] == ["0", "0"]
    assert "cleared" in page.locator(".mm-progress-status").inner_text()
    assert page.console_errors == []


def test_an_edited_question_starts_fresh(offline_page, site_url):
    page = offline_page
    page.goto(f"{site_url}/{page_of(LBP)}", wait_until="load")
    first, second = LBP.questions[:2]
    stale = {
        first.id: {"v": "an-old-version", "s": "solved", "c": ["0"]},
        second.id: {"v": second.version, "s": "solved"},
    }
    page.evaluate(f"localStorage.setItem('medmassage-quiz:{LBP.chapter}', {json.dumps(json.dumps(stale))})")
    page.reload(wait_until="load")
    assert page.locator(f"#mmq-{first.id}").get_attribute("data-solved") is None
    assert page.locator(f"#mmq-{first.id} .mm-quiz-earlier").count() == 0
    assert page.locator(f"#mmq-{second.id}").get_attribute("data-solved") == ""
    page.goto(f"{site_url}/{PROGRESS}", wait_until="load")
    assert progress_row(page, LBP)[1] == "1"


def test_with_storage_blocked_quizzes_work_without_saving_or_errors(browser, site_url):
    page = browser.new_page()
    # The theme's own scripts also read localStorage (for light or dark mode) and throw when it is
    # blocked; only errors from the quiz script count here.
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if "quiz.js" in msg.location.get("url", "") else None)
    page.on("pageerror", lambda exc: errors.append(exc.stack or str(exc)) if "quiz.js" in (exc.stack or "") else None)
    page.add_init_script(BLOCK_STORAGE)
    try:
        page.goto(f"{site_url}/{page_of(LBP)}", wait_until="load")
        assert page.evaluate("(() => { try { localStorage; return false; } catch (e) { return true; } })()")
        answer(page, LBP.questions[0], right=True)
        answer(page, LBP.questions[1], right=False)
        assert page.locator(".mm-quiz-score").inner_text() == f"Correct so far: 1 of {len(LBP.questions)}"
        assert page.locator(".mm-quiz-saving").count() == 0  # it does not promise to save
        page.locator(".mm-quiz-clear").click()
        assert page.locator(".mm-quiz-score").inner_text().startswith("Correct so far: 0 of")
        page.goto(f"{site_url}/{PROGRESS}", wait_until="load")
        assert "not keeping quiz answers" in page.locator(".mm-progress-status").inner_text()
        assert page.locator(".mm-progress-clear").is_hidden()
        assert errors == []
    finally:
        page.close()


def test_restored_answers_and_the_progress_page_have_no_accessibility_violations(offline_page, site_url):
    from axe_playwright_python.sync_playwright import Axe

    page = offline_page
    page.goto(f"{site_url}/{page_of(LBP)}", wait_until="load")
    answer(page, LBP.questions[0], right=True)
    answer(page, LBP.questions[1], right=False)
    for path, context in [(page_of(LBP), ".mm-quiz"), (PROGRESS, ".mm-progress")]:
        page.goto(f"{site_url}/{path}", wait_until="load")
        assert page.locator(".mm-quiz-earlier, .mm-progress-status:not(:empty)").count() > 0  # restored state shows
        for mode in ["light", "dark"]:
            page.evaluate(f"document.documentElement.dataset.theme = '{mode}'")
            page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
            violations = Axe().run(page, context=context).response["violations"]
            assert [(v["id"], len(v["nodes"])) for v in violations] == [], f"{path}, {mode} mode"
