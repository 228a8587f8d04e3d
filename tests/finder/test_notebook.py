"""The exercise notebook: solutions pass every otter test, unanswered checks fail, the student copy is current.

Three notebooks are involved: the master (otter's assign format, with solutions and hidden
tests), and the two that ``otter assign`` makes from it: the autograder notebook (solutions,
every test) and the student notebook (answers blanked, public tests only), which is committed.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tests.conftest import REPO

pytestmark = pytest.mark.slow

EXERCISE = REPO / "exercises" / "find-a-therapist"
MASTER = EXERCISE / "master" / "find-a-therapist.ipynb"
STUDENT = EXERCISE / "find-a-therapist.ipynb"
NAME = "find-a-therapist.ipynb"
MARK = "OTTER-RESULTS:"


@pytest.fixture(scope="module")
def assigned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``otter assign`` run afresh on the master into a temporary folder (it also runs the solution tests)."""
    dist = tmp_path_factory.mktemp("assign") / "dist"
    proc = subprocess.run(
        [sys.executable, "-m", "otter", "assign", str(MASTER), str(dist)],
        cwd=EXERCISE,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, f"otter assign failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return dist


def _questions(nb: nbformat.NotebookNode) -> list[str]:
    return list(nb.metadata["otter"]["tests"])


def _answer_cells(nb: nbformat.NotebookNode, tag: str) -> dict[str, list[str]]:
    """Question name -> sources of the cells tagged ``tag`` that come before its ``grader.check`` cell."""
    found: dict[str, list[str]] = {}
    pending: list[str] = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if tag in cell.metadata.get("tags", []):
            pending.append(cell.source)
        elif cell.source.startswith("grader.check("):
            found[cell.source.split('"')[1]] = pending
            pending = []
    return found


def _defined_names(source: str) -> list[str]:
    """Top-level names a solution cell defines (functions and assignment targets)."""
    names: list[str] = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef):
            names.append(node.name)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                elements = target.elts if isinstance(target, ast.Tuple) else [target]
                names += [e.id for e in elements if isinstance(e, ast.Name)]
    return names


def _results_cell(questions: list[str], variable: str = "_all") -> str:
    return (
        "import json as _json\n"
        f"{variable} = {{}}\n"
        f"for _q in {questions!r}:\n"
        f"    {variable}[_q] = [[_t.test_case.name, _t.test_case.hidden, bool(_t.passed)]\n"
        "                      for _t in grader.check(_q).test_case_results]\n"
    )


def _run(nb: nbformat.NotebookNode, folder: Path, extra: list[str]) -> dict:
    """Execute ``nb`` in ``folder`` (errors allowed) with ``extra`` cells appended; return the JSON they print."""
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))  # a deep copy
    nb.cells += [nbformat.v4.new_code_cell(source) for source in extra]
    nbformat.write(nb, folder / NAME)  # otter.Notebook reads the tests from the file on disk
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", allow_errors=True, resources={"metadata": {"path": str(folder)}}
    )
    client.execute()
    for output in nb.cells[-1].get("outputs", []):
        text = output.get("text", "")
        if MARK in text:
            return json.loads(text.split(MARK, 1)[1])
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    raise AssertionError(f"the results cell printed nothing; errors: {errors[-3:]}")


