"""find_therapists: the steps in order, the reasons, and 'nobody qualifies, because...'."""

from __future__ import annotations

import dataclasses
import re
from datetime import date

import pandas as pd
import pytest

from medmassage import finder
from medmassage.finder.evidence import approach_evidence
from medmassage.knowledge import Certainty, Urgency, knowledge_base

from .conftest import NAN, make_registry, patient, therapist


def run(*rows, weights=None, **patient_changes):
    return finder.find_therapists(make_registry(*rows), patient(**patient_changes), weights)


# --- step 1: triage ------------------------------------------------------------------------


def test_red_flag_means_see_a_doctor_with_the_kb_action_and_no_list():
    kb = knowledge_base()
    flag = next(f for f in kb.conditions["low-back-pain"].red_flags if f.code == "saddle-numbness")
    result = run(therapist(), symptoms=["back-pain", "saddle-numbness"])
    assert result.outcome == "see-a-doctor"
    assert result.candidates.empty
    assert result.exclusion_counts == {"red-flag": 1}
    assert result.triage.urgency is Urgency.EMERGENCY
    assert result.summary().startswith(Urgency.EMERGENCY.instruction + ". No massage until a doctor has seen you.")
    assert flag.action in result.summary() and flag.sign in result.summary()


@pytest.mark.parametrize(
    ("symptoms", "urgency"),
    [
        (["not-yet-assessed"], Urgency.SOON),
        (["not-yet-assessed", "calf-swelling-and-pain"], Urgency.SAME_DAY),
        (["calf-swelling-and-pain", "not-yet-assessed", "saddle-numbness"], Urgency.EMERGENCY),
    ],
)
def test_triage_leads_with_the_most_urgent_red_flag(symptoms, urgency):
    result = finder.triage(patient(symptoms=symptoms))
    assert result.urgency is urgency
    assert result.message().startswith(urgency.instruction)
    # Signs are listed most urgent first, each with its urgency.
    labels = re.findall(r"\((emergency|same day|soon); listed for", result.message())
    assert labels == sorted(labels, key=lambda label: ["emergency", "same day", "soon"].index(label))


@pytest.mark.parametrize(
    ("scenario", "urgency", "code"),
    [
        ("bram-back-pain-numbness", Urgency.EMERGENCY, "saddle-numbness"),
        ("priya-neck-dizzy", Urgency.EMERGENCY, "neck-pain-with-stroke-signs"),
        ("hollis-red-arm", Urgency.SAME_DAY, "cellulitis-signs"),
        ("tobin-calf-swelling", Urgency.SAME_DAY, "calf-swelling-and-pain"),
        ("corin-stress", Urgency.SOON, "not-yet-assessed"),
    ],
)
def test_red_flag_scenarios_get_the_right_urgency_and_no_list(scenario, urgency, code):
    registry, _ = finder.clean_registry(finder.load_registry())
    result = finder.find_therapists(registry, finder.load_scenarios()[scenario])
    assert result.outcome == "see-a-doctor" and result.candidates.empty
    assert result.triage.urgency is urgency
    assert code in {m.code for m in result.triage.matches}
    assert result.summary().startswith(urgency.instruction)


def test_triage_checks_every_conditions_red_flags():
    """A clot sign is listed for lymphoedema and leg cramps, yet stops a neck-pain patient too."""
    result = run(therapist(), condition="neck-pain", symptoms=["neck-pain", "calf-swelling-and-pain"])
    assert result.outcome == "see-a-doctor"
    assert result.triage.matches[0].condition in {"lymphoedema", "leg-cramps"}


def test_triage_prefers_the_patients_own_condition_for_the_action_text():
    kb = knowledge_base()
    result = finder.triage(patient(condition="sciatica", symptoms=["saddle-numbness"]))
    sciatica_flag = next(f for f in kb.conditions["sciatica"].red_flags if f.code == "saddle-numbness")
    assert result.matches[0].flag == sciatica_flag


