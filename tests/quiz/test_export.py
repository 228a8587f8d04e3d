"""Exporting the course's quiz banks to Canvas and Moodle, read back with lxml and compared with the banks.

The readers (:mod:`tests.quiz.lms_readers`) validate each file against its RELAX NG schema and follow the
format's own links (which condition shows which feedback, which answer carries which grade), so a question
that lost an option, a right answer, a feedback or its link fails here.
"""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from urllib.parse import urlsplit

import pytest

from medmassage.quiz.bank import bank_paths, load_banks
from medmassage.quiz.export import render
from medmassage.quiz.links import label_index, site_url
from medmassage.quiz.models import Bank, Question, QuestionType
from medmassage.quiz.static import prompt_text
from tests.conftest import REPO
from tests.quiz.lms_readers import ReadBank, ReadOption, ReadQuestion, read_canvas, read_moodle

FORMATS = ["canvas", "moodle"]
READERS = {"canvas": read_canvas, "moodle": read_moodle}
#: What each bank's question type must become, written out here rather than taken from the writers.
KINDS = {
    "canvas": {
        QuestionType.SINGLE: "multiple_choice_question",
        QuestionType.MULTIPLE: "multiple_answers_question",
        QuestionType.TRUE_FALSE: "true_false_question",
    },
    "moodle": {
        QuestionType.SINGLE: "multichoice-single",
        QuestionType.MULTIPLE: "multichoice-multiple",
        QuestionType.TRUE_FALSE: "truefalse",
    },
}
#: The grades Moodle's import accepts (question_bank::fraction_options), in %, and their negatives.
MOODLE_GRADES = [100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667]
MOODLE_GRADES += [14.28571, 12.5, 11.11111, 10, 5, 0]


def bank_key(fmt: str, chapter: str) -> str:
    """How each format names a bank: a QTI assessment ident must be an XML name, a Moodle category is the id."""
    return f"quiz-{chapter}" if fmt == "canvas" else chapter


def expected_link(question: Question) -> str:
    return f"{site_url().rstrip('/')}/{label_index()[question.section]}.html#{question.section}"


def expected_question(fmt: str, question: Question) -> ReadQuestion:
    return ReadQuestion(
        id=question.id,
        kind=KINDS[fmt][question.type],
        prompt=prompt_text(question),
        options=tuple(ReadOption(o.text, o.correct, o.feedback) for o in question.options),
        explanation=question.explanation,
        link=expected_link(question),
        link_text="Read the section",
    )


def without_grades(question: ReadQuestion) -> ReadQuestion:
    options = tuple(ReadOption(o.text, o.correct, o.feedback) for o in question.options)
    return ReadQuestion(**{**question.__dict__, "options": options})


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "medmassage.quiz", *args], capture_output=True, text=True, cwd=REPO, timeout=120
    )


@pytest.fixture(scope="module")
def course_banks() -> list[Bank]:
    return list(load_banks(bank_paths()).values())


@pytest.fixture(scope="module")
def exports(course_banks) -> dict[str, bytes]:
    return {fmt: render(course_banks, fmt) for fmt in FORMATS}


@pytest.fixture(scope="module")
def read_back(exports) -> dict[str, dict[str, ReadBank]]:
    return {fmt: READERS[fmt](data) for fmt, data in exports.items()}


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_bank_is_there_once_with_its_title(fmt, course_banks, read_back):
    banks = read_back[fmt]
    assert list(banks) == sorted(bank_key(fmt, bank.chapter) for bank in course_banks)
    assert len(course_banks) == 20
    for bank in course_banks:
        assert banks[bank_key(fmt, bank.chapter)].title == bank.title


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_question_keeps_type_prompt_options_answers_feedback_and_link(fmt, course_banks, read_back):
    for bank in course_banks:
        read = read_back[fmt][bank_key(fmt, bank.chapter)]
        assert [q.id for q in read.questions] == [q.id for q in bank.questions], bank.chapter
        for question, got in zip(bank.questions, read.questions, strict=True):
            assert without_grades(got) == expected_question(fmt, question), question.id


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_option_keeps_its_own_feedback(fmt, course_banks, read_back):
    """Feedback is matched to its option through the format's own links; no two options swap theirs."""
    for bank in course_banks:
        for question, got in zip(bank.questions, read_back[fmt][bank_key(fmt, bank.chapter)].questions, strict=True):
            assert {o.text: o.feedback for o in got.options} == {o.text: o.feedback for o in question.options}


@pytest.mark.parametrize("fmt", FORMATS)
def test_links_are_absolute_and_land_on_the_teaching_page(fmt, read_back):
    links = [q.link for bank in read_back[fmt].values() for q in bank.questions]
    assert len(links) == 170
    for link in links:
        parts = urlsplit(link)
        assert parts.scheme == "https" and parts.netloc, link
        assert link.startswith(site_url().rstrip("/") + "/")
        page = parts.path.removeprefix(urlsplit(site_url()).path).removesuffix(".html")
        assert (REPO / f"{page}.md").is_file(), link
        assert label_index()[parts.fragment] == page, link


def test_question_types_cover_all_three(course_banks, read_back):
    kinds = {fmt: {q.kind for bank in read_back[fmt].values() for q in bank.questions} for fmt in FORMATS}
    assert kinds == {fmt: set(KINDS[fmt].values()) for fmt in FORMATS}


