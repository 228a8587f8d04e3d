"""Properties that hold for any registry and any patient (hypothesis draws random ones)."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pandas as pd
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from medmassage import finder
from medmassage.finder import vocabulary
from medmassage.knowledge import knowledge_base

from .conftest import make_registry

KB = knowledge_base()
PLACES = finder.course_places()
PLACE_IDS = sorted(PLACES)
#: Every (credential, issuer) pair that counts somewhere, plus some that count nowhere.
STANDINGS = sorted({(a.credential, a.issued_by) for p in PLACES.values() for a in p.accepts})
STANDINGS += [("us-state-licence", "us-wynne"), ("masseur-de", "uk"), (None, None)]
CONDITIONS = sorted(KB.conditions)
TECHNIQUES = sorted(KB.techniques)
CREDENTIALS = sorted(KB.credentials)
LANGUAGES = ["english", "french", "german", "mandarin"]
RED_FLAGS = sorted(finder.red_flag_index())
EVERYDAY = sorted(set(finder.known_symptoms()) - set(RED_FLAGS))

SETTINGS = settings(max_examples=80, deadline=None)

maybe = lambda strategy: st.one_of(strategy, strategy, strategy, st.just(math.nan))  # noqa: E731
ids_tuple = lambda options: st.lists(st.sampled_from(options), max_size=3, unique=True).map(tuple)  # noqa: E731


def therapist_rows(patient: finder.Patient):
    """Rows biased towards the patient (same place, shared language...) so that some qualify."""
    here = patient.place
    local = [(a.credential, a.issued_by) for a in PLACES[here].accepts]
    approaches = KB.conditions[patient.condition].approaches or TECHNIQUES
    return st.fixed_dictionaries(
        {
            "name": st.just("Testa Rowan"),
            "place": st.sampled_from([here] * 6 + PLACE_IDS),
            "town": st.just("Brackenford"),
            "standing_pair": st.sampled_from(local * 6 + STANDINGS),
            "standing_number": st.just("X-1"),
            "standing_status": st.sampled_from(["active"] * 4 + ["expired", "none"]),
            # Whatever the status says: some dates are past, some missing.
            "standing_expires": st.sampled_from(
                [pd.Timestamp("2027-01-01")] * 4 + [pd.Timestamp("2025-06-01"), pd.NaT]
            ),
            "credentials": ids_tuple(CREDENTIALS),
            "modalities": st.one_of(
                st.lists(st.sampled_from(approaches), min_size=1, max_size=2, unique=True).map(tuple),
                ids_tuple(TECHNIQUES),
            ),
            "conditions": ids_tuple(CONDITIONS),
            "years_in_practice": maybe(st.floats(0, 45)),
            "distance_km": maybe(st.floats(0, 40)),
            "languages": st.one_of(st.just(patient.languages[:1]), ids_tuple(LANGUAGES)),
            "price_per_session": maybe(st.floats(0, 200)),
            "accepts_physician_referrals": st.booleans(),
            "next_available_days": maybe(st.integers(0, 60).map(float)),
        }
    )


def qualifying_rows(patient: finder.Patient):
    """Rows built to pass every step for the patient (unless a red flag or the condition rules everyone out)."""
    here = patient.place
    approaches = KB.conditions[patient.condition].approaches or TECHNIQUES
    accepted = PLACES[here].accepts[0]
    overrides = st.fixed_dictionaries(
        {
            "modalities": st.lists(st.sampled_from(approaches), min_size=1, max_size=2, unique=True).map(tuple),
            "distance_km": st.floats(0, patient.max_distance_km),
            "price_per_session": st.floats(0, patient.max_price),
        }
    )
    fixed = {
        "place": here,
        "standing_pair": (accepted.credential, accepted.issued_by),
        "standing_status": "active",
        "standing_expires": pd.Timestamp("2027-01-01"),
        "languages": patient.languages[:1],
        "accepts_physician_referrals": True,
    }
    return st.tuples(therapist_rows(patient), overrides).map(lambda pair: {**pair[0], **pair[1], **fixed})


#: Why a therapist whose status says "active" must still be left out, and the reason the finder gives.
FLAWS = {"past-expiry": "standing-expired", "no-expiry-date": "expiry-unknown", "issued-elsewhere": "issued-elsewhere"}
ISSUERS = vocabulary.place_ids()
BEFORE_SNAPSHOT = st.dates(date(2000, 1, 1), finder.SNAPSHOT_DATE - timedelta(days=1)).map(pd.Timestamp)


def flawed_rows(patient: finder.Patient):
    """Rows that would qualify, and say "active", but whose standing does not count on the search date:
    the expiry date has passed, is missing (NaT) for a credential that expires, or the standing is
    one the place accepts issued somewhere else. Each row names its flaw under the key "flaw" (which
    make_registry drops: it keeps only the registry's columns)."""
    accepted = PLACES[patient.place].accepts
    expiring = [a for a in accepted if KB.credentials[a.credential].expires is not False]

    def flawed(row: dict, flaw: str, pair, expires: pd.Timestamp, issuer: str | None) -> dict:
        if flaw == "issued-elsewhere":
            # Any issuer but the ones this place accepts for the credential, or none at all.
            valid = {a.issued_by for a in accepted if a.credential == pair.credential}
            issuer = issuer if issuer not in valid else None
            return {**row, "flaw": flaw, "standing_pair": (pair.credential, issuer)}
        if flaw == "no-expiry-date":
            pair, expires = expiring[0] if pair not in expiring else pair, pd.NaT
        return {**row, "flaw": flaw, "standing_pair": (pair.credential, pair.issued_by), "standing_expires": expires}

    return st.builds(
        flawed,
        qualifying_rows(patient),
        st.sampled_from(sorted(FLAWS) if expiring else ["past-expiry", "issued-elsewhere"]),
        st.sampled_from(accepted),
        BEFORE_SNAPSHOT,
        st.sampled_from([*ISSUERS, None]),
    )


def registry_rows(patient: finder.Patient):
    return st.one_of(therapist_rows(patient), qualifying_rows(patient), flawed_rows(patient))


def registries(patient: finder.Patient):
    return st.lists(registry_rows(patient), min_size=1, max_size=30).map(_registry)


def _registry(rows: list[dict]) -> pd.DataFrame:
    """A cleaned registry built directly, without clean_registry: its status column is whatever the rows say."""
    return make_registry(*(_unpair({**row, "therapist_id": f"T{i:04d}"}) for i, row in enumerate(rows)))


def _unpair(row: dict) -> dict:
    credential, issued_by = row.pop("standing_pair")
    return {**row, "standing": credential, "standing_place": issued_by}


EVERYDAY_SYMPTOMS = st.lists(st.sampled_from(EVERYDAY), max_size=3)


ANY_PLACE = st.sampled_from(PLACE_IDS)


def patients(symptoms=EVERYDAY_SYMPTOMS, places=ANY_PLACE):
    return st.builds(
        finder.Patient,
        id=st.just("p"),
        condition=st.sampled_from(CONDITIONS),
        place=places,
        symptoms=symptoms,
        max_distance_km=st.floats(0, 60),
        max_price=st.floats(0, 250),
        languages=st.lists(st.sampled_from(LANGUAGES), min_size=1, max_size=2, unique=True),
        has_physician_referral=st.booleans(),
    )


@st.composite
def cases(draw, symptoms=None):
    """A patient, then a registry drawn with that patient in mind."""
    patient = draw(patients() if symptoms is None else patients(symptoms))
    return draw(registries(patient)), patient


@st.composite
def flawed_cases(draw, place: str, symptoms=EVERYDAY_SYMPTOMS):
    """A patient treated in ``place``, a registry with flawed rows among others, and the flaw of each flawed id."""
    patient = draw(patients(symptoms, places=st.just(place)))
    rows = draw(st.lists(registry_rows(patient), max_size=12)) + draw(st.lists(flawed_rows(patient), min_size=1))
    rows = draw(st.permutations(rows))
    flaws = {f"T{i:04d}": row["flaw"] for i, row in enumerate(rows) if "flaw" in row}
    return _registry(rows), patient, flaws


red_flag_symptoms = st.tuples(st.sampled_from(RED_FLAGS), st.lists(st.sampled_from(EVERYDAY), max_size=2)).map(
    lambda pair: [*pair[1], pair[0]]
)


@SETTINGS
@given(cases(symptoms=red_flag_symptoms))
def test_a_patient_with_a_red_flag_never_gets_a_therapist(case):
    registry, patient = case
    result = finder.find_therapists(registry, patient)
    assert result.outcome == "see-a-doctor"
    assert result.candidates.empty
    assert result.exclusion_counts == {"red-flag": len(registry)}
    # The advice leads with the most urgent of the patient's red flags, never with a softer one.
    most_urgent = max((m.flag.urgency for m in result.triage.matches), key=lambda u: u.rank)
    assert result.triage.urgency is most_urgent
    assert result.summary().startswith(most_urgent.instruction)


@SETTINGS
@given(cases())
def test_every_recommended_therapist_is_licensed_here_and_within_the_limits(case):
    registry, patient = case
    result = finder.find_therapists(registry, patient)
    event(f"candidates: {min(len(result.candidates), 3)}{'+' if len(result.candidates) >= 3 else ''}")
    rows = registry.set_index("therapist_id")
    for tid in result.candidates["therapist_id"]:
        row = rows.loc[tid]
        # The finder's own rule, restated: the place, a standing it accepts, issued where it must be,
        # active and unexpired on the search date. Never an expired, foreign or unverifiable one.
        assert row["place"] == patient.place
        assert row["standing_status"] == "active"
        assert PLACES[patient.place].counts(row["standing"], row["standing_place"])
        expires_needed = KB.credentials[row["standing"]].expires is not False
        assert not expires_needed or pd.notna(row["standing_expires"])
        assert pd.isna(row["standing_expires"]) or row["standing_expires"].date() >= finder.SNAPSHOT_DATE
        assert row["distance_km"] <= patient.max_distance_km and row["price_per_session"] <= patient.max_price
        assert set(row["languages"]) & set(patient.languages)
        assert set(row["modalities"]) & set(KB.conditions[patient.condition].approaches)


@SETTINGS
@given(cases(), st.randoms(use_true_random=False))
def test_ranking_is_deterministic_sorted_and_independent_of_row_order(case, rng):
    registry, patient = case
    first = finder.find_therapists(registry, patient)
    event(f"candidates: {min(len(first.candidates), 3)}{'+' if len(first.candidates) >= 3 else ''}")
    again = finder.find_therapists(registry, patient)
    order = list(registry.index)
    rng.shuffle(order)
    shuffled = finder.find_therapists(registry.loc[order].reset_index(drop=True), patient)
    assert first.candidates.equals(again.candidates)
    assert list(shuffled.candidates["therapist_id"]) == list(first.candidates["therapist_id"])
    scores = list(first.candidates["score"])
    assert scores == sorted(scores, reverse=True)
    assert list(first.candidates["rank"]) == list(range(1, len(scores) + 1))
    assert all(0 <= s <= first.weights.total for s in scores)


@SETTINGS
@given(cases(symptoms=st.one_of(st.lists(st.sampled_from(EVERYDAY), max_size=2), red_flag_symptoms)))
def test_exclusions_plus_candidates_equal_the_registry(case):
    registry, patient = case
    result = finder.find_therapists(registry, patient)
    assert sum(result.exclusion_counts.values()) + len(result.candidates) == len(registry)
    excluded = set(result.excluded["therapist_id"])
    chosen = set(result.candidates["therapist_id"])
    assert not excluded & chosen and excluded | chosen == set(registry["therapist_id"])
    if result.candidates.empty and result.outcome != "see-a-doctor":
        assert result.why_nobody().startswith("No therapist qualifies.")


@pytest.mark.parametrize("place", PLACE_IDS)  # every place, each with its own kinds of standing
@settings(max_examples=20, deadline=None)
@given(data=st.data())
def test_a_status_that_says_active_is_never_taken_on_trust(place, data):
    """Past, missing or foreign standing marked active is never recommended, for any patient; nobody is
    for a patient with a red flag. Each flawed therapist is left out for the reason its flaw gives."""
    symptoms = st.one_of(EVERYDAY_SYMPTOMS, EVERYDAY_SYMPTOMS, red_flag_symptoms)
    registry, patient, flaws = data.draw(flawed_cases(place, symptoms))
    result = finder.find_therapists(registry, patient)
    event(f"outcome: {result.outcome}")
    assert not set(flaws) & set(result.candidates["therapist_id"])
    reasons = dict(zip(result.excluded["therapist_id"], result.excluded["reason"], strict=True))
    for tid, flaw in flaws.items():
        assert registry.set_index("therapist_id").loc[tid, "standing_status"] == "active"
        assert reasons[tid] == ("red-flag" if result.triage.see_a_doctor else FLAWS[flaw]), (tid, flaw)
    if result.triage.see_a_doctor:
        assert result.candidates.empty
