"""The quiz banks for learning-management systems: Canvas (:mod:`.qti`) and Moodle (:mod:`.moodle`).

Written with the standard library's ElementTree, not a QTI or Moodle package: those on PyPI take their own
Markdown or LaTeX dialects, fill string templates, or patch ElementTree's escaping, so none could guarantee
that bank text arrives as text. Each question keeps its type, prompt, options with their feedback, right
answers, explanation and a link to the book's section; the same banks give the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..bank import BANK_DIR, QuizError
from ..links import site_url
from ..models import Bank
from . import moodle, qti
from .content import SiteAddressError, Unexportable, check_bank, check_site


@dataclass(frozen=True)
class Format:
    lms: str  # what the file is for, as the command line reports it
    write: Callable[[Sequence[Bank], str], bytes]


FORMATS: dict[str, Format] = {
    "canvas": Format("Canvas (QTI 1.2 content package)", qti.package),
    "moodle": Format("Moodle (Moodle XML)", moodle.document),
}


def render(
    banks: Sequence[Bank], fmt: str, *, paths: Mapping[str, Path] | None = None, base_url: str | None = None
) -> bytes:
    """The export's bytes. Banks are taken in order of their ids, so the order given does not matter.

    A text the format cannot carry raises :class:`QuizError` naming the bank's file (from ``paths``, by bank
    id; else the course's bank file), the question and the field."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (formats: {', '.join(FORMATS)})")
    writer = FORMATS[fmt].write
    base_url = site_url() if base_url is None else base_url
    check_site(base_url)
    ordered = sorted(banks, key=lambda bank: bank.chapter)
    chapters = [bank.chapter for bank in ordered]
    if len(set(chapters)) != len(chapters):
        raise ValueError(f"two banks have the same id: {sorted({c for c in chapters if chapters.count(c) > 1})}")
    try:
        for bank in ordered:
            check_bank(bank)
        return writer(ordered, base_url)
    except Unexportable as problem:
        path = (paths or {}).get(problem.chapter, BANK_DIR / f"{problem.chapter}.yaml")
        raise QuizError(path, problem.question_id, problem.field, str(problem)) from None


def export(
    banks: Sequence[Bank],
    fmt: str,
    out: Path,
    *,
    paths: Mapping[str, Path] | None = None,
    base_url: str | None = None,
) -> Path:
    """Write the banks to ``out`` in format ``fmt`` (a key of :data:`FORMATS`), making its folder if needed."""
    data = render(banks, fmt, paths=paths, base_url=base_url)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return out


__all__ = ["FORMATS", "Format", "SiteAddressError", "export", "render"]
