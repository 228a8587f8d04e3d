"""What Sphinx must rebuild, beyond the pages whose own text changed.

Sphinx re-reads a page when its source, a noted dependency or an ``env`` config value changes.
Three things escape that, and each is handled here with Sphinx's own mechanisms:

- **Pages that had warnings.** A page that warned and was not edited would not be read again,
  so a rerun of a failed strict build would pass and publish the fault. Every warning that names
  a page is recorded (in the doctree folder, next to Sphinx's environment), and the next build
  marks those pages outdated (``env-get-outdated``) until they build clean.
- **The course's code and data.** Pages render through the package's Python code and run code
  that reads its data, neither of which Sphinx tracks. ``medmassage_inputs_digest``, a config
  value marked ``env``, is a hash of those files, so when one changes Sphinx re-reads every page.
- **The execution cache.** jupyter-cache re-runs a page only when the page's own code changes. The
  same hash is kept inside the cache folder; when it differs, the cache is emptied first, so every
  page runs again with the new code and data. Because the record lives in the cache folder, a cache
  restored in CI (``_build/.jupyter_cache``) restores it too, and an unchanged build runs nothing.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging as sphinx_logging

from ..paths import PACKAGE_DIR, REPO_ROOT

logger = sphinx_logging.getLogger(__name__)

WARNED_PAGES_FILE = "medmassage-pages-with-warnings.json"  # in the doctree folder
INPUTS_RECORD = "medmassage-inputs-digest"  # in the execution cache folder
WEB_ASSETS = ("static", "templates")  # Sphinx tracks these itself (templates by date; static copied)


# --- the course's code and data ---------------------------------------------------------------------


def input_files(srcdir: Path) -> list[Path]:
    """What the pages' rendering and code read besides the pages: the package (code, knowledge base,
    bibliography, quiz banks, exercise data; not its web assets) and any bibliography beside the book."""
    package = [
        p
        for p in PACKAGE_DIR.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.relative_to(PACKAGE_DIR).parts[0] not in WEB_ASSETS
    ]
    return [*package, *sorted(srcdir.glob("book/*.bib"))]


def digest_of(paths: list[Path], relative_to: tuple[Path, ...] = ()) -> str:
    """A hash of the files' names (relative to the first given folder holding them) and contents,
    so a fresh clone in another folder gives the same digest."""
    named = {
        next((path.relative_to(root) for root in relative_to if path.is_relative_to(root)), path).as_posix(): path
        for path in paths
    }
    digest = hashlib.sha256()
    for name in sorted(named):  # by name, so the order doesn't depend on where the folders are
        path = named[name]
        digest.update(name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"<missing>"))
    return digest.hexdigest()


def inputs_digest(srcdir: Path) -> str:
    return digest_of(input_files(srcdir), (srcdir, REPO_ROOT))


def execution_cache(app: Sphinx) -> Path:
    """The execution cache, where myst-nb puts it: ``nb_execution_cache_path``, else ``_build/.jupyter_cache``."""
    configured = app.config.nb_execution_cache_path if "nb_execution_cache_path" in app.config else ""
    return Path(configured) if configured else Path(app.outdir).parent / ".jupyter_cache"


def set_inputs_digest(app: Sphinx, config: Any) -> None:
    """``config-inited``: compute the digest (an ``env`` value: a change re-reads every page)."""
    if not config.medmassage_inputs_digest:
        config.medmassage_inputs_digest = inputs_digest(Path(app.srcdir))


def clear_stale_execution_cache(app: Sphinx) -> None:
    """``builder-inited``: empty the execution cache if it was filled with other code or data."""
    cache = execution_cache(app)
    record = cache / INPUTS_RECORD
    now = app.config.medmassage_inputs_digest
    if record.is_file() and record.read_text(encoding="utf-8") == now:
        return
    if cache.exists() and any(p.name != INPUTS_RECORD for p in cache.iterdir()):
        from jupyter_cache import get_cache

        logger.info("medmassage: the course's code or data changed: emptying the execution cache")
        get_cache(cache).clear_cache()
    cache.mkdir(parents=True, exist_ok=True)
    record.write_text(now, encoding="utf-8")


# --- pages that had warnings -----------------------------------------------------------------------


class _WarnedPages(logging.Handler):
    """Collects the pages named by warnings (and errors) logged during a build."""

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(logging.WARNING)
        self.env = env
        self.pages: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        docname = page_of(self.env, getattr(record, "location", None))
        if docname:
            self.pages.add(docname)


def page_of(env: BuildEnvironment, location: Any) -> str | None:
    """The page a log record's location names: a docname, ``(docname, line)``, a node, or ``path:line``."""
    if isinstance(location, tuple):
        location = location[0]
    if isinstance(location, nodes.Node):
        location = location.source or ""
    if not isinstance(location, str) or not location:
        return None
    if location in env.found_docs:
        return location
    path = location.rsplit(":", 1)[0] if location.rsplit(":", 1)[-1].isdigit() else location
    path = path.split(":", 1)[0] if "<" in path else path  # "page.md:<myst>" style sources
    return env.path2doc(path)


def _warned_file(app: Sphinx) -> Path:
    return Path(app.doctreedir) / WARNED_PAGES_FILE


def watch_warnings(app: Sphinx) -> None:
    """``builder-inited``: start recording which pages warn."""
    handler = _WarnedPages(app.env)
    logging.getLogger("sphinx").addHandler(handler)
    app._medmassage_warned = handler  # type: ignore[attr-defined]  # one handler per build, in the main process


def pages_that_warned(app: Sphinx, env: BuildEnvironment, added: set, changed: set, removed: set) -> list[str]:
    """``env-get-outdated``: the pages that warned last time are read again."""
    try:
        recorded = json.loads(_warned_file(app).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return sorted(set(recorded) & env.found_docs)


def record_warnings(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: keep the pages that warned in this build (none: the file is removed)."""
    handler = getattr(app, "_medmassage_warned", None)
    if handler is None:
        return
    logging.getLogger("sphinx").removeHandler(handler)
    path = _warned_file(app)
    if handler.pages:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(sorted(handler.pages)), encoding="utf-8")
    else:
        path.unlink(missing_ok=True)


def setup(app: Sphinx) -> None:
    app.connect("config-inited", set_inputs_digest)
    app.connect("builder-inited", clear_stale_execution_cache)
    app.connect("builder-inited", watch_warnings)
    app.connect("env-get-outdated", pages_that_warned)
    app.connect("build-finished", record_warnings, priority=900)  # after other build-finished warnings
