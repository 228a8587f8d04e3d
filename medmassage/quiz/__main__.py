"""Quiz banks from the command line.

    python -m medmassage.quiz check [PATH ...]   validate banks (default: every course bank)
    python -m medmassage.quiz answers [PATH ...] print an instructor answer key in Markdown

``check`` exits 1 with one message per bad bank naming the file, the question id and the field.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..datafiles import DataFileError
from ..knowledge.bibliography import BibliographyError
from .bank import QuizError, bank_paths, load_bank, load_banks
from .models import Bank


def answer_key(banks: list[Bank]) -> str:
    lines = ["# Quiz answer key", "", "For instructors. Generated from the quiz banks; do not edit by hand.", ""]
    for bank in banks:
        lines += [f"## {bank.title}", ""]
        for n, question in enumerate(bank.questions, start=1):
            answers = "; ".join(question.options[i].text for i in question.correct_indexes)
            lines.append(f"{n}. **{question.prompt}** (`{question.id}`)")
            lines.append(f"   - Answer: {answers}")
            lines.append(f"   - Why: {question.explanation}")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m medmassage.quiz", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["check", "answers"])
    parser.add_argument("paths", nargs="*", type=Path, help="bank files (default: all course banks)")
    args = parser.parse_args(argv)
    paths = args.paths or bank_paths()
    if args.command == "check":
        failures = 0
        for path in paths:
            try:
                load_bank(path)
            except (QuizError, DataFileError, BibliographyError) as exc:
                print(f"error: {exc}", file=sys.stderr)
                failures += 1
        if failures == 0:
            try:
                banks = load_banks(paths)  # ids must also be unique across banks
            except QuizError as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 1
            count = sum(len(b.questions) for b in banks.values())
            print(f"ok: {len(banks)} banks, {count} questions")
        return 1 if failures else 0
    try:
        banks = load_banks(paths)
    except (QuizError, DataFileError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(answer_key(list(banks.values())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
