"""Reading the book's HTML tables as text that compares with the knowledge base."""

from __future__ import annotations

SMART_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def normalise(text: str) -> str:
    """Collapse whitespace and undo Sphinx's smart quotes, so page text compares with the data."""
    return " ".join(text.split()).translate(SMART_QUOTES)


def table_rows(table) -> list[list[str]]:
    """A BeautifulSoup table's rows, each a list of its cells' normalised text. The column names each
    data cell starts with (shown only when rows stack into cards) are not part of the cell's data."""
    for label in table.select(".cell-label"):
        label.decompose()
    return [
        [normalise(cell.get_text(" ", strip=True)) for cell in tr.find_all(["td", "th"])] for tr in table.find_all("tr")
    ]
