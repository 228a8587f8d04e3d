"""The course package installed as a normal package (as binder/postBuild and `pip install git+…` do)
works with no checkout: notebooks copied to an empty folder run, reading everything from the package."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.clients.conftest import run

pytestmark = pytest.mark.slow

PROBE = """
import json, medmassage, medmassage.paths as p
from medmassage.finder.checks import CHECKS_DIR
print(json.dumps({"package": medmassage.__file__, "files": [str(x) for x in (
    p.KNOWLEDGE_DIR, p.BIBLIOGRAPHY, p.EXERCISE_DATA_DIR / "therapists.csv", p.BOOK_INDEX, CHECKS_DIR / "q1.py")]}))
"""


def test_the_installed_package_reads_its_resources_from_site_packages(binder_env, tmp_path: Path):
    found = json.loads(run([binder_env.python, "-c", PROBE], cwd=tmp_path).stdout)
    site = str(binder_env.prefix / "lib")
    assert found["package"].startswith(site)
    for path in found["files"]:
        assert path.startswith(site) and Path(path).exists(), path


def test_a_chapter_and_the_exercise_run_outside_a_checkout(binder_env, tmp_path: Path):
    work = tmp_path / "downloads"
    work.mkdir()
    shutil.copy(binder_env.repo / "book" / "conditions" / "neck-pain.md", work)
    shutil.copy(binder_env.repo / "exercises" / "find-a-therapist" / "find-a-therapist.ipynb", work)
    env = binder_env.environ(tmp_path / "home")
    run([binder_env.bin("jupytext"), "--to", "ipynb", "--execute", "neck-pain.md"], cwd=work, env=env)
    chapter = json.loads((work / "neck-pain.ipynb").read_text(encoding="utf-8"))
    outputs = [o for c in chapter["cells"] if c["cell_type"] == "code" for o in c["outputs"]]
    assert outputs and not any(o["output_type"] == "error" for o in outputs)
    assert any("application/vnd.medmassage.quiz+json" in o.get("data", {}) for o in outputs)
    # The student notebook, unanswered: its setup cells run, and a check reports (and fails).
    run(
        [
            binder_env.bin("jupyter"),
            "nbconvert",
            "--to",
            "notebook",
            "--execute",
            "--allow-errors",
            "--output",
            "ran.ipynb",
            "find-a-therapist.ipynb",
        ],
        cwd=work,
        env=env,
    )
    ran = json.loads((work / "ran.ipynb").read_text(encoding="utf-8"))["cells"]
    setup = [c for c in ran if c["cell_type"] == "code"][:3]
    assert all(o["output_type"] != "error" for c in setup for o in c["outputs"]), setup
    check = next(c for c in ran if "".join(c["source"]).strip() == 'grader.check("q1")')
    text = json.dumps(check["outputs"])
    assert "q1" in text and "fail" in text.lower()
