"""Checks on the built HTML: links, alt text, no CDN scripts, footer, launch and repository buttons."""

from __future__ import annotations

import json
import re
import struct
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
import yaml

from medmassage.icon_fonts import subset_font
from medmassage.knowledge import knowledge_base
from medmassage.launch import install_cell, repository
from tests.book.htmlscan import content_pages, external_scripts, images_without_alt, scan
from tests.book.iconcheck import THEME_FONTS, missing_icon_glyphs
from tests.conftest import REPO


def _check_links(folder: Path) -> subprocess.CompletedProcess:
    """pytest-check-links over a folder's pages, offline: internal links and anchors only."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--check-links",
            "--check-anchors",
            "--check-links-ignore",
            "^https?://",
            # `make pdf` puts the PDF beside the pages after the build; tests/book/test_pdf.py checks that link.
            "--check-links-ignore",
            r".*medical-massage\.pdf$",
            *[str(p) for p in sorted(folder.rglob("*.html"))],
        ],
        capture_output=True,
        text=True,
        cwd=folder,
        timeout=300,
    )


def test_site_has_the_first_slice(site):
    for page in ["book/intro.html", "book/start/how-to-use.html", "book/foundations/reading-the-evidence.html"]:
        assert (site / page).is_file(), page


def test_every_internal_link_and_anchor_resolves(site):
    result = _check_links(site)
    assert result.returncode == 0, result.stdout[-3000:]
    assert " passed" in result.stdout


def test_link_checker_catches_a_broken_link_and_anchor(tmp_path):
    # Proof the check above can fail: a page with a dead link and a dead anchor.
    (tmp_path / "a.html").write_text('<a href="b.html#nowhere">x</a> <a href="gone.html">y</a>', encoding="utf-8")
    (tmp_path / "b.html").write_text('<h1 id="here">B</h1>', encoding="utf-8")
    result = _check_links(tmp_path)
    assert result.returncode != 0
    assert "gone.html" in result.stdout and "nowhere" in result.stdout


def test_every_image_has_alt_text(site):
    missing = {str(p.relative_to(site)): images_without_alt(p) for p in content_pages(site)}
    assert {page: imgs for page, imgs in missing.items() if imgs} == {}


def test_alt_text_check_can_fail(tmp_path):
    page = tmp_path / "p.html"
    page.write_text('<img src="a.png" alt="A chart"><img src="b.png"><img src="c.png" alt="  ">', encoding="utf-8")
    assert images_without_alt(page) == ["b.png", "c.png"]


def _figures(page_path: Path) -> list[dict[str, str | None]]:
    return [img for img in scan(page_path).images if "/_images/" in (img.get("src") or "")]


def test_the_figure_page_has_data_driven_figures(site):
    figures = _figures(site / "book/foundations/reading-the-evidence.html")
    assert len(figures) == 3  # low back pain forest plot, certainty overview, all-condition forest plot
    assert "SMD" in figures[0]["alt"] and "95% confidence interval" in figures[0]["alt"]
    assert "Stacked bar chart" in figures[1]["alt"]


@pytest.mark.parametrize("page", ["book/foundations/reading-the-evidence.html", "book/exercises/find-a-therapist.html"])
def test_figures_are_files_sized_to_the_png_and_lazy(site, page):
    """Inline base64 PNGs made the figure page 225 KB gzipped and held up its first paint."""
    path = site / page
    figures = _figures(path)
    assert figures
    for img in figures:
        png = (path.parent / (img["src"] or "")).read_bytes()
        assert png.startswith(b"\x89PNG")
        width, height = struct.unpack(">II", png[16:24])
        assert (img.get("width"), img.get("height")) == (str(width), str(height))
        assert img.get("loading") == "lazy"


def test_only_the_search_page_loads_the_search_index(site):
    """The theme loads it everywhere for search-as-you-type, which the book leaves off (30 KB a page)."""
    pages = content_pages(site)
    loading = [str(p.relative_to(site)) for p in pages if any("searchindex" in src for src in scan(p).scripts)]
    assert loading == []
    assert any("searchindex" in src for src in scan(site / "search.html").scripts)


def test_no_page_inlines_an_image(site):
    inlined = [str(p.relative_to(site)) for p in content_pages(site) if "data:image/" in p.read_text(encoding="utf-8")]
    assert inlined == []


def test_the_site_serves_cut_down_icon_fonts(site):
    fonts = sorted((site / "_static").rglob("fa-*.woff2"))
    assert {f.name for f in fonts} >= {"fa-solid-900.woff2", "fa-brands-400.woff2"}
    assert {f.name: f.stat().st_size for f in fonts if f.stat().st_size > 10_000} == {}  # the full set is 270 KB


def test_every_icon_on_the_site_has_its_glyph(site):
    assert missing_icon_glyphs(site) == {}


def test_icon_glyph_check_can_fail(tmp_path):
    site = tmp_path / "html"
    fonts = site / "_static" / "vendor" / "fontawesome" / "webfonts"
    fonts.mkdir(parents=True)
    full = (THEME_FONTS / "fa-solid-900.woff2").read_bytes()
    (fonts / "fa-solid-900.woff2").write_bytes(subset_font(full, {0xF002}, "woff2"))  # magnifying glass only
    (site / "page.html").write_text('<i class="fa-solid fa-magnifying-glass"></i><i class="fa-solid fa-rocket"></i>')
    missing = missing_icon_glyphs(site)
    assert set(missing) >= {"fa-rocket"} and "fa-magnifying-glass" not in missing


def test_no_page_loads_a_script_from_a_cdn(site):
    offenders = {str(p.relative_to(site)): external_scripts(p) for p in content_pages(site)}
    assert {page: srcs for page, srcs in offenders.items() if srcs} == {}


def test_cdn_check_can_fail_and_allows_mathjax_only_with_math(tmp_path):
    page = tmp_path / "p.html"
    page.write_text(
        '<script src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js"></script>'
        '<script src="https://unpkg.com/thebe@0.8/lib/index.js"></script>',
        encoding="utf-8",
    )
    assert len(external_scripts(page)) == 2  # no math on the page: MathJax is not allowed either
    page.write_text(page.read_text() + '<span class="math">x</span>', encoding="utf-8")
    assert external_scripts(page) == ["https://unpkg.com/thebe@0.8/lib/index.js"]


def test_thebe_is_not_loaded_until_live_code_starts(site):
    html = (site / "book/foundations/reading-the-evidence.html").read_text(encoding="utf-8")
    assert "sphinx-thebe.js" in html  # the small local loader is there...
    assert not any("thebe" in src and src.startswith("http") for src in scan(site / "book/intro.html").scripts)


@pytest.mark.parametrize("page", ["book/intro.html", "book/foundations/reading-the-evidence.html"])
def test_every_page_footer_says_education_not_medical_advice(site, page):
    html = (site / page).read_text(encoding="utf-8")
    assert html.count("This book is education, not medical advice") == 1
    assert "CC BY 4.0" in html


def test_footer_is_on_every_page(site):
    missing = [
        str(p.relative_to(site))
        for p in content_pages(site)
        if "education, not medical advice" not in p.read_text(encoding="utf-8")
    ]
    assert missing == []


def test_launch_and_repository_buttons(site):
    config = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))
    repo_url = config["repository"]["url"]
    html = (site / "book/foundations/reading-the-evidence.html").read_text(encoding="utf-8")
    assert "mybinder.org/v2/gh/" in html  # Binder launch
    assert "thebe-launch-button" in html or "initThebe" in html  # live code
    assert f"{repo_url}/issues/new" in html  # open an issue
    assert f"{repo_url}/edit/main/book/foundations/reading-the-evidence.md" in html  # edit this page


def test_citation_cff_points_at_the_configured_repository():
    config = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["repository-code"] == config["repository"]["url"]


def test_every_page_has_a_unique_title_and_a_meta_description(site):
    from bs4 import BeautifulSoup

    titles = {}
    for page in [*content_pages(site), site / "genindex.html", site / "search.html"]:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        title = soup.title.get_text(strip=True) if soup.title else ""
        description = soup.find("meta", attrs={"name": "description"})
        rel = page.relative_to(site).as_posix()
        assert title, rel
        assert description and 20 <= len(description["content"]) <= 200, rel
        titles.setdefault(title, []).append(rel)
    assert {t: pages for t, pages in titles.items() if len(pages) > 1} == {}


def test_sitemap_lists_every_page(site):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for page in content_pages(site):
        assert page.relative_to(site).as_posix() in sitemap


def test_pages_skip_the_fontawesome_script_and_the_search_index(site):
    # medmassage/templates/layout.html extends the theme's blocks and drops these scripts from them.
    for page in content_pages(site):
        html = page.read_text(encoding="utf-8")
        assert "fontawesome.js" not in html, page.name
        assert "searchindex.js" not in html and "searchtools.js" not in html, page.name
        assert "bootstrap.js" in html and "pydata-sphinx-theme.js" in html, page.name  # the rest of the block stays


def _launch_links(html: str) -> list[str]:
    return [
        unescape(h) for h in re.findall(r'href="(https://(?:mybinder\.org|colab\.research\.google\.com)[^"]*)"', html)
    ]


def test_colab_is_offered_only_on_a_real_notebook_and_every_launch_opens_it(site):
    repo_url, branch = repository(REPO)
    exercise = _launch_links((site / "book/exercises/find-a-therapist.html").read_text(encoding="utf-8"))
    notebook = "exercises/find-a-therapist/find-a-therapist.ipynb"
    assert (
        f"https://colab.research.google.com/github/{repo_url.split('github.com/')[1]}/blob/{branch}/{notebook}"
        in exercise
    )
    assert any(link.endswith(f"urlpath=lab/tree/{notebook}") for link in exercise)  # Binder opens it too
    chapter = _launch_links((site / "book/conditions/neck-pain.html").read_text(encoding="utf-8"))
    assert chapter and not any("colab" in link for link in chapter)  # a MyST page: Colab could not open it


def test_every_downloadable_notebook_starts_with_the_install_cell(site):
    cell = install_cell(*repository(REPO))
    downloads = sorted((site / "_sources").rglob("*.ipynb"))
    assert len(downloads) >= 20
    for path in downloads:
        first = json.loads(path.read_text(encoding="utf-8"))["cells"][0]
        assert "".join(first["source"]) == cell, path


def _classes_in_article(html_text: str) -> set[str]:
    from bs4 import BeautifulSoup

    article = BeautifulSoup(html_text, "html.parser").select_one("article.bd-article")
    return {name for tag in article.find_all(class_=True) for name in tag["class"]} if article else set()


def test_design_and_toggle_assets_load_only_where_a_page_uses_them(site):
    """Jupyter Book adds sphinx-design's and sphinx-togglebutton's files to every page (about 15 KB
    gzipped); only the condition pages use a sphinx-design component (the evidence box's fold)."""
    with_design = set()
    for page in content_pages(site):
        text = page.read_text(encoding="utf-8")
        classes = _classes_in_article(text)
        uses_design = any(name.startswith("sd-") for name in classes)
        assert ("sphinx-design.min.css" in text) == uses_design, page.name
        uses_tabs = "sd-tab-set" in classes
        assert ("design-tabs.js" in text) == uses_tabs, page.name
        toggles = {"toggle", "dropdown"} & classes or {c for c in classes if c.startswith("tag_hide-")}
        assert ("togglebutton" in text) == bool(toggles), page.name
        if uses_design:
            with_design.add(page.relative_to(site).as_posix())
    assert with_design == {f"book/conditions/{c}.html" for c in knowledge_base().conditions}