def test_everyday_symptoms_are_not_red_flags():
    assert not finder.triage(patient(symptoms=["back-pain", "poor-sleep"])).see_a_doctor


def test_kb_red_flag_codes_used_by_the_exercise_exist():
    index = finder.red_flag_index()
    for code, conditions in {
        "saddle-numbness": {"low-back-pain", "sciatica"},
        "bladder-or-bowel-changes": {"sciatica"},
        "both-legs-symptoms": {"low-back-pain", "sciatica"},
        "calf-swelling-and-pain": {"leg-cramps", "lymphoedema"},
        "neck-pain-with-stroke-signs": {"neck-pain"},
        "cellulitis-signs": {"lymphoedema"},
        "suicidal-thoughts": {"stress-anxiety-depression"},
    }.items():
        assert conditions <= {m.condition for m in index[code]}, code


def test_every_red_flag_has_a_code_the_finder_can_match():
    index = finder.red_flag_index()
    for condition in knowledge_base().conditions.values():
        for flag in condition.red_flags:
            assert flag.code in index, (condition.id, flag.sign)


def test_everyday_symptom_codes_never_shadow_a_red_flag():
    from medmassage.finder.vocabulary import COMMON_SYMPTOMS

    assert not set(COMMON_SYMPTOMS) & set(finder.red_flag_index())


# --- step 2: standing ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"place": "de", "standing_place": "de"}, "outside-place"),
        ({"standing_status": "none"}, "no-standing"),
        ({"standing": None}, "no-standing"),
        ({"standing_status": "expired"}, "standing-expired"),
        # A register that counts in the UK, but issued somewhere else, does not count here.
        ({"standing_place": "au"}, "issued-elsewhere"),
        ({"standing_place": None}, "issued-elsewhere"),
        # A German title is standing in Germany, not in the UK.
        ({"standing": "masseur-de", "standing_place": "de", "standing_expires": pd.NaT}, "not-accepted-here"),
        # The finder checks the date itself: a status that says active does not make it so.
        ({"standing_expires": pd.Timestamp("2025-12-31")}, "standing-expired"),
        ({"standing_expires": pd.NaT}, "expiry-unknown"),
    ],
)
def test_standing_check(changes, reason):
    result = run(therapist(**changes))
    assert result.exclusion_counts == {reason: 1} and result.candidates.empty
    assert finder.has_standing(therapist(**changes), "uk") is False


def test_active_local_standing_passes():
    assert finder.has_standing(therapist(), "uk") is True
    assert len(run(therapist()).candidates) == 1


@pytest.mark.parametrize(
    ("place", "row", "counts"),
    [
        # A US state licence counts only in the state that issued it.
        ("us-calder", {"standing": "us-state-licence", "standing_place": "us-calder"}, True),
        ("us-ostrey", {"standing": "us-state-licence", "standing_place": "us-calder"}, False),
        ("us-calder", {"standing": "us-state-licence", "standing_place": "us-ostrey"}, False),
        # Where the law requires registration, a licence from elsewhere is not registration.
        ("us-ostrey", {"standing": "us-state-registration", "standing_place": "us-ostrey"}, True),
        # Where a state requires a licence, voluntary board certification is not one.
        ("us-calder", {"standing": "bctmb", "standing_place": "us"}, False),
        # Where nothing is required, the finder accepts checkable voluntary certification.
        ("us-wynne", {"standing": "bctmb", "standing_place": "us"}, True),
        # A city licence counts in its city only.
        ("us-harlow", {"standing": "city-massage-licence", "standing_place": "us-harlow"}, True),
        ("us-wynne", {"standing": "city-massage-licence", "standing_place": "us-harlow"}, False),
        # A German title is granted once: no expiry date is needed.
        ("de", {"standing": "masseur-de", "standing_place": "de", "standing_expires": pd.NaT}, True),
        # Ontario: registration with the College.
        ("ca-on", {"standing": "rmt-ontario", "standing_place": "ca-on"}, True),
        ("ca-on", {"standing": "cnhc-registration", "standing_place": "uk"}, False),
    ],
)
def test_standing_counts_only_where_it_was_issued(place, row, counts):
    assert finder.has_standing(therapist(place=place, **row), place) is counts


