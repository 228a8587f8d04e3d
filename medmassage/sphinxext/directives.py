"""The directives that render the knowledge base into pages (MyST)::

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

Each directive turns records into MyST with :mod:`medmassage.render` (which escapes every data
string) and parses it in place, and makes the page depend on the data files, so an edited record
rebuilds the pages that show it. A bad argument is an error naming the page and line.
"""

from __future__ import annotations

from datetime import date

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from pydantic import ValidationError
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .. import render
from ..knowledge import KnowledgeBase
from ..knowledge.models import Review
from .knowledge import knowledge_base

logger = logging.getLogger(__name__)


def _kb(directive: SphinxDirective) -> KnowledgeBase:
    return knowledge_base(directive.config)


class _KnowledgeDirective(SphinxDirective):
    """Shared parts: dependency tracking and parsing generated MyST."""

    def _render(self, markdown: str) -> list[nodes.Node]:
        for path in _kb(self).source_files.values():
            self.env.note_dependency(str(path))
        container = nodes.container()
        self.state.nested_parse(
            StringList(markdown.splitlines(), source=self.get_source_info()[0]), self.content_offset, container
        )
        for table in container.findall(nodes.table):
            if "evidence-table" in table["classes"]:
                label_cells(table)
        return container.children

    def _condition(self, condition_id: str) -> str:
        kb = _kb(self)
        if condition_id not in kb.conditions:
            raise self.error(f"unknown condition '{condition_id}': expected one of {', '.join(sorted(kb.conditions))}")
        return condition_id


def label_cells(table: nodes.table) -> None:
    """Start each data cell with its column's name, hidden on wide screens. On a phone the table's rows
    stack into cards (medmassage.css), and the names say what each line of a card is."""
    head = next(table.findall(nodes.thead), None)
    body = next(table.findall(nodes.tbody), None)
    if head is None or body is None:
        return
    headers = [entry.astext() for entry in head.findall(nodes.entry)]
    stubs = [bool(colspec.get("stub")) for colspec in table.findall(nodes.colspec)]
    for row in body.findall(nodes.row):
        entries = [child for child in row.children if isinstance(child, nodes.entry)]
        for header, stub, entry in zip(headers, stubs, entries, strict=True):
            if not stub:  # a row header heads its card, so it needs no name
                entry.insert(0, nodes.paragraph("", header, classes=["cell-label"]))


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
    """Technique against condition, with the best certainty in each cell, in words and in colour:
    each data cell gets its certainty's class (``certainty-low``, ``certainty-none``)."""

    def run(self) -> list[nodes.Node]:
        kb = _kb(self)
        rendered = self._render(render.technique_matrix(kb))
        table = next(t for node in rendered for t in node.findall(nodes.table))
        _, matrix = render.technique_matrix_cells(kb)
        body = list(next(table.findall(nodes.tbody)).findall(nodes.row))
        for row, (_, cells) in zip(body, matrix, strict=True):
            entries = [child for child in row.children if isinstance(child, nodes.entry)][1:]  # after the stub
            for entry, cell in zip(entries, cells, strict=True):
                entry["classes"].append(cell.css_class)
        return rendered


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


DIRECTIVES: dict[str, type[SphinxDirective]] = {
    "evidence-glance": EvidenceGlance,
    "evidence-table": EvidenceTable,
    "red-flags": RedFlags,
    "bottom-line": BottomLine,
    "how-checked": HowChecked,
    "signs-by-urgency": SignsByUrgency,
    "technique-matrix": TechniqueMatrix,
    "jurisdiction-table": JurisdictionTable,
    "credential-table": CredentialTable,
}


def setup(app: Sphinx) -> None:
    app.setup_extension("sphinx_design")  # the evidence box folds its full table in a {dropdown}
    for name, directive in DIRECTIVES.items():
        app.add_directive(name, directive)
