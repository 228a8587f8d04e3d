"""Quiz bank validation: one failing fixture per rule, and the CLI's messages and exit codes."""

from __future__ import annotations

import copy
import re
import subprocess
import sys

import pytest
import yaml

from medmassage.quiz import QuizError, load_bank, load_banks
from medmassage.quiz.bank import bank_paths
from tests.conftest import REPO

VALID = {
    "chapter": "demo",
    "label": "reading-the-evidence",
    "title": "Quiz: demo",
    "questions": [
        {
            "id": "demo-q1",
            "type": "single",
            "prompt": "Which is right?",
            "options": [
                {"text": "This one", "correct": True, "feedback": "Yes."},
                {"text": "That one", "feedback": "No."},
            ],
            "explanation": "Because.",
            "section": "reading-the-evidence",
            "source": "furlan2015massage",
            "fact": {"kind": "finding", "id": "lbp-chronic-pain-vs-inactive", "field": "certainty", "equals": "low"},
        }
    ],
}


def write(tmp_path, data, name="demo"):
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def variant(change):
    data = copy.deepcopy(VALID)
    change(data, data["questions"][0])
    return data


def test_valid_bank_loads(tmp_path):
    bank = load_bank(write(tmp_path, VALID))
    assert bank.questions[0].correct_indexes == [0]


@pytest.mark.parametrize(
    ("change", "pattern"),
    [
        pytest.param(
            lambda b, q: b["questions"].append(copy.deepcopy(q)),
            r"demo\.yaml: id 'demo-q1': field 'id': duplicate question id",
            id="duplicate-id",
        ),
        pytest.param(
            lambda b, q: q["options"][0].update(correct=False),
            r"demo\.yaml: id 'demo-q1': field 'options': no option is marked correct",
            id="no-correct-option",
        ),
        pytest.param(
            lambda b, q: q.update(type="essay"),
            r"demo\.yaml: id 'demo-q1': field 'type': Input should be 'single', 'multiple' or 'true-false'",
            id="unknown-type",
        ),
        pytest.param(
            lambda b, q: q["options"][1].pop("feedback"),
            r"demo\.yaml: id 'demo-q1': field 'options\.1\.feedback': Field required",
            id="missing-feedback",
        ),
        pytest.param(
            lambda b, q: q.update(section="no-such-section"),
            r"demo\.yaml: id 'demo-q1': field 'section': no section labelled 'no-such-section' in the book",
            id="broken-section-link",
        ),
        pytest.param(
            lambda b, q: q["fact"].update(equals="high"),
            r"field 'fact\.equals': the knowledge base says finding 'lbp-chronic-pain-vs-inactive' certainty = 'low'",
            id="contradicts-knowledge-base",
        ),
        pytest.param(
            lambda b, q: q.update(source="ghost2099"),
            r"id 'demo-q1': field 'source': unknown source key 'ghost2099'",
            id="unknown-source",
        ),
        pytest.param(
            lambda b, q: q["options"][1].update(correct=True),
            r"field 'options': a single question needs exactly one correct option, got 2",
            id="two-answers-to-single",
        ),
        pytest.param(
            lambda b, q: q.update(type="true-false"),
            r"field 'options': a true-false question has exactly the options True and False",
            id="true-false-options",
        ),
    ],
)
def test_each_rule_fails_naming_file_question_and_field(tmp_path, change, pattern):
    with pytest.raises(QuizError) as caught:
        load_bank(write(tmp_path, variant(change)))
    assert re.search(pattern, str(caught.value)), str(caught.value)


def test_duplicate_ids_across_banks(tmp_path):
    first = write(tmp_path, VALID)
    second = write(tmp_path, {**VALID, "chapter": "other"}, name="other")
    with pytest.raises(QuizError, match=r"other\.yaml: id 'demo-q1': field 'id': duplicate question id, also in"):
        load_banks([first, second])


def test_cli_check_exits_nonzero_with_one_line_per_bad_bank(tmp_path):
    bad = write(tmp_path, variant(lambda b, q: q.update(type="essay")))
    result = subprocess.run(
        [sys.executable, "-m", "medmassage.quiz", "check", str(bad)], capture_output=True, text=True, cwd=REPO
    )
    assert result.returncode == 1
    assert "demo.yaml: id 'demo-q1': field 'type'" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_check_passes_the_course_banks():
    result = subprocess.run(
        [sys.executable, "-m", "medmassage.quiz", "check"], capture_output=True, text=True, cwd=REPO
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: ")


def test_cli_answers_prints_every_question():
    result = subprocess.run(
        [sys.executable, "-m", "medmassage.quiz", "answers"], capture_output=True, text=True, cwd=REPO
    )
    assert result.returncode == 0
    banks = load_banks(bank_paths())
    for bank in banks.values():
        for question in bank.questions:
            assert f"(`{question.id}`)" in result.stdout


def test_cli_check_reports_every_bad_file_in_one_run(tmp_path):
    good = write(tmp_path, VALID)
    latin1 = tmp_path / "latin.yaml"
    latin1.write_bytes(yaml.safe_dump({**VALID, "chapter": "latin"}, allow_unicode=True).encode() + b"# caf\xe9\n")
    repeated = tmp_path / "repeated.yaml"
    repeated.write_text(yaml.safe_dump({**VALID, "chapter": "repeated"}) + "title: Another\n", encoding="utf-8")
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("a: &a [x, x, x, x, x, x, x, x]\nb: [*a, *a, *a, *a, *a, *a, *a, *a]\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "medmassage.quiz", "check", str(latin1), str(repeated), str(bomb), str(good)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 3, result.stderr
    assert re.search(r"latin\.yaml: line \d+: not UTF-8 text \(byte 0xe9\)", lines[0])
    assert re.search(r"repeated\.yaml: line \d+: duplicate key 'title' \(first given on line \d+\)", lines[1])
    assert re.search(r"bomb\.yaml: line 1: anchor '&a': aliases and anchors are not allowed", lines[2])


def test_answer_key_markdown_shows_bank_text_as_text():
    from medmassage.quiz.__main__ import answer_key
    from medmassage.quiz.models import Bank

    hostile = copy.deepcopy(VALID)
    hostile["title"] = "Quiz <script>x</script>"
    hostile["questions"][0]["prompt"] = "Which [link](javascript:alert(1)) is *right*?"
    hostile["questions"][0]["options"][0]["text"] = "<img src=x onerror=alert(1)>"
    hostile["questions"][0]["explanation"] = "Because {raw}`html <b>x</b>`."
    key = answer_key([Bank.model_validate(hostile)])
    for raw in (r"<script>", r"\[link\]\(", r"\*right\*", r"<img", r"\{raw\}`"):
        assert not re.search(r"(?<!\\)" + raw, key), raw  # each markup character backslash-escaped
    assert "Quiz \\<script\\>x\\</script\\>" in key
