"""Launch buttons that land on a running notebook (the theme builds them; this corrects two things).

- Colab opens only ``.ipynb`` files, and the book's pages are MyST Markdown, so Colab is offered
  only on a page that names a real notebook in its front matter (``launch_notebook:``, a path in
  the repository, such as the exercise's student notebook). There, Binder, JupyterHub and Colab
  all open that notebook.
- The downloadable ``.ipynb`` of each page starts with the install cell
  (:func:`medmassage.launch.install_cell`), so it runs outside Binder, a hub or a checkout.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
from sphinx.application import Sphinx

from ..launch import INSTALL_CELL_MARK, install_cell

LAUNCH_GROUP = "launch-buttons"  # sphinx-book-theme's label for its launch menu
THEME_PRIORITY = 501  # sphinx-book-theme adds its launch buttons at this html-page-context priority


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", point_launch_buttons, priority=THEME_PRIORITY + 1)
    app.connect("html-page-context", add_install_cell_to_download, priority=THEME_PRIORITY + 1)


def _launch_group(context: dict[str, Any]) -> dict[str, Any] | None:
    buttons = context.get("header_buttons") or []
    return next((b for b in buttons if isinstance(b, dict) and b.get("label") == LAUNCH_GROUP), None)


def point_launch_buttons(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree) -> None:
    group = _launch_group(context)
    if group is None:
        return
    launch = app.config.html_theme_options.get("launch_buttons", {})
    colab = (launch.get("colab_url") or "").rstrip("/")
    notebook = app.env.metadata.get(pagename, {}).get("launch_notebook")
    page_path = f"{pagename}{Path(app.env.doc2path(pagename)).suffix}"  # as the theme writes it (path_to_docs "")
    kept = []
    for button in group["buttons"]:
        url = button.get("url", "")
        if notebook and button.get("type") == "link" and page_path in url:
            button = {**button, "url": url.replace(page_path, str(notebook))}
        elif colab and url.startswith(colab):
            continue  # a Markdown page: Colab could not open it
        kept.append(button)
    group["buttons"] = kept


def add_install_cell_to_download(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree
) -> None:
    """The theme copies each MyST page's executed notebook to ``_sources`` for the download menu."""
    if not context.get("ipynb_source"):
        return
    path = Path(app.outdir) / "_sources" / context["ipynb_source"]
    if not path.is_file():
        return
    notebook = nbformat.read(path, as_version=4)
    if notebook.cells and notebook.cells[0].get("source", "").startswith(INSTALL_CELL_MARK):
        return
    options = app.config.html_theme_options  # jupyter-book fills these from `repository:` in _config.yml
    cell = install_cell(options.get("repository_url", ""), options.get("repository_branch") or "main")
    notebook.cells.insert(0, nbformat.v4.new_code_cell(cell))
    notebook.nbformat_minor = max(notebook.nbformat_minor, 5)  # cell ids, which the new cell has
    nbformat.write(notebook, path)
