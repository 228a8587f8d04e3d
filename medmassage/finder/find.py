"""``find_therapists``: the five steps in order, with a reason for every therapist left out.

1. Red-flag triage (:mod:`.triage`): a red flag means medical help, as fast as its urgency says, and no list.
2. Standing check: the therapist practises where the treatment takes place, and holds standing that
   counts there (:mod:`.places`): the right credential, issued by the right place, active, and not
   expired on the search date, whatever the status column says. A licence from another state does
   not count; a voluntary register is accepted only where the law requires nothing, and is named
   as what it is.
3. Evidence match (:mod:`.evidence`): the therapist offers an approach the knowledge base lists
   for the condition; better-evidenced approaches score higher, and weak evidence is said so.
4. Preferences: within the patient's distance limit and budget, a shared language, and
   accepting physician referrals when the patient has one.
5. Ranking (:mod:`.rank`) with documented weights and a reason for each point.

Every therapist in the registry ends up either a candidate or excluded for exactly one
reason (the first step they fail), so ``len(candidates) + sum(exclusion_counts) == len(registry)``.
This is a teaching tool with fictional data: education, not medical advice.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

import pandas as pd

from ..knowledge import knowledge_base
from .evidence import ApproachEvidence, approach_evidence, no_approach_reason
from .places import course_places, place_name, standing_text
from .rank import Weights, score_therapist
from .registry import SNAPSHOT_DATE, validate_registry
from .scenarios import Patient
from .triage import Triage, triage

NOT_ADVICE = "This is a teaching exercise with fictional therapists: education, not medical advice."


class Exclusion(StrEnum):
    """Why a therapist was left out, in the order the steps are checked."""

    RED_FLAG = "red-flag"
    OUTSIDE_PLACE = "outside-place"
    NO_STANDING = "no-standing"
    NOT_ACCEPTED_HERE = "not-accepted-here"
    ISSUED_ELSEWHERE = "issued-elsewhere"
    STANDING_EXPIRED = "standing-expired"
    EXPIRY_UNKNOWN = "expiry-unknown"
    NO_MATCHING_APPROACH = "no-matching-approach"
    DISTANCE_UNKNOWN = "distance-unknown"
    TOO_FAR = "too-far"
    PRICE_UNKNOWN = "price-unknown"
    OVER_BUDGET = "over-budget"
    NO_SHARED_LANGUAGE = "no-shared-language"
    NO_REFERRALS = "no-physician-referrals"

    @property
    def step(self) -> str:
        """Which step excludes for this reason: triage, standing, evidence or preferences."""
        if self is Exclusion.RED_FLAG:
            return "triage"
        if self in (Exclusion.NO_MATCHING_APPROACH,):
            return "evidence"
        if self in (
            Exclusion.OUTSIDE_PLACE,
            Exclusion.NO_STANDING,
            Exclusion.NOT_ACCEPTED_HERE,
            Exclusion.ISSUED_ELSEWHERE,
            Exclusion.STANDING_EXPIRED,
            Exclusion.EXPIRY_UNKNOWN,
        ):
            return "standing"
        return "preferences"

    @property
    def label(self) -> str:
        """The reason in plain words."""
        return {
            "red-flag": "not considered, because a red flag means getting medical help first",
            "outside-place": "practising somewhere other than where the treatment takes place",
            "no-standing": "no licence, registration or register membership on record",
            "not-accepted-here": "holding a kind of standing that does not count here",
            "issued-elsewhere": "licensed or registered only in another place",
            "standing-expired": "licence, registration or membership expired",
            "expiry-unknown": "no expiry date, so it cannot be verified",
            "no-matching-approach": "offering no approach the knowledge base lists for the condition",
            "distance-unknown": "distance not listed",
            "too-far": "beyond the distance limit",
            "price-unknown": "price not listed",
            "over-budget": "over the budget",
            "no-shared-language": "sharing none of the patient's languages",
            "no-physician-referrals": "not accepting physician referrals",
        }[self.value]


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def standing_problem(row: Mapping[str, Any], place: str, on: date = SNAPSHOT_DATE) -> Exclusion | None:
    """Step 2 for one therapist: None if they practise in ``place`` with standing that counts there on ``on``.

    The finder checks for itself rather than trusting the status column alone: the credential and
    the place that issued it must be one the place accepts, the status must be active, and an
    expiring credential must carry an expiry date on or after ``on``. A title granted once needs no
    date, but one whose recorded date has passed does not count either.
    """
    if row["place"] != place:
        return Exclusion.OUTSIDE_PLACE
    credential = row["standing"]
    if _missing(credential) or row["standing_status"] == "none":
        return Exclusion.NO_STANDING
    here = course_places()[place]
    if not here.counts(credential, row["standing_place"]):
        if any(accepted.credential == credential for accepted in here.accepts):
            return Exclusion.ISSUED_ELSEWHERE
        return Exclusion.NOT_ACCEPTED_HERE
    if row["standing_status"] != "active":
        return Exclusion.STANDING_EXPIRED
    expires = row["standing_expires"]
    if _missing(expires) or pd.isna(expires):
        if knowledge_base().credentials[credential].expires is not False:
            return Exclusion.EXPIRY_UNKNOWN
    elif pd.Timestamp(expires).date() < on:  # a title granted once needs no date, but a past one still counts
        return Exclusion.STANDING_EXPIRED
    return None


def has_standing(row: Mapping[str, Any], place: str, on: date = SNAPSHOT_DATE) -> bool:
    """True when the therapist practises in ``place`` and holds standing that counts there on ``on``."""
    return standing_problem(row, place, on) is None


def preference_problem(row: Mapping[str, Any], patient: Patient) -> Exclusion | None:
    """Step 4 for one therapist: the first of the patient's limits they fail, or None."""
    if _missing(row["distance_km"]):
        return Exclusion.DISTANCE_UNKNOWN
    if row["distance_km"] > patient.max_distance_km:
        return Exclusion.TOO_FAR
    if _missing(row["price_per_session"]):
        return Exclusion.PRICE_UNKNOWN
    if row["price_per_session"] > patient.max_price:
        return Exclusion.OVER_BUDGET
    if not set(row["languages"]) & set(patient.languages):
        return Exclusion.NO_SHARED_LANGUAGE
    if patient.has_physician_referral and not row["accepts_physician_referrals"]:
        return Exclusion.NO_REFERRALS
    return None


