"""Reader-facing text talks about the evidence, not about how the book was written.

Readers do not know what "our sources" or "the fact sheet" are, and the hedge hides what is
actually known. Each chapter says once how it was checked (searched up to a month and year,
which kinds of sources) and then states plainly what is known and unknown. These phrases are
rejected wherever readers see text: the knowledge base and quiz banks when they load, and the
book's pages when they are read by Sphinx.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

#: Phrases that describe the writing process instead of the evidence. ("Fact sheet" on its own is
#: allowed: NCCIH and patient charities publish documents by that name.)
PROCESS_LANGUAGE = re.compile(
    r"""
    \b(?:our|the\s+(?:course|book)['’]s)\s+(?:own\s+)?(?:source\s+search(?:es)?|sources?|fact[\s-]?sheets?|search(?:es)?|reading)\b
    | \b(?:course|per\s+the)\s+fact[\s-]?sheets?\b
    | \bfacts\.md\b
    | \bre-(?:seen|checked|confirmed)\b
    """,
    re.IGNORECASE | re.VERBOSE,
)

ADVICE = "say what is known about the evidence, not how the book was written"


def process_phrases(text: str) -> list[str]:
    """Every process phrase in ``text``, as written."""
    return [match.group(0) for match in PROCESS_LANGUAGE.finditer(text)]


def text_fields(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Every string in a record (a pydantic model, or lists and mappings of them), with its dotted field path."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from text_fields(getattr(value, name), f"{path}.{name}" if path else name)
    elif isinstance(value, str):
        yield path, value
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from text_fields(item, f"{path}.{index}")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from text_fields(item, f"{path}.{key}")


def first_process_phrase(record: Any) -> tuple[str, str] | None:
    """The first (field, phrase) of process language in a record, or None."""
    for field, text in text_fields(record):
        found = process_phrases(text)
        if found:
            return field, found[0]
    return None
