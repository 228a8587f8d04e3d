"""The therapist finder: the reference implementation of the "find the right therapist" exercise.

Red flags first, then licensing, then matching approaches to the evidence, then the
patient's preferences, then ranking with documented weights. Conditions, techniques,
evidence certainty, red flags, jurisdictions and credentials all come from the course
knowledge base (:func:`medmassage.knowledge.knowledge_base`); the therapists are fictional.

Typical use::

    from medmassage import finder

    registry, issues = finder.clean_registry(finder.load_registry())
    patient = finder.load_scenarios()["ilsa-back-pain"]
    result = finder.find_therapists(registry, patient)
    result.table()          # ranked candidates
    result.exclusion_table()  # who was left out, counted by reason
    result.explain_top()    # why the top choice ranks first

Modules, one job each: :mod:`.registry` (columns, loading, cleaning, validation),
:mod:`.generate` (the synthetic registry), :mod:`.scenarios` (patients),
:mod:`.triage`, :mod:`.evidence`, :mod:`.rank`, :mod:`.find` (the steps),
:mod:`.plot` (figure and alt text), :mod:`.widget` (the interactive finder),
:mod:`.vocabulary` (spellings to knowledge-base ids).
"""

from .evidence import ApproachEvidence, approach_evidence
from .find import NOT_ADVICE, Exclusion, FinderResult, find_therapists, has_active_licence, licence_problem
from .rank import Weights
from .registry import COLUMNS, SNAPSHOT_DATE, Cleaned, clean_registry, load_registry, validate_registry
from .scenarios import Patient, known_symptoms, load_scenarios
from .triage import Triage, red_flag_index, triage

__all__ = [
    "COLUMNS",
    "NOT_ADVICE",
    "SNAPSHOT_DATE",
    "ApproachEvidence",
    "Cleaned",
    "Exclusion",
    "FinderResult",
    "Patient",
    "Triage",
    "Weights",
    "approach_evidence",
    "clean_registry",
    "find_therapists",
    "has_active_licence",
    "known_symptoms",
    "licence_problem",
    "load_registry",
    "load_scenarios",
    "red_flag_index",
    "triage",
    "validate_registry",
]
