"""Number formatting, direction judgements and the evidence boxes built from them."""

from __future__ import annotations

import pytest

from medmassage.knowledge import Finding, knowledge_base
from medmassage.render import direction_text, effect_text, number, size_text
from tests.factories import finding


def make(effect=None, **extra) -> Finding:
    """A finding with an optional effect; an effect needs a comparison, so one is supplied."""
    if effect is not None:
        extra = {"comparison": "inactive", **extra, "effect": effect}
    return finding(**extra)


def test_number_uses_a_true_minus_and_trims_zeros():
    assert number(-0.40) == "\N{MINUS SIGN}0.4"
    assert number(7.11) == "7.11"
    assert number(-1.0) == "\N{MINUS SIGN}1"


def test_effect_text_with_and_without_interval():
    f = make({"measure": "SMD", "value": -0.75, "ci_low": -0.9, "ci_high": -0.6, "favours_treatment_when": "negative"})
    assert effect_text(f) == "SMD \N{MINUS SIGN}0.75 (95% CI \N{MINUS SIGN}0.9 to \N{MINUS SIGN}0.6)"
    assert effect_text(make()) == "—"


@pytest.mark.parametrize(
    ("effect", "expected"),
    [
        (
            {"measure": "SMD", "value": -0.75, "ci_low": -0.9, "ci_high": -0.6, "favours_treatment_when": "negative"},
            "Favours the treatment tested",
        ),
        (
            {"measure": "SMD", "value": -0.34, "ci_low": -1.05, "ci_high": 0.37, "favours_treatment_when": "negative"},
            "No clear difference",
        ),
        (
            {"measure": "RR", "value": 0.63, "ci_low": 0.14, "ci_high": 2.82, "favours_treatment_when": "below-one"},
            "No clear difference",
        ),
        # With no interval, precision is unknown: the direction rests on the estimate alone, and says so.
        (
            {"measure": "SMD", "value": 0.62, "favours_treatment_when": "positive"},
            "Estimate favours the treatment tested (no interval reported)",
        ),
        (
            {"measure": "MD", "value": 1.5, "favours_treatment_when": "negative"},
            "Estimate favours the comparison (no interval reported)",
        ),
        (
            {"measure": "SMD", "value": 0.3, "ci_low": 0.1, "ci_high": 0.5, "favours_treatment_when": "negative"},
            "Favours the comparison",
        ),
    ],
)
def test_direction_follows_the_interval(effect, expected):
    assert direction_text(make(effect)) == expected


def test_size_text_is_grammatical():
    assert size_text(make(trials=1, participants=1)) == "1 trial, 1 person"
    assert size_text(make(trials=7, participants=1761)) == "7 trials, 1,761 people"
    assert size_text(make()) == "—"


def test_compared_with_prefers_the_sources_own_terms():
    from medmassage.render import compared_with_text

    effect = {"measure": "SMD", "value": -0.75, "ci_low": -0.9, "ci_high": -0.6, "favours_treatment_when": "negative"}
    assert compared_with_text(make(effect)) == "No treatment, wait list or usual care"
    controlled = make(effect, control="inactive controls (sham therapy, a waiting list or no treatment)")
    assert compared_with_text(controlled) == "Inactive controls (sham therapy, a waiting list or no treatment)"


def test_when_text_adds_the_exact_time_point():
    from medmassage.render import when_text

    assert when_text(make(follow_up="short-term", time_point="at 10 weeks")) == "Short term (at 10 weeks)"
    assert when_text(make(time_point="at the end of treatment")) == "At the end of treatment"
    assert when_text(make()) == "—"


# --- the evidence box: results, guidelines and gaps apart, the full table folded -------------------


def test_the_results_table_holds_exactly_the_results_with_a_number():
    from medmassage.render import RESULT_COLUMNS, result_rows

    findings = knowledge_base().findings_for(condition="low-back-pain")
    rows = result_rows(findings)
    numbered = [f for f in findings if f.effect is not None]
    assert len(rows) == len(numbered) and all(len(row) == len(RESULT_COLUMNS) for row in rows)
    assert [row[3] for row in rows] == [effect_text(f) for f in numbered]
    assert not any(f.design.value == "guideline" for f in numbered)


def test_the_guideline_table_holds_exactly_the_guidelines():
    from medmassage.render import GUIDELINE_COLUMNS, guideline_rows

    findings = knowledge_base().findings_for(condition="low-back-pain")
    rows = guideline_rows(findings)
    guidelines = [f for f in findings if f.design.value == "guideline"]
    assert len(rows) == len(guidelines) == 4 and all(len(row) == len(GUIDELINE_COLUMNS) for row in rows)
    assert [row[2] for row in rows] == [f.summary for f in guidelines]
    assert "the recommendation itself is strong" in rows[0][3]  # the ACP's strength, with the evidence grade


def test_the_evidence_box_folds_every_result_under_the_summary():
    from medmassage.myst_text import escape
    from medmassage.render import evidence_glance

    kb = knowledge_base()
    text = evidence_glance(kb, "low-back-pain")
    assert text.startswith("(evidence-low-back-pain)=\n")
    summary, folded = text.split("::::{dropdown}")
    assert ":class-container: evidence-full" in folded and "evidence-cards" in folded
    assert "evidence-results" in summary and "evidence-guidelines" in summary and "**Not yet known**" in summary
    for gap in kb.conditions["low-back-pain"].gaps:
        assert escape(gap.text) in summary
    assert "25 rows" in folded.splitlines()[0]


def test_the_bottom_line_states_results_only():
    from medmassage.render import bottom_line_box

    kb = knowledge_base()
    box = bottom_line_box(kb, "low-back-pain")
    assert "Not yet known" not in box and "furlan2015massage" in box
    assert "Evidence last reviewed" in box


def test_matrix_cells_say_their_certainty_in_words_and_in_a_class():
    from medmassage.render import NO_TRIALS, technique_matrix, technique_matrix_cells

    kb = knowledge_base()
    _, rows = technique_matrix_cells(kb)
    cells = [c for _, row in rows for c in row]
    assert {c.text for c in cells if c.best is None} == {NO_TRIALS}
    assert all(c.text.startswith(c.best.label) and c.css_class == f"certainty-{c.best.value}" for c in cells if c.best)
    text = technique_matrix(kb)
    linked = sum(1 for c in cells if c.best)
    assert text.count("{ref}`") == linked and text.count("<evidence-") == linked


def test_a_condition_without_headline_results_says_so_in_its_bottom_line():
    import dataclasses

    from medmassage.render import NO_HEADLINE, bottom_line_box

    kb = knowledge_base()
    plain = {k: f.model_copy(update={"headline": False}) for k, f in kb.findings.items()}
    box = bottom_line_box(dataclasses.replace(kb, findings=plain), "neck-pain")
    assert NO_HEADLINE in box and "Compared with" not in box
