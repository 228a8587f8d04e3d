"""The course's clinical content: the red flags each condition must show, and the corrected evidence.

Each test states one rule from a clinical review of the course; each failed on the content
before the review's corrections (the docstring of each says what was wrong).
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from medmassage.knowledge import Urgency, knowledge_base

KB = knowledge_base()
E, SAME_DAY, SOON = Urgency.EMERGENCY, Urgency.SAME_DAY, Urgency.SOON

#: The spinal emergencies and serious-disease signs that back pain sources name (NHS, KNGF, NICE).
BACK_PAIN_SIGNS = {
    "saddle-numbness": E,
    "bladder-or-bowel-changes": E,
    "both-legs-symptoms": E,
    "cancer-or-weight-loss": SOON,
    "fever-or-infection-risk": SAME_DAY,
    "possible-fracture": SAME_DAY,
    "inflammatory-back-pain": SOON,
    "worsening-leg-weakness": SAME_DAY,
}

#: The serious signs each condition's authoritative sources name, with how fast to act.
REQUIRED_RED_FLAGS = {
    "neck-pain": {
        "neck-pain-with-stroke-signs": E,  # possible tear of a neck artery
        "new-arm-or-leg-symptoms": SAME_DAY,
        "possible-fracture": SAME_DAY,
        "fever-or-infection-risk": SAME_DAY,
        "cancer-or-weight-loss": SOON,
    },
    "low-back-pain": BACK_PAIN_SIGNS,
    "chronic-pain": BACK_PAIN_SIGNS,
    "sciatica": {
        "both-legs-symptoms": E,
        "both-legs-weakness-or-numbness": E,
        "saddle-numbness": E,
        "bladder-or-bowel-changes": E,
        "worsening-leg-weakness": SAME_DAY,  # foot drop, or one-sided weakness getting worse
    },
    "leg-cramps": {"calf-swelling-and-pain": SAME_DAY, "breathless-or-chest-pain": E},
    "lymphoedema": {"cellulitis-signs": SAME_DAY, "sepsis-signs": E},
    "stress-anxiety-depression": {"suicidal-thoughts": SAME_DAY, "self-harm-or-immediate-danger": E},
    "fibromyalgia": {"widespread-pain-with-fever-or-weight-loss": SOON, "joint-swelling-or-rash": SOON},
}


def flag(condition: str, code: str):
    return next(f for f in KB.conditions[condition].red_flags if f.code == code)


@pytest.mark.parametrize("condition", sorted(REQUIRED_RED_FLAGS))
def test_each_condition_shows_its_serious_signs_with_their_urgency(condition):
    """Before: neck pain, fibromyalgia and stress showed only 'not yet assessed by a provider'."""
    shown = {f.code: f.urgency for f in KB.conditions[condition].red_flags}
    assert {code: shown.get(code) for code in REQUIRED_RED_FLAGS[condition]} == REQUIRED_RED_FLAGS[condition]


def test_every_condition_is_covered_by_the_required_list():
    assert set(REQUIRED_RED_FLAGS) == set(KB.conditions)


def test_blood_thinners_are_precautions_not_red_flags():
    """Before: two conditions listed anticoagulants as a red flag, which is a precaution."""
    for condition in KB.conditions.values():
        for red_flag in condition.red_flags:
            assert not re.search(r"anticoagulant|blood-thinning|bleeding disorder", red_flag.sign, re.I), condition.id
    for condition_id in ("neck-pain", "fibromyalgia"):
        assert any("blood-thinning" in p.who for p in KB.conditions[condition_id].precautions), condition_id


def test_crisis_lines_are_in_the_red_flag_data():
    """Before: crisis advice lived only in chapter prose, and the finder could not show it."""
    action = flag("stress-anxiety-depression", "suicidal-thoughts").action
    for number in ("NHS 111", "option 2", "116 123", "988", "999", "911"):
        assert number in action, number


def test_cellulitis_stops_massage_and_drainage_until_treated():
    action = flag("lymphoedema", "cellulitis-signs").action.lower()
    assert "immediately" in action and "antibiotics" in action
    assert "no massage or lymphatic drainage" in action and "until it has been treated" in action


@pytest.mark.parametrize("condition", ["leg-cramps", "lymphoedema"])
def test_a_possible_clot_is_described_by_its_symptoms_and_never_massaged(condition):
    """Before: the leg-cramp red flag named the diagnosis ('a blood clot in a deep leg vein')."""
    clot = flag(condition, "calf-swelling-and-pain")
    assert not clot.sign.lower().startswith(("a blood clot", "deep vein"))
    assert re.search(r"swell", clot.sign) and re.search(r"warm", clot.sign)
    assert re.search(r"never have that leg massaged|no massage", clot.action)


def test_neck_artery_warning_says_stop_and_call_now():
    action = flag("neck-pain", "neck-pain-with-stroke-signs").action
    assert action.startswith("Stop any massage and call 999 (UK) or 911 (US) now")


def test_red_flag_codes_mean_the_same_everywhere():
    """The finder matches codes across conditions, so one code must carry one urgency."""
    urgencies: dict[str, set[Urgency]] = {}
    for condition in KB.conditions.values():
        for red_flag in condition.red_flags:
            urgencies.setdefault(red_flag.code, set()).add(red_flag.urgency)
    assert {code: u for code, u in urgencies.items() if len(u) > 1} == {}


# --- corrected evidence ------------------------------------------------------------------------------


def test_cochrane_back_pain_inactive_controls_include_sham():
    """Before: 'no treatment'. In Furlan 2015, inactive controls are sham, waiting list or no treatment."""
    inactive = [
        f for f in KB.findings_for(source="furlan2015massage") if f.comparison and f.comparison.value == "inactive"
    ]
    assert inactive
    for finding in inactive:
        assert finding.control and "sham" in finding.control and "waiting list" in finding.control, finding.id


def test_cherkin_results_carry_their_intervals():
    """Before: the 2.9 and 2.5 point differences had no interval, and the direction was guessed."""
    with_numbers = [f for f in KB.findings_for(source="cherkin2011comparison") if f.effect]
    assert len(with_numbers) == 4
    assert all(f.effect.ci_low is not None for f in with_numbers)


def test_sherman_arms_are_named_and_counts_are_not_the_whole_trial():
    """Before: 'one of two arms; our source does not say which', each row counting all 228 people."""
    for finding in KB.findings_for(source="sherman2014five"):
        assert "does not say which" not in finding.intervention
        if finding.effect:
            assert re.search(r"(twice|three times) a week", finding.intervention), finding.id
            assert finding.participants is None, finding.id
    assert {f.effect.value for f in KB.findings_for(source="sherman2014five") if f.effect} == {2.30, 2.73, 3.41, 4.98}


def test_one_row_per_result():
    """Before: the 80-person stretching trial's severity result appeared twice (review and trial)."""
    for condition in KB.conditions:
        seen = Counter(
            (f.outcome, f.participants, abs(f.effect.value))
            for f in KB.findings_for(condition=condition)
            if f.effect is not None and f.participants is not None
        )
        assert [key for key, n in seen.items() if n > 1] == [], condition


