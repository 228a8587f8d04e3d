"""The built site in a real browser, with the network off: pages render and nothing leaves localhost."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PAGES = ["book/intro.html", "book/start/how-to-use.html", "book/foundations/reading-the-evidence.html"]


@pytest.mark.parametrize("path", PAGES)
def test_page_renders_offline_without_errors(offline_page, site_url, path):
    offline_page.goto(f"{site_url}/{path}", wait_until="load")
    assert offline_page.locator("article h1").first.is_visible()
    assert offline_page.blocked == [], "requests left localhost"
    assert offline_page.console_errors == []


def test_figure_renders_with_its_alt_text(offline_page, site_url):
    offline_page.goto(f"{site_url}/book/foundations/reading-the-evidence.html", wait_until="load")
    figures = offline_page.locator("figure.medmassage-figure img")
    assert figures.count() == 3
    assert figures.first.get_attribute("loading") == "lazy"
    for i in range(3):
        figures.nth(i).scroll_into_view_if_needed()  # lazy images load as they come into view
        figures.nth(i).evaluate("img => img.decode()")  # resolves once the image has loaded, fails if broken
        assert figures.nth(i).evaluate("img => img.complete && img.naturalWidth > 300")
    assert "Forest plot" in figures.first.get_attribute("alt")


def test_root_redirects_to_the_intro(offline_page, site_url):
    offline_page.goto(f"{site_url}/", wait_until="load")
    offline_page.wait_for_url("**/book/intro.html")
    assert "Medical Massage" in offline_page.title()
