"""Where the course's files live, so that no module hard-codes a path twice.

Everything the package reads at run time ships inside it and is found through
:mod:`importlib.resources`, so ``pip install .`` or ``pip install git+…`` works as well as a checkout.
"""

from importlib.resources import files
from pathlib import Path

# A wheel installs the package as plain files, so its resources are real folders; the Sphinx extension
# and pandas need paths, not readers. (A zipped install would fail here, at import, with a clear message.)
PACKAGE_DIR = Path(str(files("medmassage")))
if not PACKAGE_DIR.is_dir():
    raise ImportError(f"medmassage must be installed as files, not zipped (found {PACKAGE_DIR})")

REPO_ROOT = PACKAGE_DIR.parent  # the checkout (or site-packages, when installed): paths in messages are relative to it
KNOWLEDGE_DIR = PACKAGE_DIR / "knowledge" / "data"  # conditions, techniques, evidence, practice
BIBLIOGRAPHY = PACKAGE_DIR / "knowledge" / "references.bib"  # every source the knowledge base and book cite
EXERCISE_DATA_DIR = PACKAGE_DIR / "finder" / "data"  # the exercise's fictional registry, places and scenarios
BOOK_INDEX = PACKAGE_DIR / "quiz" / "book_index.json"  # the book's labels and address, for live quiz links
STATIC_DIR = PACKAGE_DIR / "static"  # CSS the Sphinx extension adds to every page
TEMPLATES_DIR = PACKAGE_DIR / "templates"  # theme template overrides the Sphinx extension adds