def test_leg_cramp_review_result_has_its_verified_interval():
    result = next(f for f in KB.findings_for(source="hawke2021nondrug") if f.effect)
    assert (result.effect.value, result.effect.ci_low, result.effect.ci_high) == (-1.30, -1.74, -0.86)
    assert result.certainty.value == "low" and result.rated_by.value == "grade"


def test_unverified_lymphoedema_counts_are_not_shown():
    """Before: '2 trials, 83 people' for adding drainage to bandaging, seen only in secondary summaries."""
    for finding in KB.findings_for(source="ezzo2015manual"):
        assert finding.trials is None and finding.participants is None and finding.effect is None, finding.id


def test_huang_arm_volume_result_has_its_interval():
    arm = next(f for f in KB.findings_for(source="huang2013effects") if "Arm volume" in f.outcome)
    assert (arm.effect.value, arm.effect.ci_low, arm.effect.ci_high) == (75.12, -9.34, 159.58)
    assert "do not support" in arm.summary


def test_crawford_quality_label_is_explained():
    """Before: '60 high-quality trials', without saying the checklist left out blinding."""
    for finding in KB.findings_for(source="crawford2016impact"):
        assert "blinding" in (finding.population or "") + finding.certainty_basis, finding.id


def test_dove_controls_and_heterogeneity_are_stated():
    dove = next(iter(KB.findings_for(source="dove2023how")))
    assert "advice" in dove.control and "surgery" in dove.control
    assert "98%" in dove.certainty_basis


def test_fibromyalgia_reviews_are_described_as_they_were():
    """Before: Li's comparison was labelled inactive and every row counted all 9 trials; Yuan's timing was unknown."""
    for finding in KB.findings_for(source="li2014massage"):
        assert finding.comparison.value == "mixed" and finding.trials is None and "subgroup" in finding.population
    for finding in KB.findings_for(source="yuan2015effectiveness"):
        if finding.comparison:
            assert finding.follow_up.value == "immediate" and "non-randomised" in finding.population


def test_kngf_guideline_is_stated_in_full():
    summary = next(iter(KB.findings_for(source="kngf2021massage", condition="low-back-pain"))).summary
    for part in ("on its own", "profile 1", "depend", "sciatica", "briefly", "active approach", "muscle tone"):
        assert part in summary, part
