"""Where learners open the course's notebooks: the install cell, the hub address and launch links.

Binder, a class JupyterHub and a checkout have the course package installed. Colab and a downloaded
notebook do not, so those notebooks start with :func:`install_cell`, which installs the package from
the repository named in ``_config.yml`` and does nothing where it is already installed.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .datafiles import book_config
from .paths import REPO_ROOT

#: The marker of the install cell, so a notebook never gets it twice.
INSTALL_CELL_MARK = "# Course package:"

#: Extra packages the exercise needs beyond the chapters (otter-grader's grader.check).
EXERCISE_EXTRA = "exercise"


def repository(root: Path = REPO_ROOT) -> tuple[str, str]:
    """The repository's address and branch, from ``repository:`` in the book's ``_config.yml``."""
    repo = book_config(root).get("repository") or {}
    return str(repo.get("url", "")).rstrip("/"), str(repo.get("branch", "main"))


def install_cell(repository_url: str, branch: str, extra: str | None = None) -> str:
    """The first cell of a notebook that may run without the course package (Colab, a download)."""
    requirement = f"medmassage[{extra}]" if extra else "medmassage"
    return (
        f"{INSTALL_CELL_MARK} installs it where it is missing (Colab, a downloaded notebook);\n"
        "# does nothing on Binder, a class JupyterHub or a checkout, where it is already installed.\n"
        "try:\n"
        "    import medmassage\n"
        "except ImportError:\n"
        f'    %pip install --quiet "{requirement} @ git+{repository_url}@{branch}"\n'
    )


class HubAddressError(ValueError):
    """A JupyterHub address that is not a web address."""


def hub_address(text: str) -> str:
    """A JupyterHub's address, as the launch button needs it: scheme, host and any prefix, no ``/hub``.

    Accepts what an instructor is likely to paste: a trailing slash, or a page of the hub itself
    (``…/hub/home``, ``…/hub/login``), since the button adds ``/hub/user-redirect/…``.
    """
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise HubAddressError(f"expected the hub's web address, such as https://hub.example.edu (got {text!r})")
    path = re.sub(r"/hub(/.*)?$", "", parts.path.rstrip("/"))
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))
