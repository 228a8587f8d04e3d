"""Small valid records for unit tests, so each test states only the fields it is about."""

from __future__ import annotations

from medmassage.knowledge import Finding

MINIMAL_FINDING = {
    "id": "x",
    "condition": "demo",
    "intervention": "Massage",
    "source": "furlan2015massage",
    "design": "systematic-review",
    "outcome": "Pain",
    "certainty": "low",
    "rated_by": "grade",
    "certainty_basis": "Cochrane GRADE",
    "summary": "A summary sentence long enough.",
}


def finding(**fields) -> Finding:
    """A finding that passes validation, with `fields` replacing or adding to the minimal one."""
    return Finding.model_validate({**MINIMAL_FINDING, **fields})
