"""Places: where treatment happens, what the law there requires, and what standing the finder accepts.

Read from ``medmassage/finder/data/places.yaml``. A place is a (fictional) US state or city, or a country
or province from the knowledge base. Its ``accepts`` pairs a knowledge-base credential with the
place that must have issued it, so a US state licence counts only in the state that issued it,
and a voluntary register is never mistaken for a licence: :func:`standing_text` says which one a
therapist holds and what it does and does not guarantee, in the knowledge base's own words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..datafiles import DataFileError, read_yaml
from ..knowledge import knowledge_base
from ..knowledge.models import ID_PATTERN
from ..paths import EXERCISE_DATA_DIR

PLACES_YAML = EXERCISE_DATA_DIR / "places.yaml"


class Law(StrEnum):
    """What the law of a place requires to practise massage for pay."""

    LICENCE = "licence"
    REGISTRATION = "registration"
    CITY_LICENCE = "city-licence"
    TITLE = "title"  # the law protects a title, not the practice
    NONE = "none"

    @property
    def label(self) -> str:
        return {
            "licence": "a state licence is required to practise",
            "registration": "state registration is required to practise",
            "city-licence": "the city requires its own licence",
            "title": "the law protects a title, not the practice of massage",
            "none": "no licence or registration is required",
        }[self.value]


@dataclass(frozen=True)
class Accepted:
    """One kind of standing that counts in a place: a credential, issued by a given place."""

    credential: str
    issued_by: str


@dataclass(frozen=True)
class Place:
    """Where a patient is treated and a therapist practises."""

    id: str
    name: str
    country: str  # a knowledge-base jurisdiction id, for the real-world rules behind the pattern
    law: Law
    accepts: tuple[Accepted, ...]
    pattern: str
    within: str | None = None

    def counts(self, credential: str | None, issued_by: str | None) -> bool:
        """True when this credential, issued there, is standing the finder accepts here."""
        return Accepted(str(credential), str(issued_by)) in self.accepts


class PlacesError(DataFileError):
    """places.yaml is wrong; the message names the file, the place and the field."""


def _error(path: Path, place_id: str, field: str, message: str) -> PlacesError:
    return PlacesError(path, place_id, field, message)


def _place(raw: Any, path: Path, n: int) -> Place:
    kb = knowledge_base()
    if not isinstance(raw, dict):
        raise PlacesError(path, None, None, f"place #{n}: expected a mapping, got {type(raw).__name__}")
    place_id = str(raw.get("id", f"#{n}"))
    unknown = set(raw) - {"id", "name", "country", "law", "accepts", "pattern", "within"}
    if unknown:
        raise _error(path, place_id, sorted(unknown)[0], "unknown field")
    if not re.match(ID_PATTERN, place_id):
        raise _error(path, place_id, "id", "expected lower-case words joined by hyphens")
    for name in ("name", "pattern"):
        if not isinstance(raw.get(name), str) or not raw[name].strip():
            raise _error(path, place_id, name, "expected non-empty text")
    if raw.get("country") not in kb.jurisdictions:
        known = ", ".join(kb.jurisdictions)
        raise _error(path, place_id, "country", f"expected a knowledge-base jurisdiction ({known})")
    try:
        law = Law(raw.get("law"))
    except ValueError:
        raise _error(path, place_id, "law", f"expected one of {', '.join(Law)}") from None
    accepts = raw.get("accepts")
    if not isinstance(accepts, list) or not accepts:
        raise _error(path, place_id, "accepts", "expected a list of {credential, issued_by}")
    pairs = []
    for m, item in enumerate(accepts):
        if not isinstance(item, dict) or set(item) != {"credential", "issued_by"}:
            raise _error(path, place_id, f"accepts.{m}", "expected {credential, issued_by}")
        if item["credential"] not in kb.credentials:
            raise _error(path, place_id, f"accepts.{m}.credential", f"unknown credential {item['credential']!r}")
        pairs.append(Accepted(item["credential"], item["issued_by"]))
    return Place(
        id=place_id,
        name=raw["name"].strip(),
        country=raw["country"],
        law=law,
        accepts=tuple(pairs),
        pattern=" ".join(raw["pattern"].split()),
        within=raw.get("within"),
    )


def load_places(path: Path | str = PLACES_YAML) -> dict[str, Place]:
    """The places, by id, each checked; an error names the file, the place and the field."""
    path = Path(path)
    data = read_yaml(path, PlacesError)
    if not isinstance(data.get("places"), list):
        raise PlacesError(path, None, "places", "expected a list of places")
    places: dict[str, Place] = {}
    for n, raw in enumerate(data["places"], start=1):
        place = _place(raw, path, n)
        if place.id in places:
            raise _error(path, place.id, "id", "duplicate id")
        places[place.id] = place
    kb = knowledge_base()
    issuers = set(places) | set(kb.jurisdictions)
    for place in places.values():
        if place.within is not None and place.within not in places:
            raise _error(path, place.id, "within", f"unknown place {place.within!r}")
        for m, pair in enumerate(place.accepts):
            if pair.issued_by not in issuers:
                raise _error(path, place.id, f"accepts.{m}.issued_by", f"unknown place {pair.issued_by!r}")
    return places


@lru_cache(maxsize=1)
def course_places() -> dict[str, Place]:
    """The exercise's places, loaded once per process."""
    return load_places()


def place_name(place_id: str | None) -> str:
    """A place's name ('Calder (a fictional US state)'), a knowledge-base jurisdiction's name, or the id."""
    if place_id is None:
        return "nowhere recorded"
    places = course_places()
    if place_id in places:
        return places[place_id].name
    jurisdictions = knowledge_base().jurisdictions
    return jurisdictions[place_id].name if place_id in jurisdictions else place_id


def standing_text(credential: str, issued_by: str | None) -> str:
    """What a therapist's standing is, and what it does and does not show, from the knowledge base."""
    record = knowledge_base().credentials[credential]
    return (
        f"{record.name} ({record.kind.label.lower()}; {record.legal_status.label.lower()}), issued by "
        f"{place_name(issued_by)}. It shows: {record.shows} It does not show: {record.does_not_show}"
    )