@pytest.fixture(scope="module")
def solution_run(assigned: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The autograder notebook run top to bottom, then each question blanked in turn and re-checked.

    'all' holds every test's result with the solutions; 'isolated' holds, for each question, the
    results after replacing only that question's answer by the student's blank (its names deleted
    first), with every other question still answered: proof that each test can fail on its own.
    """
    autograder = nbformat.read(assigned / "autograder" / NAME, as_version=4)
    student = nbformat.read(assigned / "student" / NAME, as_version=4)
    questions = _questions(autograder)
    solutions = _answer_cells(autograder, "otter_assign_solution_cell")
    blanks = _answer_cells(student, "otter_answer_cell")
    assert set(solutions) == set(blanks) == set(questions)
    isolate = ["_isolated = {}"]
    for q in questions:
        names = sorted({n for source in solutions[q] for n in _defined_names(source)})
        isolate.append(
            f"for _name in {names!r}:\n    globals().pop(_name, None)\n"
            f"for _source in {blanks[q]!r}:\n"
            "    try:\n        exec(_source, globals())\n    except Exception:\n        pass\n"
            f"_isolated[{q!r}] = [[_t.test_case.name, _t.test_case.hidden, bool(_t.passed)]\n"
            f"                    for _t in grader.check({q!r}).test_case_results]\n"
            f"for _source in {solutions[q]!r}:\n    exec(_source, globals())\n"
        )
    final = f"print({MARK!r} + _json.dumps({{'all': _all, 'isolated': _isolated}}))"
    folder = tmp_path_factory.mktemp("autograder")
    return _run(autograder, folder, [_results_cell(questions), *isolate, final])


def test_at_least_seven_questions_each_with_public_and_hidden_tests(assigned: Path):
    autograder = nbformat.read(assigned / "autograder" / NAME, as_version=4)
    tests = autograder.metadata["otter"]["tests"]
    assert len(tests) >= 7
    for name, spec in tests.items():
        cases = spec["suites"][0]["cases"]
        assert any(not c["hidden"] for c in cases), f"{name} has no public test"
        assert any(c["hidden"] for c in cases), f"{name} has no hidden test"
        assert all(c.get("failure_message") for c in cases), f"{name}: every test needs a hint (failure_message)"


def test_solutions_pass_every_otter_test_hidden_ones_included(solution_run: dict):
    results = solution_run["all"]
    assert len(results) >= 7
    failed = {q: [name for name, _, ok in cases if not ok] for q, cases in results.items()}
    assert all(not names for names in failed.values()), f"failing tests with the solutions: {failed}"
    assert all(any(hidden for _, hidden, _ in cases) for cases in results.values()), "hidden tests did not run"


def test_each_blank_answer_fails_every_one_of_its_tests(solution_run: dict):
    """With every other answer in place, blanking one question makes all its tests (hidden too) fail."""
    passed = {q: [name for name, _, ok in cases if ok] for q, cases in solution_run["isolated"].items()}
    assert set(passed) == set(solution_run["all"])
    assert all(not names for names in passed.values()), f"tests that pass with a blank answer: {passed}"


def test_unanswered_student_notebook_fails_every_check(tmp_path: Path):
    """The committed student notebook, run top to bottom with errors allowed: no check passes by accident."""
    student = nbformat.read(STUDENT, as_version=4)
    questions = _questions(student)
    results = _run(student, tmp_path, [_results_cell(questions) + f"print({MARK!r} + _json.dumps(_all))"])
    assert set(results) == set(questions) and len(questions) >= 7
    for q, cases in results.items():
        assert cases, f"{q}: no public tests in the student notebook"
        assert not any(hidden for _, hidden, _ in cases), f"{q}: a hidden test leaked into the student notebook"
        assert not any(ok for _, _, ok in cases), f"{q}: a check passes with no answer: {cases}"


def test_committed_student_notebook_matches_a_fresh_otter_assign(assigned: Path):
    """Regenerate with otter assign and compare cell types and sources (ids and timestamps may differ)."""
    fresh = nbformat.read(assigned / "student" / NAME, as_version=4)
    committed = nbformat.read(STUDENT, as_version=4)

    def cells(nb: nbformat.NotebookNode) -> list[tuple[str, str]]:
        return [(c.cell_type, c.source) for c in nb.cells]

    assert cells(committed) == cells(fresh), "the student notebook is out of date: run `make exercise`"
    assert committed.metadata["otter"]["tests"] == fresh.metadata["otter"]["tests"]


def test_committed_student_notebook_has_no_outputs_and_no_solutions():
    committed = nbformat.read(STUDENT, as_version=4)
    code = [c for c in committed.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    text = "\n".join(c.source for c in committed.cells)
    assert "# SOLUTION" not in text and "BEGIN SOLUTION" not in text
    hidden = [c for spec in committed.metadata["otter"]["tests"].values() for c in spec["suites"][0]["cases"]]
    assert not any(c["hidden"] for c in hidden)


def test_autograder_output_is_ignored_by_git():
    ignore = (REPO / "exercises" / ".gitignore").read_text(encoding="utf-8").split()
    assert "find-a-therapist/dist/" in ignore
