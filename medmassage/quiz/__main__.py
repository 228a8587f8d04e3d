"""Quiz banks from the command line.

    python -m medmassage.quiz check [PATH ...]   validate banks (default: every course bank)
    python -m medmassage.quiz answers [PATH ...] print an instructor answer key in Markdown
    python -m medmassage.quiz index              refresh book_index.json from the book's pages (make book does)

``check`` exits 1 with one message per bad bank naming the file, the question id and the field.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..datafiles import DataFileError
from ..myst_text import escape
from ..paths import BOOK_INDEX, REPO_ROOT
from . import links
from .bank import QuizError, bank_paths, check_banks, load_banks
from .models import Bank


def answer_key(banks: list[Bank]) -> str:
    """Markdown for instructors. Bank text is escaped, so it shows as written and adds no markup or HTML."""
    lines = ["# Quiz answer key", "", "For instructors. Generated from the quiz banks; do not edit by hand.", ""]
    for bank in banks:
        lines += [f"## {escape(bank.title)}", ""]
        for n, question in enumerate(bank.questions, start=1):
            answers = "; ".join(question.options[i].text for i in question.correct_indexes)
            lines.append(f"{n}. **{escape(question.prompt)}** (`{question.id}`)")  # ids are validated slugs
            lines.append(f"   - Answer: {escape(answers)}")
            lines.append(f"   - Why: {escape(question.explanation)}")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m medmassage.quiz", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["check", "answers", "index"])
    parser.add_argument("paths", nargs="*", type=Path, help="bank files (default: all course banks)")
    args = parser.parse_args(argv)
    if args.command == "index":
        changed = links.refresh()
        print(f"{'updated' if changed else 'up to date'}: {BOOK_INDEX.relative_to(REPO_ROOT)}")
        return 0
    paths = args.paths or bank_paths()
    if args.command == "check":
        problems = check_banks(paths)
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        if problems:
            return 1
        banks = load_banks(paths)
        print(f"ok: {len(banks)} banks, {sum(len(b.questions) for b in banks.values())} questions")
        return 0
    try:
        banks = load_banks(paths)
    except (QuizError, DataFileError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(answer_key(list(banks.values())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
