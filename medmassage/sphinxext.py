"""Sphinx directives that render the knowledge base into the book.

Enable with ``extra_extensions: [medmassage.sphinxext]`` in ``_config.yml``.
In a page (MyST)::

    ```{evidence-glance} low-back-pain
    ```

    ```{evidence-table}
    :condition: low-back-pain
    :technique: swedish
    :source: furlan2015massage
    ```

    ```{red-flags} low-back-pain
    ```

    ```{bottom-line} low-back-pain
    ```

    ```{how-checked} swedish
    ```

    ```{signs-by-urgency}
    ```

    ```{technique-matrix}
    ```

    ```{jurisdiction-table}
    ```

    ```{credential-table}
    :jurisdiction: us
    ```

The knowledge base is validated once when the build starts. A bad entry stops
the build with a message that names the file, the id and the field. A condition or
technique whose evidence was last reviewed more than ``medmassage_review_max_age_days``
ago (two years by default) is a warning, and so is process language on a page
("in our sources", "the fact sheet": :mod:`medmassage.wording`), naming the page and line.

The extension also tidies the published pages: quiz assets only on quiz pages,
meta descriptions, deferred scripts, a complete sitemap, figures as image files
(:mod:`medmassage.figure_output`) and icon fonts cut to the icons in use
(:mod:`medmassage.icon_fonts`).
"""

from __future__ import annotations

import html
import os
from datetime import date
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from pydantic import ValidationError
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import figure_output, icon_fonts, render, wording
from .knowledge import KnowledgeBase, KnowledgeBaseError, load_knowledge_base
from .knowledge.bibliography import BibliographyError
from .knowledge.loader import stale_reviews
from .knowledge.models import Review
from .paths import KNOWLEDGE_DIR, STATIC_DIR, TEMPLATES_DIR

logger = logging.getLogger(__name__)
_ENV_KEY = "medmassage_kb"
#: Environment variable holding the class JupyterHub's address, e.g. https://hub.example.edu
JUPYTERHUB_ENV = "MEDMASSAGE_JUPYTERHUB_URL"


def _kb(directive: SphinxDirective) -> KnowledgeBase:
    return getattr(directive.env.app, _ENV_KEY)


class _KnowledgeDirective(SphinxDirective):
    """Shared parts: dependency tracking and parsing generated MyST."""

    def _render(self, markdown: str) -> list[nodes.Node]:
        for path in getattr(self.env.app, _ENV_KEY).source_files.values():
            self.env.note_dependency(str(path))
        container = nodes.container()
        self.state.nested_parse(
            StringList(markdown.splitlines(), source=self.get_source_info()[0]), self.content_offset, container
        )
        return container.children

    def _condition(self, condition_id: str) -> str:
        kb = _kb(self)
        if condition_id not in kb.conditions:
            raise self.error(f"unknown condition '{condition_id}': expected one of {', '.join(sorted(kb.conditions))}")
        return condition_id


class EvidenceGlance(_KnowledgeDirective):
    """The 'evidence at a glance' box for one condition."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        return self._render(render.evidence_glance(_kb(self), self._condition(self.arguments[0])))


class EvidenceTable(_KnowledgeDirective):
    """A table of findings filtered by condition and/or technique."""

    option_spec = {
        "condition": directives.unchanged,
        "technique": directives.unchanged,
        "source": directives.unchanged,
        "caption": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        kb = _kb(self)
        condition = self.options.get("condition")
        technique = self.options.get("technique")
        if condition is not None:
            self._condition(condition)
        if technique is not None and technique not in kb.techniques:
            raise self.error(f"unknown technique '{technique}': expected one of {', '.join(sorted(kb.techniques))}")
        findings = kb.findings_for(condition=condition, technique=technique, source=self.options.get("source"))
        if not findings:
            raise self.error("no findings match; an empty table would hide a gap, so say so in the text instead")
        caption = self.options.get("caption", "Evidence from the course knowledge base")
        return self._render(render.evidence_table(findings, caption))


class RedFlags(_KnowledgeDirective):
    """A condition's red flags and when to see a doctor."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        return self._render(render.red_flags(_kb(self), self._condition(self.arguments[0])))


