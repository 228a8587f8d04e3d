"""Step 1, red-flag triage: does this patient need a doctor before any massage?

The warning signs and what to do about them come from the knowledge base: each
:class:`~medmassage.knowledge.RedFlag` with a ``code`` can be matched against a
patient's symptom codes. Every condition's red flags are checked, not only
those of the condition the patient names: a swollen, painful calf is a warning
sign whatever brought the patient in.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..knowledge import RedFlag, knowledge_base

if TYPE_CHECKING:  # pragma: no cover
    from .scenarios import Patient

SEE_A_DOCTOR_FIRST = "See a doctor first"


@dataclass(frozen=True)
class FlagMatch:
    """A red flag from the knowledge base, and the condition it is listed under."""

    code: str
    condition: str
    condition_name: str
    flag: RedFlag


@dataclass(frozen=True)
class Triage:
    """The outcome of triage: the matched red flags (empty when there are none)."""

    matches: tuple[FlagMatch, ...]

    @property
    def see_a_doctor(self) -> bool:
        """True when any red flag matched: no therapist list is given."""
        return bool(self.matches)

    @property
    def actions(self) -> list[str]:
        """The knowledge base's action text for each matched sign, without repeats."""
        seen: list[str] = []
        for match in self.matches:
            if match.flag.action not in seen:
                seen.append(match.flag.action)
        return seen

    def message(self) -> str:
        """Plain-language advice: 'See a doctor first' and the knowledge base's action text."""
        if not self.matches:
            return "No red flags among the symptoms given. Keep watching for them."
        signs = "; ".join(f"{m.flag.sign} (listed for {m.condition_name})" for m in self.matches)
        return f"{SEE_A_DOCTOR_FIRST}. Warning signs: {signs}. What to do: {' '.join(self.actions)}"


@lru_cache(maxsize=1)
def red_flag_index() -> dict[str, tuple[FlagMatch, ...]]:
    """Every red-flag code in the knowledge base, with the red flags that carry it (in file order)."""
    kb = knowledge_base()
    index: dict[str, list[FlagMatch]] = {}
    for condition in kb.conditions.values():
        for flag in condition.red_flags:
            if flag.code:
                index.setdefault(flag.code, []).append(FlagMatch(flag.code, condition.id, condition.name, flag))
    return {code: tuple(matches) for code, matches in index.items()}


def triage(patient: Patient) -> Triage:
    """Match the patient's symptom codes against every coded red flag in the knowledge base.

    For each matching code, the red flag listed under the patient's own condition is
    preferred (its action text fits best); otherwise the first condition that lists it.
    """
    index = red_flag_index()
    matches: list[FlagMatch] = []
    for code in patient.symptoms:
        candidates = index.get(code, ())
        if not candidates:
            continue
        own = [m for m in candidates if m.condition == patient.condition]
        matches.append((own or list(candidates))[0])
    return Triage(tuple(matches))
