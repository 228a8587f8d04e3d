"""The finder's tables and sentences as HTML for a notebook or a book page, with every text escaped.

Registry text (names, towns, languages, notes) comes from contributors and is not trusted.
``display(Markdown(...))`` passes raw HTML through (MyST does too, on the book's pages), and a
pandas Styler does not escape cell text or its caption, so a therapist named
``<img src=x onerror=...>`` would run in the reader's browser. These functions escape all text
first; use them for anything that shows finder output as HTML.
"""

from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML

#: Columns shown as plain numbers ('85', not '85.0'): a price is a whole amount or close to it.
PLAIN_NUMBER_COLUMNS = ("Price",)


def table_html(table: pd.DataFrame, caption: str) -> HTML:
    """``table`` as an HTML table with ``caption`` and no index column, numbers to one decimal place.

    Cell text, column names and the caption are HTML-escaped.
    """
    styled = (
        table.style.hide(axis="index")
        .set_caption(html.escape(caption))
        .format(precision=1, escape="html")
        .format_index(escape="html", axis="columns")
    )
    plain = [c for c in PLAIN_NUMBER_COLUMNS if c in table.columns]
    if plain:
        styled = styled.format("{:g}", subset=plain, escape="html")
    return HTML(styled.to_html())


def text_html(text: str, lead: str | None = None, italic: bool = False) -> HTML:
    """``text`` as an HTML paragraph, escaped; ``lead`` in bold before it, ``italic`` for the whole text."""
    body = html.escape(text)
    if italic:
        body = f"<em>{body}</em>"
    if lead:
        body = f"<strong>{html.escape(lead)}</strong> {body}"
    return HTML(f"<p>{body}</p>")
