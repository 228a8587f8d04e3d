"""The therapist finder: the reference implementation of the "find the right therapist" exercise.

Red flags first, then standing (a licence, registration or register that counts where the
treatment takes place), then matching approaches to the evidence, then the patient's
preferences, then ranking with documented weights. Conditions, techniques, evidence
certainty, red flags and credentials all come from the course knowledge base
(:func:`medmassage.knowledge.knowledge_base`); the places (some of them fictional US states) are
in ``medmassage/finder/data/places.yaml``; the therapists are fictional.

Typical use::

    from medmassage import finder

    registry, issues = finder.clean_registry(finder.load_registry())
    patient = finder.load_scenarios()["ilsa-back-pain"]
    result = finder.find_therapists(registry, patient)
    result.table()          # ranked candidates
    result.exclusion_table()  # who was left out, counted by reason
    result.explain_top()    # why the top choice ranks first

Modules, one job each: :mod:`.registry` (columns, loading, cleaning, validation),
:mod:`.generate` (the synthetic registry), :mod:`.places` (where treatment happens and what counts
there), :mod:`.scenarios` (patients),
:mod:`.triage`, :mod:`.evidence`, :mod:`.rank`, :mod:`.find` (the steps),
:mod:`.plot` (figure and alt text), :mod:`.widget` (the interactive finder),
:mod:`.display` (tables and sentences as escaped HTML), :mod:`.csvfile` (reading a CSV file safely),
:mod:`.vocabulary` (spellings to knowledge-base ids).
"""

from .display import table_html, text_html
from .evidence import ApproachEvidence, approach_evidence
from .find import NOT_ADVICE, Exclusion, FinderResult, find_therapists, has_standing, standing_problem
from .places import Place, course_places, load_places, standing_text
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
    "Place",
    "Triage",
    "Weights",
    "approach_evidence",
    "clean_registry",
    "course_places",
    "find_therapists",
    "has_standing",
    "known_symptoms",
    "load_places",
    "load_registry",
    "load_scenarios",
    "red_flag_index",
    "triage",
    "standing_problem",
    "standing_text",
    "table_html",
    "text_html",
    "validate_registry",
]
