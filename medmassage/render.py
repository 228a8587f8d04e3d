"""Turn knowledge-base records into MyST Markdown for the book's pages.

Every number a reader sees in an evidence box or table is formatted here, and
only here, so the pages and the tests that check them agree on one format.

The ``*_text`` and ``*_rows`` functions return plain text (what a reader sees); the functions that
assemble MyST escape every piece of it with :func:`medmassage.myst_text.escape`, so no data field
can add markup or HTML to a page. Markup the code writes itself is :class:`~medmassage.myst_text.Markup`.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import bottom_line as grade_phrases
from .knowledge import Certainty, Design, Finding, KnowledgeBase, Review, Urgency
from .myst_text import Markup, escape

MINUS = "\N{MINUS SIGN}"


def number(value: float) -> str:
    """Format a number with a true minus sign and no trailing zeros (-0.40 -> '−0.4')."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace("-", MINUS)


def effect_text(finding: Finding) -> str:
    """'SMD −0.75 (95% CI −0.90 to −0.60)', or '—' when no number was reported."""
    effect = finding.effect
    if effect is None:
        return "—"
    text = f"{effect.measure} {number(effect.value)}"
    if effect.unit:
        text += f" {effect.unit}"
    if effect.ci_low is not None and effect.ci_high is not None:
        text += f" (95% CI {number(effect.ci_low)} to {number(effect.ci_high)})"
    return text


def direction_text(finding: Finding) -> str:
    """Which way the result points: judged from the confidence interval where there is one, and
    said to rest on the estimate alone where there is none (a bare number cannot show precision)."""
    effect = finding.effect
    if effect is None:
        return "No pooled number"
    favours_low = effect.favours_treatment_when in ("negative", "below-one")
    below = effect.value < effect.null_value
    side = "the treatment tested" if below == favours_low else "the comparison"
    if effect.ci_low is None or effect.ci_high is None:
        return f"Estimate favours {side} (no interval reported)"
    if effect.ci_low <= effect.null_value <= effect.ci_high:
        return "No clear difference"
    return f"Favours {side}"


def compared_with_text(finding: Finding) -> str:
    """What the comparison group had: the source's own terms where known, else the kind of comparison."""
    if finding.control:
        return finding.control[:1].upper() + finding.control[1:]
    return finding.comparison.label if finding.comparison else "—"


def when_text(finding: Finding) -> str:
    """'Short term (at 10 weeks)', 'Long term', or '—'."""
    label = finding.follow_up.label if finding.follow_up else ""
    if finding.time_point:
        return f"{label} ({finding.time_point})" if label else finding.time_point[:1].upper() + finding.time_point[1:]
    return label or "—"


def size_text(finding: Finding) -> str:
    """'7 trials, 761 people' from whatever counts were reported."""
    parts = []
    if finding.trials:
        parts.append(f"{finding.trials} trial" + ("s" if finding.trials > 1 else ""))
    if finding.participants:
        parts.append(f"{finding.participants:,} " + ("person" if finding.participants == 1 else "people"))
    return ", ".join(parts) or "—"


def list_table(caption: str, rows: list[list[str]], css_class: str, stub_column: bool = False) -> str:
    """A MyST list-table (first row is the header) that scrolls inside its own box on narrow screens.

    The caption and every cell are escaped as plain text, except cells that are :class:`Markup`."""
    lines = [f":::{{list-table}} {escape(caption)}", ":header-rows: 1"]
    if stub_column:
        lines.append(":stub-columns: 1")
    lines += [f":class: evidence-table {css_class}".rstrip(), ""]
    for cells in rows:
        lines.append(f"* - {escape(cells[0])}")
        lines.extend(f"  - {escape(cell)}" for cell in cells[1:])
    lines.append(":::")
    return "\n".join(lines)


def evidence_rows(findings: list[Finding]) -> list[list[str]]:
    """Table rows, one per finding, in the column order of :data:`EVIDENCE_COLUMNS`."""
    return [
        [
            f.intervention,
            f.outcome,
            f.population or "—",
            compared_with_text(f),
            effect_text(f),
            direction_text(f),
            when_text(f),
            size_text(f),
            f.certainty.label,
            _cites([f.source]),
        ]
        for f in findings
    ]


EVIDENCE_COLUMNS = [
    "What was tested",
    "Outcome",
    "Who",
    "Compared with",
    "Effect",
    "Direction",
    "When measured",
    "Evidence base",
    "Certainty",
    "Source",
]


