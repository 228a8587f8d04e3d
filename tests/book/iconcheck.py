"""Does every icon the built site shows have a glyph in the fonts it serves?

The icons are looked up in the theme's *original* stylesheet, as installed, so the
check does not trust the trimmed copy in the site it is checking.
"""

from __future__ import annotations

import io
from pathlib import Path

import pydata_sphinx_theme
from fontTools.ttLib import TTFont

from medmassage.icon_fonts import codepoints_drawn_by_css, icon_classes, icon_map

THEME_STATIC = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
THEME_FONTS = THEME_STATIC / "vendor" / "fontawesome" / "webfonts"
THEME_CSS = THEME_STATIC / "styles" / "pydata-sphinx-theme.css"


def served_glyphs(site: Path) -> set[int]:
    """Code points covered by the icon fonts (WOFF2, what browsers load) in the site."""
    glyphs: set[int] = set()
    for font in (site / "_static").rglob("fa-*.woff2"):
        glyphs |= set(TTFont(io.BytesIO(font.read_bytes())).getBestCmap())
    return glyphs


def missing_icon_glyphs(site: Path) -> dict[str, str]:
    """``{icon: where it is used}`` for every icon the site shows but its fonts cannot draw."""
    css = THEME_CSS.read_text(encoding="utf-8")
    icons = icon_map(css)
    glyphs = served_glyphs(site)
    missing: dict[str, str] = {}
    # Pages, and the theme's scripts, which add a few icons (such as the search box's close button).
    sources = [*sorted(site.rglob("*.html")), *(p for p in sorted(site.rglob("*.js")) if p.name != "fontawesome.js")]
    for source in sources:
        for name in icon_classes([source.read_text(encoding="utf-8", errors="replace")]):
            if name in icons and icons[name] not in glyphs:
                missing.setdefault(name, str(source.relative_to(site)))
    for codepoint in codepoints_drawn_by_css(css) - glyphs:
        missing[f"U+{codepoint:04X}"] = "the theme's stylesheet"
    return missing