def test_moodle_multiple_answers_share_100_and_minus_100(course_banks, read_back):
    multiple = [q for bank in course_banks for q in bank.questions if q.type is QuestionType.MULTIPLE]
    assert multiple
    read = {q.id: q for bank in read_back["moodle"].values() for q in bank.questions}
    for question in multiple:
        grades = [o.grade for o in read[question.id].options]
        right = [g for g, o in zip(grades, question.options, strict=True) if o.correct]
        wrong = [g for g, o in zip(grades, question.options, strict=True) if not o.correct]
        assert all(g > 0 for g in right) and len(set(right)) == 1, (question.id, grades)
        assert sum(right) == pytest.approx(100, abs=0.001)
        assert all(g < 0 for g in wrong) and (not wrong or sum(wrong) == pytest.approx(-100, abs=0.001))
        for grade in grades:
            assert any(abs(abs(grade) - allowed) < 0.001 for allowed in MOODLE_GRADES), (question.id, grade)


def test_moodle_single_and_true_false_give_100_to_the_one_right_answer(course_banks, read_back):
    read = {q.id: q for bank in read_back["moodle"].values() for q in bank.questions}
    for question in (q for bank in course_banks for q in bank.questions if q.type is not QuestionType.MULTIPLE):
        assert [o.grade for o in read[question.id].options] == [100 if o.correct else 0 for o in question.options]


def test_canvas_zip_has_a_manifest_listing_each_assessment_file(course_banks, exports):
    archive = zipfile.ZipFile(io.BytesIO(exports["canvas"]))
    names = archive.namelist()
    assert names[0] == "imsmanifest.xml"
    assert sorted(names[1:]) == sorted(f"quiz-{b.chapter}/quiz-{b.chapter}.xml" for b in course_banks)
    manifest = archive.read("imsmanifest.xml").decode("utf-8")
    for name in names[1:]:
        assert f'href="{name}"' in manifest


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_banks_give_the_same_bytes_in_any_order(fmt, course_banks, exports):
    assert render(course_banks, fmt) == exports[fmt]
    assert render(list(reversed(course_banks)), fmt) == exports[fmt]


def test_canvas_zip_entries_carry_no_time_or_owner(exports):
    for info in zipfile.ZipFile(io.BytesIO(exports["canvas"])).infolist():
        assert info.date_time == (1980, 1, 1, 0, 0, 0)
        assert (info.create_system, info.external_attr >> 16) == (3, 0o644)


# --- the command line ---


@pytest.mark.parametrize(("fmt", "suffix"), [("canvas", "zip"), ("moodle", "xml")])
def test_cli_writes_every_bank_into_new_folders(tmp_path, fmt, suffix, exports):
    out = tmp_path / "new" / "folder" / f"medical-massage-{fmt}.{suffix}"
    result = cli("export", "--format", fmt, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"wrote {out}: 20 banks, 170 questions for ")
    assert out.read_bytes() == exports[fmt]


@pytest.mark.parametrize("fmt", FORMATS)
def test_cli_chapter_exports_one_bank(tmp_path, fmt, course_banks):
    out = tmp_path / f"safety.{fmt}"
    result = cli("export", "--format", fmt, "--chapter", "safety", "--out", str(out))
    assert result.returncode == 0, result.stderr
    banks = READERS[fmt](out.read_bytes())
    safety = next(bank for bank in course_banks if bank.chapter == "safety")
    assert list(banks) == [bank_key(fmt, "safety")]
    assert [q.id for q in banks[bank_key(fmt, "safety")].questions] == [q.id for q in safety.questions]
    assert "1 bank, " in result.stdout


def test_cli_unknown_chapter_is_one_line_listing_the_banks(tmp_path):
    out = tmp_path / "x.xml"
    result = cli("export", "--format", "moodle", "--chapter", "no-such-chapter", "--out", str(out))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "no quiz bank for chapter 'no-such-chapter'" in result.stderr
    assert all(path.stem in result.stderr for path in bank_paths())
    assert not out.exists()


def test_cli_unknown_format_is_a_usage_error(tmp_path):
    result = cli("export", "--format", "blackboard", "--out", str(tmp_path / "x"))
    assert result.returncode == 2
    assert "invalid choice: 'blackboard'" in result.stderr and "Traceback" not in result.stderr


def test_cli_out_that_is_a_folder_is_one_clear_error(tmp_path):
    result = cli("export", "--format", "canvas", "--out", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr == f"error: cannot write {tmp_path}: Is a directory\n"


def test_cli_other_commands_still_work():
    assert cli("check").returncode == 0
    assert cli("answers").stdout.startswith("# Quiz answer key")


def test_the_instructor_guides_export_commands_work(tmp_path):
    guide = (REPO / "book" / "exercises" / "instructor-guide.md").read_text(encoding="utf-8")
    commands = [line.split() for line in guide.splitlines() if line.startswith(".venv/bin/python -m medmassage.quiz")]
    assert {command[command.index("--format") + 1] for command in commands} == set(FORMATS)
    for command in commands:
        assert command[:4] == [".venv/bin/python", "-m", "medmassage.quiz", "export"]
        fmt = command[command.index("--format") + 1]
        args = command[4:]
        args[args.index("--out") + 1] = str(tmp_path / fmt)  # the guide's path is under _build/
        result = cli("export", *args)
        assert result.returncode == 0, result.stderr
        assert READERS[fmt]((tmp_path / fmt).read_bytes())
    assert guide.index("## Taking the quizzes to Canvas or Moodle") < guide.index("## Discussion questions")
