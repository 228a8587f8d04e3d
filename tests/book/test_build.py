"""The build is strict: the real book builds clean, and each kind of fault fails it, naming the file.

These build a copy of the book with Jupyter Book; what a small Sphinx project shows (each directive,
each page hook) is tested faster in ``tests/sphinxext``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO, run_build

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def strip_ansi(text: str) -> str:
    return ANSI.sub("", text)


pytestmark = pytest.mark.slow

CODE_PAGE = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
# A page with code

```{code-cell} ipython3
%s
```
"""


def test_book_builds_with_zero_warnings(built_book):
    assert built_book.returncode == 0, built_book.log[-4000:]
    # Sphinx's format ("file:line: WARNING: ..." or "WARNING: ..."); the kernel's own log
    # ("[IPKernelApp] WARNING | ...") is not a book warning.
    warnings = [line for line in built_book.log.splitlines() if re.search(r"(^|: )WARNING: ", strip_ansi(line))]
    assert warnings == []
    assert "build succeeded" in built_book.log


def test_a_copy_without_faults_builds(book_copy):
    # The control for the fault-injection tests below: the minimal copy itself is fine.
    root = book_copy(
        {"book/fine.md": "# Fine\n\nSee {cite:p}`furlan2015massage` and {ref}`fine-label`.\n\n(fine-label)=\n## Here\n"}
    )
    result = run_build(root)
    assert result.returncode == 0, result.log[-3000:]


def test_broken_cross_reference_fails_naming_the_page(book_copy):
    root = book_copy({"book/broken-ref.md": "# Broken\n\nSee {ref}`no-such-label`.\n"})
    result = run_build(root)
    assert result.returncode != 0
    assert re.search(r"book/broken-ref\.md:\d+: WARNING: undefined label: 'no-such-label'", result.log)


def test_a_failing_cell_is_a_short_warning_and_other_problems_still_show(book_copy):
    page = CODE_PAGE % "raise RuntimeError('injected failure')"
    root = book_copy({"book/failing.md": page + "\nSee {cite:p}`nobody2099invented`.\n"})
    result = run_build(root)
    log = strip_ansi(result.log)
    assert result.returncode != 0
    assert re.search(r"book/failing\.md:(\d+): WARNING: the cell at line \1 raised RuntimeError: injected failure", log)
    assert re.search(r'book/failing\.md:\d+: WARNING: could not find bibtex key "nobody2099invented"', log)
    assert "Traceback" not in log and "ExecutionError" not in log
    assert "build finished with problems, 2 warnings" in log


def test_malformed_toc_entry_fails_with_one_clear_line(book_copy):
    root = book_copy(
        {"book/page.md": "# Page\n"}, toc="format: jb-book\nroot: book/intro\nchapters:\n  - fil: book/page\n"
    )
    result = run_build(root)
    assert result.returncode != 0
    assert re.search(r"_toc\.yml: malformed: .*/chapters/0", result.log)
    assert "Traceback" not in result.log


def test_missing_page_fails_naming_the_toc_and_the_page(book_copy):
    root = book_copy({}, toc="format: jb-book\nroot: book/intro\nchapters:\n  - file: book/not-written-yet\n")
    result = run_build(root)
    assert result.returncode != 0
    assert re.search(r"_toc\.yml: entry 'book/not-written-yet' has no page", result.log)


def test_bad_bibliography_entry_fails_naming_the_file(book_copy):
    root = book_copy({"book/page.md": "# Page\n"})
    bib = root / "book" / "references.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8") + "\n@article{broken2020,\n  title = {Never closed,\n", encoding="utf-8"
    )
    result = run_build(root)
    assert result.returncode != 0
    assert re.search(r"book/references\.bib: cannot read the bibliography: .*line \d+", result.log)
    assert "Traceback" not in result.log


def test_repeated_bibliography_key_fails(book_copy):
    root = book_copy({"book/page.md": "# Page\n"})
    bib = root / "book" / "references.bib"
    bib.write_text(
        bib.read_text(encoding="utf-8") + "\n@misc{furlan2015massage,\n  title = {Again},\n}\n", encoding="utf-8"
    )
    result = run_build(root)
    assert result.returncode != 0
    assert "references.bib" in result.log and "furlan2015massage" in result.log


