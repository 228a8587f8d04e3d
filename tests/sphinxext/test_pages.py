"""The per-page adjustments: quiz assets, scripts, descriptions, ARIA, and the template filter."""

from __future__ import annotations

import re

import pytest

from medmassage.sphinxext.pages import without_scripts
from tests.sphinxext.project import build, write_project

QUIZ_PAGE = '# Quiz\n\n```{raw} html\n<section class="mm-quiz"><p>Q</p></section>\n```\n'
DESCRIBED = "---\ndescription: A described page, in its own words.\n---\n# Described\n\nBody text.\n"
PLAIN = "# Plain\n\nThis opening paragraph is long enough to describe the page on its own.\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    pages = {"quiz": QUIZ_PAGE, "described": DESCRIBED, "plain": PLAIN, "cited": "# C\n\n{cite:p}`furlan2015massage`\n"}
    return build(
        write_project(tmp_path_factory.mktemp("pages"), pages, extra_extensions=["sphinxext.opengraph"]),
        ogp_site_url="https://example.invalid/",
    )


def scripts(html: str) -> list[str]:
    return re.findall(r"<script[^>]*>", html)


def test_builds_clean(built):
    assert built.warnings == ""


def test_quiz_assets_load_only_on_quiz_pages(built):
    assert any("quiz.js" in s and "defer" in s for s in scripts(built.html("quiz")))
    assert "quiz.css" in built.html("quiz")
    for other in ("described", "plain", "index"):
        assert "quiz.js" not in built.html(other) and "quiz.css" not in built.html(other)


def test_external_scripts_are_deferred_except_the_options_script(built):
    external = [s for s in scripts(built.html("plain")) if "src=" in s]
    assert external
    for script in external:
        assert ("defer" in script) != ("documentation_options" in script), script


def test_each_script_appears_once(built):
    sources = [s for s in scripts(built.html("plain")) if "src=" in s]
    assert len(sources) == len(set(sources))


def meta(html: str, attribute: str, name: str) -> list[str]:
    return re.findall(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', html) + re.findall(
        rf'<meta content="([^"]*)" {attribute}="{re.escape(name)}"', html
    )


def test_front_matter_gives_the_meta_and_open_graph_description(built):
    html = built.html("described")
    assert meta(html, "name", "description") == ["A described page, in its own words."]
    assert meta(html, "property", "og:description") == ["A described page, in its own words."]


def test_a_page_without_front_matter_is_described_by_its_opening(built):
    html = built.html("plain")
    assert meta(html, "name", "description") == [
        "This opening paragraph is long enough to describe the page on its own."
    ]


def test_a_page_with_neither_gets_the_site_description(built):
    assert meta(built.html("genindex"), "name", "description") == [built.app.config.medmassage_site_description]


def test_citation_lists_lose_the_roles_axe_reports(built):
    html = built.html("references")
    assert "citation-list" in html
    assert 'role="list"' not in html and "doc-biblioentry" not in html


def test_the_template_filter_drops_named_scripts_only():
    markup = (
        '<script defer src="_static/scripts/fontawesome.js?digest=abc"></script>\n'
        '<script src="_static/keep.js"></script>\n<link rel="preload" href="fontawesome.js">'
    )
    out = str(without_scripts(markup, "fontawesome.js"))
    assert "keep.js" in out and '<link rel="preload" href="fontawesome.js">' in out
    assert "scripts/fontawesome.js" not in out
