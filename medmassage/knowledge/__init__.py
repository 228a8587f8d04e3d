"""The course's one knowledge base: conditions, techniques and evidence findings.

Use :func:`knowledge_base` for the course's data (loaded and validated once),
or :func:`load_knowledge_base` to validate another folder, as the tests do.
"""

from .loader import KnowledgeBase, KnowledgeBaseError, KnowledgeBaseErrors, knowledge_base, load_knowledge_base
from .models import (
    Certainty,
    Comparison,
    Condition,
    Design,
    Effect,
    Finding,
    FollowUp,
    Gap,
    LegalStatus,
    Precaution,
    RatedBy,
    RedFlag,
    Result,
    Review,
    Technique,
    Urgency,
)

__all__ = [
    "Certainty",
    "Comparison",
    "Condition",
    "Design",
    "Effect",
    "Finding",
    "FollowUp",
    "Gap",
    "KnowledgeBase",
    "KnowledgeBaseError",
    "KnowledgeBaseErrors",
    "LegalStatus",
    "Precaution",
    "RatedBy",
    "RedFlag",
    "Result",
    "Review",
    "Technique",
    "Urgency",
    "knowledge_base",
    "load_knowledge_base",
]
