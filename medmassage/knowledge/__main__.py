"""Validate the knowledge base from the command line: ``python -m medmassage.knowledge``.

Exits 0 and prints a summary when every record is valid, or exits 1 with one line per
problem (every bad file, then every bad cross-reference), each naming the file, the id and the field.
"""

import sys

from .bibliography import BibliographyError
from .loader import KnowledgeBaseError, KnowledgeBaseErrors, load_knowledge_base


def main() -> int:
    try:
        kb = load_knowledge_base()
    except (KnowledgeBaseError, BibliographyError) as exc:
        for error in exc.errors if isinstance(exc, KnowledgeBaseErrors) else [exc]:
            print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"ok: {len(kb.conditions)} conditions, {len(kb.techniques)} techniques, {len(kb.findings)} findings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
