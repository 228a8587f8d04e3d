"""A small Sphinx project built in-process with :mod:`sphinx.testing`, for testing the extension's parts.

It loads MyST, the bibliography and the course extension (plus any extensions a test adds), on
Sphinx's minimal "basic" theme, so a build takes a fraction of a second and needs no kernel.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

from sphinx.testing.util import SphinxTestApp

from medmassage.paths import BIBLIOGRAPHY

BASE_CONFIG: dict[str, Any] = {
    "extensions": ["myst_parser", "sphinxcontrib.bibtex", "medmassage.sphinxext"],
    "myst_enable_extensions": ["colon_fence", "deflist", "substitution"],
    "bibtex_bibfiles": [str(BIBLIOGRAPHY)],
    "bibtex_reference_style": "author_year",
    "html_theme": "basic",
    "nitpicky": True,
}


@dataclass
class Built:
    app: SphinxTestApp
    warnings: str

    @property
    def outdir(self) -> Path:
        return Path(self.app.outdir)

    def html(self, docname: str) -> str:
        return (self.outdir / f"{docname}.html").read_text(encoding="utf-8")


def write_project(root: Path, pages: dict[str, str], **config: Any) -> Path:
    """Write conf.py and the pages (``{"index": "# Title ..."}``, as MyST) into ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    settings = {**BASE_CONFIG, **config}
    if "extra_extensions" in settings:
        settings["extensions"] = [*settings["extensions"], *settings.pop("extra_extensions")]
    (root / "conf.py").write_text("".join(f"{k} = {v!r}\n" for k, v in settings.items()), encoding="utf-8")
    pages = {**pages, "references": "# References\n\n```{bibliography}\n```\n"}
    if "index" not in pages:
        pages = {"index": "# Index\n\n```{toctree}\n" + "\n".join(n for n in pages) + "\n```\n", **pages}
    for name, text in pages.items():
        path = root / f"{name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def build(root: Path, *, parallel: int = 0, buildername: str = "html", **overrides: Any) -> Built:
    """Build ``root`` (incrementally, if it was built before) and return the app and its warnings."""
    warnings = StringIO()
    app = SphinxTestApp(
        buildername,
        srcdir=root,
        builddir=root / "_build",
        status=StringIO(),
        warning=warnings,
        parallel=parallel,
        confoverrides=overrides or None,
    )
    try:
        app.build()
    finally:
        app.cleanup()
        _stop_sitemap_manager(app)
    return Built(app, warnings.getvalue())


def _stop_sitemap_manager(app: SphinxTestApp) -> None:
    """sphinx-sitemap starts a multiprocessing manager (a forked server process) per build. In a
    long-lived test process, those forks would keep the session's other pipes open (Playwright's
    driver then never exits), so stop each one when its build is done."""
    manager = getattr(getattr(app, "sitemap_links", None), "_manager", None)
    if manager is not None:
        manager.shutdown()
