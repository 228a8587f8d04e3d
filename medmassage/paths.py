"""Where the course's files live, so that no module hard-codes a path twice."""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent
KNOWLEDGE_DIR = PACKAGE_DIR / "knowledge" / "data"
BIBLIOGRAPHY = REPO_ROOT / "book" / "references.bib"
EXERCISE_DATA_DIR = REPO_ROOT / "exercises" / "data"  # the exercise's fictional registry, places and scenarios
STATIC_DIR = PACKAGE_DIR / "static"  # CSS the Sphinx extension adds to every page
TEMPLATES_DIR = PACKAGE_DIR / "templates"  # theme template overrides the Sphinx extension adds
