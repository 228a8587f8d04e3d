"""Adjustments to each published page: lighter, better described, and accessible.

- The quiz script and styles load only on pages that show a quiz; sphinx-design's and
  sphinx-togglebutton's (which Jupyter Book adds to every page) only on pages that use them.
- Each script loads once, and external scripts load with ``defer``.
- Every page has a meta description (and the same Open Graph description).
- Citation lists lose two ARIA roles that axe reports.
- Templates get a ``without_scripts`` filter, so ``templates/layout.html`` can extend the
  theme's blocks and drop a script from them instead of copying the theme's files.
"""

from __future__ import annotations

import html
import re
from typing import Any

from docutils import nodes
from markupsafe import Markup
from sphinx.application import Sphinx
from sphinx.locale import _

from ..quiz.progress import PROGRESS_CLASS
from ..quiz.static import QUIZ_CLASS
from . import compat

QUIZ_MARKERS = (f'class="{QUIZ_CLASS}"', f'class="{PROGRESS_CLASS}"')  # a quiz's or the progress table's <section>


def quiz_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Add the quiz script and styles to this page only, if it shows a quiz or the progress table."""
    body = context.get("body", "")
    if any(marker in body for marker in QUIZ_MARKERS):
        app.add_js_file("quiz.js", defer="defer")
        app.add_css_file("quiz.css")


#: Assets of extensions Jupyter Book loads on every page, and the markup in a page's body that needs
#: each: sphinx-design's components (the evidence box's fold), its tabs, and sphinx-togglebutton's
#: toggles (its selectors: ``.toggle``, ``.admonition.dropdown`` and cells tagged ``hide-*``).
_SD_COMPONENT = re.compile(r'class="[^"]*\bsd-')
_TOGGLE = re.compile(r'class="(?:[^"]*\s)?(?:toggle|dropdown|tag_hide-[\w-]+)[\s"]')  # whole class names
OPTIONAL_ASSETS: dict[str, re.Pattern] = {
    "sphinx-design.min.css": _SD_COMPONENT,
    "design-tabs.js": re.compile(r'class="[^"]*\bsd-tab-set\b'),
    "togglebutton.css": _TOGGLE,
    "togglebutton.js": _TOGGLE,
}


def _asset_name(asset: Any) -> str:
    """The file name of a script or stylesheet; for sphinx-togglebutton's inline setting, its script's."""
    filename = str(getattr(asset, "filename", None) or "").split("?", 1)[0].rsplit("/", 1)[-1]
    if not filename and "togglebuttonSelector" in str(getattr(asset, "attributes", {}).get("body", "")):
        return "togglebutton.js"
    return filename


def unused_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Drop those assets from pages whose body does not use them (about 15 KB gzipped a page)."""
    body = context.get("body", "")
    unused = {name for name, needed in OPTIONAL_ASSETS.items() if not needed.search(body)}
    for key in ("css_files", "script_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if _asset_name(asset) not in unused]


def accessible_bibliography(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Drop docutils' ARIA roles on citation lists: 'list' whose children are not list items
    (axe: aria-required-children, critical) and the deprecated 'doc-biblioentry'."""
    body = context.get("body", "")
    if "citation-list" in body:
        body = body.replace('<div role="list" class="citation-list">', '<div class="citation-list">')
        context["body"] = body.replace(' role="doc-biblioentry"', "")


def accessible_tables(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Tie each table cell to its headers: docutils writes header cells without ``scope``, so a table
    with row headers (a stub column) is ambiguous (HTML_CodeSniffer H43/H63, WCAG 1.3.1)."""
    body = context.get("body", "")
    if "<th " in body:
        body = body.replace('<th class="head stub"', '<th scope="col" class="head stub"')
        body = body.replace('<th class="head"', '<th scope="col" class="head"')
        context["body"] = body.replace('<th class="stub"', '<th scope="row" class="stub"')


def print_title(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """sphinx-book-theme prints ``pagetitle`` as the print-only heading; Sphinx's own pages (the
    index) have none, which left an empty <h1> (HTML_CodeSniffer H42.2)."""
    if pagename == "genindex" and not context.get("pagetitle"):
        context["pagetitle"] = _("Index")  # the title genindex.html itself sets


def tidy_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Keep one copy of each script (sphinx-thebe's inline config is registered twice under
    Jupyter Book, and the second copy throws "THEBE_JS_URL has already been declared"), and
    defer external scripts so they don't block the first paint."""
    unique: dict[tuple, Any] = {}
    for script in context.get("script_files", []):
        attributes = tuple(sorted(getattr(script, "attributes", {}).items()))
        # The same inline script arrives once with filename None and once with "".
        unique.setdefault((getattr(script, "filename", None) or "", attributes), script)
    scripts = list(unique.values())
    # The search page runs inline code against Sphinx's scripts as it loads: leave it as is.
    context["script_files"] = scripts if pagename == "search" else [_deferred(s) for s in scripts]


def _deferred(script: Any) -> Any:
    """External scripts get ``defer`` (deferred scripts still run in document order).
    documentation_options.js stays blocking: inline scripts read the DOCUMENTATION_OPTIONS it defines."""
    attributes = getattr(script, "attributes", {})
    filename = str(getattr(script, "filename", None) or "")
    if not filename or "async" in attributes or "defer" in attributes or "documentation_options" in filename:
        return script
    return compat.with_defer(script)


def page_description(app: Sphinx, pagename: str, doctree: Any) -> str:
    """The page's front-matter description, else its opening paragraph, else the site's."""
    described = app.env.metadata.get(pagename, {}).get("description")
    if described:
        return " ".join(str(described).split())
    if doctree is not None:
        for paragraph in doctree.findall(nodes.paragraph):
            text = " ".join(paragraph.astext().split())
            if len(text) > 40:
                return text if len(text) <= 160 else text[:157].rsplit(" ", 1)[0] + "..."
    return " ".join(app.config.medmassage_site_description.split())


def describe(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Every page gets a meta description, for search results, and the same text as its Open
    Graph description, for link previews. It runs before sphinxext-opengraph, which reads the
    page's ``og:description`` field and, seeing a meta description, adds no second one."""
    description = page_description(app, pagename, doctree)
    content = html.escape(description, quote=True)
    context["metatags"] = context.get("metatags", "") + f'\n<meta name="description" content="{content}" />'
    context["meta"] = {**(context.get("meta") or {}), "og:description": description}


_SCRIPT_TAG = re.compile(r"\s*<script\b[^>]*\bsrc=\"(?P<src>[^\"]*)\"[^>]*>\s*</script>", re.IGNORECASE)


def without_scripts(markup: str, *names: str) -> Markup:
    """Jinja filter: the markup with every ``<script src=...>`` whose file name is in ``names`` removed."""

    def keep(match: re.Match) -> str:
        filename = match["src"].split("?", 1)[0].rsplit("/", 1)[-1]
        return "" if filename in names else match[0]

    return Markup(_SCRIPT_TAG.sub(keep, str(markup)))


def with_search_button(markup: str) -> Markup:
    """Jinja filter: each search ``<form>`` in the markup gets a submit button (HTML_CodeSniffer H32.2,
    WCAG 3.2.2: a form needs a submit control). It is hidden until it has keyboard focus; Enter in
    the field submits as before."""
    button = f'<button type="submit" class="btn btn-sm visually-hidden-focusable">{html.escape(_("Search"))}</button>'
    return Markup(re.sub(r"(<form class=\"bd-search\b.*?)(</form>)", rf"\1{button}\2", str(markup), flags=re.S))


def add_filters(app: Sphinx) -> None:
    compat.add_template_filter(app, "without_scripts", without_scripts)
    compat.add_template_filter(app, "with_search_button", with_search_button)


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", add_filters)
    app.connect("html-page-context", quiz_assets)
    app.connect("html-page-context", unused_assets, priority=800)  # after extensions add their assets
    app.connect("html-page-context", accessible_bibliography)
    app.connect("html-page-context", accessible_tables)
    app.connect("html-page-context", print_title)
    app.connect("html-page-context", describe, priority=400)  # before sphinxext-opengraph (500)
    app.connect("html-page-context", tidy_scripts, priority=900)  # after others add scripts
