"""Build the book strictly, after checking its inputs: ``python -m medmassage.build [ROOT]``.

``make book`` and the tests both call this, so there is one build command.

Before Sphinx starts, a preflight reads ``_toc.yml``, the bibliography and the
knowledge base, and stops with one line naming the file and the problem. (Left to
Jupyter Book, a malformed toc or bibliography ends in a long traceback.) Then the
book is built with warnings as errors, nitpicky references and ``--keep-going``,
so one run reports every problem. Everything else (which pages to rebuild, quizzes'
static face, the execution cache) is the Sphinx extension's job, so a plain
``jupyter-book build .`` publishes the same site.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import click
import yaml

from .datafiles import book_config
from .knowledge import KnowledgeBaseError, KnowledgeBaseErrors, load_knowledge_base
from .knowledge.bibliography import BibliographyError, bibliography_keys
from .paths import BIBLIOGRAPHY, KNOWLEDGE_DIR

#: Warnings are errors; unresolved references warn; report every problem in one run.
STRICT_FLAGS = ["--warningiserror", "--nitpick", "--keep-going"]
PAGE_SUFFIXES = (".md", ".ipynb")


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
    config = book_config(root)
    for name in config.get("bibtex_bibfiles", []):
        path = root / name
        try:
            bibliography_keys.__wrapped__(path)  # bypass the cache: the file may have just changed
        except BibliographyError as exc:
            raise PreflightError(str(exc)) from None


def book_bibliography(root: Path) -> Path:
    """The bibliography of the book at ``root``: the first one ``_config.yml`` names, else the package's."""
    config = book_config(root)
    named = [root / name for name in config.get("bibtex_bibfiles", [])]
    return named[0] if named and named[0].is_file() else BIBLIOGRAPHY


def check_knowledge_base(root: Path) -> None:
    """The knowledge base validates against this book's bibliography."""
    try:
        load_knowledge_base(KNOWLEDGE_DIR, book_bibliography(root))
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
    # In this process: the checks above have already imported much of what Sphinx needs.
    # What to rebuild (pages that warned last time, code and data changes) is the extension's
    # job (medmassage.sphinxext.rebuild), so a plain `jupyter-book build` behaves the same.
    from jupyter_book.cli.main import main as jupyter_book

    try:
        jupyter_book(["build", str(root), *STRICT_FLAGS, *(extra or [])], standalone_mode=False)
    except SystemExit as exit:  # jupyter-book exits with Sphinx's code when the build fails
        return int(exit.code or 0)
    except RuntimeError as error:  # an exception inside Sphinx: jupyter-book has printed its cause
        print(f"error: {str(error).strip()}", file=sys.stderr)
        return 1
    except click.ClickException as error:  # a bad option
        error.show()
        return error.exit_code
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", default=".", type=Path, help="folder holding _config.yml and _toc.yml")
    parser.add_argument("extra", nargs=argparse.REMAINDER, help="further jupyter-book build options")
    args = parser.parse_args(argv)
    return build(args.root.resolve(), args.extra)


if __name__ == "__main__":
    sys.exit(main())
