"""Read the keys of the course bibliography with pybtex (sphinxcontrib-bibtex's own parser)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pybtex.database import parse_file
from pybtex.scanner import PybtexError


class BibliographyError(ValueError):
    """The bibliography file cannot be read."""


@lru_cache(maxsize=4)
def bibliography_keys(path: Path) -> frozenset[str]:
    """All entry keys in a BibTeX file, or a clear error naming the file."""
    try:
        return frozenset(parse_file(str(path), bib_format="bibtex").entries.keys())
    except (OSError, PybtexError, UnicodeDecodeError) as exc:  # a non-UTF-8 file is a decode error
        raise BibliographyError(f"{path}: cannot read the bibliography: {exc}") from None
