"""Where each MyST label of the book lives, so quiz explanations can link to the section that teaches them."""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from pathlib import Path

import yaml

from ..paths import REPO_ROOT

LABEL = re.compile(r"^\(([A-Za-z0-9_-]+)\)=\s*$", re.M)
BOOK_DIR = REPO_ROOT / "book"


@lru_cache(maxsize=4)
def label_index(book_dir: Path = BOOK_DIR) -> dict[str, str]:
    """Label -> docname (e.g. 'safety' -> 'book/foundations/safety'), from the book's sources."""
    index: dict[str, str] = {}
    for page in sorted(book_dir.rglob("*.md")):
        docname = page.relative_to(book_dir.parent).with_suffix("").as_posix()
        for label in LABEL.findall(page.read_text(encoding="utf-8")):
            index[label] = docname
    return index


def section_href(label: str, from_docname: str | None, base_url: str = "") -> str:
    """A link to a labelled section: relative to ``from_docname`` on the site, else absolute on ``base_url``."""
    target = label_index()[label]
    if from_docname is None:
        return f"{base_url.rstrip('/')}/{target}.html#{label}"
    relative = posixpath.relpath(target, posixpath.dirname(from_docname))
    return f"{relative}.html#{label}"


@lru_cache(maxsize=1)
def site_url() -> str:
    """The published book's address (html.baseurl in _config.yml), for links from live notebooks."""
    config = yaml.safe_load((REPO_ROOT / "_config.yml").read_text(encoding="utf-8")) or {}
    return (config.get("html") or {}).get("baseurl", "")
