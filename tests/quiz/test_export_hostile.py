"""Untrusted bank text in the LMS exports: it must come back exactly, as text, and bad input is one clear error."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile

import pytest
import yaml

from medmassage.quiz import QuizError
from medmassage.quiz.export import SiteAddressError, render
from medmassage.quiz.models import Bank
from tests.conftest import REPO
from tests.hostile_data import PAYLOAD
from tests.quiz.lms_readers import ReadError, read_canvas, read_moodle

#: Markup, entities, quotes, a CDATA end and start, closing tags of the formats' own elements,
#: non-ASCII (accents, CJK, an emoji outside the BMP) and line breaks, on top of the shared payloads.
HOSTILE = (
    "<script>alert(1)</script> & &amp; &#x3C; \"double\" 'single' ]]> <![CDATA[x]]> </mattext></text></quiz>"
    " café 中文 🙂\nsecond line\n\tindented" + PAYLOAD
)
READERS = {"canvas": read_canvas, "moodle": read_moodle}
BANK_KEY = {"canvas": "quiz-hostile", "moodle": "hostile"}


def hostile_bank(text: str = HOSTILE) -> Bank:
    def options(n: int, correct: set[int]) -> list[dict]:
        return [
            {"text": f"{text} option {i}", "correct": i in correct, "feedback": f"{text} feedback {i}"}
            for i in range(n)
        ]

    common = {"prompt": f"{text} prompt", "explanation": f"{text} explanation", "section": "safety"}
    return Bank.model_validate(
        {
            "chapter": "hostile",
            "label": "safety",
            "title": f"{text} title",
            "questions": [
                {"id": "hostile-single", "type": "single", "options": options(3, {1}), **common},
                {"id": "hostile-multiple", "type": "multiple", "options": options(4, {0, 2}), **common},
                {
                    "id": "hostile-true-false",
                    "type": "true-false",
                    "options": [
                        {"text": "True", "feedback": f"{text} feedback T"},
                        {"text": "False", "correct": True, "feedback": f"{text} feedback F"},
                    ],
                    **common,
                },
            ],
        }
    )


@pytest.mark.parametrize("fmt", ["canvas", "moodle"])
def test_hostile_text_comes_back_exactly_as_text(fmt):
    bank = hostile_bank()
    read = READERS[fmt](render([bank], fmt))[BANK_KEY[fmt]]  # any element in an HTML field fails the read
    assert read.title == bank.title
    for question, got in zip(bank.questions, read.questions, strict=True):
        assert got.prompt.startswith(question.prompt)  # a multiple question adds the hint after it
        assert got.explanation == question.explanation
        assert [(o.text, o.correct, o.feedback) for o in got.options] == [
            (o.text, o.correct, o.feedback) for o in question.options
        ]


@pytest.mark.parametrize("fmt", ["canvas", "moodle"])
def test_no_raw_markup_from_the_bank_reaches_the_file(fmt):
    # The title is left out: Canvas takes a quiz title as plain text (an XML attribute, escaped once),
    # and the round trip above shows it comes back as typed.
    data = render([hostile_bank().model_copy(update={"title": "Plain"})], fmt)
    if fmt == "canvas":
        archive = zipfile.ZipFile(io.BytesIO(data))
        data = b"".join(archive.read(name) for name in archive.namelist())
    # Escaped twice (HTML, then XML), so not even the HTML an LMS decodes holds a tag from the bank.
    for raw in (b"<script", b"&lt;script", b"<img", b"&lt;img", b"<![CDATA[", b"</mattext></text>"):
        assert raw not in data, raw
    assert b"&amp;lt;script&amp;gt;" in data


def unescaped_once(data: bytes) -> bytes:
    """The export as a writer that skipped the HTML escaping would make it: a <script> the LMS would run."""
    return data.replace(b"&lt;p&gt;plain prompt", b"&lt;p&gt;&lt;script&gt;x&lt;/script&gt;plain prompt", 1)


@pytest.mark.parametrize("fmt", ["canvas", "moodle"])
def test_the_reader_would_catch_unescaped_markup(fmt):
    """The round trip is only as strict as its reader: markup in a field must fail the read."""
    data = render([hostile_bank("plain")], fmt)
    if fmt == "canvas":
        archive = zipfile.ZipFile(io.BytesIO(data))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as broken:
            for name in archive.namelist():
                broken.writestr(name, unescaped_once(archive.read(name)))
        broken_data = buffer.getvalue()
    else:
        broken_data = unescaped_once(data)
    assert broken_data != data
    READERS[fmt](data)
    with pytest.raises(ReadError, match="found <script>"):
        READERS[fmt](broken_data)


def test_carriage_returns_become_line_feeds():
    bank = hostile_bank("one\r\ntwo\rthree")
    read = read_moodle(render([bank], "moodle"))["hostile"]
    assert read.questions[0].explanation == "one\ntwo\nthree explanation"


def write_bank(tmp_path, bank: Bank) -> str:
    path = tmp_path / f"{bank.chapter}.yaml"
    data = bank.model_dump(mode="json", exclude_none=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("fmt", ["canvas", "moodle"])
def test_cli_exports_a_hostile_bank_file(tmp_path, fmt):
    text = '<b>bold?</b> & "quoted" ]]> café\nline two'
    path = write_bank(tmp_path, hostile_bank(text))
    out = tmp_path / "out" / f"hostile.{fmt}"
    result = subprocess.run(
        [sys.executable, "-m", "medmassage.quiz", "export", "--format", fmt, "--out", str(out), path],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    read = READERS[fmt](out.read_bytes())[BANK_KEY[fmt]]
    assert read.questions[0].options[0].text == f"{text} option 0"


def test_cli_names_file_question_and_field_for_text_xml_cannot_carry(tmp_path):
    bank = hostile_bank("plain")
    path = tmp_path / "hostile.yaml"
    data = bank.model_dump(mode="json", exclude_none=True)
    data["questions"][1]["options"][2]["feedback"] = "bad \x01 byte"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    out = tmp_path / "x.xml"
    result = subprocess.run(
        [sys.executable, "-m", "medmassage.quiz", "export", "--format", "moodle", "--out", str(out), str(path)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 1
    assert result.stderr == (
        f"error: {path}: id 'hostile-multiple': field 'options.2.feedback': "
        "contains the control character U+0001, which XML cannot carry\n"
    )
    assert not out.exists()


def test_moodle_refuses_weights_it_cannot_import():
    bank = hostile_bank("plain")
    many = bank.questions[1].model_copy(
        update={
            "options": [
                bank.questions[1].options[0].model_copy(update={"text": f"option {i}", "correct": True})
                for i in range(11)
            ]
        }
    )
    with pytest.raises(QuizError, match=r"hostile\.yaml: id 'hostile-multiple': field 'options': 11 right options"):
        render([bank.model_copy(update={"questions": [many]})], "moodle")
    assert render([bank.model_copy(update={"questions": [many]})], "canvas")  # Canvas needs no weights


def test_a_section_the_book_lacks_is_refused():
    bank = hostile_bank("plain")
    lost = bank.questions[0].model_copy(update={"section": "no-such-section"})
    with pytest.raises(QuizError, match=r"id 'hostile-single': field 'section': no section labelled 'no-such-section'"):
        render([bank.model_copy(update={"questions": [lost]})], "canvas")


@pytest.mark.parametrize("base_url", ["", "/medical-massage/", "javascript:alert(1)"])
def test_a_site_address_that_is_not_absolute_is_refused(base_url):
    with pytest.raises(SiteAddressError, match="not an absolute http"):
        render([hostile_bank("plain")], "moodle", base_url=base_url)


def test_an_unknown_format_is_refused():
    with pytest.raises(ValueError, match="unknown format 'gift'"):
        render([hostile_bank("plain")], "gift")
