"""Quiz banks from the command line.

    python -m medmassage.quiz check [PATH ...]   validate banks (default: every course bank)
    python -m medmassage.quiz answers [PATH ...] print an instructor answer key in Markdown
    python -m medmassage.quiz index              refresh book_index.json from the book's pages (make book does)
    python -m medmassage.quiz export --format {canvas,moodle} [--chapter ID] --out FILE [PATH ...]
                                                 write the banks (or one) for an LMS: a QTI .zip for Canvas,
                                                 a Moodle XML file for Moodle

``check`` exits 1 with one message per bad bank naming the file, the question id and the field;
``answers`` and ``export`` exit 1 with one such message for the first problem found.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..datafiles import DataFileError, display_path
from ..knowledge.bibliography import BibliographyError
from ..paths import BOOK_INDEX, REPO_ROOT
from . import links
from .answers import answer_sections
from .bank import BANK_DIR, QuizError, bank_paths, check_banks, load_banks
from .export import FORMATS, SiteAddressError, export
from .models import Bank


def answer_key(banks: list[Bank]) -> str:
    """Markdown for instructors: the book's answer key, with each question's id."""
    lines = ["# Quiz answer key", "", "For instructors. Generated from the quiz banks; do not edit by hand.", ""]
    return "\n".join(lines + answer_sections(banks, with_ids=True))


def export_command(args: argparse.Namespace) -> int:
    """``export``: the chosen banks, in the chosen format, to one file."""
    paths: list[Path] = args.paths or bank_paths()
    if args.chapter is not None:
        chosen = [path for path in paths if path.stem == args.chapter]
        if not chosen:
            known = ", ".join(path.stem for path in paths) or "none"
            where = paths[0].parent if paths else BANK_DIR
            message = f"no quiz bank for chapter '{args.chapter}' (banks: {known})"
            raise QuizError(where / f"{args.chapter}.yaml", None, None, message)
        paths = chosen
    banks = load_banks(paths)
    out = export(list(banks.values()), args.format, args.out, paths={path.stem: path for path in paths})
    questions = sum(len(bank.questions) for bank in banks.values())
    count = f"{len(banks)} bank{'' if len(banks) == 1 else 's'}, {questions} questions"
    print(f"wrote {display_path(out)}: {count} for {FORMATS[args.format].lms}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m medmassage.quiz", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="{check,answers,index,export}")
    bank_files = {"nargs": "*", "type": Path, "help": "bank files (default: all course banks)"}
    commands.add_parser("check", help="validate banks").add_argument("paths", **bank_files)
    commands.add_parser("answers", help="print an instructor answer key in Markdown").add_argument(
        "paths", **bank_files
    )
    commands.add_parser("index", help="refresh book_index.json from the book's pages")
    to_lms = commands.add_parser("export", help="write the banks for Canvas or Moodle")
    to_lms.add_argument("--format", required=True, choices=list(FORMATS), help="the LMS to import into")
    to_lms.add_argument("--chapter", metavar="ID", help="one bank's id (default: every bank)")
    to_lms.add_argument(
        "--out", required=True, type=Path, metavar="FILE", help="the file to write (folders are made as needed)"
    )
    to_lms.add_argument("paths", **bank_files)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "index":
        changed = links.refresh()
        print(f"{'updated' if changed else 'up to date'}: {BOOK_INDEX.relative_to(REPO_ROOT)}")
        return 0
    if args.command == "check":
        paths = args.paths or bank_paths()
        problems = check_banks(paths)
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        if problems:
            return 1
        banks = load_banks(paths)
        print(f"ok: {len(banks)} banks, {sum(len(b.questions) for b in banks.values())} questions")
        return 0
    try:
        if args.command == "export":
            return export_command(args)
        banks = load_banks(args.paths or bank_paths())
    except (DataFileError, BibliographyError, SiteAddressError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: cannot write {exc.filename}: {exc.strerror}", file=sys.stderr)
        return 1
    print(answer_key(list(banks.values())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
