"""Process language in a page is a warning naming the page and line."""

from __future__ import annotations

import re

from tests.sphinxext.project import build, write_project


def test_process_language_warns_with_the_page_and_line(tmp_path):
    page = "# Page\n\nA plain sentence.\n\nNo trial was found in our sources.\n"
    result = build(write_project(tmp_path / "p", {"process": page}))
    assert re.search(r"process\.md:5: WARNING: reader-facing text says 'our sources'", result.warnings)


def test_plain_text_about_the_evidence_is_fine(tmp_path):
    page = "# Page\n\nNo trial has tested massage for this (searched December 2026).\n"
    assert build(write_project(tmp_path / "p", {"plain": page})).warnings == ""