def test_the_search_date_decides_expiry():
    row = therapist(standing_expires=pd.Timestamp("2026-06-30"))
    assert finder.has_standing(row, "uk", on=date(2026, 6, 30)) is True
    assert finder.has_standing(row, "uk", on=date(2026, 7, 1)) is False


def test_a_date_in_the_past_counts_even_for_a_title_granted_once():
    """A title needs no date, but a registry that gives one that has passed is not taken on trust."""
    german = {"place": "de", "standing": "masseur-de", "standing_place": "de"}
    assert finder.has_standing(therapist(**german, standing_expires=pd.NaT), "de") is True
    assert finder.standing_problem(therapist(**german, standing_expires=pd.Timestamp("2020-01-01")), "de") == (
        finder.Exclusion.STANDING_EXPIRED
    )


def test_a_registry_all_marked_active_but_long_expired_recommends_nobody():
    """Not cleaned, so every status still says active: the finder reads the dates itself."""
    rows = [
        therapist(therapist_id=f"T{9000 + i}", standing_expires=pd.Timestamp(f"{2015 + i % 8}-06-30"))
        for i in range(22)
    ]
    result = run(*rows)
    assert result.outcome == "no-match" and result.candidates.empty
    assert result.exclusion_counts == {"standing-expired": 22}
    assert result.why_nobody().startswith("No therapist qualifies. Of the 22 therapists in the registry: ")


def test_explanation_names_the_standing_and_what_it_does_not_show():
    result = run(therapist())
    text = result.explain_top()
    record = knowledge_base().credentials["cnhc-registration"]
    assert f"Standing: {record.name} (voluntary register; voluntary)" in text
    assert record.does_not_show in text and "A legal licence" in text
    assert "no licence or registration is required" in result.place_text()


def test_cleaning_turns_active_but_past_expiry_into_expired(cleaned):
    raw = finder.load_registry().drop_duplicates("therapist_id").set_index("therapist_id")
    registry = cleaned.registry.set_index("therapist_id")
    marked_active = raw["standing_status"].str.strip().str.lower().isin(["active", "current"])
    expired = raw["standing_expires"].ne("") & (raw["standing_expires"] < finder.SNAPSHOT_DATE.isoformat())
    known = raw["standing"].ne("") & raw["standing_place"].ne("") & raw["standing_number"].ne("")
    caught = raw.index[marked_active & expired & known]
    assert len(caught) >= 5, "the generator should hide some expired licences behind an 'active' status"
    assert (registry.loc[caught, "standing_status"] == "expired").all()
    flagged = cleaned.issues[cleaned.issues["problem"].str.startswith("marked active, but expired")]
    assert set(flagged["therapist_id"]) == set(caught)


# --- step 3: evidence ------------------------------------------------------------------------


def test_no_approach_from_the_kb_means_excluded():
    result = run(therapist(modalities=("tuina",)))
    assert result.exclusion_counts == {"no-matching-approach": 1}


def test_evidence_comes_from_the_kb_and_prefers_better_evidence():
    kb = knowledge_base()
    rows = approach_evidence("low-back-pain")
    assert [r.technique for r in rows] and {r.technique for r in rows} == set(kb.conditions["low-back-pain"].approaches)
    assert [r.rank for r in rows] == sorted((r.rank for r in rows), reverse=True)
    swedish = next(r for r in rows if r.technique == "swedish")
    best = max(
        (f.certainty for f in kb.findings_for(condition="low-back-pain", technique="swedish") if f.tests_massage),
        key=lambda c: c.rank,
    )
    assert swedish.certainty == best and swedish.specific


