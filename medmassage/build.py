"""Build the book strictly, after checking its inputs: ``python -m medmassage.build [ROOT]``.

``make book`` and the tests both call this, so there is one build command.

Before Sphinx starts, a preflight reads ``_toc.yml``, the bibliography and the
knowledge base, and stops with one line naming the file and the problem. (Left to
Jupyter Book, a malformed toc or bibliography ends in a long traceback.) Then the
book is built with warnings as errors, nitpicky references and ``--keep-going``,
so one run reports every problem.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from .knowledge import KnowledgeBaseError, KnowledgeBaseErrors, load_knowledge_base
from .knowledge.bibliography import BibliographyError, bibliography_keys
from .paths import BIBLIOGRAPHY, KNOWLEDGE_DIR, PACKAGE_DIR, REPO_ROOT
from .quiz import STATIC_ENV

#: Warnings are errors; unresolved references warn; report every problem in one run.
STRICT_FLAGS = ["--warningiserror", "--nitpick", "--keep-going"]
PAGE_SUFFIXES = (".md", ".ipynb")
EXECUTION_CACHE = Path("_build") / ".jupyter_cache"  # execute.cache in _config.yml ("" means this)
EXECUTION_INPUTS_FILE = Path("_build") / ".execution-inputs"
PAGE_ASSETS = ("static", "templates")  # package folders only the website uses, never the pages' code


class PreflightError(ValueError):
    """Input files of the book are wrong: one line per problem, each naming its file."""

    def __init__(self, *problems: str) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(problems))


def check_toc(root: Path) -> list[str]:
    """Validate _toc.yml's structure and that every listed page exists. Returns the page paths."""
    from sphinx_external_toc.parsing import MalformedError, parse_toc_yaml

    toc = root / "_toc.yml"
    if not toc.is_file():
        raise PreflightError(f"{toc}: missing: the book needs a table of contents")
    try:
        site_map = parse_toc_yaml(toc)
    except (MalformedError, yaml.YAMLError) as exc:
        raise PreflightError(f"{toc}: malformed: {exc}") from None
    pages = []
    for docname in site_map:
        if not any((root / f"{docname}{suffix}").is_file() for suffix in PAGE_SUFFIXES):
            raise PreflightError(
                f"{toc}: entry '{docname}' has no page: expected {docname}.md or {docname}.ipynb under {root}"
            )
        pages.append(docname)
    return pages


def check_bibliography(root: Path) -> None:
    """Every bibliography named in _config.yml parses, with no repeated keys."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    for name in config.get("bibtex_bibfiles", []):
        path = root / name
        try:
            bibliography_keys.__wrapped__(path)  # bypass the cache: the file may have just changed
        except BibliographyError as exc:
            raise PreflightError(str(exc)) from None


def check_knowledge_base(root: Path) -> None:
    """The knowledge base validates against this book's bibliography."""
    try:
        load_knowledge_base(KNOWLEDGE_DIR, root / "book" / "references.bib")
    except KnowledgeBaseErrors as exc:
        raise PreflightError(*(f"knowledge base: {error}" for error in exc.errors)) from None
    except (KnowledgeBaseError, BibliographyError) as exc:
        raise PreflightError(f"knowledge base: {exc}") from None


def check_quiz_banks(root: Path) -> None:
    """Every quiz bank validates (the same check as ``python -m medmassage.quiz check``)."""
    from .quiz.bank import bank_paths, check_banks

    problems = check_banks(bank_paths())
    if problems:
        raise PreflightError(*(f"quiz bank: {problem}" for problem in problems))


def preflight(root: Path) -> None:
    """Run every check, then raise one :class:`PreflightError` listing every problem found."""
    problems: list[str] = []
    for check in (check_toc, check_bibliography, check_knowledge_base, check_quiz_banks):
        try:
            check(root)
        except PreflightError as exc:
            problems += exc.problems
    if problems:
        raise PreflightError(*problems)


