"""Each way a learner or instructor opens a notebook, in the real clients (JupyterLab 4, Notebook 7).

The server runs the Binder-like environment (``conftest.binder_env``) on loopback; Debian's
Chromium drives it; any request to a host other than localhost fails the test. Binder, Colab and a
real JupyterHub are not reachable here, so each test starts from the link the published site
builds, and goes as far as a local server can.
"""

from __future__ import annotations

import json
import re
import shutil
import urllib.request
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from playwright.sync_api import expect

from medmassage.quiz.bank import course_bank
from tests.book.test_build import CODE_PAGE
from tests.clients.conftest import REPO_NAME, jupyter_server, run
from tests.clients.jupyter_ui import (
    LONG,
    answer,
    code_cell,
    error_outputs,
    open_notebook,
    replace_cell_source,
    run_all,
    run_cell,
)
from tests.conftest import run_build

pytestmark = [pytest.mark.browser, pytest.mark.slow]

Q1_ANSWER = """def normalise_status(text):
    word = text.strip().lower()
    if word in ("active", "current"):
        return "active"
    if word in ("expired", "lapsed"):
        return "expired"
    return "none"


registry, issues = finder.clean_registry(raw)
issues_per_field = issues["field"].value_counts()
n_duplicates = len(raw) - len(registry)
"""


def launch_urlpath(site: Path, page: str) -> str:
    """The ``urlpath`` of the Binder link on a built page: what JupyterLab opens on Binder."""
    html = (site / page).read_text(encoding="utf-8")
    link = unescape(re.search(r'href="(https://mybinder\.org/[^"]+)"', html).group(1))
    return parse_qs(urlsplit(link).query)["urlpath"][0]


def check_quiz_feedback(notebook, chapter: str, number: int = 1) -> None:
    """A wrong answer gets "Not quite" and its option's feedback; the right one "Correct." and the score."""
    bank = course_bank(chapter)
    question = bank.questions[number - 1]
    quiz = notebook.locator(".jp-OutputArea-output").filter(has_text=f"Question {number}.").first
    quiz.scroll_into_view_if_needed()
    wrong = next(i for i in range(len(question.options)) if i not in question.correct_indexes)
    box = answer(quiz, question, number, [wrong])
    expect(box).to_contain_text("Not quite. Try again.")
    expect(box).to_contain_text(question.options[wrong].feedback)
    box = answer(quiz, question, number, question.correct_indexes)
    expect(box).to_contain_text("Correct.")
    expect(box).to_contain_text("Why:")
    expect(quiz).to_contain_text(f"Correct so far: 1 of {len(bank.questions)}")


def test_binder_link_opens_a_chapter_as_a_notebook_that_runs_and_whose_quiz_answers(binder_server, offline_page, site):
    urlpath = launch_urlpath(site, "book/conditions/low-back-pain.html")
    assert urlpath == "lab/tree/book/conditions/low-back-pain.md"
    notebook = open_notebook(offline_page, binder_server.open_url(urlpath))
    run_all(offline_page, notebook)
    assert error_outputs(notebook) == []
    check_quiz_feedback(notebook, "low-back-pain")
    assert offline_page.blocked == []


def test_binder_link_opens_the_exercise_whose_checks_and_finder_work(binder_server, offline_page, site):
    urlpath = launch_urlpath(site, "book/exercises/find-a-therapist.html")
    assert urlpath == "lab/tree/exercises/find-a-therapist/find-a-therapist.ipynb"
    page = offline_page
    notebook = open_notebook(page, binder_server.open_url(urlpath))
    for text in (
        "import medmassage",
        "grader = otter.Notebook",
        "kb = knowledge_base()",
        "raw = finder.load_registry()",
    ):
        run_cell(page, code_cell(notebook, text))
    replace_cell_source(page, code_cell(notebook, "registry, issues = ..."), Q1_ANSWER)
    run_cell(page, code_cell(notebook, "registry, issues = finder.clean_registry(raw)"))
    check = code_cell(notebook, 'grader.check("q1")')
    run_cell(page, check)
    expect(check.locator(".jp-OutputArea-output")).to_contain_text("q1", timeout=LONG)
    expect(check.locator(".jp-OutputArea-output")).to_contain_text("passed")
    # The reference finder at the end: moving a slider changes the table.
    finder = code_cell(notebook, "FinderWidget(registry, scenarios)")
    run_cell(page, finder)
    table = finder.locator(".widget-html-content").filter(has=page.locator("table")).first
    expect(table).to_be_attached(timeout=LONG)
    before, before_text = table.inner_html(), table.text_content()
    slider = finder.get_by_role("slider").first
    slider.scroll_into_view_if_needed()
    slider.focus()
    page.keyboard.press("Home")  # the smallest distance: fewer therapists are near enough
    # Wait for the kernel's answer. The text is taken before the key press, and as textContent (what
    # to_have_text compares), so the wait cannot pass on the old table.
    expect(table).not_to_have_text(before_text, timeout=30_000)
    assert table.inner_html() != before
    assert error_outputs(notebook) == []
    assert page.blocked == []


