"""Fixtures for the finder tests: the cleaned registry, the scenarios, and hand-made registries."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import pytest

from medmassage import finder
from medmassage.finder.registry import COLUMN_NAMES


@pytest.fixture(scope="session")
def cleaned() -> finder.Cleaned:
    return finder.clean_registry(finder.load_registry())


@pytest.fixture(scope="session")
def registry(cleaned: finder.Cleaned) -> pd.DataFrame:
    return cleaned.registry


@pytest.fixture(scope="session")
def scenarios() -> dict[str, finder.Patient]:
    return finder.load_scenarios()


def therapist(**changes: Any) -> dict[str, Any]:
    """One cleaned registry row that passes every step for `patient()` (low back pain, uk), with changes."""
    row = {
        "therapist_id": "T9001",
        "name": "Testa Rowan",
        "place": "uk",
        "town": "Brackenford",
        "standing": "cnhc-registration",
        "standing_place": "uk",
        "standing_number": "CNHC-00001",
        "standing_status": "active",
        "standing_expires": pd.Timestamp("2027-01-01"),
        "credentials": (),
        "modalities": ("swedish",),
        "conditions": ("low-back-pain",),
        "years_in_practice": 10.0,
        "distance_km": 5.0,
        "languages": ("english",),
        "price_per_session": 50.0,
        "accepts_physician_referrals": True,
        "next_available_days": 7.0,
    }
    row.update(changes)
    return row


def as_raw_text(value: Any) -> str:
    """A cleaned value as a contributor writes it in the CSV."""
    if isinstance(value, tuple | list):
        return "; ".join(value)
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return "" if value is None else str(value)


def raw_therapist(**cells: str) -> dict[str, str]:
    """`therapist()` as the raw CSV row a contributor would write (all text), with cells changed."""
    return {**{column: as_raw_text(value) for column, value in therapist().items()}, **cells}


def make_registry(*rows: dict[str, Any]) -> pd.DataFrame:
    """A cleaned-registry DataFrame from rows like `therapist()` (numbers as float64, flags as bool)."""
    frame = pd.DataFrame(list(rows), columns=list(COLUMN_NAMES))
    for column in ("years_in_practice", "distance_km", "price_per_session", "next_available_days"):
        frame[column] = frame[column].astype("float64")
    frame["accepts_physician_referrals"] = frame["accepts_physician_referrals"].astype(bool)
    frame["standing_expires"] = pd.to_datetime(frame["standing_expires"])
    return frame


def patient(**changes: Any) -> finder.Patient:
    fields = {
        "id": "test",
        "condition": "low-back-pain",
        "place": "uk",
        "symptoms": ["back-pain"],
        "max_distance_km": 20,
        "max_price": 80,
        "languages": ["english"],
    }
    fields.update(changes)
    return finder.Patient(**fields)


NAN = math.nan
