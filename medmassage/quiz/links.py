"""Where each MyST label of the book lives, so quiz explanations can link to the section that teaches them.

The book's pages are not part of the installed package, so the labels (and the site's address, from
``_config.yml``) are kept in ``book_index.json`` inside it. ``make book`` (``python -m medmassage.quiz index``)
refreshes that file from the sources; commit it with the pages. A test fails when it is out of date.
"""

from __future__ import annotations

import json
import posixpath
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..datafiles import book_config
from ..paths import BOOK_INDEX, REPO_ROOT

LABEL = re.compile(r"^\(([A-Za-z0-9_-]+)\)=\s*$", re.M)


def index_from_sources(root: Path = REPO_ROOT) -> dict[str, Any]:
    """The book index of the checkout at ``root``: its labels (label -> docname) and the site's address."""
    labels: dict[str, str] = {}
    for page in sorted((root / "book").rglob("*.md")):
        docname = page.relative_to(root).with_suffix("").as_posix()
        for label in LABEL.findall(page.read_text(encoding="utf-8")):
            labels[label] = docname
    config = book_config(root)
    return {"site_url": (config.get("html") or {}).get("baseurl", ""), "labels": labels}


def as_json(index: dict[str, Any]) -> str:
    return json.dumps(index, indent=1, sort_keys=True) + "\n"


def refresh(root: Path = REPO_ROOT, target: Path = BOOK_INDEX) -> bool:
    """Rewrite ``book_index.json`` from the book's sources; True if it changed."""
    text = as_json(index_from_sources(root))
    if target.is_file() and target.read_text(encoding="utf-8") == text:
        return False
    target.write_text(text, encoding="utf-8")
    _shipped.cache_clear()
    return True


@lru_cache(maxsize=1)
def _shipped() -> dict[str, Any]:
    return json.loads(BOOK_INDEX.read_text(encoding="utf-8"))


def label_index() -> dict[str, str]:
    """Label -> docname (e.g. 'safety' -> 'book/foundations/safety')."""
    return _shipped()["labels"]


def site_url() -> str:
    """The published book's address (html.baseurl in _config.yml), for links from live notebooks."""
    return _shipped()["site_url"]


def section_href(label: str, from_docname: str | None, base_url: str = "") -> str:
    """A link to a labelled section: relative to ``from_docname`` on the site, else absolute on ``base_url``."""
    target = label_index()[label]
    if from_docname is None:
        return f"{base_url.rstrip('/')}/{target}.html#{label}"
    relative = posixpath.relpath(target, posixpath.dirname(from_docname))
    return f"{relative}.html#{label}"