def evidence_table(findings: list[Finding], label: str) -> str:
    """A table of findings with a caption. Its ten columns never fit a page column, so it shows as one
    card per result at every width (``evidence-cards`` in medmassage.css)."""
    return list_table(label, [EVIDENCE_COLUMNS, *evidence_rows(findings)], "evidence-cards")


RESULT_COLUMNS = ["What was tested", "Outcome and when", "Compared with", "Effect", "Certainty", "Source"]
GUIDELINE_COLUMNS = ["Guideline", "Who it covers", "What it says", "Strength and grading"]


def result_rows(findings: list[Finding]) -> list[list[str]]:
    """The short table of results with a number: what, when, against what, the number and how sure.
    Results without a number, and guidelines, are in the full table and the guideline table."""
    return [
        [
            f.intervention,
            f"{f.outcome}, {lower_first(when_text(f))}" if f.follow_up or f.time_point else f.outcome,
            compared_with_text(f),
            effect_text(f),
            f.certainty.label,
            _cites([f.source]),
        ]
        for f in findings
        if f.effect is not None
    ]


def guideline_rows(findings: list[Finding]) -> list[list[str]]:
    """What guidelines say, apart from what studies found: who they cover, the advice and its grading."""
    return [
        [
            Markup(f"{{cite:t}}`{f.source}`"),  # a bibliography key, checked when the knowledge base loads
            f.population or "—",
            f.summary,
            f"{f.certainty.label}: {lower_first(f.certainty_basis)}",
        ]
        for f in findings
        if f.design is Design.GUIDELINE
    ]


def lower_first(text: str) -> str:
    """'Short term' -> 'short term': a label's first letter in lower case, for use mid-sentence."""
    return text[:1].lower() + text[1:]


def evidence_label(condition_id: str) -> str:
    """The reference label of a condition's evidence box (the technique matrix links to it)."""
    return f"evidence-{condition_id}"


def evidence_glance(kb: KnowledgeBase, condition_id: str) -> str:
    """The 'evidence at a glance' box: results and guideline advice in separate short tables, the
    gaps as a list, and every result in full folded underneath (open when printed)."""
    condition = kb.conditions[condition_id]
    findings = kb.findings_for(condition=condition_id)
    name = condition.name.lower()
    parts: list[str] = []
    results = result_rows(findings)
    if results:
        parts.append(
            "Read what was tested and what it was compared with before the number.\n\n"
            + list_table(f"Results with a number: {name}", [RESULT_COLUMNS, *results], "evidence-results")
        )
    elif findings:
        parts.append("No study reported a number for this condition: what was found, in words, is in the full table.")
    else:
        parts.append("No trials or reviews were found. That is a gap in the evidence, not proof that massage fails.")
    guidelines = guideline_rows(findings)
    if guidelines:
        parts.append(
            list_table(
                f"What guidelines and health services advise: {name}",
                [GUIDELINE_COLUMNS, *guidelines],
                "evidence-guidelines",
            )
        )
    if condition.gaps:
        parts.append(
            "**Not yet known**\n\n" + "\n".join(f"- {escape(gap.text)} {_cites(gap.sources)}" for gap in condition.gaps)
        )
    if findings:
        parts.append(
            "\n".join(
                [
                    f"::::{{dropdown}} Every result in full: {len(findings)} row{'s' if len(findings) > 1 else ''}, "
                    "with who took part, the direction and the size of the evidence",
                    ":class-container: evidence-full",
                    "",
                    evidence_table(findings, f"Evidence at a glance, in full: {name}"),
                    "::::",
                ]
            )
        )
    return "\n".join(
        [
            f"({evidence_label(condition_id)})=",
            ":::::{admonition} Evidence at a glance",
            ":class: evidence-glance",
            "",
            "\n\n".join(parts),
            ":::::",
        ]
    )


NO_HEADLINE = (
    "No result is yet firm enough to state as a bottom line. What is not yet known is listed under "
    "Evidence at a glance."
)


def bottom_line_box(kb: KnowledgeBase, condition_id: str) -> str:
    """The 'bottom line' box: the headline results in GRADE's phrases, and the review date."""
    condition = kb.conditions[condition_id]
    lines = ["::::{admonition} Bottom line", ":class: bottom-line", ""]
    statements = grade_phrases.statements(kb, condition_id)
    for part, finding in zip(statements, _statement_sources(kb, condition_id), strict=True):
        lines.append(f"- {escape(grade_phrases.sentence(part))} {{cite:p}}`{finding}`")
    if not statements:  # the loader allows a condition with no headline result; say so, never leave it blank
        lines.append(NO_HEADLINE)
    lines += ["", escape(f"Evidence last reviewed: {condition.review.month_year}."), "::::"]
    return "\n".join(lines)