CANDIDATE_COLUMNS = (
    "rank",
    "therapist_id",
    "name",
    "score",
    "evidence",
    "evidence_rank",
    "weak_evidence",
    "standing",
    "standing_place",
    "approaches",
    "distance_km",
    "price_per_session",
    "languages",
    "years_in_practice",
    "next_available_days",
    "reasons",
)


@dataclass(frozen=True)
class FinderResult:
    """What :func:`find_therapists` found, and why.

    - ``outcome``: 'see-a-doctor' (a red flag; no list), 'candidates', or 'no-match';
    - ``candidates``: ranked therapists, best first, each with its ``reasons``;
    - ``excluded``: one row per therapist left out (therapist_id, reason, step);
    - ``exclusion_counts``: how many were left out for each reason.
    """

    patient: Patient
    triage: Triage
    evidence: tuple[ApproachEvidence, ...]
    candidates: pd.DataFrame
    excluded: pd.DataFrame
    weights: Weights
    registry_size: int

    @property
    def outcome(self) -> str:
        if self.triage.see_a_doctor:
            return "see-a-doctor"
        return "candidates" if len(self.candidates) else "no-match"

    @property
    def exclusion_counts(self) -> dict[str, int]:
        """Reason id -> number of therapists, in step order, reasons with none left out."""
        counts = self.excluded["reason"].value_counts()
        return {reason.value: int(counts[reason.value]) for reason in Exclusion if reason.value in counts}

    def exclusion_table(self) -> pd.DataFrame:
        """Step, reason in words, and count: the report of who was left out."""
        rows = [
            {"step": Exclusion(r).step, "reason": Exclusion(r).label, "therapists": n}
            for r, n in self.exclusion_counts.items()
        ]
        return pd.DataFrame(rows, columns=["step", "reason", "therapists"])

    def evidence_table(self) -> pd.DataFrame:
        """The approaches the knowledge base lists for the condition, best evidence first."""
        rows = [
            {
                "approach": e.technique_name,
                "best certainty": e.certainty.label if e.certainty else "none",
                "results": len(e.findings),
                "based on": "this technique" if e.specific else "massage in general",
                "weak evidence": "yes" if e.weak else "no",
            }
            for e in self.evidence
        ]
        return pd.DataFrame(rows, columns=["approach", "best certainty", "results", "based on", "weak evidence"])

    def table(self, top: int = 10) -> pd.DataFrame:
        """The top candidates, with readable columns, for display."""
        shown = self.candidates.head(top)
        return pd.DataFrame(
            {
                "Rank": shown["rank"],
                "Therapist": shown["name"],
                "Score": shown["score"],
                "Best evidence": shown["evidence"],
                "Standing": [knowledge_base().credentials[c].name for c in shown["standing"]],
                "Distance (km)": shown["distance_km"],
                "Price": shown["price_per_session"],
                "Languages": [", ".join(x) for x in shown["languages"]],
            }
        )

    def why_nobody(self) -> str:
        """Why no therapist qualifies, counted by reason ('' when some do)."""
        if len(self.candidates):
            return ""
        if self.triage.see_a_doctor:
            return self.triage.message()
        parts = [f"{Exclusion(r).label}: {n}" for r, n in self.exclusion_counts.items()]
        text = f"No therapist qualifies. Of the {self.registry_size} therapists in the registry: {'; '.join(parts)}."
        if not self.evidence:
            text += " " + no_approach_reason(self.patient.condition)
        else:
            preference = {r: n for r, n in self.exclusion_counts.items() if Exclusion(r).step == "preferences"}
            if preference:
                biggest = Exclusion(max(preference, key=preference.get))
                text += (
                    f" Of the patient's own limits, the one that ruled out most was '{biggest.label}': try relaxing it."
                )
        return text

    def summary(self) -> str:
        """A few plain sentences: the outcome and the main reasons."""
        if self.outcome == "see-a-doctor":
            return f"{self.triage.message()} No therapist list is given: massage is not the next step."
        if self.outcome == "no-match":
            return self.why_nobody()
        n = len(self.candidates)
        return f"{n} of {self.registry_size} therapists qualify. {self.explain_top()}"

    def explain_top(self) -> str:
        """Why the top candidate ranks first: the score, its largest parts and any weak-evidence warning."""
        if self.outcome != "candidates":
            return self.summary()
        top = self.candidates.iloc[0]
        evidence, *others = top["reasons"]
        warning = [r for r in others if r.startswith("Weak evidence:")]
        scored = [r for r in others if not r.startswith("Weak evidence:")]
        strongest = sorted(scored, key=_points, reverse=True)[:2]  # the two factors that earned most
        reasons = " ".join(f"{r.rstrip('.')}." for r in [evidence, *warning, *strongest])
        standing = standing_text(top["standing"], top["standing_place"])
        return (
            f"Top choice: {top['name']} ({top['therapist_id']}), {top['score']:g} of {self.weights.total:g} points. "
            f"{reasons} Standing: {standing} {NOT_ADVICE}"
        )

    def place_text(self) -> str:
        """What the law of the patient's place requires, and what the finder counts as standing there."""
        place = course_places()[self.patient.place]
        kb = knowledge_base()
        counted = "; ".join(
            f"{kb.credentials[a.credential].name} issued by {place_name(a.issued_by)}" for a in place.accepts
        )
        return f"{place.name}: {place.law.label}. {place.pattern} Counted as standing here: {counted}."


