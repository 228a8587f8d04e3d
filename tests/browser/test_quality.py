"""The quality budget on every page of the built site, in Chromium, offline.

Accessibility (axe-core, zero violations of any impact, and HTML_CodeSniffer, zero WCAG 2 AA
errors, both in light and dark), offline rendering and
navigation and search, no console errors, no horizontal scrolling at phone width.
"""

from __future__ import annotations

import pytest

from tests.book.htmlscan import content_pages
from tests.conftest import REPO, require_tool

pytestmark = pytest.mark.browser


def all_pages(site) -> list[str]:
    # The book's pages plus Sphinx's own index and search pages (not the root redirect).
    pages = [p.relative_to(site).as_posix() for p in content_pages(site)]
    return pages + ["genindex.html", "search.html"]


@pytest.fixture(params=["light", "dark"])
def scheme_page(request, browser, offline_page):
    offline_page.emulate_media(color_scheme=request.param)
    return offline_page


def test_axe_finds_no_violations_on_any_page(site, site_url, scheme_page):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found = {}
    for path in all_pages(site):
        scheme_page.goto(f"{site_url}/{path}", wait_until="load")
        # Let the theme's colour transitions finish, or axe measures colours mid-fade.
        scheme_page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
        violations = axe.run(scheme_page).response["violations"]
        if violations:
            found[path] = [(v["id"], v["impact"], len(v["nodes"])) for v in violations]
    assert found == {}
    assert scheme_page.blocked == []


# Figures load lazily (when scrolled near), so load them all now, then count the ones that failed.
LOAD_EVERY_IMAGE_AND_COUNT_BROKEN = """async () => {
  const images = Array.from(document.images);
  images.forEach(image => { image.loading = "eager"; });
  await Promise.all(images.map(image => image.complete ? null
    : new Promise(done => { image.addEventListener("load", done); image.addEventListener("error", done); })));
  return images.filter(image => image.naturalWidth === 0).length;
}"""


def test_every_page_renders_offline_without_console_errors(site, site_url, offline_page):
    errors = {}
    for path in all_pages(site):
        offline_page.console_errors.clear()
        offline_page.goto(f"{site_url}/{path}", wait_until="load")
        assert offline_page.locator("main h1:visible").count() >= 1, path
        broken_images = offline_page.evaluate(LOAD_EVERY_IMAGE_AND_COUNT_BROKEN)
        assert broken_images == 0, path
        if offline_page.console_errors:
            errors[path] = list(offline_page.console_errors)
    assert errors == {}
    assert offline_page.blocked == [], "a request left localhost"


def test_navigation_works_offline(site_url, offline_page):
    offline_page.goto(f"{site_url}/book/intro.html", wait_until="load")
    offline_page.locator("a.right-next").first.click()
    offline_page.wait_for_url("**/book/start/how-to-use.html")
    offline_page.locator("nav.bd-docs-nav a", has_text="Low back pain").first.click()
    offline_page.wait_for_url("**/book/conditions/low-back-pain.html")
    assert "Low back pain" in offline_page.locator("article h1").inner_text()


def test_search_works_offline(site_url, offline_page):
    offline_page.goto(f"{site_url}/search.html?q=lymphoedema", wait_until="load")
    results = offline_page.locator("#search-results ul.search li")
    results.first.wait_for(timeout=15000)
    assert results.count() >= 1
    assert offline_page.blocked == []


def test_searching_from_a_page_works_offline(site_url, offline_page):
    """Pages no longer load the search index; the search box hands the query to search.html."""
    offline_page.goto(f"{site_url}/book/intro.html", wait_until="load")
    offline_page.keyboard.press("Control+k")  # the theme's shortcut opens the search dialog
    box = offline_page.locator("input[name='q']:visible").first
    box.fill("lymphoedema")
    box.press("Enter")
    offline_page.wait_for_url("**/search.html?q=lymphoedema*")
    results = offline_page.locator("#search-results ul.search li")
    results.first.wait_for(timeout=15000)
    assert results.count() >= 1
    assert offline_page.console_errors == [] and offline_page.blocked == []


def test_no_page_scrolls_sideways_at_phone_width(site, site_url, browser):
    page = browser.new_page()
    page.set_viewport_size({"width": 375, "height": 812})
    wide = {}
    try:
        for path in all_pages(site):
            page.goto(f"{site_url}/{path}", wait_until="load")
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 0:
                wide[path] = overflow
    finally:
        page.close()
    assert wide == {}


