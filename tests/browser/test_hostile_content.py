"""No data text can run a script or add an element to a published page.

Every free-text field of a copy of the knowledge base carries payloads (script tags, event attributes,
``javascript:`` links, a quote breaking out of an attribute, MyST roles and raw-HTML directives). The
copy is published through the real path, the course's Sphinx directives parsed by MyST into the
book's theme, and each page is opened in Chromium: no payload runs, no element is injected, and each
payload shows as the text it is.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from medmassage.knowledge import load_knowledge_base
from tests.hostile_data import FLAG, INJECTED_SELECTOR, INLINE, hostile_knowledge_base
from tests.sphinxext.project import write_project

pytestmark = pytest.mark.browser
STRAIGHT_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})


def _pages(kb) -> dict[str, str]:
    conditions = []
    for cid in kb.conditions:
        conditions.append(
            textwrap.dedent(
                f"""
                (condition-{cid})=
                ## Condition {cid}

                ```{{bottom-line}} {cid}
                ```

                ```{{how-checked}} {cid}
                ```

                ```{{evidence-glance}} {cid}
                ```

                ```{{evidence-table}}
                :condition: {cid}
                :caption: Results
                ```

                ```{{red-flags}} {cid}
                ```
                """
            )
        )
    techniques = [
        f"```{{how-checked}} {tid}\n```\n\n```{{evidence-table}}\n:technique: {tid}\n:caption: Results\n```\n"
        for tid in kb.techniques
    ]
    practice = ["```{jurisdiction-table}\n```\n", "```{credential-table}\n```\n"]
    practice += [f"```{{credential-table}}\n:jurisdiction: {jid}\n```\n" for jid in kb.jurisdictions]
    return {
        "index": "# Hostile data\n\n```{toctree}\nconditions\ntechniques\npractice\n```\n",
        "conditions": "# Conditions\n" + "\n".join(conditions) + "\n```{signs-by-urgency}\n```\n",
        "techniques": "# Techniques\n\n```{technique-matrix}\n```\n\n" + "\n".join(techniques),
        "practice": "# Practice\n\n" + "\n".join(practice),
    }


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> tuple[Path, list[str]]:
    root = tmp_path_factory.mktemp("hostile")
    touched = hostile_knowledge_base(root / "data")
    kb = load_knowledge_base(root / "data")  # the payloads are valid text: they must be published safely
    # The same small project as the extension's unit tests, on the book's theme.
    source = write_project(
        root / "src",
        _pages(kb),
        html_theme="sphinx_book_theme",
        nitpicky=False,
        medmassage_knowledge_dir=str(root / "data"),
        medmassage_review_max_age_days=100000,
    )
    build = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", str(source), str(root / "html")],
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    return root / "html", touched


def test_every_kind_of_text_field_was_poisoned(hostile_site):
    _, touched = hostile_site
    kinds = {path.split(".", 1)[1].replace("[]", "") for path in touched}
    for expected in (
        "condition.red_flags.action",
        "condition.red_flags.sign",
        "condition.precautions.advice",
        "condition.gaps.text",
        "condition.see_a_doctor",
        "condition.review.searched",
        "findings.outcome",
        "findings.intervention",
        "findings.effect.measure",
        "findings.effect.unit",
        "findings.control",
        "techniques.name",
        "jurisdictions.payment",
        "credentials.does_not_show",
    ):
        assert expected in kinds


@pytest.mark.parametrize("page_name", ["conditions", "techniques", "practice"])
def test_no_payload_runs_or_injects_an_element(hostile_site, browser, page_name):
    html_dir, _ = hostile_site
    page = browser.new_page()
    try:
        page.goto((html_dir / f"{page_name}.html").as_uri())
        page.wait_for_load_state("load")
        found = page.evaluate(
            """([flag, selector]) => ({
                ran: window[flag],
                injected: [...document.querySelectorAll(selector)].map(e => e.outerHTML.slice(0, 120)),
                scripts: [...document.scripts].filter(s => s.textContent.includes(flag)).length,
                text: document.body.textContent,
            })""",
            [FLAG, INJECTED_SELECTOR],
        )
    finally:
        page.close()
    assert found["ran"] is None, f"a payload ran on {page_name}.html (window.{FLAG} = {found['ran']})"
    assert found["injected"] == [], found["injected"]
    assert found["scripts"] == 0
    # Not dropped or reformatted either: the reader sees each payload as the text it is, characters
    # and all (no emphasis, no substitution, no entity decoded, no link made).
    # (Sphinx's smart quotes curl straight quotes in all text, data or not.)
    text = " ".join(found["text"].translate(STRAIGHT_QUOTES).split())
    assert text.count(" ".join(INLINE.split())) >= 10, "payload text was changed or dropped"


def _hostile_bank():
    from medmassage.quiz.models import Bank

    def option(n: int, correct: bool) -> dict:
        return {"text": f"Option {n}{INLINE}", "correct": correct, "feedback": f"Feedback {n}{INLINE}"}

    questions = [
        {
            "id": f"hostile-{kind}",
            "type": kind,
            "prompt": f"Prompt{INLINE}",
            "options": [option(1, True), option(2, kind == "multiple"), option(3, False)],
            "explanation": f"Explanation{INLINE}",
            "section": "reading-the-evidence",
        }
        for kind in ("single", "multiple")
    ]
    return Bank.model_validate(
        {"chapter": "hostile", "label": "reading-the-evidence", "title": f"Quiz{INLINE}", "questions": questions}
    )


def _assert_clean(page) -> None:
    found = page.evaluate(
        """([flag, selector]) => ({
            ran: window[flag],
            injected: [...document.querySelectorAll(selector)].map(e => e.outerHTML.slice(0, 120)),
        })""",
        [FLAG, INJECTED_SELECTOR],
    )
    assert found["ran"] is None and found["injected"] == [], found


def test_a_hostile_quiz_bank_is_text_on_the_static_page_after_every_click(browser):
    from medmassage.paths import STATIC_DIR
    from medmassage.quiz.static import quiz_html

    page = browser.new_page()
    try:
        page.set_content(f"<!doctype html><html lang=en><body>{quiz_html(_hostile_bank())}</body></html>")
        page.add_script_tag(path=str(STATIC_DIR / "quiz.js"))
        page.evaluate("document.dispatchEvent(new Event('DOMContentLoaded'))")
        for form in page.locator("form.mm-quiz-question").all():
            for choice in form.locator("input").all():
                choice.check()
                form.locator("button.mm-quiz-check").click()
        _assert_clean(page)
        shown = " ".join(page.locator("body").text_content().split())
        # The last choice clicked in each question was option 3: its feedback shows as typed, once each.
        assert shown.count(" ".join(f"Feedback 3{INLINE}".split())) == 2
    finally:
        page.close()


def test_a_hostile_quiz_bank_is_text_in_the_live_widget(browser):
    import ipywidgets as widgets

    from medmassage.quiz.widget import QuizWidget

    quiz = QuizWidget(_hostile_bank())
    for question in quiz.questions:
        for box in question.boxes:
            box.value = True
        if not question.boxes:
            question.choices.index = 1
        question.check()

    def html_values(widget) -> list[str]:
        own = [widget.value] if isinstance(widget, widgets.HTML) else []
        return own + [v for child in getattr(widget, "children", ()) for v in html_values(child)]

    values = html_values(quiz.box)
    assert len(values) >= 7  # title, and per question: prompt, feedback, explanation; the score
    page = browser.new_page()
    try:
        # The widget manager sets an HTML widget's value as the element's innerHTML.
        page.set_content("<!doctype html><html lang=en><body></body></html>")
        page.evaluate("values => values.forEach(v => document.body.insertAdjacentHTML('beforeend', v))", values)
        _assert_clean(page)
        shown = " ".join(page.locator("body").text_content().split())
        for text in (f"Prompt{INLINE}", f"Feedback 2{INLINE}", f"Explanation{INLINE}"):
            assert " ".join(text.split()) in shown
    finally:
        page.close()