def _statement_sources(kb: KnowledgeBase, condition_id: str) -> list[str]:
    """The bibliography keys behind each merged bottom-line sentence, comma-separated for one citation."""
    keys: list[list[str]] = []
    previous = None
    for finding in kb.headlines(condition_id):
        key = grade_phrases.statement(finding).key()
        if keys and key == previous:
            if finding.source not in keys[-1]:
                keys[-1].append(finding.source)
        else:
            keys.append([finding.source])
        previous = key
    return [",".join(group) for group in keys]


def how_checked_note(review: Review) -> str:
    """'How this chapter was checked': when its evidence was last reviewed and what was searched."""
    return "\n".join(
        [
            "::::{admonition} How this chapter was checked",
            ":class: how-checked note",
            "",
            escape(
                f"Evidence last reviewed: {review.month_year}. Sources searched: {review.searched}. "
                "Each statement below cites its source; where nothing was found, the chapter says so."
            ),
            "::::",
        ]
    )


def red_flags(kb: KnowledgeBase, condition_id: str) -> str:
    """Red flags grouped by how fast to act, then precautions, then when to see a doctor."""
    condition = kb.conditions[condition_id]
    lines = [
        "::::{admonition} Red flags: when to get medical help, and how fast",
        ":class: red-flags danger",
        "",
    ]
    for urgency in sorted(Urgency, key=lambda u: -u.rank):
        flags = [flag for flag in condition.red_flags if flag.urgency is urgency]
        if not flags:
            continue
        lines += [f"**{escape(urgency.instruction)}:**", ""]
        lines += [f"- **{escape(flag.sign)}.** {escape(flag.action)} {_cites(flag.sources)}" for flag in flags]
        lines.append("")
    if condition.precautions:
        lines += ["**Precautions before massage:**", ""]
        lines += [f"- **{escape(p.who)}.** {escape(p.advice)} {_cites(p.sources)}" for p in condition.precautions]
        lines.append("")
    lines += ["**When to see a doctor:**", ""]
    lines += [f"- {escape(reason)}" for reason in condition.see_a_doctor]
    lines += ["", f"Source: {{cite:t}}`{condition.see_a_doctor_source}`.", "::::"]
    return "\n".join(lines)


def signs_by_urgency(kb: KnowledgeBase) -> str:
    """Every red flag in the book, grouped by how fast to act: each wording of a sign once, with the
    chapters that list it (chapters word a shared sign for their own readers, so wordings are kept)."""
    lines = [
        "::::{admonition} Every red flag in this book, by how fast to act",
        ":class: red-flags danger signs-by-urgency",
        "",
    ]
    for urgency in sorted(Urgency, key=lambda u: -u.rank):
        lines += [f"**{escape(urgency.instruction)}:**", ""]
        by_sign: dict[tuple[str, str], list] = {}
        for condition in kb.conditions.values():
            for flag in condition.red_flags:
                if flag.urgency is urgency:
                    by_sign.setdefault((flag.code, flag.sign), []).append((condition, flag))
        for entries in sorted(by_sign.values(), key=lambda e: e[0][1].code):
            condition, flag = entries[0]
            # A condition's name is validated as a plain name, so it is safe inside the role.
            chapters = ", ".join(f"{{ref}}`{c.name.lower()} <condition-{c.id}>`" for c, _ in entries)
            keys = list(dict.fromkeys(key for _, f in entries for key in f.sources))
            lines.append(f"- **{escape(flag.sign)}** (see {chapters}). {escape(flag.action)} {_cites(keys)}")
        lines.append("")
    lines.append("::::")
    return "\n".join(lines)


NO_TRIALS = "No trials found"


@dataclass(frozen=True)
class MatrixCell:
    """One technique and condition: the best certainty of any result about massage itself, or none."""

    condition_id: str
    best: Certainty | None  # None: no trials found
    results: int

    @property
    def text(self) -> str:
        """'Low (2 results)' or 'No trials found': the certainty in words, never colour alone."""
        if self.best is None:
            return NO_TRIALS
        return f"{self.best.label} ({self.results} result{'s' if self.results > 1 else ''})"

    @property
    def css_class(self) -> str:
        """The cell's colour, keyed to its certainty (see medmassage.css)."""
        return f"certainty-{self.best.value}" if self.best else "certainty-none"


