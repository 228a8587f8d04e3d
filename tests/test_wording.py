"""Process language ("in our sources", "the fact sheet") is found wherever readers would see it."""

from __future__ import annotations

import pytest

from medmassage.wording import process_phrases


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("No interval was reported in our sources.", ["our sources"]),
        ("The course's sources give no guideline.", ["The course's sources"]),
        ("Low, as recorded in the course fact sheet.", ["course fact sheet"]),
        ("Low per the fact sheet.", ["per the fact sheet"]),
        ("None found in the course’s source search.", ["the course’s source search"]),
        ("Not GRADE-rated; our reading (one trial).", ["our reading"]),
        ("The rating was not re-seen in a second check.", ["re-seen"]),
        ("Very low per facts.md.", ["facts.md"]),
    ],
)
def test_process_phrases_are_found(text, found):
    assert process_phrases(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "No trial has tested massage alone for sciatica (evidence last reviewed December 2026).",
        "The sources of bias in massage trials include unblinded participants.",
        "Read the fact that the interval crosses zero.",
        "Our understanding of pain has changed.",
        "NCCIH's fact sheet on massage lists its precautions.",
    ],
)
def test_plain_statements_pass(text):
    assert process_phrases(text) == []
