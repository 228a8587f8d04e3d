"""Turn knowledge-base records into MyST Markdown for the book's pages.

Every number a reader sees in an evidence box or table is formatted here, and
only here, so the pages and the tests that check them agree on one format.
"""

from __future__ import annotations

from .knowledge import Finding, KnowledgeBase

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
    """Which way the result points, judged from the confidence interval where there is one."""
    effect = finding.effect
    if effect is None:
        return "No pooled number"
    favours_low = effect.favours_treatment_when in ("negative", "below-one")
    if (
        effect.ci_low is not None
        and effect.ci_high is not None
        and effect.ci_low <= effect.null_value <= effect.ci_high
    ):
        return "No clear difference"
    below = effect.value < effect.null_value
    return "Favours the treatment tested" if below == favours_low else "Favours the comparison"


def size_text(finding: Finding) -> str:
    """'7 trials, 761 people' from whatever counts were reported."""
    parts = []
    if finding.trials:
        parts.append(f"{finding.trials} trial" + ("s" if finding.trials > 1 else ""))
    if finding.participants:
        parts.append(f"{finding.participants:,} " + ("person" if finding.participants == 1 else "people"))
    return ", ".join(parts) or "—"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def evidence_rows(findings: list[Finding]) -> list[list[str]]:
    """Table rows, one per finding, in the column order of :data:`EVIDENCE_COLUMNS`."""
    return [
        [
            f.intervention,
            f.outcome,
            f.population or "—",
            f.comparison.label if f.comparison else "—",
            effect_text(f),
            direction_text(f),
            f.follow_up.label if f.follow_up else "—",
            size_text(f),
            f.certainty.label,
            f"{{cite:p}}`{f.source}`",
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
    """A MyST list-table of findings, with a caption, that scrolls on narrow screens."""
    lines = [
        f":::{{list-table}} {label}",
        ":header-rows: 1",
        ":class: evidence-table",
        "",
    ]
    for row in [EVIDENCE_COLUMNS, *evidence_rows(findings)]:
        lines.append(f"* - {_cell(row[0])}")
        lines.extend(f"  - {_cell(cell)}" for cell in row[1:])
    lines.append(":::")
    return "\n".join(lines)


def glance_headline(findings: list[Finding]) -> str:
    """One bold sentence: the best certainty reached by any result that tested massage itself."""
    if not findings:
        return "**No trials or reviews were found.** That is a gap in the evidence, not proof that massage fails."
    about_massage = [f for f in findings if f.tests_massage]
    if not about_massage:
        return "**No result here tests massage itself:** every row is about another treatment."
    best = max(about_massage, key=lambda f: f.certainty.rank).certainty
    return f"**Highest certainty of any result for massage itself: {best.label.lower()}.**"


def evidence_glance(kb: KnowledgeBase, condition_id: str) -> str:
    """The 'evidence at a glance' box for one condition."""
    condition = kb.conditions[condition_id]
    findings = kb.findings_for(condition=condition_id)
    body = glance_headline(findings)
    if findings:
        body += (
            " Each row is one result: read what was tested, the comparison and the time point before the number.\n\n"
            + evidence_table(findings, f"Evidence at a glance: {condition.name.lower()}")
        )
    return "\n".join(
        [
            "::::{admonition} Evidence at a glance",
            ":class: evidence-glance",
            "",
            body,
            "::::",
        ]
    )


def red_flags(kb: KnowledgeBase, condition_id: str) -> str:
    """Red flags with what to do, then when to see a doctor."""
    condition = kb.conditions[condition_id]
    lines = [
        "::::{admonition} Red flags: see a doctor first",
        ":class: red-flags danger",
        "",
    ]
    for flag in condition.red_flags:
        lines.append(f"- **{flag.sign}.** {flag.action} {{cite:p}}`{flag.source}`")
    lines += ["", "**When to see a doctor**", ""]
    lines += [f"- {reason}" for reason in condition.see_a_doctor]
    lines += ["", f"Source: {{cite:t}}`{condition.see_a_doctor_source}`.", "::::"]
    return "\n".join(lines)