def _points(reason: str) -> float:
    """The points in a reason such as 'Distance +4.2 of 10: ...'."""
    return float(reason.split(":", 1)[0].split("+", 1)[1].split(" of ")[0])


def _as_patient(patient: Any) -> Patient:
    if isinstance(patient, Patient):
        return patient
    if isinstance(patient, Mapping):
        return Patient(**patient)
    raise TypeError(f"patient: expected a Patient (or a mapping of its fields), got {type(patient).__name__}")


def find_therapists(
    registry: pd.DataFrame,
    patient: Patient | Mapping[str, Any],
    weights: Weights | None = None,
    on: date = SNAPSHOT_DATE,
) -> FinderResult:
    """Find and rank therapists for ``patient`` in a cleaned ``registry``.

    ``on`` is the search date: standing that expired before it does not count (by default the
    registry's snapshot date, so results are the same on every day of the year).

    Raises TypeError or ValueError naming the field for bad input: a registry that is not a
    DataFrame, is empty, lacks columns or has wrongly typed ones; an unknown condition,
    place or symptom code; a negative distance limit or budget.
    """
    registry = validate_registry(registry)
    patient = _as_patient(patient)
    if weights is None:
        weights = Weights()
    elif not isinstance(weights, Weights):
        raise TypeError(f"weights: expected a Weights, got {type(weights).__name__}")
    result_triage = triage(patient)
    evidence = tuple(approach_evidence(patient.condition))
    by_technique = {e.technique: e for e in evidence}
    excluded: list[dict[str, str]] = []
    scored: list[dict[str, Any]] = []

    def exclude(row: Mapping[str, Any], reason: Exclusion) -> None:
        excluded.append({"therapist_id": row["therapist_id"], "reason": reason.value, "step": reason.step})

    for row in registry.to_dict("records"):
        if result_triage.see_a_doctor:
            exclude(row, Exclusion.RED_FLAG)
            continue
        problem = standing_problem(row, patient.place, on)
        if problem:
            exclude(row, problem)
            continue
        offered = [by_technique[t] for t in row["modalities"] if t in by_technique]
        if not offered:
            exclude(row, Exclusion.NO_MATCHING_APPROACH)
            continue
        problem = preference_problem(row, patient)
        if problem:
            exclude(row, problem)
            continue
        offered.sort(key=lambda e: -e.rank)
        score = score_therapist(row, patient.condition, patient.max_distance_km, patient.max_price, offered, weights)
        scored.append(
            {
                "therapist_id": row["therapist_id"],
                "name": row["name"],
                "score": score.total,
                "evidence": score.evidence.certainty.label if score.evidence.certainty else "none",
                "evidence_rank": score.evidence.rank,
                "weak_evidence": score.evidence.weak,
                "standing": row["standing"],
                "standing_place": row["standing_place"],
                "approaches": tuple(e.technique for e in offered),
                "distance_km": float(row["distance_km"]),
                "price_per_session": float(row["price_per_session"]),
                "languages": tuple(row["languages"]),
                "years_in_practice": row["years_in_practice"],
                "next_available_days": row["next_available_days"],
                "reasons": score.reasons,
            }
        )
    scored.sort(key=lambda c: (-c["score"], c["distance_km"], c["price_per_session"], c["therapist_id"]))
    for rank, candidate in enumerate(scored, start=1):
        candidate["rank"] = rank
    candidates = pd.DataFrame(scored, columns=list(CANDIDATE_COLUMNS))
    return FinderResult(
        patient=patient,
        triage=result_triage,
        evidence=evidence,
        candidates=candidates,
        excluded=pd.DataFrame(excluded, columns=["therapist_id", "reason", "step"]),
        weights=weights,
        registry_size=len(registry),
    )