def build(root: Path, extra: list[str] | None = None) -> int:
    """Preflight, then the strict Jupyter Book build. Returns the exit code."""
    try:
        preflight(root)
    except PreflightError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 1
    jupyter_book = shutil.which("jupyter-book", path=str(Path(sys.executable).parent)) or "jupyter-book"
    # Executed pages show the static face of their quizzes (see medmassage.quiz).
    env = {**os.environ, STATIC_ENV: "1"}
    # Sphinx re-checks references only on pages it rewrites, so after a failed build an
    # unchanged page would keep its broken reference silently: rebuild every page then.
    failed_marker = root / "_build" / ".last-build-failed"
    # Sphinx doesn't track the extension's own code, CSS, JS and templates either: when they
    # change, rebuild every page too (and copy the new static files).
    fingerprint_file = root / "_build" / ".extension-fingerprint"
    fingerprint = fingerprint_of(extension_files())
    stale = not fingerprint_file.exists() or fingerprint_file.read_text() != fingerprint
    # The execution cache knows a page's code, not the package and data that code imports;
    # after clearing it, Sphinx must re-read the unchanged pages to run them again.
    inputs_now, cleared = clear_stale_execution_cache(root)
    again = ["--all"] if failed_marker.exists() or stale or cleared else []
    code = subprocess.call([jupyter_book, "build", str(root), *STRICT_FLAGS, *again, *(extra or [])], env=env)
    failed_marker.parent.mkdir(parents=True, exist_ok=True)
    if code == 0:
        failed_marker.unlink(missing_ok=True)
        fingerprint_file.write_text(fingerprint)
        (root / EXECUTION_INPUTS_FILE).write_text(inputs_now)
    else:
        failed_marker.touch()
    return code


def _package_files(*parts: str) -> list[Path]:
    """Files in the package (no bytecode), limited to the given top-level folders if any."""
    files = [p for p in PACKAGE_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    return [p for p in files if not parts or p.relative_to(PACKAGE_DIR).parts[0] in parts]


def extension_files() -> list[Path]:
    """The package's Python code, CSS, JS and templates: they shape pages, but Sphinx doesn't track them."""
    return [p for p in _package_files() if p.suffix == ".py" or p.relative_to(PACKAGE_DIR).parts[0] in PAGE_ASSETS]


def execution_inputs(root: Path) -> list[Path]:
    """Files the pages' code reads besides the page itself: the package (code, knowledge base,
    quiz banks; not the web assets), the exercise data and the bibliography."""
    package = [p for p in _package_files() if p.relative_to(PACKAGE_DIR).parts[0] not in PAGE_ASSETS]
    data = [p for p in (root / "exercises" / "data").rglob("*") if p.is_file()]
    return [*package, *data, BIBLIOGRAPHY]


def fingerprint_of(paths: list[Path]) -> str:
    """A hash of the files' names (relative to the repository where they are in it) and contents."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        name = path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path
        digest.update(name.as_posix().encode() + (path.read_bytes() if path.is_file() else b"<missing>"))
    return digest.hexdigest()


def clear_stale_execution_cache(root: Path, inputs: list[Path] | None = None) -> tuple[str, bool]:
    """Empty the execution cache when the files the pages' code reads have changed since the
    last good build (jupyter-cache re-runs a page only when the page's own code changes, so an
    edited finding or function would otherwise leave old figures and results on the site).
    Returns the current fingerprint (to record after a successful build) and whether it cleared."""
    now = fingerprint_of(execution_inputs(root) if inputs is None else inputs)
    recorded = root / EXECUTION_INPUTS_FILE
    cache = root / EXECUTION_CACHE
    if cache.exists() and (not recorded.exists() or recorded.read_text() != now):
        print("The course package or its data changed: clearing the execution cache so every page runs again.")
        shutil.rmtree(cache)
        return now, True
    return now, False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", default=".", type=Path, help="folder holding _config.yml and _toc.yml")
    parser.add_argument("extra", nargs=argparse.REMAINDER, help="further jupyter-book build options")
    args = parser.parse_args(argv)
    return build(args.root.resolve(), args.extra)


if __name__ == "__main__":
    sys.exit(main())
