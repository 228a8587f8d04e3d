"""A complete sitemap after an incremental build.

sphinx-sitemap lists the pages written in the current build, so a rebuild that rewrote three
pages would publish a sitemap of three. Just before it writes the file, this adds every other
page of the book (and the index and search pages) with sphinx-sitemap's own function, so its
URL scheme and exclusions apply. It keeps no state of its own: it reads what is queued, which
parallel writers share, and adds what is missing.
"""

from __future__ import annotations

import queue

from sphinx.application import Sphinx

from . import compat


def complete_sitemap(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``, before sphinx-sitemap (priority 500) writes ``sitemap.xml``."""
    links = compat.sitemap_queue(app)
    if exception is not None or app.builder.format != "html" or links is None:
        return
    from sphinx_sitemap import add_html_link

    queued = []
    while True:
        try:
            queued.append(links.get_nowait())
        except queue.Empty:
            break
    for item in queued:
        links.put(item)
    listed = {link for link, _ in queued}
    # The builder's own pages are written only when a page is, so they may be missing too.
    generated = [
        name for name, wanted in (("genindex", app.builder.use_index), ("search", app.builder.search)) if wanted
    ]
    for pagename in [*sorted(app.env.found_docs), *generated]:
        if app.builder.get_target_uri(pagename) not in listed:
            add_html_link(app, pagename, None, None, None)


def setup(app: Sphinx) -> None:
    app.connect("build-finished", complete_sitemap, priority=400)
