"""A condition's bottom line: its headline results, stated in GRADE's plain-language phrases.

GRADE's informative statements tie the wording to the certainty of the evidence, so a reader
hears how sure we are in the verb itself (Santesso and colleagues, 2020, ``santesso2020grade``
in medmassage/knowledge/references.bib; Cochrane's plain-language summaries use "probably" for moderate
certainty, where GRADE's guidance also allows "likely"):

============  ===========================================  ==============================================
certainty     a benefit                                    little or no difference
============  ===========================================  ==============================================
high          massage reduces pain                         massage results in little to no difference in
moderate      massage probably reduces pain                massage probably results in little to ...
low           massage may reduce pain                      massage may result in little to no ...
very low      the evidence is very uncertain about         the evidence is very uncertain about whether
              whether massage reduces pain                 massage makes any difference to pain
============  ===========================================  ==============================================

Each sentence also says what massage was compared with, when the outcome was measured, and who
rated the certainty. Results marked ``headline: true`` in the knowledge base are the ones stated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .knowledge import Certainty, Finding, KnowledgeBase, RatedBy, Result


@dataclass(frozen=True)
class Statement:
    """The parts of one bottom-line sentence; results that share all but the outcome are merged."""

    control: str
    subject: str
    result: Result
    time: str
    certainty: Certainty
    rated_by: RatedBy
    outcomes: tuple[str, ...]

    def key(self) -> tuple:
        return (self.control, self.subject, self.result, self.time, self.certainty, self.rated_by)


def outcome_phrase(outcome: str) -> str:
    """'Disability (Roland score; lower is better)' -> 'disability': the noun phrase, in lower case."""
    phrase = re.sub(r"\s*\([^)]*\)\s*$", "", outcome).strip()
    keep_case = len(phrase) > 1 and phrase[1].isupper()  # an acronym such as 'HRQoL'
    return phrase if keep_case else phrase[:1].lower() + phrase[1:]


def _join(items: tuple[str, ...]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _time(finding: Finding) -> str:
    if finding.time_point:
        return finding.time_point
    return finding.follow_up.phrase if finding.follow_up else ""


def statement(finding: Finding) -> Statement:
    """The sentence parts of one headline finding."""
    if not finding.headline or finding.result is None or finding.comparison is None:
        raise ValueError(f"finding '{finding.id}' is not a headline result with a result and a comparison")
    return Statement(
        control=finding.control or finding.comparison.phrase,
        subject=finding.subject,
        result=finding.result,
        time=_time(finding),
        certainty=finding.certainty,
        rated_by=finding.rated_by,
        outcomes=(outcome_phrase(finding.outcome),),
    )


def clause(subject: str, result: Result, certainty: Certainty, outcome: str) -> str:
    """The GRADE phrase for one certainty level, e.g. 'massage may reduce pain'."""
    if certainty is Certainty.VERY_LOW:
        verb = "makes any difference to" if result is Result.NO_DIFFERENCE else result.verb(third_person=True)
        return f"the evidence is very uncertain about whether {subject} {verb} {outcome}"
    if certainty is Certainty.HIGH:
        return f"{subject} {result.verb(third_person=True)} {outcome}"
    if certainty is Certainty.MODERATE:
        return f"{subject} probably {result.verb(third_person=True)} {outcome}"
    if certainty is Certainty.LOW:
        return f"{subject} may {result.verb(third_person=False)} {outcome}"
    raise ValueError("a result that is not rated has no GRADE phrase")


def sentence(part: Statement) -> str:
    """'Compared with sham massage, massage probably results in ... (moderate certainty; ...).'"""
    body = clause(part.subject, part.result, part.certainty, _join(part.outcomes))
    when = f" {part.time}" if part.time else ""
    return (
        f"Compared with {part.control}, {body}{when} "
        f"({part.certainty.label.lower()} certainty; {part.rated_by.phrase})."
    )


def statements(kb: KnowledgeBase, condition_id: str) -> list[Statement]:
    """The condition's headline results as sentence parts, merged where only the outcome differs."""
    merged: list[Statement] = []
    for finding in kb.headlines(condition_id):
        part = statement(finding)
        if merged and merged[-1].key() == part.key():
            last = merged.pop()
            part = Statement(*last.key(), outcomes=last.outcomes + part.outcomes)
        merged.append(part)
    return merged


def sentences(kb: KnowledgeBase, condition_id: str) -> list[str]:
    """The bottom line as plain sentences, in the knowledge base's order."""
    return [sentence(part) for part in statements(kb, condition_id)]