class BottomLine(_KnowledgeDirective):
    """A condition's bottom line: its headline results in GRADE's plain-language phrases."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        return self._render(render.bottom_line_box(_kb(self), self._condition(self.arguments[0])))


class HowChecked(_KnowledgeDirective):
    """'How this chapter was checked'. A condition or technique chapter names its record
    (``{how-checked} neck-pain``), whose review date lives in the knowledge base; any other
    chapter gives its own, with the same checks::

        ```{how-checked}
        :last-reviewed: 2026-12
        :searched: NHS and NICE guidance on ...
        ```
    """

    optional_arguments = 1
    option_spec = {"last-reviewed": directives.unchanged_required, "searched": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        kb = _kb(self)
        if self.arguments:
            record_id = self.arguments[0]
            if record_id not in kb.conditions and record_id not in kb.techniques:
                known = ", ".join(sorted([*kb.conditions, *kb.techniques]))
                raise self.error(f"unknown condition or technique '{record_id}': expected one of {known}")
            review = (kb.conditions.get(record_id) or kb.techniques[record_id]).review
        else:
            try:
                review = Review(
                    last_reviewed=self.options.get("last-reviewed", ""), searched=self.options.get("searched", "")
                )
            except ValidationError as exc:
                field = str(exc.errors()[0]["loc"][0]).replace("_", "-")
                raise self.error(
                    f"option ':{field}:' expected YYYY-MM and a description of what was searched"
                ) from None
            age = (date.today() - review.month).days
            if age > self.config.medmassage_review_max_age_days:
                logger.warning(
                    f"evidence last reviewed {review.month_year}, more than "
                    f"{self.config.medmassage_review_max_age_days} days ago: review it and update ':last-reviewed:'",
                    location=self.get_location(),
                    type="medmassage",
                    subtype="stale-review",
                )
        return self._render(render.how_checked_note(review))


class SignsByUrgency(_KnowledgeDirective):
    """Every red flag in the knowledge base, grouped by urgency (for the safety chapter)."""

    def run(self) -> list[nodes.Node]:
        return self._render(render.signs_by_urgency(_kb(self)))


class TechniqueMatrix(_KnowledgeDirective):
    """Technique against condition, with the best certainty in each cell."""

    def run(self) -> list[nodes.Node]:
        return self._render(render.technique_matrix(_kb(self)))


class JurisdictionTable(_KnowledgeDirective):
    """The international comparison of how massage therapy is regulated."""

    def run(self) -> list[nodes.Node]:
        return self._render(render.jurisdiction_table(_kb(self)))


class CredentialTable(_KnowledgeDirective):
    """Credentials and titles, optionally for one jurisdiction (``:jurisdiction: us``)."""

    option_spec = {"jurisdiction": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        kb = _kb(self)
        jurisdiction = self.options.get("jurisdiction")
        if jurisdiction is not None and jurisdiction not in kb.jurisdictions:
            raise self.error(
                f"unknown jurisdiction '{jurisdiction}': expected one of {', '.join(sorted(kb.jurisdictions))}"
            )
        return self._render(render.credential_table(kb, jurisdiction))


def _load(app: Sphinx) -> None:
    data_dir = Path(app.config.medmassage_knowledge_dir or KNOWLEDGE_DIR)
    try:
        kb = load_knowledge_base(data_dir)
    except (KnowledgeBaseError, BibliographyError) as exc:
        raise ExtensionError(f"knowledge base: {exc}") from None
    setattr(app, _ENV_KEY, kb)
    for message in stale_reviews(kb, date.today(), app.config.medmassage_review_max_age_days):
        logger.warning(message, type="medmassage", subtype="stale-review")


def _no_process_language(app: Sphinx, docname: str, source: list[str]) -> None:
    """Warn, with the page and line, where a page talks about how the book was written."""
    for number, line in enumerate(source[0].splitlines(), start=1):
        for phrase in wording.process_phrases(line):
            logger.warning(
                f"reader-facing text says '{phrase}': {wording.ADVICE}",
                location=(docname, number),
                type="medmassage",
                subtype="process-language",
            )


def _note_written_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    app._medmassage_written = getattr(app, "_medmassage_written", set()) | {pagename}  # type: ignore[attr-defined]


def _complete_sitemap(app: Sphinx, exception: Exception | None) -> None:
    """sphinx-sitemap lists only the pages written in this build, so an incremental build would
    publish a partial sitemap. Queue the unchanged pages too, with sphinx-sitemap's own function."""
    if exception is not None or app.builder.format != "html" or not hasattr(app.env.app, "sitemap_links"):
        return
    from sphinx_sitemap import add_html_link

    written = getattr(app, "_medmassage_written", set())
    for docname in sorted(app.env.found_docs - written):
        add_html_link(app, docname, None, None, None)


def _cut_icons(app: Sphinx, exception: Exception | None) -> None:
    """Cut the theme's icon fonts and icon class list down to the icons the site uses (see medmassage.icon_fonts)."""
    if exception is not None or app.builder.format != "html":
        return
    try:
        sizes = icon_fonts.cut_site_icons(Path(app.outdir), Path(app.doctreedir) / "medmassage-icon-fonts")
    except Exception as error:  # fontTools raises many kinds; name the step and the cause
        raise ExtensionError(f"could not cut down the icons in {app.outdir}/_static: {error}") from error
    before, after = sum(b for b, _ in sizes.values()), sum(a for _, a in sizes.values())
    logger.info(f"icons: {len(sizes)} files (fonts and stylesheets) cut from {before:,} to {after:,} bytes")


