"""The two faces of a quiz: escaped static HTML, and a live widget whose callbacks work without a browser."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from medmassage.quiz import QUIZ_MIME, show_quiz
from medmassage.quiz.models import Bank
from medmassage.quiz.static import quiz_html
from medmassage.quiz.widget import QuizWidget


def bank(**question_changes) -> Bank:
    question = {
        "id": "x-q1",
        "type": "single",
        "prompt": "Pick one",
        "options": [
            {"text": "Right", "correct": True, "feedback": "Well done."},
            {"text": "Wrong", "feedback": "That is wrong because."},
        ],
        "explanation": "The reason.",
        "section": "reading-the-evidence",
        **question_changes,
    }
    multi = {
        "id": "x-q2",
        "type": "multiple",
        "prompt": "Pick all",
        "options": [
            {"text": "A", "correct": True, "feedback": "A is right."},
            {"text": "B", "correct": True, "feedback": "B is right."},
            {"text": "C", "feedback": "C is wrong."},
        ],
        "explanation": "A and B.",
        "section": "safety",
    }
    return Bank.model_validate(
        {"chapter": "x", "label": "reading-the-evidence", "title": "Quiz", "questions": [question, multi]}
    )


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_static_html_escapes_every_bank_text():
    evil = bank(prompt="<script>alert(1)</script> & more", explanation='"><img src=x onerror=alert(1)>')
    html = quiz_html(evil, from_docname="book/foundations/reading-the-evidence")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html
    assert "<img" not in html
    parser = Tags()
    parser.feed(html)
    assert not any(tag == "script" for tag, _ in parser.tags)


def test_static_html_is_semantic_and_links_to_the_section():
    html = quiz_html(bank(), from_docname="book/conditions/low-back-pain")
    parser = Tags()
    parser.feed(html)
    tags = [t for t, _ in parser.tags]
    assert tags.count("fieldset") == 2 and tags.count("legend") == 2
    inputs = [a for t, a in parser.tags if t == "input"]
    assert [a["type"] for a in inputs] == ["radio", "radio", "checkbox", "checkbox", "checkbox"]
    labels = {a["for"] for t, a in parser.tags if t == "label"}
    assert labels == {a["id"] for a in inputs}
    assert any(a.get("aria-live") == "polite" for _, a in parser.tags)
    assert "../foundations/reading-the-evidence.html#reading-the-evidence" in html
    assert "../foundations/safety.html#safety" in html


def test_widget_wrong_then_right_then_retry():
    quiz = QuizWidget(bank())
    q1 = quiz.questions[0]
    q1.check_button.click()
    assert "Choose an answer first" in q1.feedback.value
    q1.choices.value = "Wrong"
    q1.check_button.click()
    assert "Not quite" in q1.feedback.value and "That is wrong because." in q1.feedback.value
    assert q1.explanation.layout.display == "none"
    assert "0 of 2" in quiz.score.value
    q1.choices.value = "Right"
    q1.check_button.click()
    assert "Correct." in q1.feedback.value and "Well done." in q1.feedback.value
    assert q1.explanation.layout.display is None
    assert "1 of 2" in quiz.score.value
    quiz.retry_button.click()
    assert q1.choices.value is None and q1.feedback.value == "" and "0 of 2" in quiz.score.value


def test_widget_multiple_select_needs_every_correct_option():
    quiz = QuizWidget(bank())
    q2 = quiz.questions[1]
    q2.boxes[0].value = True
    q2.check_button.click()
    assert "Not quite" in q2.feedback.value and "One correct option is not selected." in q2.feedback.value
    q2.boxes[1].value = True
    q2.check_button.click()
    assert "Correct." in q2.feedback.value
    q2.boxes[2].value = True
    q2.check_button.click()
    assert "C is wrong." in q2.feedback.value and "Not quite" in q2.feedback.value
    assert "1 of 2" in quiz.score.value  # solved once stays counted


def test_show_quiz_carries_both_faces_in_one_output():
    bundle = show_quiz("reading-the-evidence")._repr_mimebundle_()
    # The live face for a kernel's front end, the course MIME type for the book build, and a text fallback.
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle[QUIZ_MIME] == {"chapter": "reading-the-evidence"}
    assert "questions" in bundle["text/plain"] and "http" in bundle["text/plain"]


def test_the_static_face_is_rendered_with_checked_section_links():
    from docutils import nodes
    from sphinx import addnodes

    from medmassage.quiz.sphinx_output import quiz_node

    node = quiz_node(bank())
    html = "".join(raw.astext() for raw in node.findall(nodes.raw))
    assert html.startswith('<section class="mm-quiz"') and html.endswith("</section>")
    targets = [xref["reftarget"] for xref in node.findall(addnodes.pending_xref)]
    assert targets == ["reading-the-evidence", "safety"]  # one per question, resolved by Sphinx
    assert all(xref["refdomain"] == "std" and xref["reftype"] == "ref" for xref in node.findall(addnodes.pending_xref))


def test_show_quiz_unknown_chapter_is_a_clear_error():
    from medmassage.quiz import QuizError

    with pytest.raises(QuizError, match="no quiz bank for chapter 'nope'"):
        show_quiz("nope")


def live_text(html: str) -> str:
    """The text a widgets.HTML value shows, with its tags (and any <style>) dropped."""

    class Text(HTMLParser):
        def __init__(self):
            super().__init__()
            self.parts, self.skip = [], False

        def handle_starttag(self, tag, attrs):
            self.skip = tag == "style"

        def handle_endtag(self, tag):
            self.skip = False

        def handle_data(self, data):
            if not self.skip:
                self.parts.append(data)

    parser = Text()
    parser.feed(html)
    return "".join(parser.parts)


@pytest.mark.parametrize("prompt", ["Pick all", "Pick all. Choose all that apply."])
def test_multiple_select_hint_appears_once_on_both_faces(prompt):
    quiz = bank()
    multi = quiz.questions[1].model_copy(update={"prompt": prompt})
    quiz = quiz.model_copy(update={"questions": [quiz.questions[0], multi]})
    static = quiz_html(quiz, from_docname="book/x")
    live = live_text(QuizWidget(quiz).questions[1].prompt.value)
    for face in (static, live):
        assert face.lower().count("all that apply") == 1
    shown = prompt if "apply" in prompt else f"{prompt} (choose all that apply)"  # the same words on both faces
    assert live == f"Question 2. {shown}"
    assert f"Question 2.</span> {shown}</legend>" in static
    assert "all that apply" not in live_text(QuizWidget(quiz).questions[0].prompt.value)  # single: no hint


def test_live_option_controls_are_styled_to_wrap_their_labels():
    from medmassage.quiz.widget import OPTION_CLASS, OPTION_STYLE

    quiz = QuizWidget(bank())
    radio, multi = quiz.questions
    controls = [radio.choices, *multi.boxes]
    for control in controls:
        assert OPTION_CLASS in control._dom_classes
        # The stock Checkbox is 300px wide and one line high; auto lets the label use the row and grow.
        assert (control.layout.width, control.layout.height) == ("auto", "auto")
        assert control.tabbable is None  # no tabindex override, so Tab follows the page order
    assert all(box.description_allow_html is False for box in multi.boxes)  # option text stays text
    # ipywidgets' CSS puts nowrap + ellipsis on .widget-label-basic and a fixed height on radio labels.
    rule = OPTION_STYLE.split("{")[1].split("}")[0]
    selectors = OPTION_STYLE.split("{")[0]
    assert f".{OPTION_CLASS}.widget-checkbox .widget-label-basic" in selectors
    assert f".{OPTION_CLASS} .widget-radio-box label" in selectors
    for declaration in ("white-space: normal", "overflow: visible", "text-overflow: clip", "height: auto"):
        assert declaration in rule
    assert quiz.box.children[0].value.startswith(OPTION_STYLE)  # delivered with the quiz, no CDN


def test_live_widgets_are_in_reading_and_tab_order():
    quiz = QuizWidget(bank())
    for question in quiz.questions:
        assert list(question.box.children) == [
            question.prompt,
            question.choices,
            question.check_button,
            question.feedback,
            question.explanation,
        ]
    assert list(quiz.questions[1].choices.children) == quiz.questions[1].boxes  # options in bank order
    assert [b.description for b in quiz.questions[1].boxes] == ["A", "B", "C"]
    assert list(quiz.questions[0].choices.options) == ["Right", "Wrong"]
    children = list(quiz.box.children)
    assert children[1:] == [*(q.box for q in quiz.questions), quiz.score, quiz.retry_button]


def test_live_face_uses_the_static_face_wording():
    from medmassage import quiz as quiz_package

    script = (Path(quiz_package.__file__).parent.parent / "static" / "quiz.js").read_text(encoding="utf-8")
    quiz = QuizWidget(bank())
    static = quiz_html(bank(), from_docname="book/x")
    intro = live_text(quiz.box.children[0].value)
    assert intro == "2 questions. Choose an answer, then press Check. You can try again as often as you like."
    assert intro in live_text(static)
    q1, q2 = quiz.questions
    assert q1.check_button.description == "Check" and ">Check</button>" in static
    assert live_text(quiz.score.value) == "Correct so far: 0 of 2" and "Correct so far: 0 of 2" in static
    assert '"Correct so far: "' in script
    leads = []
    q1.check()
    leads.append(live_text(q1.feedback.value))
    q1.choices.value = "Wrong"
    q1.check()
    leads.append(live_text(q1.feedback.value).removesuffix("That is wrong because."))
    q1.choices.value = "Right"
    q1.check()
    leads.append(live_text(q1.feedback.value).removesuffix("Well done."))
    q2.boxes[0].value = True
    q2.check()
    assert live_text(q2.feedback.value).endswith("One correct option is not selected.")
    assert leads == ["Choose an answer first.", "Not quite. Try again.", "Correct."]
    for text in [*leads, "One correct option is not selected.", " correct options are not selected."]:
        assert f'"{text}"' in script  # the static face's checker says the same
    assert live_text(q1.explanation.value).startswith("Why: The reason. Read the section")
    assert "<strong>Why:</strong> The reason. " in static


def test_live_face_escapes_bank_text():
    evil = bank(prompt="<script>alert(1)</script> & more", explanation='"><img src=x onerror=alert(1)>')
    question = QuizWidget(evil).questions[0]
    assert "<script>" not in question.prompt.value and "&lt;script&gt;" in question.prompt.value
    assert "<img" not in question.explanation.value
