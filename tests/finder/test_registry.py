"""The synthetic registry: reproducible, fictional, documented, and with problems that cleaning fixes or flags."""

from __future__ import annotations

import re

import pandas as pd

from medmassage import finder
from medmassage.finder import generate, vocabulary
from medmassage.finder.rank import SPECIALIST_CERTIFICATIONS
from medmassage.finder.registry import COLUMN_NAMES, DATA_DIR, REGISTRY_CSV
from medmassage.knowledge import knowledge_base
from medmassage.knowledge.models import CredentialKind


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
