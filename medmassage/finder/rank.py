"""Step 5, ranking: a documented score, and a reason for every point.

Only therapists who passed triage, the standing check, the evidence match and
the patient's limits are scored. Each factor becomes a number from 0 to 1 and
is multiplied by its weight; the weights (the maximum points per factor) add up
to 100 by default. Every candidate carries one reason per factor, with the
points it earned, so a reader can see exactly why one therapist ranks above
another, and change a weight to see what happens.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

from ..knowledge import knowledge_base
from ..knowledge.models import CredentialKind
from .evidence import MAX_RANK, ApproachEvidence

#: Credentials (knowledge-base ids) specific to a condition, and the share of the 'specialist'
#: points each earns for it. CLT-LANA (a certifier's exam) earns them all; a CLT training
#: certificate from a school earns half. Titles never earn points: the knowledge base records
#: that they are not regulated credentials.
SPECIALIST_CERTIFICATIONS: dict[str, tuple[tuple[str, ...], float]] = {
    "clt-lana": (("lymphoedema",), 1.0),
    "clt": (("lymphoedema",), 0.5),
}

YEARS_FOR_FULL_POINTS = 20  # experience beyond 20 years earns no more points
WAIT_FOR_ZERO_POINTS = 28  # a first appointment 28 or more days away earns no availability points


@dataclass(frozen=True)
class Weights:
    """The most points each factor can add to a score. Defaults add up to 100.

    Each factor is a number from 0 to 1 before weighting:
    """

    evidence: float = 35.0  # certainty of the best-evidenced approach offered: GRADE rank / 4 (high = 1, not rated = 0)
    experience: float = 15.0  # 1 if the therapist lists experience with the patient's condition, else 0
    specialist: float = 10.0  # a credential specific to the condition: CLT-LANA 1, a CLT training certificate 0.5
    board_certified: float = 5.0  # 1 if board certified (BCTMB: voluntary, US only), else 0
    years: float = 10.0  # years in practice / 20, at most 1; unknown counts as 0
    distance: float = 10.0  # 1 - distance / the patient's distance limit: nearer is better
    price: float = 10.0  # 1 - price / the patient's budget: cheaper is better
    availability: float = 5.0  # 1 - days to the first free appointment / 28, at least 0; unknown counts as 0

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise TypeError(f"weights.{f.name}: expected a number of points, got {type(value).__name__}")
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"weights.{f.name}: expected points >= 0, got {value}")
        if self.total == 0:
            raise ValueError("weights: expected at least one weight above 0, got all 0")

    @property
    def total(self) -> float:
        """The highest possible score."""
        return float(sum(asdict(self).values()))


@dataclass(frozen=True)
class Score:
    """A therapist's score, its parts, and the reasons for each part."""

    total: float
    parts: dict[str, float]
    reasons: tuple[str, ...]
    evidence: ApproachEvidence  # the best-evidenced approach this therapist offers


def _fraction(value: float) -> float:
    return min(1.0, max(0.0, value))


def _known(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def score_therapist(
    row: Mapping[str, Any],
    condition: str,
    max_distance_km: float,
    max_price: float,
    offered: list[ApproachEvidence],
    weights: Weights,
) -> Score:
    """Score one therapist who offers the approaches ``offered`` (best evidence first) for ``condition``."""
    kb = knowledge_base()
    condition_name = kb.conditions[condition].name.lower()
    best = offered[0]
    parts: dict[str, float] = {}
    reasons: list[str] = []

    def add(factor: str, fraction: float, text: str) -> None:
        weight = getattr(weights, factor)
        points = round(weight * _fraction(fraction), 2)
        parts[factor] = points
        reasons.append(f"{factor.replace('_', ' ').capitalize()} +{points:g} of {weight:g}: {text}")

    names = ", ".join(a.technique_name for a in offered)
    add("evidence", max(best.rank, 0) / MAX_RANK, f"offers {names}. Best evidence: {best.describe(warn=False)}")

    experienced = condition in row["conditions"]
    add(
        "experience",
        1.0 if experienced else 0.0,
        f"lists experience with {condition_name}" if experienced else f"does not list experience with {condition_name}",
    )

    held = [c for c in row["credentials"] if condition in SPECIALIST_CERTIFICATIONS.get(c, ((), 0.0))[0]]
    share, specialist = max(((SPECIALIST_CERTIFICATIONS[c][1], c) for c in held), default=(0.0, None))
    titles = [c for c in row["credentials"] if c in kb.credentials and kb.credentials[c].kind is CredentialKind.TITLE]
    if specialist is not None:
        record = kb.credentials[specialist]
        text = f"holds {record.name}, a {record.kind.label.lower()} specific to {condition_name}"
        if share < 1:
            text += f" ({record.does_not_show})"
    else:
        text = f"no certification specific to {condition_name}"
    if titles:
        title = kb.credentials[titles[0]]
        text += f"; the title {title.name} earns no points ({title.does_not_show})"
    add("specialist", share, text)

    board = "bctmb" in row["credentials"] or row.get("standing") == "bctmb"
    add(
        "board_certified",
        1.0 if board else 0.0,
        f"holds {kb.credentials['bctmb'].name}" if board else "not board certified (voluntary; US only)",
    )

    years = row["years_in_practice"]
    if _known(years):
        add(
            "years",
            years / YEARS_FOR_FULL_POINTS,
            f"{years:g} years in practice (full points at {YEARS_FOR_FULL_POINTS})",
        )
    else:
        add("years", 0.0, "years in practice unknown")

    distance = row["distance_km"]
    fraction = 1.0 if max_distance_km == 0 else 1 - distance / max_distance_km
    add("distance", fraction, f"{distance:g} km away, your limit is {max_distance_km:g} km")

    price = row["price_per_session"]
    fraction = 1.0 if max_price == 0 else 1 - price / max_price
    add("price", fraction, f"{price:g} per session, your budget is {max_price:g}")

    wait = row["next_available_days"]
    if _known(wait):
        add("availability", 1 - wait / WAIT_FOR_ZERO_POINTS, f"first free appointment in {wait:g} days")
    else:
        add("availability", 0.0, "first free appointment unknown")

    if best.weak:
        reasons.insert(1, f"Weak evidence: {best.warning()}")
    return Score(round(sum(parts.values()), 2), parts, tuple(reasons), best)
