"""Bad input fails at once with a TypeError or ValueError that names the field and says what was expected."""

from __future__ import annotations

import re

import pandas as pd
import pytest
import yaml

from medmassage import finder
from medmassage.finder import registry as registry_module

from .conftest import make_registry, patient, therapist


def find(*rows, **patient_changes):
    return finder.find_therapists(make_registry(*rows), patient(**patient_changes))


# --- the registry -------------------------------------------------------------------------


def test_registry_must_be_a_dataframe():
    with pytest.raises(TypeError, match=r"^registry: expected a pandas DataFrame .*got list$"):
        finder.find_therapists([therapist()], patient())


def test_empty_registry():
    with pytest.raises(ValueError, match=r"^registry: is empty \(0 rows\): expected at least one therapist$"):
        finder.find_therapists(make_registry(therapist()).iloc[0:0], patient())


def test_missing_columns_are_named():
    frame = make_registry(therapist()).drop(columns=["distance_km", "languages"])
    with pytest.raises(
        ValueError, match=r"^registry: missing columns 'distance_km', 'languages': expected the columns"
    ):
        finder.find_therapists(frame, patient())


def test_missing_columns_suggest_cleaning_first(cleaned):
    raw = finder.load_registry().drop(columns=["modalities"])
    with pytest.raises(ValueError, match="did you run clean_registry"):
        finder.find_therapists(raw, patient())


def test_wrong_type_number_column():
    frame = make_registry(therapist())
    frame["distance_km"] = ["far"]
    with pytest.raises(
        TypeError, match=r"^registry column 'distance_km': expected numbers, got dtype .* \(e\.g\. 'far'\)$"
    ):
        finder.find_therapists(frame, patient())


def test_wrong_type_list_column_points_to_cleaning():
    frame = make_registry(therapist(modalities="swedish; tuina"))
    with pytest.raises(
        TypeError, match=r"^registry column 'modalities': expected a list of strings .*got str .*clean_registry"
    ):
        finder.find_therapists(frame, patient())


def test_wrong_type_bool_column():
    frame = make_registry(therapist())
    frame["accepts_physician_referrals"] = ["yes"]
    with pytest.raises(TypeError, match=r"^registry column 'accepts_physician_referrals': expected True/False values"):
        finder.find_therapists(frame, patient())


def test_unknown_standing_status():
    with pytest.raises(
        ValueError, match=r"^registry column 'standing_status': expected one of active, expired, none, got 'Active'$"
    ):
        find(therapist(standing_status="Active"))


def test_unknown_place_in_registry():
    with pytest.raises(
        ValueError, match=r"^registry column 'place': expected a place id \(.*us-calder.*\), got 'mars'$"
    ):
        find(therapist(place="mars"))


def test_unknown_standing_credential_in_registry():
    with pytest.raises(ValueError, match=r"^registry column 'standing': expected a credential id \(.*\), got 'lmt'$"):
        find(therapist(standing="lmt"))


def test_negative_distance_in_registry():
    with pytest.raises(
        ValueError, match=r"^registry column 'distance_km': expected values >= 0, got -1\.0 for therapist T9001$"
    ):
        find(therapist(distance_km=-1.0))


def test_duplicate_therapist_ids():
    with pytest.raises(ValueError, match=r"^registry column 'therapist_id': expected unique ids, got 'T9001' twice$"):
        find(therapist(), therapist())


# --- the patient ----------------------------------------------------------------------------


def test_unknown_condition():
    with pytest.raises(
        ValueError, match=r"^patient\.condition: unknown condition 'backache': expected one of .*low-back-pain"
    ):
        patient(condition="backache")


def test_unknown_place():
    with pytest.raises(
        ValueError,
        match=r"^patient\.place: unknown place 'fr' \(where the treatment takes place\): "
        r"expected one of au, ca-on, de, uk, us-calder",
    ):
        patient(place="fr")


def test_negative_distance():
    with pytest.raises(ValueError, match=r"^patient\.max_distance_km: expected a distance in km >= 0, got -5$"):
        patient(max_distance_km=-5)


def test_negative_budget():
    with pytest.raises(ValueError, match=r"^patient\.max_price: expected a budget per session >= 0, got -1\.5$"):
        patient(max_price=-1.5)


