"""Publish :class:`~medmassage.plots.AccessibleFigure` outputs as image files on the website.

In a live notebook a figure shows as HTML with the PNG inline, so it needs no files.
On the website an inline PNG would make the page's HTML several times larger, and
the browser could not start drawing until all of it had arrived. So each figure also
carries a mime type of its own (see :mod:`medmassage.figure_format`). This module is a myst-nb mime
renderer plugin (registered in ``pyproject.toml``) that turns that output into:

- a PNG file, which Sphinx copies to ``_images/`` like any other notebook image;
- an ``<img>`` with the figure's alt text, its pixel ``width`` and ``height`` (so the
  page does not jump as it loads) and ``loading="lazy"`` (so figures below the fold
  do not delay the first paint), inside a ``<figure>`` with its caption.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import posixpath
import urllib.parse
from typing import Any, ClassVar

from docutils import nodes

from .figure_format import FIGURE_MIME, FigureOutputError, parse_figure
from .sphinxext import compat


class figure_image(nodes.image):
    """An image written with HTML ``width``/``height`` attributes and lazy loading.

    A subclass of :class:`docutils.nodes.image`, so Sphinx still collects and copies the file.
    """


class FigureRenderer:
    """myst-nb plugin: render :data:`FIGURE_MIME` outputs; leave every other output to myst-nb."""

    # Prefer the figure's own mime type to its inline-HTML twin in HTML builds (lower comes first).
    mime_priority_overrides: ClassVar[list[tuple[str, str, int]]] = [
        (builder, FIGURE_MIME, 5) for builder in ("html", "dirhtml", "singlehtml", "readthedocs", "epub")
    ]

    @staticmethod
    def handle_mime(renderer: Any, data: Any, inline: bool) -> list[nodes.Element] | None:
        if data.mime_type != FIGURE_MIME or inline:
            return None
        try:
            spec = parse_figure(data.content)
        except (FigureOutputError, json.JSONDecodeError) as error:
            renderer.logger.warning(f"cell {data.cell_index}: {error}", subtype="medmassage", line=data.line)
            return []
        png = base64.b64decode(spec["png"])
        uri = renderer.write_file([f"{hashlib.sha256(png).hexdigest()}.png"], png, exists_ok=True)
        image = figure_image(
            uri=uri,
            alt=str(spec["alt"]),
            width=str(spec["width"]),
            height=str(spec["height"]),
            classes=["no-scaled-link"],  # Sphinx would otherwise wrap a sized image in a link to itself
        )
        figure = nodes.figure("", image, classes=["medmassage-figure"])
        figure += nodes.caption(str(spec["caption"]), str(spec["caption"]))
        return [figure]


def visit_figure_image_html(translator: Any, node: figure_image) -> None:
    """Write the ``<img>``; the URI is resolved the way Sphinx's own HTML translator does it."""
    uri = node["uri"]
    published = compat.image_uri(translator.builder, uri)
    if published is not None:
        uri = posixpath.join(translator.builder.imgpath, urllib.parse.quote(published))
    attributes = {
        "src": uri,
        "alt": node["alt"],
        "width": node["width"],
        "height": node["height"],
        "loading": "lazy",
        "decoding": "async",
    }
    translator.body.append(
        "<img " + " ".join(f'{name}="{html.escape(value)}"' for name, value in attributes.items()) + " />\n"
    )
    raise nodes.SkipNode


def visit_figure_image_other(translator: Any, node: figure_image) -> None:
    """Other builders (LaTeX, text, ...) treat it as a plain image."""
    translator.visit_image(node)


def depart_figure_image_other(translator: Any, node: figure_image) -> None:
    translator.depart_image(node)


def register(app: Any) -> None:
    """Teach Sphinx the figure node (called from :func:`medmassage.sphinxext.setup`)."""
    other = (visit_figure_image_other, depart_figure_image_other)
    app.add_node(
        figure_image,
        html=(visit_figure_image_html, None),
        latex=other,
        text=other,
        man=other,
        texinfo=other,
    )
