"""Data text escaped for MyST parses back to exactly that text, wherever the book's pages put it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from medmassage.myst_text import Markup, escape

#: The MyST syntax the book enables (_config.yml: parse.myst_enable_extensions).
PARSER = create_md_parser(MdParserConfig(enable_extensions={"colon_fence", "deflist", "substitution"}), RendererHTML)
#: Text rich in the characters Markdown, MyST and HTML give meaning to.
SYNTAX_HEAVY = st.text(alphabet=st.sampled_from(list("<>&\"'`*_{}[]()#+-.!|~$:=^\\/ \n\tab1é")), max_size=60)


def inline_texts(markdown: str) -> tuple[list[str], str]:
    """The token types inside the first paragraph's inline content, and its text."""
    tokens = PARSER.parse(markdown)
    inline = next(t for t in tokens if t.type == "inline")
    return [c.type for c in inline.children], "".join(c.content for c in inline.children)


@settings(max_examples=300, deadline=None)
@given(SYNTAX_HEAVY.filter(str.strip))
def test_escaped_text_is_one_text_node_equal_to_the_input(text):
    tokens = PARSER.parse(escape(text))
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    kinds, content = inline_texts(escape(text))
    assert set(kinds) == {"text"}
    assert content == " ".join(text.split())


@settings(max_examples=200, deadline=None)
@given(SYNTAX_HEAVY.filter(str.strip))
def test_escaped_text_stays_text_in_the_places_pages_put_it(text):
    # A list item after bold (red flags) and a list-table cell (evidence tables).
    for markdown in (f"- **{escape(text)}.** {escape(text)}", f"* - {escape(text)}\n  - x"):
        tokens = PARSER.parse(markdown)
        inline = next(t for t in tokens if t.type == "inline")
        assert {c.type for c in inline.children} <= {"text", "strong_open", "strong_close"}
        assert " ".join(text.split()) in "".join(c.content for c in inline.children)


def test_markup_written_by_the_code_passes_unchanged():
    cite = Markup("{cite:p}`furlan2015massage`")
    assert escape(cite) is cite
    assert f"{escape('Pain <b>')} {escape(cite)}" == "Pain \\<b\\> {cite:p}`furlan2015massage`"


def test_a_leading_number_is_not_a_list():
    kinds, content = inline_texts(escape("1. Call 999"))
    assert content == "1. Call 999"