def test_notebook_7_opens_a_chapter_as_a_notebook_that_runs_and_whose_quiz_answers(binder_server, offline_page):
    notebook = open_notebook(offline_page, binder_server.open_url("notebooks/book/conditions/sciatica.md"))
    run_all(offline_page, notebook)
    assert error_outputs(notebook) == []
    check_quiz_feedback(notebook, "sciatica")
    assert offline_page.blocked == []


def test_the_binder_environment_opens_markdown_as_notebooks_by_its_own_setting(binder_server):
    """The setting comes from the installed package (overrides.d), not from JupyterLab's defaults."""
    url = f"{binder_server.url}lab/api/settings/@jupyterlab/docmanager-extension:plugin?token={binder_server.token}"
    with urllib.request.urlopen(url, timeout=30) as response:
        schema = json.load(response)["schema"]
    viewers = schema["properties"]["defaultViewers"]["default"]
    assert viewers == {"markdown": "Jupytext Notebook", "myst": "Jupytext Notebook"}


# A page with code whose launch buttons open the exercise notebook, as the exercise page's do.
HUB_PAGE = (
    CODE_PAGE.replace(
        "---\n# A page", "launch_notebook: exercises/find-a-therapist/find-a-therapist.ipynb\n---\n# A page"
    )
    % "print('hello')"
)


def test_the_jupyterhub_link_pulls_the_course_and_opens_the_exercise(
    binder_env, book_copy, monkeypatch, offline_page, tmp_path
):
    """A hub's link goes to /hub/user-redirect/git-pull; a server at that path stands in for the hub."""
    prefix = "/hub/user-redirect/"
    home = tmp_path / "learner"
    home.mkdir()
    with jupyter_server(binder_env, home, tmp_path / "learner-home", base_url=prefix) as server:
        hub = server.url[: -len(prefix)]
        monkeypatch.setenv("MEDMASSAGE_JUPYTERHUB_URL", hub + "/")  # as an instructor might paste it
        root = book_copy({"book/exercise.md": HUB_PAGE})
        result = run_build(root)
        assert result.returncode == 0, result.log[-3000:]
        html = (result.html / "book" / "exercise.html").read_text(encoding="utf-8")
        link = unescape(re.search(rf'href="({re.escape(hub)}/hub/user-redirect/git-pull\?[^"]+)"', html).group(1))
        query = parse_qs(urlsplit(link).query)
        assert query["branch"] == ["main"]
        assert query["urlpath"] == [f"lab/tree/{REPO_NAME}/exercises/find-a-therapist/find-a-therapist.ipynb"]
        # GitHub is out of reach: pull a local clone with the same folder name instead.
        remote = tmp_path / "remote" / REPO_NAME
        shutil.copytree(binder_env.repo, remote)
        run(["git", "init", "-q", "-b", "main"], cwd=remote)
        run(["git", "add", "-A"], cwd=remote)
        run(
            ["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid", "commit", "-q", "-m", "c"],
            cwd=remote,
        )
        pulled = link.split("?")[0] + "?" + urlencode({**{k: v[0] for k, v in query.items()}, "repo": str(remote)})
        notebook = open_notebook(offline_page, server.open_url(pulled[len(server.url) :]))
        assert (home / REPO_NAME / "exercises" / "find-a-therapist" / "find-a-therapist.ipynb").is_file()
        run_cell(offline_page, code_cell(notebook, "import medmassage"))
        assert offline_page.blocked == []