def _configure(app: Sphinx, config: Any) -> None:
    config.html_static_path.append(str(STATIC_DIR))
    config.templates_path.insert(0, str(TEMPLATES_DIR))  # small accessibility overrides of theme parts
    # Without an icon, browsers request a missing /favicon.ico and log an error.
    config.html_favicon = str(STATIC_DIR / "favicon.svg")
    # A class's JupyterHub differs per deployment, so its address comes from the
    # environment rather than _config.yml; without it there is no JupyterHub button.
    hub = os.environ.get(JUPYTERHUB_ENV, "").strip()
    if hub:
        launch = config.html_theme_options.setdefault("launch_buttons", {})
        launch["jupyterhub_url"] = hub


def _tidy_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Keep one copy of each script (sphinx-thebe's inline config is registered twice under
    Jupyter Book, and the second copy throws "THEBE_JS_URL has already been declared"), and
    defer external scripts so they don't block the first paint."""
    unique: dict[tuple, Any] = {}
    for script in context.get("script_files", []):
        attributes = tuple(sorted(getattr(script, "attributes", {}).items()))
        # The same inline script arrives once with filename None and once with "".
        unique.setdefault((getattr(script, "filename", None) or "", attributes), script)
    # The search page runs inline code against Sphinx's scripts as it loads: leave it as is.
    scripts = list(unique.values())
    context["script_files"] = scripts if pagename == "search" else [_deferred(s) for s in scripts]


def _deferred(script: Any) -> Any:
    """Load external scripts with ``defer``, so they don't block the first paint. Deferred
    scripts still run in document order. documentation_options.js stays blocking: inline
    scripts read the DOCUMENTATION_OPTIONS it defines."""
    attributes = dict(getattr(script, "attributes", {}))
    filename = str(getattr(script, "filename", None) or "")
    if not filename or "async" in attributes or "defer" in attributes or "documentation_options" in filename:
        return script
    attributes["defer"] = "defer"
    return type(script)(script.filename, priority=script.priority, **attributes)


def _accessible_bibliography(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Drop docutils' ARIA roles on citation lists: 'list' whose children are not list items
    (axe: aria-required-children, critical) and the deprecated 'doc-biblioentry'."""
    body = context.get("body", "")
    if "citation-list" in body:
        body = body.replace('<div role="list" class="citation-list">', '<div class="citation-list">')
        context["body"] = body.replace(' role="doc-biblioentry"', "")


#: Used for pages with no description of their own (the index and search pages).
SITE_DESCRIPTION = (
    "An open, evidence-based course on medical massage: what it can and cannot do for common "
    "conditions, how the techniques work, and how to find a therapist."
)


def _page_description(app: Sphinx, pagename: str, doctree: Any) -> str:
    """The page's front-matter description, else its opening paragraph, else the site's."""
    described = app.env.metadata.get(pagename, {}).get("description")
    if described:
        return " ".join(str(described).split())
    if doctree is not None:
        for paragraph in doctree.findall(nodes.paragraph):
            text = " ".join(paragraph.astext().split())
            if len(text) > 40:
                return text if len(text) <= 160 else text[:157].rsplit(" ", 1)[0] + "..."
    return SITE_DESCRIPTION


def _meta_description(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Every page gets a meta description, for search results and link previews."""
    content = html.escape(_page_description(app, pagename, doctree), quote=True)
    context["metatags"] = context.get("metatags", "") + f'\n<meta name="description" content="{content}" />'


def _quiz_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Add the quiz script and styles only to pages that show a quiz (not to every page)."""
    if 'class="mm-quiz"' in context.get("body", ""):
        app.add_js_file("quiz.js", defer="defer")
        app.add_css_file("quiz.css")


def setup(app: Sphinx) -> dict[str, Any]:
    # Evidence reviews older than this many days are build warnings (so, with -W, errors).
    app.add_config_value("medmassage_review_max_age_days", 730, "env", [int])
    # The knowledge base's data folder; empty means the course's own (medmassage/knowledge/data).
    app.add_config_value("medmassage_knowledge_dir", "", "env", [str])
    app.connect("config-inited", _configure)
    app.connect("builder-inited", _load)
    app.connect("source-read", _no_process_language)
    app.connect("html-page-context", _quiz_assets)
    app.connect("html-page-context", _accessible_bibliography)
    app.connect("html-page-context", _meta_description)
    app.connect("html-page-context", _note_written_page)
    app.connect("build-finished", _complete_sitemap, priority=400)
    app.connect("build-finished", _cut_icons)  # before sphinx-sitemap writes the file
    app.connect("html-page-context", _tidy_scripts, priority=900)  # after others add scripts
    app.add_directive("evidence-glance", EvidenceGlance)
    app.add_directive("evidence-table", EvidenceTable)
    app.add_directive("red-flags", RedFlags)
    app.add_directive("bottom-line", BottomLine)
    app.add_directive("how-checked", HowChecked)
    app.add_directive("signs-by-urgency", SignsByUrgency)
    app.add_directive("technique-matrix", TechniqueMatrix)
    app.add_directive("jurisdiction-table", JurisdictionTable)
    app.add_directive("credential-table", CredentialTable)
    app.add_css_file("medmassage.css")
    figure_output.register(app)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