def test_findings_that_do_not_test_massage_never_count():
    for condition in knowledge_base().conditions:
        for row in approach_evidence(condition):
            for finding_id in row.findings:
                assert knowledge_base().findings[finding_id].tests_massage


def test_better_evidence_scores_higher_all_else_equal():
    moderate = therapist(therapist_id="T1", modalities=("swedish",))
    low = therapist(therapist_id="T2", modalities=("myofascial-release",))
    result = run(low, moderate)
    assert list(result.candidates["therapist_id"]) == ["T1", "T2"]
    assert result.candidates.iloc[0]["evidence"] == Certainty.MODERATE.label


def test_weak_evidence_is_said_plainly():
    result = run(therapist(modalities=("tuina",), conditions=("sciatica",)), condition="sciatica", symptoms=[])
    reasons = result.candidates.iloc[0]["reasons"]
    assert result.candidates.iloc[0]["weak_evidence"]
    assert any(r.startswith("Weak evidence:") and "very low-certainty" in r for r in reasons)


def test_condition_without_massage_approaches_says_why_nobody(scenarios, registry):
    result = finder.find_therapists(registry, scenarios["wren-leg-cramps"])
    assert result.outcome == "no-match"
    text = result.why_nobody()
    assert "lists no massage approach for nocturnal leg cramps" in text
    count = result.exclusion_counts["no-matching-approach"]
    assert f"offering no approach the knowledge base lists for the condition: {count}" in text
    assert result.summary() == text


# --- step 4: preferences ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "patient_changes", "reason"),
    [
        ({"distance_km": NAN}, {}, "distance-unknown"),
        ({"distance_km": 30.0}, {}, "too-far"),
        ({"price_per_session": NAN}, {}, "price-unknown"),
        ({"price_per_session": 90.0}, {}, "over-budget"),
        ({"languages": ("german",)}, {}, "no-shared-language"),
        ({"accepts_physician_referrals": False}, {"has_physician_referral": True}, "no-physician-referrals"),
    ],
)
def test_preferences(changes, patient_changes, reason):
    result = run(therapist(**changes), **patient_changes)
    assert result.exclusion_counts == {reason: 1}


def test_limits_are_inclusive():
    assert len(run(therapist(distance_km=20.0, price_per_session=80.0)).candidates) == 1


def test_nobody_because_of_preferences_suggests_which_limit_to_relax(scenarios, registry):
    result = finder.find_therapists(registry, scenarios["jun-neck-pain"])
    assert result.outcome == "no-match"
    assert "the one that ruled out most was 'beyond the distance limit': try relaxing it" in result.why_nobody()


# --- step 5: ranking -------------------------------------------------------------------------


def test_reasons_explain_every_point():
    weights = finder.Weights()
    result = run(therapist(credentials=("bctmb", "medical-massage-therapist")))
    top = result.candidates.iloc[0]
    points = [r for r in top["reasons"] if " of " in r.split(":")[0]]
    factors = [f.name for f in dataclasses.fields(weights)]
    assert len(points) == len(factors)
    total = sum(float(r.split("+", 1)[1].split(" of ")[0]) for r in points)
    assert total == pytest.approx(top["score"], abs=0.02)
    assert any("earns no points" in r for r in top["reasons"]), "a title is not a credential"


def test_specialist_certification_counts_only_for_its_condition():
    clt = therapist(credentials=("clt-lana",), modalities=("manual-lymphatic-drainage", "swedish"))
    lymph = run(clt, condition="lymphoedema", symptoms=["arm-swelling"])
    back = run(clt)
    assert any(r.startswith("Specialist +10 of 10") for r in lymph.candidates.iloc[0]["reasons"])
    assert any(r.startswith("Specialist +0 of 10") for r in back.candidates.iloc[0]["reasons"])


