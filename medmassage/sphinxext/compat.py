"""Every private API the extension still relies on, in one place.

Each function says why no public API does the job and which version it was checked on.
``tests/sphinxext/test_compat.py`` exercises each one against the installed versions, so an
upgrade that changes them fails there, by name, rather than quietly changing the site.
"""

from __future__ import annotations

import queue
from collections.abc import Callable
from typing import Any

from sphinx.application import Sphinx

#: Versions these functions were checked on (the pins in constraints.txt).
CHECKED_ON = {
    "sphinx": "7.4.7",
    "sphinx-sitemap": "2.9.0",
    "sphinx-multitoc-numbering": "0.1.3",
    "sphinx-jupyterbook-latex": "1.0.0",
}


def with_defer(script: Any) -> Any:
    """A copy of a page's script asset with ``defer`` added.

    Why: other extensions register their scripts without ``defer``; Sphinx offers no way to
    change an asset's attributes after ``add_js_file``, and its ``_JavaScript`` assets are
    immutable, so a new one is made with the same class (``sphinx.builders.html._assets``,
    Sphinx 7.4.7: ``_JavaScript(filename, priority=..., **attributes)``).
    """
    attributes = {**getattr(script, "attributes", {}), "defer": "defer"}
    return type(script)(script.filename, priority=script.priority, **attributes)


def sitemap_queue(app: Sphinx) -> queue.Queue | None:
    """sphinx-sitemap's queue of ``(link, lastmod)`` pairs, or None if it isn't loaded.

    Why: sphinx-sitemap lists only pages written in this build and has no option to list
    the others (2.9.0 keeps the queue as ``app.sitemap_links``, a multiprocessing queue
    created at ``builder-inited``, so parallel writers can add to it).
    """
    return getattr(app, "sitemap_links", None)


def image_uri(builder: Any, uri: str) -> str | None:
    """The published file name of an image a page uses, if the builder copied it.

    Why: a node class of our own must write ``<img>`` as Sphinx's HTML translator does; the
    builder's ``images`` map (source path to output name; Sphinx 7.4.7) is how it finds it.
    """
    return builder.images.get(uri)


def add_template_filter(app: Sphinx, name: str, function: Callable[..., Any]) -> None:
    """Make a Jinja filter available to the HTML templates.

    Why: Sphinx has no ``add_template_filter``; its template bridge exposes the Jinja
    environment as ``app.builder.templates.environment`` (Sphinx 7.4.7), the way its own
    documentation's FAQ and many themes add filters.
    """
    templates = getattr(app.builder, "templates", None)
    if templates is not None:  # only HTML builders render templates
        templates.environment.filters[name] = function


#: Extensions Jupyter Book loads that don't declare parallel reading safe, though they are.
#: Neither returns metadata from setup(), and neither keeps per-page data in the environment
#: (what parallel reading must merge), checked by reading their code:
#: - sphinx-multitoc-numbering 0.1.3 only replaces TocTreeCollector.assign_section_numbers,
#:   which Sphinx runs in the main process after reading;
#: - sphinx-jupyterbook-latex 1.0.0 sets two environment flags at builder-inited (before the
#:   readers fork) and adds transforms that change LaTeX output only.
#: Without this, ``sphinx-build -j auto`` warns (an error with -W) and reads serially.
PARALLEL_READ_SAFE_UNDECLARED = {"sphinx_multitoc_numbering": "0.1.3", "sphinx_jupyterbook_latex": "1.0.0"}


def declare_parallel_read_safe(app: Sphinx, config: Any = None) -> None:
    """``config-inited``: mark those extensions parallel-read safe, at the checked version only."""
    from importlib.metadata import version

    for name, checked in PARALLEL_READ_SAFE_UNDECLARED.items():
        extension = app.extensions.get(name)
        if extension is not None and extension.parallel_read_safe is None:
            if version(name.replace("_", "-")) == checked:
                extension.parallel_read_safe = True
