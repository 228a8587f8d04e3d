"""Patients: the :class:`Patient` record, its checks, and the scenarios in ``medmassage/finder/data/scenarios.yaml``.

A patient is checked when it is made, so a mistake (an unknown condition, a
negative budget, a misspelt symptom code) fails at once with a message naming
the field, instead of quietly changing who gets recommended. A misspelt
warning-sign code matters most: it would let a red flag slip through triage.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import strict_yaml
from ..knowledge import knowledge_base
from .places import course_places, place_name
from .registry import DATA_DIR
from .triage import red_flag_index
from .vocabulary import COMMON_SYMPTOMS, language

SCENARIOS_YAML = DATA_DIR / "scenarios.yaml"


def known_symptoms() -> dict[str, str]:
    """Every symptom code a patient may have: everyday symptoms, then the knowledge base's red-flag codes."""
    codes = dict(COMMON_SYMPTOMS)
    for code, matches in red_flag_index().items():
        codes[code] = matches[0].flag.sign
    return codes


def _number(name: str, value: Any, unit: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"patient.{name}: expected a number ({unit}), got {type(value).__name__} ({value!r})")
    if math.isnan(value):
        raise ValueError(f"patient.{name}: expected a number ({unit}), got NaN")
    if value < 0:
        raise ValueError(f"patient.{name}: expected {unit} >= 0, got {value}")
    return float(value)


def _strings(name: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise TypeError(f"patient.{name}: expected a list of strings, got {type(value).__name__} ({value!r})")
    for item in value:
        if not isinstance(item, str):
            raise TypeError(f"patient.{name}: expected a list of strings, got an item {item!r}")
    return tuple(value)


@dataclass(frozen=True)
class Patient:
    """Someone looking for a massage therapist, with their preferences.

    ``max_distance_km`` and ``max_price`` are limits (a therapist further away or
    dearer is excluded); ``languages`` are the languages the patient can use (a
    therapist must share at least one); ``has_physician_referral`` means the patient
    comes with a doctor's referral, so the therapist must accept physician referrals.
    ``symptoms`` are codes: everyday symptoms (:data:`COMMON_SYMPTOMS`) or the
    ``code`` of a red flag in the knowledge base.
    """

    id: str
    condition: str
    place: str
    symptoms: tuple[str, ...] = ()
    max_distance_km: float = 25.0
    max_price: float = 100.0
    languages: tuple[str, ...] = ("english",)
    has_physician_referral: bool = False
    name: str = ""
    notes: str = ""

    def __post_init__(self) -> None:
        kb = knowledge_base()
        for name in ("id", "condition", "place", "name", "notes"):
            value = getattr(self, name)
            if not isinstance(value, str):
                raise TypeError(f"patient.{name}: expected text, got {type(value).__name__} ({value!r})")
        if not self.id.strip():
            raise ValueError("patient.id: expected a non-empty id")
        if self.condition not in kb.conditions:
            raise ValueError(
                f"patient.condition: unknown condition {self.condition!r}: expected one of "
                f"{', '.join(sorted(kb.conditions))}"
            )
        places = course_places()
        if self.place not in places:
            raise ValueError(
                f"patient.place: unknown place {self.place!r} (where the treatment takes place): expected one of "
                f"{', '.join(sorted(places))}"
            )
        symptoms = _strings("symptoms", self.symptoms)
        known = known_symptoms()
        for code in symptoms:
            if code not in known:
                raise ValueError(
                    f"patient.symptoms: unknown symptom code {code!r}: expected one of {', '.join(sorted(known))}"
                )
        languages = _strings("languages", self.languages)
        if not languages:
            raise ValueError("patient.languages: expected at least one language")
        if not isinstance(self.has_physician_referral, bool):
            raise TypeError(
                f"patient.has_physician_referral: expected True or False, got {self.has_physician_referral!r}"
            )
        object.__setattr__(self, "symptoms", symptoms)
        object.__setattr__(self, "languages", tuple(language(x) for x in languages))
        object.__setattr__(
            self, "max_distance_km", _number("max_distance_km", self.max_distance_km, "a distance in km")
        )
        object.__setattr__(self, "max_price", _number("max_price", self.max_price, "a budget per session"))

    @property
    def label(self) -> str:
        """'Ilsa: Low back pain (Ontario (Canada))', for menus and titles."""
        kb = knowledge_base()
        who = self.name or self.id
        return f"{who}: {kb.conditions[self.condition].name} ({place_name(self.place)})"


_SCENARIO_KEYS = {"id", "name", "condition", "place", "symptoms", "preferences", "notes"}
_PREFERENCE_KEYS = {"max_distance_km", "max_price", "languages", "has_physician_referral"}


def load_scenarios(path: Path | str = SCENARIOS_YAML) -> dict[str, Patient]:
    """The scenarios, by id, each checked as a :class:`Patient` (errors name the scenario and field)."""
    path = Path(path)
    try:
        data = strict_yaml.load_file(path)
    except (OSError, strict_yaml.YamlProblem) as exc:
        raise ValueError(f"{path.name}: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("scenarios"), list):
        raise ValueError(f"{path.name}: expected a mapping with a 'scenarios' list")
    patients: dict[str, Patient] = {}
    for n, raw in enumerate(data["scenarios"], start=1):
        if not isinstance(raw, dict):
            raise ValueError(f"{path.name}: scenario #{n}: expected a mapping, got {type(raw).__name__}")
        where = f"{path.name}: scenario {raw.get('id', f'#{n}')!r}"
        unknown = set(raw) - _SCENARIO_KEYS
        if unknown:
            raise ValueError(
                f"{where}: unknown field {sorted(unknown)[0]!r}: expected {', '.join(sorted(_SCENARIO_KEYS))}"
            )
        preferences = raw.get("preferences") or {}
        unknown = set(preferences) - _PREFERENCE_KEYS
        if unknown:
            raise ValueError(
                f"{where}: unknown field 'preferences.{sorted(unknown)[0]}': "
                f"expected {', '.join(sorted(_PREFERENCE_KEYS))}"
            )
        try:
            patient = Patient(
                id=raw.get("id", ""),
                name=raw.get("name", ""),
                condition=raw.get("condition", ""),
                place=raw.get("place", ""),
                symptoms=raw.get("symptoms", []),
                notes=" ".join(str(raw.get("notes", "")).split()),
                **preferences,
            )
        except (TypeError, ValueError) as exc:
            raise type(exc)(f"{where}: {exc}") from None
        if patient.id in patients:
            raise ValueError(f"{where}: duplicate id")
        patients[patient.id] = patient
    return patients
