"""Step 1, red-flag triage: does this patient need a doctor before any massage, and how fast?

The warning signs, what to do about them and how urgent they are come from the knowledge
base: every :class:`~medmassage.knowledge.RedFlag` has a ``code`` that is matched against a
patient's symptom codes, and an :class:`~medmassage.knowledge.Urgency`. Every condition's red
flags are checked, not only those of the condition the patient names: a swollen, painful calf
is a warning sign whatever brought the patient in. The advice leads with the most urgent
match, so an emergency is never phrased as "see a doctor soon".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..knowledge import RedFlag, Urgency, knowledge_base

if TYPE_CHECKING:  # pragma: no cover
    from .scenarios import Patient

#: What every red-flag answer says, whatever the urgency: massage is not the next step.
NO_MASSAGE = "No massage until a doctor has seen you."


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
    def urgency(self) -> Urgency | None:
        """The most urgent of the matched red flags (None when there are none)."""
        return max((m.flag.urgency for m in self.matches), key=lambda u: u.rank, default=None)

    @property
    def actions(self) -> list[str]:
        """The knowledge base's action text for each matched sign, without repeats."""
        seen: list[str] = []
        for match in self.matches:
            if match.flag.action not in seen:
                seen.append(match.flag.action)
        return seen

    def message(self) -> str:
        """Plain-language advice: how fast to get help (the most urgent match first), the signs and
        the knowledge base's action text for each."""
        if not self.matches:
            return "No red flags among the symptoms given. Keep watching for them."
        ordered = sorted(self.matches, key=lambda m: -m.flag.urgency.rank)
        signs = "; ".join(
            f"{m.flag.sign} ({m.flag.urgency.label.lower()}; listed for {m.condition_name})" for m in ordered
        )
        actions = " ".join(dict.fromkeys(m.flag.action for m in ordered))
        return f"{self.urgency.instruction}. {NO_MASSAGE} Warning signs: {signs}. What to do: {actions}"


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
