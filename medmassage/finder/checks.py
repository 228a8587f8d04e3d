"""The exercise's public checks, as otter test files shipped inside the package.

``otter assign`` stores the student notebook's public tests in the notebook's metadata. That works
wherever the notebook file sits beside the kernel (Binder, a hub, a laptop), but not on Colab,
where otter refuses metadata tests and needs a folder of test files. So ``make exercise`` also
writes each public test to ``medmassage/finder/checks/<question>.py``, in the format otter's own
``assign`` writes (``OK_FORMAT = True`` and a ``test`` dict), and where the notebook file is not at
hand (Colab), its first cells point ``otter.Notebook`` at that folder. A test fails when the files
and the student notebook disagree.
"""

from __future__ import annotations

import json
import pprint
from pathlib import Path

from ..paths import PACKAGE_DIR

CHECKS_DIR = PACKAGE_DIR / "finder" / "checks"


def check_files(student_notebook: Path) -> dict[str, str]:
    """File name -> text of each public test in the student notebook's otter metadata."""
    tests = json.loads(student_notebook.read_text(encoding="utf-8"))["metadata"]["otter"]["tests"]
    return {
        f"{name}.py": "OK_FORMAT = True\n\ntest = " + pprint.pformat(test, indent=4, width=200) + "\n"
        for name, test in sorted(tests.items())
    }


def write_checks(student_notebook: Path, folder: Path = CHECKS_DIR) -> list[Path]:
    """Replace the folder's test files with the student notebook's."""
    folder.mkdir(exist_ok=True)
    for old in folder.glob("q*.py"):
        old.unlink()
    written = []
    for name, text in check_files(student_notebook).items():
        (folder / name).write_text(text, encoding="utf-8")
        written.append(folder / name)
    return written


if __name__ == "__main__":
    import sys

    for path in write_checks(Path(sys.argv[1])):
        print(f"wrote {path.relative_to(PACKAGE_DIR.parent)}")
