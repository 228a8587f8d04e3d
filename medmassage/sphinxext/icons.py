"""After an HTML build, cut the theme's icon fonts to the icons the site uses (:mod:`medmassage.icon_fonts`).

``medmassage_cut_icons: false`` in the Sphinx config turns it off (for example, to compare sizes).
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

from .. import icon_fonts

logger = logging.getLogger(__name__)


def cut_icons(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: rewrite the fonts and icon stylesheets in ``_static``."""
    if exception is not None or app.builder.format != "html" or not app.config.medmassage_cut_icons:
        return
    try:
        sizes = icon_fonts.cut_site_icons(Path(app.outdir), Path(app.doctreedir) / "medmassage-icon-fonts")
    except Exception as error:  # fontTools raises many kinds; name the step and the cause
        raise ExtensionError(f"could not cut down the icons in {app.outdir}/_static: {error}") from error
    before, after = sum(b for b, _ in sizes.values()), sum(a for _, a in sizes.values())
    logger.info(f"icons: {len(sizes)} files (fonts and stylesheets) cut from {before:,} to {after:,} bytes")


def setup(app: Sphinx) -> None:
    app.connect("build-finished", cut_icons)
