"""The exercise's public checks as files (for Colab) agree with the student notebook, and otter grades with them."""

from __future__ import annotations

import json

import otter
import pandas as pd

from medmassage import finder
from medmassage.finder.checks import CHECKS_DIR, check_files
from medmassage.launch import EXERCISE_EXTRA, install_cell, repository
from tests.conftest import REPO

EXERCISE = REPO / "exercises" / "find-a-therapist"
STUDENT = EXERCISE / "find-a-therapist.ipynb"


def test_the_shipped_checks_are_the_student_notebooks_public_tests():
    shipped = {p.name: p.read_text(encoding="utf-8") for p in sorted(CHECKS_DIR.glob("q*.py"))}
    assert shipped == check_files(STUDENT), "run `make exercise` and commit medmassage/finder/checks/"
    assert len(shipped) >= 7 and not any("'hidden': True" in text for text in shipped.values())


def test_otter_grades_with_the_shipped_checks(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # otter writes its log where it runs
    raw = finder.load_registry()
    registry, _ = finder.clean_registry(raw)

    def normalise(text: str) -> str:
        word = text.strip().lower()
        return "active" if word in ("active", "current") else "expired" if word in ("expired", "lapsed") else "none"

    answers = {"raw": raw, "registry": registry, "n_duplicates": len(raw) - len(registry), "pd": pd}
    grader = otter.Notebook(tests_dir=str(CHECKS_DIR))
    assert grader.check("q1", {**answers, "normalise_status": normalise}).grade == 1
    assert grader.check("q1", {**answers, "normalise_status": str.lower}).grade < 1


def test_the_exercise_starts_by_installing_the_package_then_otter_falling_back_to_the_shipped_checks():
    for notebook in (STUDENT, EXERCISE / "master" / "find-a-therapist.ipynb"):
        cells = [c for c in json.loads(notebook.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
        assert "".join(cells[0]["source"]) == install_cell(*repository(REPO), extra=EXERCISE_EXTRA).rstrip("\n")
        # Where the notebook file is not at hand (Colab), otter reads the checks the package ships.
        assert "otter.Notebook(tests_dir=str(CHECKS_DIR))" in "".join(cells[1]["source"])


def test_where_the_notebook_file_is_not_at_hand_otter_uses_the_shipped_checks(tmp_path, monkeypatch):
    """As on Colab: run the exercise's otter cell in a folder without the notebook file, then with it."""
    cells = [c for c in json.loads(STUDENT.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
    setup = "".join(cells[1]["source"])
    monkeypatch.chdir(tmp_path)
    away: dict = {}
    exec(setup, away)  # noqa: S102 - the notebook's own cell
    assert away["grader"]._tests_dir == str(CHECKS_DIR)
    (tmp_path / STUDENT.name).write_text(STUDENT.read_text(encoding="utf-8"), encoding="utf-8")
    here: dict = {}
    exec(setup, here)  # noqa: S102
    assert here["grader"]._tests_dir == "./tests"  # the notebook's own checks, hidden ones included in grading
