"""The icon cutter keeps every icon the site uses and drops the rest."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from medmassage import icon_fonts
from medmassage.icon_fonts import (
    codepoints_drawn_by_css,
    cut_site_icons,
    icon_classes,
    icon_map,
    subset_font,
    trim_icon_classes,
)
from tests.book.iconcheck import THEME_CSS, THEME_FONTS, THEME_STATIC

SOLID = THEME_FONTS / "fa-solid-900.woff2"

CSS = (
    '.fa-a:before,.fa-alias:before{content:"\\f001"}'
    '.fa-b:before{content:"\\f002"}'
    '.fa-c:before{content:"\\f0c9"}'
    ':root{--pst-icon-bell:"\uf0f3"}'  # the theme's own icon variables hold the character itself
    '.toggle:after{content:"\\f107";font-family:x}'
    ".plain{color:red}"
    "/*# sourceMappingURL=theme.css.map*/"
)


def _cmap(data: bytes) -> set[int]:
    return set(TTFont(io.BytesIO(data)).getBestCmap())


def test_icon_map_reads_font_awesome_class_list_with_aliases():
    assert icon_map(CSS) == {"fa-a": 0xF001, "fa-alias": 0xF001, "fa-b": 0xF002, "fa-c": 0xF0C9}


def test_codepoints_drawn_by_the_css_itself_are_found_but_not_the_class_list():
    assert codepoints_drawn_by_css(CSS) == {0xF0F3, 0xF107}


def test_icon_classes_are_read_from_html_and_javascript():
    html = '<i class="fa-solid fa-magnifying-glass fa-lg"></i>'
    js = 'icon.className = "fa-solid fa-xmark";'
    assert icon_classes([html, js]) == {"fa-solid", "fa-magnifying-glass", "fa-lg", "fa-xmark"}


def test_trimming_drops_unused_icon_rules_only():
    trimmed = trim_icon_classes(CSS, keep={"fa-alias"})
    assert '.fa-a:before,.fa-alias:before{content:"\\f001"}' in trimmed  # kept through its alias
    assert ".fa-b:before" not in trimmed and ".fa-c:before" not in trimmed
    for kept in (":root{--pst-icon-bell", ".toggle:after", ".plain{color:red}"):
        assert kept in trimmed
    assert "sourceMappingURL" not in trimmed


def test_subset_font_keeps_exactly_the_asked_glyphs():
    original = SOLID.read_bytes()
    wanted = {0xF002, 0xF0C9, 0xF185}  # magnifying glass, bars, sun
    cut = subset_font(original, wanted, "woff2")
    assert _cmap(cut) == wanted
    assert len(cut) < len(original) / 20


def _fake_site(root: Path, page: str) -> Path:
    """A site with the theme's real fonts and stylesheet, and one page."""
    site = root / "html"
    shutil.copytree(THEME_STATIC / "vendor", site / "_static" / "vendor")
    (site / "_static" / "styles").mkdir(parents=True)
    shutil.copy(THEME_CSS, site / "_static" / "styles")
    (site / "page.html").write_text(page, encoding="utf-8")
    return site


def test_cut_site_icons_keeps_page_icons_and_the_css_icons(tmp_path):
    site = _fake_site(tmp_path, '<i class="fa-solid fa-rocket"></i><i class="fa-brands fa-github"></i>')
    full_css = THEME_CSS.read_text(encoding="utf-8")
    icons = icon_map(full_css)
    sizes = cut_site_icons(site, tmp_path / "cache")

    fonts = site / "_static" / "vendor" / "fontawesome" / "webfonts"
    solid, brands = (
        _cmap((fonts / "fa-solid-900.woff2").read_bytes()),
        _cmap((fonts / "fa-brands-400.woff2").read_bytes()),
    )
    assert icons["fa-rocket"] in solid and icons["fa-github"] in brands
    assert icons["fa-magnifying-glass"] not in solid  # not on the page
    assert codepoints_drawn_by_css(full_css) <= solid | brands  # admonition icons and the like
    css = (site / "_static" / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8")
    assert ".fa-rocket:before" in css and ".fa-magnifying-glass:before" not in css
    assert sizes["fa-solid-900.woff2"][1] < 10_000 and sizes["pydata-sphinx-theme.css"][1] < len(full_css)


def test_an_unchanged_rebuild_uses_the_cache(tmp_path, monkeypatch):
    page = '<i class="fa-solid fa-rocket"></i>'
    cut_site_icons(_fake_site(tmp_path / "first", page), tmp_path / "cache")

    def fail(*args, **kwargs):
        raise AssertionError("subset_font ran again although nothing changed")

    monkeypatch.setattr(icon_fonts, "subset_font", fail)
    cut_site_icons(_fake_site(tmp_path / "second", page), tmp_path / "cache")  # a fresh copy, as Sphinx makes
    with pytest.raises(AssertionError, match="ran again"):  # and a new icon does invalidate it
        cut_site_icons(_fake_site(tmp_path / "third", '<i class="fa-solid fa-sun"></i>'), tmp_path / "cache")
