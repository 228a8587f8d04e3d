"""Any Jupyter Book author's command publishes the course's site: a fresh copy, built plainly.

- ``jupyter-book build .`` on a fresh copy publishes the same static quizzes as ``make book``,
  with no widget manager or widget state, offline: the static face comes from a myst-nb
  renderer plugin, not from how the build was started.
- The copy starts with the execution cache of the session's build, as CI restores it, and runs
  no notebook: the cache's record of its inputs travels with it.
- ``sphinx-build -j auto`` (from ``jupyter-book config sphinx``) builds the same pages in parallel.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from jupyter_cache import get_cache

from medmassage.quiz.bank import bank_paths, load_banks
from medmassage.quiz.links import label_index
from tests.conftest import REPO, BuildResult, copy_checkout

pytestmark = pytest.mark.slow

WIDGET_SCRIPTS = ("require.min.js", "embed-amd.js", "html-manager", "widget-state")
BIN = Path(sys.executable).parent


def cache_records(root: Path) -> dict[str, object]:
    return {
        r.uri.split("/book/", 1)[-1]: r.created
        for r in get_cache(root / "_build" / ".jupyter_cache").list_cache_records()
    }


@pytest.fixture(scope="module")
def plain_copy(tmp_path_factory, built_book: BuildResult) -> tuple[Path, dict, dict]:
    assert built_book.returncode == 0, built_book.log[-3000:]
    root = copy_checkout(tmp_path_factory.mktemp("plain") / "book")
    shutil.copytree(REPO / "_build" / ".jupyter_cache", root / "_build" / ".jupyter_cache")  # as CI restores it
    restored = cache_records(root)
    build = subprocess.run([str(BIN / "jupyter-book"), "build", str(root)], capture_output=True, text=True, timeout=900)
    assert build.returncode == 0, (build.stdout + build.stderr)[-3000:]
    return root, restored, cache_records(root)


def quiz_pages() -> list[str]:
    labels = label_index()
    return sorted({labels[bank.label] for bank in load_banks(bank_paths()).values()})


def quiz_of(html_file: Path) -> tuple[str, list[str]]:
    soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
    quiz = soup.select_one("section.mm-quiz")
    scripts = [str(s.get("src") or s.get("type") or "") for s in soup.find_all("script")]
    return (str(quiz) if quiz else ""), scripts


def test_plain_jupyter_book_build_publishes_the_same_static_quizzes(plain_copy, site):
    html = plain_copy[0] / "_build" / "html"
    pages = quiz_pages()
    assert len(pages) == 20
    for docname in pages:
        plain_quiz, plain_scripts = quiz_of(html / f"{docname}.html")
        course_quiz, _ = quiz_of(site / f"{docname}.html")
        assert plain_quiz, f"{docname}: no static quiz in the plain build"
        assert plain_quiz == course_quiz, f"{docname}: the plain build's quiz differs from make book's"
        assert any("quiz.js" in src for src in plain_scripts), docname
        loaded = [src for src in plain_scripts if any(w in src for w in WIDGET_SCRIPTS)]
        assert loaded == [], f"{docname}: widget manager or state on a static page: {loaded}"


def test_a_restored_execution_cache_runs_nothing_in_a_fresh_clone(plain_copy):
    _, restored, after = plain_copy
    assert len(restored) >= 20
    assert after == restored  # the same records, none re-created


def test_a_parallel_sphinx_build_gives_the_same_pages(plain_copy):
    root = plain_copy[0]
    subprocess.run([str(BIN / "jupyter-book"), "config", "sphinx", str(root)], check=True, capture_output=True)
    out = root / "_build" / "parallel"
    build = subprocess.run(
        [str(BIN / "sphinx-build"), "-j", "auto", "-W", "-n", "--keep-going", "-b", "html", str(root), str(out)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert build.returncode == 0, (build.stdout + build.stderr)[-3000:]
    serial = root / "_build" / "html"
    for docname in quiz_pages():
        assert quiz_of(out / f"{docname}.html")[0] == quiz_of(serial / f"{docname}.html")[0], docname
    assert sorted(p.relative_to(out) for p in out.rglob("*.html")) == sorted(
        p.relative_to(serial) for p in serial.rglob("*.html")
    )
    assert (out / "sitemap.xml").read_text().count("<url>") == (serial / "sitemap.xml").read_text().count("<url>")
