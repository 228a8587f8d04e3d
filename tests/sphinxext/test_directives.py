"""Each knowledge-base directive, in a small in-process Sphinx build (no kernel, no theme)."""

from __future__ import annotations

import re

import pytest

from medmassage.knowledge import load_knowledge_base
from medmassage.sphinxext.directives import DIRECTIVES
from tests.sphinxext.project import build, write_project

KB = load_knowledge_base()
#: The chapters' labels, which the safety list and the matrix link to.
LABELS = "# Chapters\n\n" + "".join(
    f"({kind}-{rid})=\n## {rid}\n\n"
    for kind, ids in (("condition", KB.conditions), ("technique", KB.techniques))
    for rid in ids
)

PAGES = {
    "chapters": LABELS,
    # Every condition's box: the matrix links to each one's label.
    "glance": "# G\n\n" + "".join(f"```{{evidence-glance}} {cid}\n```\n\n" for cid in KB.conditions),
    "table": "# T\n\n```{evidence-table}\n:condition: low-back-pain\n:technique: swedish\n```\n",
    "flags": "# F\n\n```{red-flags} sciatica\n```\n",
    "bottom": "# B\n\n```{bottom-line} neck-pain\n```\n",
    "checked": "# C\n\n```{how-checked} swedish\n```\n\n"
    "```{how-checked}\n:last-reviewed: 2026-11\n:searched: NHS pages\n```\n",
    "signs": "# S\n\n```{signs-by-urgency}\n```\n",
    "matrix": "# M\n\n```{technique-matrix}\n```\n",
    "places": "# P\n\n```{jurisdiction-table}\n```\n\n```{credential-table}\n:jurisdiction: us\n```\n",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build(write_project(tmp_path_factory.mktemp("directives"), PAGES))


def test_every_directive_is_exercised_here():
    used = set(re.findall(r"\{([a-z-]+)\}", "".join(PAGES.values())))
    assert set(DIRECTIVES) <= used


def test_the_directives_build_without_warnings(built):
    assert built.warnings == ""


def test_each_directive_renders_its_records(built):
    kb = KB
    sciatica = kb.conditions["sciatica"]
    flags = built.html("flags")
    assert all(flag.sign.split()[0] in flags for flag in sciatica.red_flags)
    assert "Evidence last reviewed" in built.html("checked") and "November 2026" in built.html("checked")
    assert "<table" in built.html("table") and "<table" in built.html("matrix") and "<table" in built.html("places")
    signs = built.html("signs")
    assert all(condition.name.lower() in signs for condition in kb.conditions.values() if condition.red_flags)


def test_the_matrix_colours_each_cell_by_its_certainty_and_links_cells_with_results(built):
    from bs4 import BeautifulSoup

    from medmassage.render import technique_matrix_cells

    table = BeautifulSoup(built.html("matrix"), "html.parser").select_one("table.technique-matrix")
    _, rows = technique_matrix_cells(KB)
    shown = [tr.find_all("td") for tr in table.select("tbody tr")]
    assert len(shown) == len(rows)
    for tds, (name, cells) in zip(shown, rows, strict=True):
        for td, cell in zip(tds, cells, strict=True):
            assert cell.css_class in td["class"], (name, cell)
            link = td.find("a")
            if cell.best is None:
                assert link is None and "No trials found" in td.get_text()
            else:
                assert link["href"] == f"glance.html#evidence-{cell.condition_id}", (name, cell)
    assert {c.css_class for _, cells in rows for c in cells} >= {
        "certainty-none",
        "certainty-low",
        "certainty-moderate",
    }


def test_evidence_box_separates_results_guidelines_gaps_and_folds_the_full_table(built):
    from bs4 import BeautifulSoup

    page = BeautifulSoup(built.html("glance"), "html.parser")
    box = page.find(id="evidence-low-back-pain")  # the label the matrix links to is the box's own id
    assert "evidence-glance" in box["class"]
    assert box.select_one("table.evidence-results") and box.select_one("table.evidence-guidelines")
    assert "Not yet known" in box.get_text()
    full = box.select_one("details.evidence-full")
    assert full is not None and full.find("summary") and full.select_one("table.evidence-cards")
    assert not full.has_attr("open"), "folded by default"
    # Every data cell names its column (shown when rows stack into cards); row headers do not.
    first = full.select_one("tbody tr td")
    assert first.select_one(".cell-label").get_text() == "What was tested"
    matrix = BeautifulSoup(built.html("matrix"), "html.parser")
    assert not matrix.select("tbody th .cell-label") and matrix.select("tbody td .cell-label")


def test_a_page_depends_on_the_data_files_it_shows(built):
    deps = built.app.env.dependencies["flags"]
    assert any(path.endswith("sciatica.yaml") for path in map(str, deps))


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("```{red-flags} no-such-condition\n```\n", "unknown condition 'no-such-condition': expected one of"),
        ("```{evidence-table}\n:technique: reiki\n```\n", "unknown technique 'reiki'"),
        ("```{evidence-table}\n:source: nobody2099\n```\n", "no findings match"),
        ("```{credential-table}\n:jurisdiction: atlantis\n```\n", "unknown jurisdiction 'atlantis'"),
        ("```{how-checked}\n:last-reviewed: December 2026\n:searched: x\n```\n", "option ':last-reviewed:' expected"),
        ("```{how-checked} nothing\n```\n", "unknown condition or technique 'nothing'"),
    ],
)
def test_a_bad_argument_is_an_error_naming_the_page_and_line(tmp_path, source, message):
    result = build(write_project(tmp_path, {"page": "# Page\n\nText.\n\n" + source}))
    assert re.search(r"page\.md:5: (ERROR|WARNING): " + re.escape(message), result.warnings), result.warnings


def test_an_old_review_is_a_warning_naming_the_page(tmp_path):
    page = "# Page\n\n```{how-checked}\n:last-reviewed: 2020-01\n:searched: x\n```\n"
    result = build(write_project(tmp_path, {"page": page}))
    assert re.search(r"page\.md:3: WARNING: evidence last reviewed January 2020", result.warnings)
