"""The pins agree: requirements files, the lock, and Binder's environment."""

from __future__ import annotations

import re

from tests.conftest import REPO

PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s#;]+)")


def pins(path) -> dict[str, str]:
    found = {}
    for line in (REPO / path).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = PIN.match(line)
        assert match, f"{path}: '{line}' is not pinned with =="
        found[match[1].lower().replace("_", "-")] = match[2]
    return found


def test_every_direct_requirement_is_pinned_and_matches_the_lock():
    lock = pins("constraints.txt")
    for path in ["requirements.txt", "requirements-test.txt"]:
        for name, version in pins(path).items():
            assert lock.get(name) == version, f"{path}: {name}=={version} but constraints.txt has {lock.get(name)}"


def test_binder_is_pinned_to_the_lock_and_small():
    lock = pins("constraints.txt")
    binder = pins("binder/requirements.txt")
    mismatched = {n: v for n, v in binder.items() if lock.get(n) != v}
    assert mismatched == {}
    assert "jupyter-book" not in binder and "myst-nb" not in binder  # the book build stays out of Binder
    assert {"ipywidgets", "jupytext", "matplotlib", "pandas", "pydantic", "pyyaml", "pybtex"} <= set(binder)
    assert (REPO / "binder/runtime.txt").read_text().strip() == "python-3.11"
