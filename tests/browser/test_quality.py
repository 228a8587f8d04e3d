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