# HTML_CodeSniffer, a second accessibility engine independent of axe-core (what pa11y runs by
# default), installed from npm by `make test`. Its WCAG 2 AA errors; notices and warnings need a person.
HTMLCS = REPO / "_build" / "a11y-tools" / "node_modules" / "html_codesniffer" / "build" / "HTMLCS.js"
HTMLCS_ERRORS = """() => new Promise(done => HTMLCS.process("WCAG2AA", document, () => done(
  HTMLCS.getMessages().filter(m => m.type === HTMLCS.ERROR)
    .map(m => m.code + ": " + (m.element.outerHTML || "").slice(0, 100)))))"""


def test_html_codesniffer_finds_no_wcag2aa_errors_on_any_page(site, site_url, scheme_page):
    engine = require_tool(HTMLCS, "run make test (npm install html_codesniffer)").read_text(encoding="utf-8")
    found = {}
    for path in all_pages(site):
        scheme_page.goto(f"{site_url}/{path}", wait_until="load")
        scheme_page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
        scheme_page.add_script_tag(content=engine)
        errors = scheme_page.evaluate(HTMLCS_ERRORS)
        if errors:
            found[path] = errors
    assert found == {}
    assert scheme_page.blocked == []


# --- evidence tables: readable at every width, open on paper, the matrix in words and colour ------

#: Evidence tables whose own box scrolls sideways (after opening every fold).
SCROLLING_TABLES = """() => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  return [...document.querySelectorAll('table.evidence-table')]
    .filter(t => t.parentElement.scrollWidth > t.parentElement.clientWidth + 1)
    .map(t => t.className + ': ' + t.parentElement.scrollWidth + ' px in ' + t.parentElement.clientWidth);
}"""


@pytest.mark.parametrize("width", [375, 1280])
def test_no_evidence_table_scrolls_sideways(site, site_url, browser, width):
    """Before: the low back pain box was a nine-column table that scrolled sideways even on a laptop."""
    page = browser.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    found = {}
    try:
        for path in all_pages(site):
            page.goto(f"{site_url}/{path}", wait_until="load")
            scrolling = page.evaluate(SCROLLING_TABLES)
            if scrolling:
                found[path] = scrolling
    finally:
        page.close()
    assert found == {}


def test_the_folded_full_table_opens_on_paper(site_url, offline_page):
    offline_page.goto(f"{site_url}/book/conditions/low-back-pain.html", wait_until="load")
    table = offline_page.locator("details.evidence-full table")
    assert not table.is_visible(), "folded on screen"
    offline_page.emulate_media(media="print")
    try:
        assert table.is_visible() and table.bounding_box()["height"] > 500
    finally:
        offline_page.emulate_media(media="screen")


#: Each matrix cell's text and link colours against the colour actually behind them.
MATRIX_CONTRAST = """() => {
  const rgba = s => s.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => {
    const c = [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const behind = el => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c.length < 4 || c[3] > 0) return c;
    }
    return [255, 255, 255];
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  return [...document.querySelectorAll('table.technique-matrix tbody td')].map(td => {
    const text = td.querySelector('a') || td.querySelector('p:not(.cell-label)') || td;
    const style = getComputedStyle(td);
    return {cls: td.className, fill: style.backgroundColor, italic: style.fontStyle === 'italic',
            contrast: ratio(rgba(getComputedStyle(text).color), behind(td))};
  });
}"""


def test_matrix_cells_say_their_certainty_in_words_and_colours_that_meet_contrast(site_url, scheme_page):
    scheme_page.goto(f"{site_url}/book/techniques/overview.html", wait_until="load")
    cells = scheme_page.evaluate(MATRIX_CONTRAST)
    assert cells, "no matrix cells"
    low = [c for c in cells if "certainty-low" in c["cls"]]
    none = [c for c in cells if "certainty-none" in c["cls"]]
    assert low and none
    assert [c for c in cells if c["contrast"] < 4.5] == []
    # "No trials" never looks like a low rating: no fill, and set in italics.
    assert {c["fill"] for c in none} == {"rgba(0, 0, 0, 0)"} and all(c["italic"] for c in none)
    assert all(c["fill"] != "rgba(0, 0, 0, 0)" and not c["italic"] for c in low)
    assert len({c["fill"] for c in cells if "certainty-none" not in c["cls"]}) >= 3  # one colour per level
