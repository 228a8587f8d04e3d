"""The extension's accessibility fixes to what docutils and the theme write (HTML_CodeSniffer's findings)."""

from __future__ import annotations

from types import SimpleNamespace

from medmassage.sphinxext.pages import accessible_tables, print_title, with_search_button

THEME_FORM = """<form class="bd-search d-flex align-items-center" action="search.html" method="get">
  <input type="search" class="form-control" name="q" aria-label="Search"/>
</form>"""


def test_every_search_form_gets_one_submit_button():
    markup = str(with_search_button(f"<dialog>{THEME_FORM}</dialog><p>{THEME_FORM}</p>"))
    assert markup.count('<button type="submit"') == 2
    assert markup.count("</button>\n</form>") == 0 and markup.count("</button></form>") == 2
    assert str(with_search_button("<form class='other'></form>")) == "<form class='other'></form>"


def test_table_headers_say_whether_they_head_a_column_or_a_row():
    context = {
        "body": '<table><thead><tr><th class="head stub">Title</th><th class="head">Means</th></tr></thead>'
        '<tbody><tr><th class="stub">LMT</th><td>a licence</td></tr></tbody></table>'
    }
    accessible_tables(None, "page", "page.html", context, None)
    assert context["body"].count('scope="col"') == 2 and context["body"].count('scope="row"') == 1
    assert "<th class=" not in context["body"]


def test_the_index_gets_a_print_heading():
    context: dict = {}
    print_title(SimpleNamespace(), "genindex", "genindex.html", context, None)
    assert context["pagetitle"] == "Index"
    other = {"pagetitle": "Safety"}
    print_title(SimpleNamespace(), "book/foundations/safety", "page.html", other, None)
    assert other["pagetitle"] == "Safety"
