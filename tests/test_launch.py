"""The install cell and the hub address: what Colab, downloads and a class hub rely on."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from IPython.core.inputtransformer2 import TransformerManager

from medmassage.launch import EXERCISE_EXTRA, HubAddressError, hub_address, install_cell, repository
from tests.conftest import REPO


def test_the_install_cell_installs_from_the_configured_repository_and_branch():
    url, branch = repository(REPO)
    assert url == "https://github.com/medmassage-course/medical-massage" and branch == "main"
    cell = install_cell(url, branch, extra=EXERCISE_EXTRA)
    assert f'"medmassage[{EXERCISE_EXTRA}] @ git+{url}@{branch}"' in cell


def _as_python(cell: str) -> str:
    """The cell as IPython runs it (``%pip`` becomes a call)."""
    return TransformerManager().transform_cell(cell)


def test_the_install_cell_runs_pip_only_where_the_package_is_missing(tmp_path: Path):
    code = _as_python(install_cell("https://example.invalid/repo", "main"))
    assert "run_line_magic('pip'" in code
    # Stand-ins for IPython and for a missing package, so the test installs nothing.
    harness = (
        "import builtins, sys\n"
        "calls = []\n"
        "class Shell:\n"
        "    def run_line_magic(self, name, line): calls.append((name, line))\n"
        "get_ipython = lambda: Shell()\n"
        "if sys.argv[1] == 'missing':\n"
        "    real = builtins.__import__\n"
        "    def fake(name, *a, **k):\n"
        "        if name == 'medmassage': raise ImportError(name)\n"
        "        return real(name, *a, **k)\n"
        "    builtins.__import__ = fake\n"
        f"exec({code!r})\n"
        "print(calls)\n"
    )
    script = tmp_path / "cell.py"
    script.write_text(harness, encoding="utf-8")
    present = subprocess.run([sys.executable, script, "present"], capture_output=True, text=True, check=True)
    missing = subprocess.run([sys.executable, script, "missing"], capture_output=True, text=True, check=True)
    assert present.stdout.strip() == "[]"
    assert "('pip', 'install --quiet \"medmassage @ git+https://example.invalid/repo@main\"')" in missing.stdout


@pytest.mark.parametrize(
    "given, expected",
    [
        ("https://hub.example.edu", "https://hub.example.edu"),
        ("https://hub.example.edu/", "https://hub.example.edu"),
        ("  https://hub.example.edu/hub/  ", "https://hub.example.edu"),
        ("https://hub.example.edu/hub/home", "https://hub.example.edu"),
        ("https://example.edu/jupyter/", "https://example.edu/jupyter"),  # a hub behind a path prefix
        ("https://example.edu/jupyter/hub/login?next=x", "https://example.edu/jupyter"),
        ("http://localhost:8000", "http://localhost:8000"),
    ],
)
def test_a_hub_address_is_what_the_button_needs_whatever_was_pasted(given, expected):
    assert hub_address(given) == expected


@pytest.mark.parametrize("given", ["hub.example.edu", "ftp://hub.example.edu", "https://", ""])
def test_a_hub_address_that_is_not_a_web_address_is_refused(given):
    with pytest.raises(HubAddressError, match="expected the hub's web address"):
        hub_address(given)


def test_the_instructor_guides_hub_commands_install_this_repository_and_the_locked_nbgitpuller():
    url, branch = repository(REPO)
    guide = (REPO / "book" / "exercises" / "instructor-guide.md").read_text(encoding="utf-8")
    raw = url.replace("https://github.com/", "https://raw.githubusercontent.com/")
    commands = [line for line in guide.splitlines() if "pip install" in line]
    lock = (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines()
    locked = next(line for line in lock if line.startswith("nbgitpuller=="))
    assert len(commands) == 2
    for command in commands:
        assert f"-r {raw}/{branch}/binder/requirements.txt" in command
        assert f'"medmassage @ git+{url}@{branch}"' in command
        assert locked in command
