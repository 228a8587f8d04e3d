"""Cut the theme's Font Awesome icons down to the ones the book uses.

The theme ships all of Font Awesome: its fonts (about 270 KB gzipped for the solid
and brands sets, which every page asks for) and a list of about 2,400 icon classes
inside the theme's main stylesheet (about 20 KB gzipped, which blocks the first
paint). The book shows about thirty icons. After each HTML build this module finds
the icons the site uses, then:

- rewrites the fonts with only those glyphs, using fontTools' subsetter (the tool
  behind ``pyftsubset``);
- drops the unused icon classes from the stylesheets that list them.

An icon is "used" when:

- an ``fa-*`` class naming it appears in a built page or in a script in ``_static``
  (the theme's scripts add a few icons at run time), or
- a stylesheet rule other than Font Awesome's own class list draws it, as the
  theme does for admonition and link icons.

Sphinx copies the theme's original files into the site on every build, so each
build starts from the full set. Cut fonts are cached by the original font's bytes
and the glyph list, so a rebuild that changes nothing costs a few file copies.
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
from collections.abc import Iterable
from pathlib import Path

FONT_DIR_GLOB = "_static/vendor/fontawesome/**/webfonts"
FONT_SUFFIXES = (".woff2", ".ttf")
PRIVATE_USE = range(0xE000, 0xF900)  # Font Awesome's icons live in Unicode's private use area
SKIP_SCRIPTS = {"fontawesome.js"}  # the full Font Awesome kit names every icon; it is not loaded

_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_ICON_SELECTOR = re.compile(r"\s*\.(fa-[a-z0-9-]+)::?(?:before|after)\s*")
_CONTENT = re.compile(r'content:\s*"\\([0-9a-fA-F]{4,5})"')
_ESCAPE = re.compile(r"\\([0-9a-fA-F]{4,5})")
_CLASS = re.compile(r"\bfa-[a-z0-9]+(?:-[a-z0-9]+)*")
_SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/")


def _class_list_rule(selectors: str, body: str) -> tuple[list[str], int] | None:
    """``(icon names, code point)`` when a rule belongs to Font Awesome's class list
    (``.fa-name:before, .fa-alias:before {content: "\\f123"}``), else None."""
    names = [_ICON_SELECTOR.fullmatch(s) for s in selectors.split(",")]
    content = _CONTENT.search(body)
    if not content or not all(names):
        return None
    return [n.group(1) for n in names if n], int(content.group(1), 16)


def icon_map(css: str) -> dict[str, int]:
    """Font Awesome's class list: ``.fa-name:before{content:"\\f123"}`` gives ``{"fa-name": 0xf123}``."""
    icons: dict[str, int] = {}
    for selectors, body in _RULE.findall(css):
        if rule := _class_list_rule(selectors, body):
            names, codepoint = rule
            icons.update(dict.fromkeys(names, codepoint))
    return icons


def codepoints_drawn_by_css(css: str) -> set[int]:
    """Icon code points the stylesheet draws outside Font Awesome's own class list."""
    found: set[int] = set()
    for selectors, body in _RULE.findall(css):
        if _class_list_rule(selectors, body):
            continue  # part of the class list: only counts if a page uses the class
        found.update(ord(ch) for ch in body if ord(ch) in PRIVATE_USE)
        found.update(int(code, 16) for code in _ESCAPE.findall(body) if int(code, 16) in PRIVATE_USE)
    return found


def icon_classes(texts: Iterable[str]) -> set[str]:
    """Every ``fa-*`` class named in the given HTML or JavaScript."""
    found: set[str] = set()
    for text in texts:
        found.update(_CLASS.findall(text))
    return found


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def used_icons(site: Path) -> tuple[set[str], set[int]]:
    """The icon classes a built site names, and the code points it needs (theirs and the CSS's own)."""
    stylesheets = [_read(p) for p in (site / "_static").rglob("*.css")]
    icons: dict[str, int] = {}
    for css in stylesheets:
        icons.update(icon_map(css))
    pages = [_read(p) for p in site.rglob("*.html")]
    scripts = [_read(p) for p in (site / "_static").rglob("*.js") if p.name not in SKIP_SCRIPTS]
    classes = {name for name in icon_classes([*pages, *scripts]) if name in icons}
    codepoints = {icons[name] for name in classes}
    for css in stylesheets:
        codepoints |= codepoints_drawn_by_css(css)
    return classes, codepoints


def trim_icon_classes(css: str, keep: set[str]) -> str:
    """The stylesheet without Font Awesome class-list rules for icons outside ``keep``.

    A rule goes only if every selector in it is an unused icon class; all other rules stay.
    The source-map comment goes too, since the map no longer matches.
    """

    def rule(match: re.Match[str]) -> str:
        class_list = _class_list_rule(match.group(1), match.group(2))
        if class_list and not keep.intersection(class_list[0]):
            return ""
        return match.group(0)

    return _SOURCE_MAP.sub("", _RULE.sub(rule, css))


def subset_font(data: bytes, codepoints: set[int], flavor: str | None) -> bytes:
    """The font with only the glyphs for ``codepoints`` (fontTools' subsetter, as ``pyftsubset`` runs it)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = flavor
    options.layout_features = ["*"]
    options.notdef_outline = True
    font = TTFont(io.BytesIO(data))
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = flavor
    font.save(out)
    return out.getvalue()


def cut_site_icons(site: Path, cache: Path) -> dict[str, tuple[int, int]]:
    """Cut the site's icon fonts and icon class lists in place.

    Returns ``{file name: (bytes before, bytes after)}`` for every file rewritten.
    """
    classes, codepoints = used_icons(site)
    sizes: dict[str, tuple[int, int]] = {}
    for stylesheet in (site / "_static").rglob("*.css"):
        css = _read(stylesheet)
        if not icon_map(css):
            continue
        trimmed = trim_icon_classes(css, classes)
        stylesheet.write_text(trimmed, encoding="utf-8")
        sizes[stylesheet.name] = (len(css.encode()), len(trimmed.encode()))
    sizes.update(subset_site_fonts(site, cache, codepoints))
    return sizes


def subset_site_fonts(site: Path, cache: Path, codepoints: set[int]) -> dict[str, tuple[int, int]]:
    """Rewrite the site's Font Awesome fonts in place with only ``codepoints``."""
    key = ",".join(f"{c:x}" for c in sorted(codepoints))
    sizes: dict[str, tuple[int, int]] = {}
    for font_dir in site.glob(FONT_DIR_GLOB):
        for font in sorted(p for p in font_dir.iterdir() if p.suffix in FONT_SUFFIXES):
            original = font.read_bytes()
            digest = hashlib.sha256(original + key.encode()).hexdigest()[:24]
            cached = cache / f"{digest}{font.suffix}"
            if not cached.exists():  # (subsetting a subset again is harmless: it keeps the same glyphs)
                cache.mkdir(parents=True, exist_ok=True)
                flavor = "woff2" if font.suffix == ".woff2" else None
                cached.write_bytes(subset_font(original, codepoints, flavor))
            shutil.copyfile(cached, font)
            sizes[font.name] = (len(original), cached.stat().st_size)
    return sizes