def test_page_left_out_of_the_toc_is_not_built(book_copy):
    # only_build_toc_files: a stray page never slips into the site unannounced.
    root = book_copy({"book/listed.md": "# Listed\n"})
    (root / "book" / "stray.md").write_text("# Stray\n", encoding="utf-8")
    result = run_build(root)
    assert result.returncode == 0, result.log[-3000:]
    assert (result.html / "book" / "listed.html").exists()
    assert not (result.html / "book" / "stray.html").exists()


def executed_notebooks(root) -> dict[str, object]:
    """The execution cache's record of each page it ran: its URI and when it was run."""
    from jupyter_cache import get_cache

    return {record.uri: record.created for record in get_cache(root / "_build" / ".jupyter_cache").list_cache_records()}


def test_no_change_rebuild_executes_nothing(built_book):
    root = built_book.html.parent.parent
    before = executed_notebooks(root)
    assert len(before) >= 20  # every page with code was run and cached
    again = run_build(root)
    assert again.returncode == 0, again.log[-3000:]
    assert executed_notebooks(root) == before


def test_jupyterhub_button_uses_nbgitpuller_when_a_hub_is_configured(book_copy, monkeypatch):
    page = CODE_PAGE % "print('hello')"
    root = book_copy({"book/code.md": page})
    monkeypatch.setenv("MEDMASSAGE_JUPYTERHUB_URL", "https://hub.test.invalid")  # the fallback for a deployment
    result = run_build(root)
    assert result.returncode == 0, result.log[-3000:]
    html = (result.html / "book" / "code.html").read_text(encoding="utf-8")
    assert "https://hub.test.invalid/hub/user-redirect/git-pull?repo=" in html


def test_a_failed_build_stays_failed_until_fixed(book_copy):
    # Sphinx re-reads only edited pages; a page that warned is read again until it builds clean,
    # whether the rerun is make book's command or a plain strict `jupyter-book build`.
    root = book_copy({"book/broken-ref.md": "# Broken\n\nSee {ref}`no-such-label`.\n"})
    assert run_build(root).returncode != 0
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    plain = subprocess.run(
        [str(jupyter_book), "build", str(root), "-W", "-n", "--keep-going"], capture_output=True, text=True, timeout=600
    )
    assert plain.returncode != 0
    assert "undefined label: 'no-such-label'" in strip_ansi(plain.stdout + plain.stderr)
    (root / "book" / "broken-ref.md").write_text("# Fixed\n\nNo reference now.\n", encoding="utf-8")
    fixed = run_build(root)
    assert fixed.returncode == 0, fixed.log[-3000:]


def test_changed_data_reruns_the_pages_that_read_it(book_copy):
    """jupyter-cache re-runs a page only when its own code changes; the package's data counts too."""
    root = book_copy({"book/code.md": CODE_PAGE % "print(open('../medmassage/finder/data/note.txt').read())"})
    # The build in the copy imports the copy's package (the working folder comes first on sys.path).
    shutil.copytree(
        REPO / "medmassage", root / "medmassage", dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__")
    )
    data = root / "medmassage" / "finder" / "data" / "note.txt"
    data.write_text("first version", encoding="utf-8")
    assert run_build(root).returncode == 0
    first_run = executed_notebooks(root)
    data.write_text("second version", encoding="utf-8")
    result = run_build(root)
    assert result.returncode == 0, result.log[-3000:]
    html = (result.html / "book" / "code.html").read_text(encoding="utf-8")
    assert "second version" in html and "first version" not in html
    rerun = executed_notebooks(root)
    assert rerun.keys() == first_run.keys() and all(rerun[uri] > first_run[uri] for uri in rerun)


# --- clinical-safety checks that only a build can show ---------------------------------------------


def test_stale_evidence_review_fails_the_strict_build(book_copy):
    """The build warns (and so, with -W, fails) once a review is older than the configured age."""
    root = book_copy({"book/page.md": "# Page\n\n```{how-checked} neck-pain\n```\n"})
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    config["sphinx"]["config"]["medmassage_review_max_age_days"] = 0
    (root / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    result = run_build(root)
    log = strip_ansi(result.log)
    assert result.returncode != 0
    assert re.search(
        r"conditions/neck-pain\.yaml: id 'neck-pain': field 'review\.last_reviewed': evidence last reviewed", log
    )
