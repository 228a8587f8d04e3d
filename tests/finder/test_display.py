"""Registry text reaches HTML escaped: a therapist's name is shown, never run, in a table, a sentence or the widget."""

from __future__ import annotations

import csv
import html
from html.parser import HTMLParser

import pandas as pd
import pytest

from medmassage import finder
from medmassage.finder.registry import COLUMN_NAMES
from medmassage.finder.widget import FinderWidget

from .conftest import patient, raw_therapist

PAYLOADS = (
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    '" onmouseover="window.__pwned=1',
    "javascript:window.__pwned=1",
)


def hostile_row(n: int, payload: str) -> dict[str, str]:
    """A raw CSV row for a UK therapist who qualifies for `patient()`, with the payload in every free-text field."""
    return raw_therapist(
        therapist_id=f"T{n:04d}",
        name=f"Testa {payload} Rowan",
        town=payload,
        standing_number=payload,
        years_in_practice=str(5 + n),
        languages=f"english; {payload}",
    )


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> finder.Cleaned:
    """A registry file with a payload in each therapist's name, town, number and languages: load, then clean."""
    path = tmp_path_factory.mktemp("hostile") / "therapists.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMN_NAMES)
        writer.writeheader()
        writer.writerows(hostile_row(n, payload) for n, payload in enumerate(PAYLOADS, start=1))
    return finder.clean_registry(finder.load_registry(path))


@pytest.fixture(scope="module")
def rendered(hostile: finder.Cleaned) -> str:
    """Everything the book page and the widget would show for the hostile registry, as one HTML page."""
    registry = hostile.registry
    result = finder.find_therapists(registry, patient())
    assert len(result.candidates) == len(PAYLOADS), "every payload therapist is a candidate"
    parts = [
        finder.table_html(result.table(), f"Candidates, including {PAYLOADS[0]}").data,
        finder.table_html(registry[["therapist_id", "name", "town", "standing_number"]], "Registry").data,
        finder.text_html(result.summary(), lead=PAYLOADS[1]).data,
        finder.text_html(result.place_text(), italic=True).data,
    ]
    for tid in registry["therapist_id"]:  # each payload therapist as the top choice
        alone = finder.find_therapists(registry[registry["therapist_id"] == tid], patient())
        parts.append(finder.text_html(alone.explain_top()).data)
    widget = FinderWidget(registry, {"test": patient()})
    parts += [widget.table.value, widget.explanation.value]
    return "<!doctype html><html><body>" + "\n".join(parts) + "</body></html>"


def test_the_payloads_survive_cleaning_as_text(hostile: finder.Cleaned):
    """The names are kept as written, so the test exercises the real clean -> find -> display path."""
    registry, _ = hostile
    assert list(registry["name"]) == [f"Testa {payload} Rowan" for payload in PAYLOADS]
    assert list(registry["town"]) == list(PAYLOADS)


class _Tags(HTMLParser):
    """Every start tag and its attributes, as a browser's parser would see them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_no_payload_reaches_the_html_as_markup(rendered: str):
    parser = _Tags()
    parser.feed(rendered)
    assert {tag for tag, _ in parser.tags} <= {
        "html",
        "body",
        "style",
        "table",
        "caption",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "p",
        "strong",
        "em",
    }
    attributes = {name for _, attrs in parser.tags for name in attrs}
    assert not {name for name in attributes if name.startswith("on")}
    assert not [attrs for _, attrs in parser.tags if any("javascript:" in (v or "") for v in attrs.values())]
    assert "<script" not in rendered and "<img" not in rendered
    assert html.escape("<script>window.__pwned=1</script>", quote=False) in rendered


def test_text_html_escapes_the_text_and_the_lead():
    assert finder.text_html("a <b> & c", lead="<i>Lead</i>", italic=True).data == (
        "<p><strong>&lt;i&gt;Lead&lt;/i&gt;</strong> <em>a &lt;b&gt; &amp; c</em></p>"
    )
    assert finder.text_html("plain").data == "<p>plain</p>"


def test_table_html_escapes_cells_columns_and_caption_and_keeps_the_format():
    table = pd.DataFrame({"<b>column</b>": ["<b>cell</b>"], "Score": [51.375], "Price": [85.0]})
    out = finder.table_html(table, "<b>caption</b>").data
    assert "<b>" not in out
    assert out.count("&lt;b&gt;") == 3, "the cell, the column name and the caption"
    assert ">51.4<" in out and ">85<" in out, "one decimal place, and plain prices"
    assert "row_heading" not in out, "no index column"


@pytest.mark.browser
def test_no_payload_runs_in_a_browser(rendered: str, browser):
    control = browser.new_page()
    page = browser.new_page()
    try:
        control.route("**/*", lambda route: route.abort())  # nothing leaves the page
        control.set_content(f"<p>{PAYLOADS[1]}</p>")  # the check can fail: unescaped, the payload runs
        control.wait_for_function("window.__pwned === 1", timeout=5000)

        page.route("**/*", lambda route: route.abort())
        page.set_content(rendered)
        page.wait_for_timeout(300)  # time for an onerror handler to fire, had an <img> been made
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.locator('img[src="x"]').count() == 0
        assert page.locator("[onerror], [onmouseover]").count() == 0
        assert page.locator('a[href^="javascript:"]').count() == 0
        assert page.locator("script").count() == 0
        shown = page.inner_text("body")
        assert all(f"Testa {payload} Rowan" in shown for payload in PAYLOADS), "the names show as text"
    finally:
        control.close()
        page.close()
