"""Publish :class:`~medmassage.quiz.Quiz` outputs as the static quiz (a myst-nb mime renderer plugin).

A quiz cell's output carries the live widget and :data:`~medmassage.quiz.QUIZ_MIME`, which names the
chapter. In HTML builds this plugin is preferred to the widget, and turns the chapter's bank (read
now, so the page always shows the current bank) into the static quiz: HTML from
:func:`~medmassage.quiz.static.quiz_parts`, with each "Read the section" link a cross-reference
that Sphinx resolves, and reports if broken, like any ``{ref}`` on a page. Registered in
``pyproject.toml`` (``myst_nb.mime_renderers``); the page's quiz script is added by the extension.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from docutils import nodes
from sphinx import addnodes

from . import QUIZ_MIME
from .bank import BANK_DIR, QuizError, course_bank
from .static import Part, quiz_parts

HTML_BUILDERS = ("html", "dirhtml", "singlehtml", "readthedocs")


class QuizRenderer:
    """myst-nb plugin: render :data:`QUIZ_MIME` outputs; leave every other output to myst-nb."""

    # Preferred to the widget view (priority 10) in HTML builds: lower comes first.
    mime_priority_overrides: ClassVar[list[tuple[str, str, int]]] = [
        (builder, QUIZ_MIME, 5) for builder in HTML_BUILDERS
    ]

    @staticmethod
    def handle_mime(renderer: Any, data: Any, inline: bool) -> list[nodes.Element] | None:
        if data.mime_type != QUIZ_MIME or inline:
            return None
        spec = json.loads(data.content) if isinstance(data.content, str | bytes) else data.content
        chapter = spec.get("chapter") if isinstance(spec, dict) else None
        try:
            if not isinstance(chapter, str):
                raise QuizError(BANK_DIR, None, None, f"{QUIZ_MIME}: expected {{'chapter': ...}}, got {spec!r}")
            bank = course_bank(chapter)
        except QuizError as error:
            renderer.logger.warning(f"cell {data.cell_index}: {error}", subtype="medmassage", line=data.line)
            return []
        env = getattr(renderer.renderer, "sphinx_env", None)
        if env is not None:  # re-read the page when its bank changes, even if its code did not
            env.note_dependency(str(BANK_DIR / f"{chapter}.yaml"))
        return [quiz_node(bank)]


def quiz_node(bank: Any) -> nodes.container:
    """The static quiz as docutils nodes: raw HTML, with the section links as ``std:ref`` cross-references."""
    return parts_node(quiz_parts(bank), "mm-quiz-output")


def parts_node(parts: list[Part], css_class: str) -> nodes.container:
    """HTML parts as docutils nodes: raw HTML, with each :class:`~.static.SectionLink` a ``std:ref``
    cross-reference (showing the section's title when the link has no text of its own)."""
    container = nodes.container(classes=[css_class])
    for part in parts:
        if isinstance(part, str):
            container += nodes.raw("", part, format="html")
        else:
            xref = addnodes.pending_xref(
                "",
                nodes.inline("", part.text or part.label),
                refdomain="std",
                reftype="ref",
                reftarget=part.label,
                refexplicit=part.text is not None,
                refwarn=True,
            )
            # A reference must sit in a text element for docutils' HTML writer.
            container += nodes.inline("", "", xref, classes=["mm-quiz-section-link"])
    return container