def test_a_clt_school_certificate_is_not_clt_lana():
    """CLT is usually a training school's certificate; CLT-LANA means LANA's exam was passed too."""
    modalities = ("manual-lymphatic-drainage",)
    school = run(
        therapist(credentials=("clt",), modalities=modalities), condition="lymphoedema", symptoms=["arm-swelling"]
    )
    reason = next(r for r in school.candidates.iloc[0]["reasons"] if r.startswith("Specialist"))
    assert reason.startswith("Specialist +5 of 10") and "LANA" in reason
    from medmassage.finder.vocabulary import lookup

    assert lookup("credential", "CLT") == "clt" and lookup("credential", "C.L.T.") == "clt"
    assert lookup("credential", "CLT-LANA") == "clt-lana" and lookup("credential", "clt lana") == "clt-lana"


def test_weights_change_the_order():
    near = therapist(therapist_id="T1", distance_km=1.0, years_in_practice=2.0)
    experienced = therapist(therapist_id="T2", distance_km=18.0, years_in_practice=20.0)
    assert list(run(near, experienced).candidates["therapist_id"]) == ["T2", "T1"]
    near_first = finder.Weights(distance=40)
    assert list(run(near, experienced, weights=near_first).candidates["therapist_id"]) == ["T1", "T2"]


def test_ties_break_by_distance_then_price_then_id():
    a = therapist(therapist_id="T3")
    b = therapist(therapist_id="T1")
    c = therapist(therapist_id="T2")
    assert list(run(a, b, c, weights=finder.Weights(distance=0, price=0)).candidates["therapist_id"]) == [
        "T1",
        "T2",
        "T3",
    ]


def test_explain_top_names_the_top_choice_and_says_not_advice(scenarios, registry):
    result = finder.find_therapists(registry, scenarios["ilsa-back-pain"])
    top = result.candidates.iloc[0]
    text = result.explain_top()
    assert text.startswith(f"Top choice: {top['name']} ({top['therapist_id']})")
    assert finder.NOT_ADVICE in text


# --- the scenarios -----------------------------------------------------------------------------


EXPECTED = {
    "ilsa-back-pain": "candidates",
    "bram-back-pain-numbness": "see-a-doctor",
    "odile-sciatica": "candidates",
    "kestrel-both-legs": "see-a-doctor",
    "marisol-lymphoedema": "candidates",
    "tobin-calf-swelling": "see-a-doctor",
    "wren-leg-cramps": "no-match",
    "jun-neck-pain": "no-match",
    "priya-neck-dizzy": "see-a-doctor",
    "hollis-red-arm": "see-a-doctor",
    "dario-back-pain-wynne": "candidates",
    "leni-stress-ostrey": "candidates",
    "faye-fibromyalgia": "candidates",
    "corin-stress": "see-a-doctor",
}


def test_scenarios_cover_every_outcome(scenarios, registry):
    assert len(scenarios) >= 8
    outcomes = {key: finder.find_therapists(registry, p).outcome for key, p in scenarios.items()}
    assert outcomes == EXPECTED


def test_every_scenario_accounts_for_every_therapist(scenarios, registry):
    for p in scenarios.values():
        result = finder.find_therapists(registry, p)
        assert len(result.candidates) + sum(result.exclusion_counts.values()) == len(registry)
        assert result.exclusion_table()["therapists"].sum() == len(result.excluded)


def test_red_flag_scenarios_use_kb_codes(scenarios):
    codes = set(finder.red_flag_index())
    flagged = [p for p in scenarios.values() if set(p.symptoms) & codes]
    assert {"saddle-numbness", "calf-swelling-and-pain", "neck-pain-with-stroke-signs", "cellulitis-signs"} <= {
        c for p in flagged for c in p.symptoms
    }


@pytest.mark.parametrize("code", sorted(finder.red_flag_index()))
def test_every_red_flag_code_stops_the_list_for_every_condition(code):
    """Not a sample: every code in the knowledge base, for a patient of every condition."""
    for condition in knowledge_base().conditions:
        result = run(therapist(), condition=condition, symptoms=[code])
        assert result.outcome == "see-a-doctor" and result.candidates.empty, (code, condition)
        assert result.summary().startswith(result.triage.urgency.instruction)
