"""Bottom lines: headline results in GRADE's plain-language phrases, generated from the knowledge base."""

from __future__ import annotations

import pytest

from medmassage.bottom_line import clause, outcome_phrase, sentence, sentences, statement
from medmassage.knowledge import Certainty, Finding, Result, knowledge_base
from tests.factories import finding

KB = knowledge_base()


def headline(**changes) -> Finding:
    """A headline finding: moderate certainty that massage reduces pain against a sham, short term."""
    return finding(
        **{
            "comparison": "sham",
            "outcome": "Pain (0 to 10 scale)",
            "result": "reduces",
            "follow_up": "short-term",
            "certainty": "moderate",
            "headline": True,
            **changes,
        }
    )


@pytest.mark.parametrize(
    ("certainty", "result", "expected"),
    [
        (Certainty.HIGH, Result.REDUCES, "massage reduces pain"),
        (Certainty.MODERATE, Result.REDUCES, "massage probably reduces pain"),
        (Certainty.LOW, Result.REDUCES, "massage may reduce pain"),
        (Certainty.VERY_LOW, Result.REDUCES, "the evidence is very uncertain about whether massage reduces pain"),
        (Certainty.HIGH, Result.NO_DIFFERENCE, "massage results in little to no difference in pain"),
        (Certainty.MODERATE, Result.NO_DIFFERENCE, "massage probably results in little to no difference in pain"),
        (Certainty.LOW, Result.NO_DIFFERENCE, "massage may result in little to no difference in pain"),
        (
            Certainty.VERY_LOW,
            Result.NO_DIFFERENCE,
            "the evidence is very uncertain about whether massage makes any difference to pain",
        ),
        (Certainty.LOW, Result.IMPROVES, "massage may improve pain"),
    ],
)
def test_each_certainty_has_its_grade_phrase(certainty, result, expected):
    assert clause("massage", result, certainty, "pain") == expected


def test_not_rated_has_no_phrase():
    with pytest.raises(ValueError):
        clause("massage", Result.REDUCES, Certainty.NOT_RATED, "pain")


def test_sentence_says_what_was_compared_when_and_who_rated_it():
    text = sentence(statement(headline(control="sham (dummy) massage", time_point="at 12 weeks")))
    assert text == (
        "Compared with sham (dummy) massage, massage probably reduces pain at 12 weeks "
        "(moderate certainty; rated by the review authors with GRADE)."
    )
    # Without the source's own terms, the comparison kind is named; without a time point, the follow-up.
    assert sentence(statement(headline())).startswith(
        "Compared with a sham (pretend) treatment, massage probably reduces pain in the short term"
    )


@pytest.mark.parametrize(
    ("outcome", "phrase"),
    [("Disability (Roland score; lower is better)", "disability"), ("Pain", "pain"), ("HRQoL", "HRQoL")],
)
def test_outcome_phrase(outcome, phrase):
    assert outcome_phrase(outcome) == phrase


def test_every_condition_has_a_bottom_line_or_says_what_is_missing():
    for condition_id, condition in KB.conditions.items():
        found = sentences(KB, condition_id)
        assert found or condition.gaps, condition_id
        for text in found:
            assert text.startswith("Compared with ") and "certainty;" in text, text


def test_results_differing_only_in_outcome_share_one_sentence():
    # Fibromyalgia's two headline results (pain, depression) share everything else.
    assert sentences(KB, "fibromyalgia") == [
        "Compared with a mix of control groups, a course of massage lasting 5 weeks or more may reduce pain and "
        "depression straight after treatment (low certainty; this book's rating, because the source gives none)."
    ]


def test_low_back_pain_bottom_line_names_the_inactive_controls():
    first = sentences(KB, "low-back-pain")[0]
    assert "sham therapy, a waiting list or no treatment" in first and "may reduce pain in the short term" in first
