"""Bad input fails at once with a TypeError or ValueError that names the field and says what was expected."""

from __future__ import annotations

import math
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


# --- the registry file: one line naming the file, the line and what was expected ------------------


def _csv_lines(rows: int = 3) -> list[str]:
    """The header and the first ``rows`` data lines of the course's own registry file."""
    return registry_module.REGISTRY_CSV.read_text(encoding="utf-8").splitlines()[: rows + 1]


def _write(tmp_path, data: bytes | str | list[str]):
    if isinstance(data, list):
        data = "\n".join(data) + "\n"
    path = tmp_path / "therapists.csv"
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def _load_error(path) -> str:
    """The message load_registry gives for ``path``: a ValueError, one line, naming the file."""
    with pytest.raises(ValueError) as info:
        registry_module.load_registry(path)
    message = str(info.value)
    assert message.startswith(f"registry file {path}: ") and "\n" not in message, message
    error = info.value
    assert error.__cause__ is None and (error.__context__ is None or error.__suppress_context__), "no chained traceback"
    return message


def test_a_good_file_loads_as_text(tmp_path):
    raw = registry_module.load_registry(_write(tmp_path, _csv_lines(3)))
    assert list(raw.columns) == list(registry_module.COLUMN_NAMES) and len(raw) == 3
    assert raw.equals(finder.load_registry().head(3)), "the same frame as the course's own file gives"
    assert all(isinstance(v, str) for v in raw.to_numpy().ravel()), "every cell a string, '' when missing"
    # As a spreadsheet saves it: a byte-order mark, Windows line ends and a blank line at the end.
    spreadsheet = b"\xef\xbb\xbf" + ("\r\n".join(_csv_lines(3)) + "\r\n\r\n").encode("utf-8")
    assert registry_module.load_registry(_write(tmp_path, spreadsheet)).equals(raw)


def test_a_latin1_file_names_the_line_and_the_byte(tmp_path):
    lines = _csv_lines(3)
    lines[2] = lines[2].replace(lines[2].split(",")[1], "Brendo Lhéron", 1)
    message = _load_error(_write(tmp_path, ("\n".join(lines) + "\n").encode("latin-1")))
    assert re.search(r": line 3: not UTF-8 text \(byte 0xe9 at byte \d+ of the line\): save the file as UTF-8", message)


def test_a_utf16_file_is_not_utf8(tmp_path):
    message = _load_error(_write(tmp_path, ("\n".join(_csv_lines(2)) + "\n").encode("utf-16")))
    assert ": line 1: not UTF-8 text (byte 0xff at byte 1 of the line)" in message


def test_a_nul_byte_is_refused(tmp_path):
    lines = _csv_lines(3)
    lines[3] = lines[3] + "\x00"
    assert ": line 4: contains a NUL byte (0x00)" in _load_error(_write(tmp_path, lines))


def test_an_empty_file(tmp_path):
    message = _load_error(_write(tmp_path, b""))
    assert message.endswith(
        ": is empty (0 bytes): expected a header line (therapist_id,name,place,...) and one row per therapist"
    )


def test_a_header_only_file(tmp_path):
    message = _load_error(_write(tmp_path, _csv_lines(0)))
    assert message.endswith(": has a header line but no therapists: expected one row per therapist after it")


def test_an_unclosed_quote_names_the_line_where_it_opens(tmp_path):
    lines = _csv_lines(4)
    lines[2] = lines[2].replace(",", ',"', 1)  # the name opens a quote that never closes
    message = _load_error(_write(tmp_path, lines))
    assert ": line 3: not valid CSV (unexpected end of data): " in message
    assert "a field with a comma, a quote or a line break in it must be in double quotes" in message


def test_a_file_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    assert registry_module.MAX_REGISTRY_BYTES == 20_000_000
    monkeypatch.setattr(registry_module, "MAX_REGISTRY_BYTES", 1000)
    path = _write(tmp_path, _csv_lines(20))
    message = _load_error(path)
    assert message.endswith(": is larger than the 0.001 MB limit for this file: is it the right file?")


def test_a_first_row_with_two_extra_fields_is_not_shifted(tmp_path):
    """pandas would take the two extra fields as an index and shift every column silently."""
    lines = _csv_lines(3)
    lines[1] += ",x,y"
    message = _load_error(_write(tmp_path, lines))
    tid = lines[1].split(",")[0]
    assert message.endswith(
        f": line 2 (therapist {tid}): 20 fields, expected 18 (one per column of the header): "
        "look for a missing or extra comma, or a comma inside a field that is not in double quotes"
    )


def test_a_middle_row_with_one_field_fewer(tmp_path):
    lines = _csv_lines(5)
    lines[3] = lines[3].rsplit(",", 1)[0]
    tid = lines[3].split(",")[0]
    assert f": line 4 (therapist {tid}): 17 fields, expected 18 " in _load_error(_write(tmp_path, lines))


def test_line_numbers_count_the_lines_of_a_quoted_field(tmp_path):
    lines = _csv_lines(3)
    first, name, rest = lines[1].split(",", 2)
    lines[1] = f'{first},"{name}\nsecond line",{rest}'  # one record over two lines
    lines[3] += ",extra"
    assert ": line 5 (therapist " in _load_error(_write(tmp_path, lines))


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            lambda h: h.replace(",town,", ",name,"),
            ": line 1: column 'name' appears 2 times in the header: expected each column once",
        ),
        (
            lambda h: h.replace(",town,", ",city,"),
            ": line 1: unknown column 'city'; missing column 'town': expected the columns therapist_id,name,",
        ),
        (
            lambda h: h + ",email",
            ": line 1: unknown column 'email': expected the columns therapist_id,name,",
        ),
        (
            lambda h: h.replace("name,", " name,", 1),
            ": line 1: unknown column ' name'; missing column 'name': expected the columns",
        ),
    ],
)
def test_header_problems_are_named(tmp_path, header, expected):
    lines = _csv_lines(2)
    lines[0] = header(lines[0])
    if lines[0].endswith(",email"):
        lines[1:] = [line + ",a@b" for line in lines[1:]]
    message = _load_error(_write(tmp_path, lines))
    assert expected in message
    assert message.endswith("(see medmassage/finder/data/README.md)")


def test_a_registry_file_that_is_a_folder(tmp_path):
    assert ": not found; run `python -m medmassage.finder.generate`" in _load_error(tmp_path)


@pytest.mark.parametrize("value", [math.inf, -math.inf])
def test_an_infinite_number_in_a_registry_that_skipped_cleaning(value):
    with pytest.raises(
        ValueError,
        match=rf"^registry column 'distance_km': expected finite numbers \(NaN when missing\), got {value} "
        r"for therapist T9001$",
    ):
        find(therapist(distance_km=value))
