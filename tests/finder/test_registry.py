"""The synthetic registry: reproducible, fictional, documented, and with problems that cleaning fixes or flags."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from medmassage import finder
from medmassage.finder import generate, vocabulary
from medmassage.finder.rank import SPECIALIST_CERTIFICATIONS
from medmassage.finder.registry import COLUMN_NAMES, DATA_DIR, REGISTRY_CSV
from medmassage.knowledge import knowledge_base
from medmassage.knowledge.models import CredentialKind

from .conftest import patient, raw_therapist


def test_committed_csv_equals_a_fresh_run_of_the_generator():
    fresh = generate.generate_registry().to_csv(index=False, lineterminator="\n")
    assert REGISTRY_CSV.read_text(encoding="utf-8") == fresh, "run `python -m medmassage.finder.generate`"


def test_generator_is_seeded():
    assert generate.generate_registry(n=20, seed=1).equals(generate.generate_registry(n=20, seed=1))
    assert not generate.generate_registry(n=20, seed=1).equals(generate.generate_registry(n=20, seed=2))


def test_at_least_200_fictional_therapists(registry):
    assert len(registry) >= 200 and registry["therapist_id"].is_unique
    first = "|".join(generate._FIRST_START)
    first_end = "|".join(generate._FIRST_END)
    last = "|".join(generate._LAST_START)
    last_end = "|".join(generate._LAST_END)
    pattern = re.compile(rf"^({first})({first_end}) ({last})({last_end})$")
    assert all(pattern.match(name) for name in registry["name"]), "names come only from the invented syllables"
    towns = {t for towns in generate.TOWNS.values() for t in towns}
    assert set(registry["town"]) <= towns


def test_raw_registry_has_the_deliberate_problems():
    raw = finder.load_registry()
    assert raw["therapist_id"].duplicated().sum() == generate.N_DUPLICATES
    lymphoedema = {
        c
        for cell in raw["credentials"]
        for c in cell.split("; ")
        if vocabulary.lookup("credential", c) in ("clt", "clt-lana")
    }
    assert len(lymphoedema) >= 4, f"inconsistent credential spellings expected, got {lymphoedema}"
    for column in ("distance_km", "price_per_session", "years_in_practice", "languages", "standing_status"):
        assert (raw[column] == "").any(), f"{column} should have missing values"
    assert raw["price_per_session"].str.contains(r"[$£€]").any()
    assert raw["standing_status"].nunique() >= 6


def test_cleaning_fixes_spellings_and_lists_every_change(cleaned):
    registry, issues = cleaned
    assert list(registry.columns) == list(COLUMN_NAMES)
    assert set(registry["standing_status"]) == {"active", "expired", "none"}
    kb = knowledge_base()
    for column, ids in [("modalities", kb.techniques), ("conditions", kb.conditions), ("credentials", kb.credentials)]:
        assert all(set(values) <= set(ids) for values in registry[column]), column
    assert list(issues.columns) == ["therapist_id", "field", "problem", "action", "raw_value"]
    assert {"inconsistent spelling", "missing value", "duplicate row"} <= set(issues["problem"])
    assert (issues["problem"].str.contains("is not a technique in the course knowledge base")).any()
    assert registry["price_per_session"].dtype == "float64" and registry["distance_km"].min() >= 0


def test_nothing_is_lost_silently(cleaned):
    """Every missing number in the cleaned registry has an issue explaining it."""
    registry, issues = cleaned
    for column in ("distance_km", "price_per_session", "years_in_practice", "next_available_days"):
        missing = set(registry.loc[registry[column].isna(), "therapist_id"])
        explained = set(issues.loc[issues["field"] == column, "therapist_id"])
        assert missing <= explained, column


def test_clean_registry_example():
    raw = pd.DataFrame([{c: "" for c in COLUMN_NAMES}])
    raw.loc[0, ["therapist_id", "name", "place", "town"]] = ["T1", "A B", "Ontario (Canada)", "X"]
    raw.loc[0, ["standing", "standing_place", "standing_number", "standing_status", "standing_expires"]] = [
        "RMT",
        "ON",
        "RMT-1",
        "ACTIVE",
        "2025-01-01",
    ]
    raw.loc[0, ["credentials", "modalities", "price_per_session"]] = ["C.L.T.; BCTMB", "MLD; hot stone", "$85"]
    registry, issues = finder.clean_registry(raw)
    row = registry.iloc[0]
    assert row["place"] == "ca-on" and row["standing"] == "rmt-ontario" and row["standing_place"] == "ca-on"
    assert row["standing_status"] == "expired"
    assert row["credentials"] == ("clt", "bctmb") and row["modalities"] == ("manual-lymphatic-drainage",)
    assert row["price_per_session"] == 85.0
    assert pd.isna(row["distance_km"])
    problems = set(zip(issues["field"], issues["problem"], strict=True))
    assert ("standing_status", "marked active, but expired on 2025-01-01") in problems
    assert ("place", "inconsistent spelling") in problems
    assert ("modalities", "'hot stone' is not a technique in the course knowledge base") in problems
    assert ("distance_km", "missing value") in problems


def test_readme_documents_every_column():
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    for column in COLUMN_NAMES:
        assert f"| `{column}` |" in readme, column
    for field in ("max_distance_km", "max_price", "languages", "has_physician_referral", "symptoms", "notes"):
        assert f"`{field}`" in readme, field


def test_every_alias_points_at_a_kb_id():
    kb = knowledge_base()
    assert set(vocabulary.TECHNIQUE_ALIASES.values()) <= set(kb.techniques)
    assert set(vocabulary.CREDENTIAL_ALIASES.values()) <= set(kb.credentials)
    assert set(vocabulary.JURISDICTION_ALIASES.values()) <= set(kb.jurisdictions)
    assert set(vocabulary.PLACE_ALIASES.values()) <= set(vocabulary.place_ids())
    assert set(generate.TOWNS) == set(finder.course_places()) == set(generate.PLACE_WEIGHTS)
    assert set(generate.STANDING_SPELLINGS) == {
        a.credential for p in finder.course_places().values() for a in p.accepts
    }
    assert set(generate.TECHNIQUE_WEIGHTS) == set(kb.techniques)


def test_specialist_certifications_are_kb_certifications():
    kb = knowledge_base()
    for credential, (conditions, share) in SPECIALIST_CERTIFICATIONS.items():
        assert kb.credentials[credential].kind in (CredentialKind.CERTIFICATION, CredentialKind.TRAINING_CERTIFICATE)
        assert set(conditions) <= set(kb.conditions) and 0 < share <= 1


def test_readme_numbers_match_the_data(scenarios):
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert f"({generate.N_THERAPISTS} therapists plus {generate.N_DUPLICATES} duplicated rows)" in readme
    assert f"(`SEED = {generate.SEED}`)" in readme
    assert f"({len(scenarios)} patients)" in readme
    assert finder.SNAPSHOT_DATE.strftime("%-d %B %Y") in readme


# --- numbers and dates a contributor may write ----------------------------------------------------


def raw_row(**cells: str) -> pd.DataFrame:
    """One raw registry row (all text) for a UK therapist who qualifies for `patient()`, with changes."""
    return pd.DataFrame([raw_therapist(**cells)], dtype=str)


def issues_for(issues: pd.DataFrame, field: str) -> list[tuple[str, str, str]]:
    rows = issues[issues["field"] == field]
    return list(zip(rows["problem"], rows["action"], rows["raw_value"], strict=True))


def test_the_raw_row_is_clean():
    registry, issues = finder.clean_registry(raw_row())
    assert issues.empty
    assert len(finder.find_therapists(registry, patient()).candidates) == 1


@pytest.mark.parametrize("field", ["distance_km", "price_per_session", "years_in_practice", "next_available_days"])
@pytest.mark.parametrize("text", ["nan", "NaN", "inf", "-inf", "infinity", "1e309"])
def test_a_number_that_is_not_finite_is_an_issue_not_a_value(field, text):
    registry, issues = finder.clean_registry(raw_row(**{field: text}))
    assert math.isnan(registry.loc[0, field])
    assert issues_for(issues, field) == [("not a finite number", "left missing (NaN)", text)]


@pytest.mark.parametrize("field", ["distance_km", "price_per_session"])
@pytest.mark.parametrize("text", ["1,5", "1,500", "€1,5", "45,00 EUR"])
def test_a_comma_in_a_number_is_an_issue_not_a_guess(field, text):
    """'1,5' used to become 15: the currency stripping removed the comma."""
    registry, issues = finder.clean_registry(raw_row(**{field: text}))
    assert math.isnan(registry.loc[0, field])
    problem = "comma in a number: a decimal comma or a thousands separator cannot be told apart"
    assert issues_for(issues, field) == [(problem, "left missing (NaN)", text)]


@pytest.mark.parametrize(
    ("text", "value"), [("£45", 45.0), ("45 EUR", 45.0), ("€55", 55.0), ("115 $", 115.0), ("$85.50", 85.5)]
)
def test_a_currency_symbol_or_code_is_stripped_and_flagged(text, value):
    registry, issues = finder.clean_registry(raw_row(price_per_session=text))
    assert registry.loc[0, "price_per_session"] == value
    assert issues_for(issues, "price_per_session") == [
        ("currency symbol or code in a number", f"read as {text.strip('£€$ EUR')}", text)
    ]


@pytest.mark.parametrize(
    ("field", "text", "problem"),
    [
        ("price_per_session", "85 dollars", "not a number"),
        ("price_per_session", "US$85", "not a number"),
        ("distance_km", "£5", "not a number"),  # currency is stripped in prices only
        ("distance_km", "1_000", "underscore in a number"),
        ("distance_km", "-3", "negative value is impossible"),
        ("price_per_session", "-inf", "not a finite number"),
    ],
)
def test_other_numbers_that_cannot_be_read(field, text, problem):
    registry, issues = finder.clean_registry(raw_row(**{field: text}))
    assert math.isnan(registry.loc[0, field])
    assert issues_for(issues, field) == [(problem, "left missing (NaN)", text)]


@pytest.mark.parametrize("text", ["2026-13-40", "soon", "31/12/2027", "20271231", "2027-W01-1", "2027-1-5"])
def test_a_bad_expiry_date_means_the_finder_cannot_verify_the_standing(text):
    """End to end, clean then find: the date is flagged once, and the licence does not count."""
    registry, issues = finder.clean_registry(raw_row(standing_expires=text))
    assert pd.isna(registry.loc[0, "standing_expires"]) and registry.loc[0, "standing_status"] == "active"
    action = "left missing: the finder cannot verify the standing (expiry unknown)"
    assert issues_for(issues, "standing_expires") == [("not a date (YYYY-MM-DD)", action, text)]
    result = finder.find_therapists(registry, patient())
    assert result.candidates.empty and result.exclusion_counts == {"expiry-unknown": 1}


def test_a_bad_date_on_a_title_granted_once_is_flagged_but_not_needed():
    row = raw_row(place="de", standing="masseur-de", standing_place="de", standing_expires="never")
    registry, issues = finder.clean_registry(row)
    assert issues_for(issues, "standing_expires") == [
        ("not a date (YYYY-MM-DD)", "left missing (a title granted once needs none)", "never")
    ]
    assert len(finder.find_therapists(registry, patient(place="de")).candidates) == 1