@pytest.mark.parametrize("value", ["20", True, None])
def test_distance_of_the_wrong_type(value):
    with pytest.raises(TypeError, match=r"^patient\.max_distance_km: expected a number \(a distance in km\), got "):
        patient(max_distance_km=value)


def test_unknown_symptom_code_is_not_silently_ignored():
    """A misspelt warning sign would slip through triage, so it is an error."""
    with pytest.raises(
        ValueError, match=r"^patient\.symptoms: unknown symptom code 'saddle-numbnes': expected one of "
    ):
        patient(symptoms=["saddle-numbnes"])


def test_languages_must_be_a_list():
    with pytest.raises(TypeError, match=r"^patient\.languages: expected a list of strings, got str \('english'\)$"):
        patient(languages="english")


def test_patient_of_the_wrong_type():
    with pytest.raises(TypeError, match=r"^patient: expected a Patient \(or a mapping of its fields\), got str$"):
        finder.find_therapists(make_registry(therapist()), "ilsa")


def test_patient_as_a_mapping_is_checked_too():
    with pytest.raises(ValueError, match=r"^patient\.max_price: "):
        finder.find_therapists(
            make_registry(therapist()), {"id": "x", "condition": "sciatica", "place": "de", "max_price": -3}
        )


# --- weights, raw registry, scenarios file -----------------------------------------------------


def test_negative_weight():
    with pytest.raises(ValueError, match=r"^weights\.distance: expected points >= 0, got -1$"):
        finder.Weights(distance=-1)


def test_weights_must_be_weights():
    with pytest.raises(TypeError, match=r"^weights: expected a Weights, got dict$"):
        finder.find_therapists(make_registry(therapist()), patient(), weights={"distance": 1})


def test_clean_registry_names_missing_raw_columns():
    raw = finder.load_registry().drop(columns=["standing_status"])
    with pytest.raises(ValueError, match=r"^raw: missing columns 'standing_status': expected therapist_id, "):
        finder.clean_registry(raw)


def test_clean_registry_refuses_empty_and_non_frames():
    with pytest.raises(ValueError, match=r"^raw: the registry is empty"):
        finder.clean_registry(finder.load_registry().iloc[0:0])
    with pytest.raises(TypeError, match=r"^raw: expected a pandas DataFrame"):
        finder.clean_registry("therapists.csv")


def test_clean_registry_names_an_unknown_practice_place():
    raw = finder.load_registry().head(3).copy()
    raw.loc[raw.index[1], "place"] = "Atlantis"
    tid = raw.loc[raw.index[1], "therapist_id"]
    with pytest.raises(ValueError, match=rf"^raw: therapist {tid}: field 'place': unknown place 'Atlantis'"):
        finder.clean_registry(raw)


def test_missing_registry_file(tmp_path):
    with pytest.raises(
        ValueError, match=r"registry file .*missing\.csv: not found; run `python -m medmassage\.finder\.generate`"
    ):
        registry_module.load_registry(tmp_path / "missing.csv")


def test_scenario_file_errors_name_the_scenario_and_field(tmp_path):
    path = tmp_path / "scenarios.yaml"
    good = {"id": "a", "condition": "sciatica", "place": "de", "preferences": {"max_price": 50}}
    cases = [
        ({**good, "budget": 50}, ValueError, "scenario 'a': unknown field 'budget'"),
        ({**good, "preferences": {"max_km": 5}}, ValueError, "scenario 'a': unknown field 'preferences.max_km'"),
        ({**good, "preferences": {"max_price": -1}}, ValueError, "scenario 'a': patient.max_price: expected a budget"),
        ({**good, "condition": "flu"}, ValueError, "scenario 'a': patient.condition: unknown condition 'flu'"),
    ]
    for scenario, error, message in cases:
        path.write_text(yaml.safe_dump({"scenarios": [scenario]}), encoding="utf-8")
        with pytest.raises(error, match=re.escape(message)):
            finder.load_scenarios(path)


def test_bad_input_never_reaches_pandas_internals():
    """The messages above come from our checks, not from a traceback deep inside pandas."""
    frame = make_registry(therapist())
    frame["price_per_session"] = pd.Series(["cheap"], dtype=object)
    with pytest.raises(TypeError) as info:
        finder.find_therapists(frame, patient())
    assert str(info.value).startswith("registry column 'price_per_session'")