def technique_matrix_cells(kb: KnowledgeBase) -> tuple[list, list[tuple[str, list[MatrixCell]]]]:
    """The conditions (columns, by name) and one row per technique, then 'style not specified'."""
    conditions = sorted(kb.conditions.values(), key=lambda c: c.name)
    techniques = [*kb.techniques.values(), None]  # None: studies of massage whose style was not specified
    rows = []
    for technique in techniques:
        cells = []
        for condition in conditions:
            found = [
                f
                for f in kb.findings_for(condition=condition.id)
                if f.tests_massage
                and f.technique == (technique.id if technique else None)
                and f.design is not Design.GUIDELINE
            ]
            best = max(found, key=lambda f: f.certainty.rank).certainty if found else None
            cells.append(MatrixCell(condition.id, best, len(found)))
        rows.append((technique.name if technique else "Massage, style not specified", cells))
    return conditions, rows


def technique_matrix_rows(kb: KnowledgeBase) -> list[list[str]]:
    """Header plus one row per technique (and one for 'style not specified'), conditions as columns."""
    conditions, rows = technique_matrix_cells(kb)
    return [["Technique", *(c.name for c in conditions)], *[[name, *(c.text for c in cells)] for name, cells in rows]]


def technique_matrix(kb: KnowledgeBase) -> str:
    """Technique against condition: the best certainty of any result about massage itself. Each cell
    with results links to that condition's evidence box; the directive colours the cells."""
    conditions, rows = technique_matrix_cells(kb)
    table = [["Technique", *(c.name for c in conditions)]]
    for name, cells in rows:
        linked = [
            Markup(f"{{ref}}`{cell.text} <{evidence_label(cell.condition_id)}>`") if cell.best else cell.text
            for cell in cells
        ]
        table.append([name, *linked])
    return list_table(
        "Best certainty of any result for each technique and condition", table, "technique-matrix", stub_column=True
    )


JURISDICTION_COLUMNS = [
    "Jurisdiction",
    "What is regulated",
    "Protected titles",
    "Training",
    "What massage practice does not include",
    "Payment and prescriptions",
    "Sources",
]


def _dated(date: str | None) -> str:
    return f"source dated {date}" if date else "sources undated"


def _cites(keys: list[str]) -> Markup:
    """A citation role; bibliography keys are checked against the bibliography when loaded."""
    return Markup(f"{{cite:p}}`{','.join(keys)}`")


def _cited_and_dated(keys: list[str], date: str | None) -> Markup:
    # A source date is validated as YYYY or YYYY-MM, so it needs no escaping.
    return Markup(f"{_cites(keys)} ({_dated(date)})")


def jurisdiction_rows(kb: KnowledgeBase) -> list[list[str]]:
    """Header plus one row per jurisdiction; the last column holds the citation and source date."""
    return [JURISDICTION_COLUMNS] + [
        [
            j.name,
            j.regulated,
            j.protected_titles,
            j.training,
            j.scope,
            j.payment,
            _cited_and_dated(j.sources, j.source_date),
        ]
        for j in kb.jurisdictions.values()
    ]


def jurisdiction_table(kb: KnowledgeBase) -> str:
    """The international comparison: one row per jurisdiction."""
    caption = "How massage therapy is regulated: an international comparison"
    return list_table(caption, jurisdiction_rows(kb), "jurisdiction-table evidence-cards", stub_column=True)


CREDENTIAL_COLUMNS = [
    "Credential",
    "Kind",
    "Who grants it",
    "Required by law?",
    "Renewed?",
    "What it shows",
    "What it does not show",
    "Sources",
]


def renewal_text(expires: bool | None) -> str:
    """Whether a credential must be renewed: 'Yes', 'No (granted once)' or 'Not known'."""
    return {True: "Yes", False: "No (granted once)", None: "Not known"}[expires]


def credential_rows(kb: KnowledgeBase, jurisdiction: str | None = None) -> list[list[str]]:
    """Header plus one row per credential, optionally for one jurisdiction."""
    chosen = [c for c in kb.credentials.values() if jurisdiction is None or c.jurisdiction == jurisdiction]
    return [CREDENTIAL_COLUMNS] + [
        [
            c.name,
            c.kind.label,
            c.issuer,
            c.legal_status.label,
            renewal_text(c.expires),
            c.shows,
            c.does_not_show,
            _cited_and_dated(c.sources, c.source_date),
        ]
        for c in chosen
    ]


def credential_table(kb: KnowledgeBase, jurisdiction: str | None = None) -> str:
    """Credentials and titles, optionally for one jurisdiction."""
    where = f" ({kb.jurisdictions[jurisdiction].name})" if jurisdiction else ""
    rows = credential_rows(kb, jurisdiction)
    return list_table(
        f"What credentials and titles mean{where}", rows, "credential-table evidence-cards", stub_column=True
    )
