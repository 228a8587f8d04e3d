"""Warn where a page talks to readers about how the book was written ("in our sources").

Readers need the evidence, not the book's workings; :mod:`medmassage.wording` holds the phrases.
Each warning names the page and line, so with ``-W`` the build fails there.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.util import logging

from .. import wording

logger = logging.getLogger(__name__)


def check_page(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: one warning per process phrase, with its line."""
    for number, line in enumerate(source[0].splitlines(), start=1):
        for phrase in wording.process_phrases(line):
            logger.warning(
                f"reader-facing text says '{phrase}': {wording.ADVICE}",
                location=(docname, number),
                type="medmassage",
                subtype="process-language",
            )


def setup(app: Sphinx) -> None:
    app.connect("source-read", check_page)
