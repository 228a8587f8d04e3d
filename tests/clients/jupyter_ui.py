"""Driving JupyterLab 4 and Notebook 7 as a learner does, with Playwright: open, run, answer."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from medmassage.quiz.models import Question, QuestionType

LONG = 180_000  # ms: a cold kernel on a 2-core machine, running a whole chapter


#: The notebook or editor on show: a server remembers earlier tabs, which stay in the page, hidden.
SHOWN = ":not(.lm-mod-hidden)"


def open_notebook(page: Page, url: str) -> Locator:
    """Open a URL and return the notebook it shows; fail if it opened in the text editor."""
    page.goto(url)
    page.wait_for_selector(f".jp-NotebookPanel{SHOWN}, .jp-FileEditor{SHOWN}", timeout=LONG)
    assert page.locator(f".jp-FileEditor{SHOWN}").count() == 0, "the file opened as text, not as a notebook"
    page.wait_for_timeout(1000)
    dialogs = page.locator(".jp-Dialog").all_inner_texts()
    assert dialogs == [], f"a dialog is in the way: {dialogs}"
    notebook = page.locator(f".jp-NotebookPanel{SHOWN}").first
    expect(notebook.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")).to_have_count(1, timeout=LONG)
    return notebook


def _prompts_started(notebook: Locator) -> bool:
    return any(re.search(r"\[(\*|\d+)\]", text) for text in notebook.locator(".jp-InputPrompt").all_inner_texts())


def run_all(page: Page, notebook: Locator) -> None:
    """Run > Run All Cells, then wait until every cell has run. (Just after a kernel starts, the
    first click can be lost; a learner would click again, and so does this.)"""
    for _attempt in range(3):
        page.click(".lm-MenuBar-itemLabel:text-is('Run')")
        page.locator(".lm-Menu-item:has(.lm-Menu-itemLabel:text-is('Run All Cells'))").click()
        try:
            page.wait_for_function(
                "n => [...n.querySelectorAll('.jp-InputPrompt')].some(p => /\\[(\\*|\\d+)\\]/.test(p.textContent))",
                arg=notebook.element_handle(),
                timeout=10_000,
            )
            break
        except Exception:  # noqa: BLE001 - Playwright's timeout: try the menu again
            continue
    assert _prompts_started(notebook), "Run All Cells did not start the cells"
    page.wait_for_function(
        "n => [...n.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].every(p => /\\[\\d+\\]/.test(p.textContent))",
        arg=notebook.element_handle(),
        timeout=LONG,
    )


def run_cell(page: Page, cell: Locator) -> None:
    """Click into a code cell and run it with Shift+Enter, as a learner runs one cell. (As with
    Run All, the first key press just after a kernel starts can be lost: press again, as a learner would.)"""
    prompt = cell.locator(".jp-InputPrompt")
    for _attempt in range(3):
        cell.scroll_into_view_if_needed()
        cell.locator(".jp-InputArea-editor").click()
        page.keyboard.press("Shift+Enter")
        try:
            expect(prompt).to_have_text(re.compile(r"\[(\*|\d+)\]"), timeout=10_000)
            break
        except AssertionError:
            continue
    expect(prompt).to_have_text(re.compile(r"\[\d+\]"), timeout=LONG)


def replace_cell_source(page: Page, cell: Locator, source: str) -> None:
    """Select all of a cell's code and type new code (inserted as text, so no auto-indent)."""
    cell.scroll_into_view_if_needed()
    cell.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(source)


def code_cell(notebook: Locator, containing: str) -> Locator:
    return notebook.locator(".jp-CodeCell").filter(has_text=containing).first


def error_outputs(notebook: Locator) -> list[str]:
    return [t for t in notebook.locator(".jp-OutputArea-output").all_inner_texts() if "Traceback" in t or "Error" in t]


def answer(quiz: Locator, question: Question, number: int, picks: list[int]) -> Locator:
    """Choose options of question ``number`` (keyboard-operable inputs named by their text), press
    Check, and return that question's box."""
    box = quiz.locator(".widget-vbox").filter(has_text=f"Question {number}.").last
    role = "checkbox" if question.type is QuestionType.MULTIPLE else "radio"
    for controls in box.get_by_role(role).all():
        if role == "checkbox" and controls.is_checked():
            controls.uncheck()
    for i in picks:
        box.get_by_role(role, name=question.options[i].text, exact=True).check()
    box.get_by_role("button", name="Check").click()
    return box
