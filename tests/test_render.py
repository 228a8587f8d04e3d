"""Number formatting and direction judgements used by every evidence table."""

from __future__ import annotations

import pytest

from medmassage.knowledge import Finding
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
