"""Step 3, matching techniques to the condition: which approaches, and how good is their evidence?

Everything comes from the knowledge base: a condition's ``approaches`` (technique
ids) and the findings about it. For each approach we take the most certain
finding that tests massage itself (``tests_massage``) and names that technique;
if there is none, the most certain finding about massage in general for the
condition stands in, and the result says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..knowledge import Certainty, Finding, knowledge_base

#: Certainty at or below this level is reported as weak evidence.
WEAK_AT_OR_BELOW = Certainty.LOW
#: The highest certainty rank (GRADE 'high'), used to scale evidence points from 0 to 1.
MAX_RANK = Certainty.HIGH.rank


@dataclass(frozen=True)
class ApproachEvidence:
    """The evidence behind one approach (technique) for one condition."""

    condition: str
    technique: str
    technique_name: str
    certainty: Certainty | None  # None: no finding about massage for this condition at all
    findings: tuple[str, ...]  # ids of the findings the certainty comes from
    specific: bool  # True: findings name this technique; False: massage in general stands in

    @property
    def rank(self) -> int:
        """Certainty rank (0 = not rated ... 4 = high); -1 when there is no evidence at all."""
        return -1 if self.certainty is None else self.certainty.rank

    @property
    def weak(self) -> bool:
        """True when the best evidence is low, very low, not rated or missing."""
        return self.certainty is None or self.certainty.rank <= WEAK_AT_OR_BELOW.rank

    def warning(self) -> str:
        """What weak evidence means for the patient ('' when the evidence is not weak)."""
        if not self.weak:
            return ""
        condition = knowledge_base().conditions[self.condition].name.lower()
        level = "no" if self.certainty is None else f"only {self.certainty.label.lower()}-certainty"
        return (
            f"there is {level} evidence for {self.technique_name} in {condition}; "
            "expect a modest, uncertain benefit at best."
        )

    def describe(self, warn: bool = True) -> str:
        """One sentence for a reader, e.g. 'Swedish ...: moderate certainty (2 results about this technique).'"""
        kb = knowledge_base()
        condition = kb.conditions[self.condition].name.lower()
        if self.certainty is None:
            return f"{self.technique_name}: no result about massage for {condition} in the knowledge base."
        basis = "about this technique" if self.specific else f"about massage in general for {condition}"
        n = len(self.findings)
        text = f"{self.technique_name}: {self.certainty.label.lower()} certainty ({n} result{'s' * (n != 1)} {basis})."
        if warn and self.weak:
            text += " The evidence is weak: expect a modest, uncertain benefit at best."
        return text


def _best(findings: list[Finding]) -> tuple[Certainty | None, tuple[str, ...]]:
    about_massage = [f for f in findings if f.tests_massage]
    if not about_massage:
        return None, ()
    top = max(f.certainty.rank for f in about_massage)
    best = tuple(f.id for f in about_massage if f.certainty.rank == top)
    return next(f.certainty for f in about_massage if f.certainty.rank == top), best


def approach_evidence(condition: str) -> list[ApproachEvidence]:
    """The knowledge base's approaches for ``condition``, best evidence first (ties in the knowledge base's order)."""
    kb = knowledge_base()
    if condition not in kb.conditions:
        raise ValueError(
            f"condition: unknown condition {condition!r}: expected one of {', '.join(sorted(kb.conditions))}"
        )
    general = [f for f in kb.findings_for(condition=condition) if f.technique is None]
    rows = []
    for technique in kb.conditions[condition].approaches:
        certainty, ids = _best(kb.findings_for(condition=condition, technique=technique))
        specific = certainty is not None
        if not specific:
            certainty, ids = _best(general)
        rows.append(ApproachEvidence(condition, technique, kb.techniques[technique].name, certainty, ids, specific))
    return sorted(rows, key=lambda row: -row.rank)


def no_approach_reason(condition: str) -> str:
    """Why no therapist can match a condition whose knowledge-base record lists no massage approach."""
    kb = knowledge_base()
    record = kb.conditions[condition]
    tested = sorted({f.intervention for f in kb.findings_for(condition=condition) if not f.tests_massage})
    text = f"The course knowledge base lists no massage approach for {record.name.lower()}."
    if tested:
        text += f" Its results are about other treatments: {'; '.join(tested)}."
    return text
