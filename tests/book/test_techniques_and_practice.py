"""Technique and licensing chapters: required sections, tables equal to the knowledge base, glossary use."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from medmassage.knowledge import knowledge_base
from medmassage.render import credential_rows, jurisdiction_rows, technique_matrix_rows
from tests.book.tables import normalise, table_rows
from tests.conftest import REPO

KB = knowledge_base()
TECHNIQUES = ["swedish", "trigger-point", "myofascial-release", "manual-lymphatic-drainage", "clinical-orthopedic"]
PRACTICE = ["titles-and-licences", "regulation", "credentials-and-physicians", "finding-a-therapist"]
TECHNIQUE_SECTIONS = [
    "What it is and how a session goes",
    "Proposed mechanisms, and what is known",
    "The evidence by condition",
    "Cautions",
    "Key takeaways",
    "Check your understanding",
]


def page(site, part: str, stem: str) -> BeautifulSoup:
    return BeautifulSoup((site / "book" / part / f"{stem}.html").read_text(encoding="utf-8"), "html.parser")


def headings(soup: BeautifulSoup) -> set[str]:
    return {
        re.sub(r"^[\d.]+\s+", "", normalise(h.get_text(" ", strip=True)).rstrip("#").strip())
        for h in soup.select("article h2")
    }


@pytest.mark.parametrize("stem", TECHNIQUES)
def test_technique_page_has_the_required_sections(site, stem):
    soup = page(site, "techniques", stem)
    assert soup.select_one(".admonition.learning-objectives")
    assert soup.select_one(".admonition.key-takeaways")
    assert set(TECHNIQUE_SECTIONS) <= headings(soup)
    assert soup.select_one("table.evidence-table"), "the evidence by condition is rendered from the knowledge base"


@pytest.mark.parametrize("stem", PRACTICE)
def test_licensing_page_has_the_required_sections(site, stem):
    soup = page(site, "practice", stem)
    assert soup.select_one(".admonition.learning-objectives")
    assert soup.select_one(".admonition.key-takeaways")
    assert {"Key takeaways", "Check your understanding"} <= headings(soup)


def assert_table_matches(table, wanted: list[list[str]], compare_columns: int) -> None:
    shown = table_rows(table)
    assert len(shown) == len(wanted)
    for got, row in zip(shown, wanted, strict=True):
        assert got[:compare_columns] == [normalise(cell) for cell in row[:compare_columns]]


def test_technique_matrix_matches_the_knowledge_base(site):
    table = page(site, "techniques", "overview").select_one("table.technique-matrix")
    wanted = technique_matrix_rows(KB)
    assert_table_matches(table, wanted, compare_columns=len(wanted[0]))
    assert any("No trials found" in row for row in wanted)


def test_jurisdiction_table_matches_the_knowledge_base(site):
    table = page(site, "practice", "regulation").select_one("table.jurisdiction-table")
    wanted = jurisdiction_rows(KB)
    assert_table_matches(table, wanted, compare_columns=len(wanted[0]) - 1)  # last column: rendered citations
    states = {f"{state} (US)" for state in ("North Carolina", "Pennsylvania", "Minnesota", "California", "Vermont")}
    countries = {"United States", "Canada (Ontario)", "United Kingdom", "Germany", "Australia"}
    assert states | countries == {r[0] for r in wanted[1:]}


def test_credential_tables_match_the_knowledge_base(site):
    tables = {"titles-and-licences": "us", "credentials-and-physicians": None}
    for stem, jurisdiction in tables.items():
        table = page(site, "practice", stem).select_one("table.credential-table")
        wanted = credential_rows(KB, jurisdiction)
        assert_table_matches(table, wanted, compare_columns=len(wanted[0]) - 1)


def test_table_check_catches_a_changed_cell(site):
    table = page(site, "practice", "regulation").select_one("table.jurisdiction-table")
    cell = table.find_all("td")[1]
    cell.string = "Nothing is regulated"
    with pytest.raises(AssertionError):
        assert_table_matches(table, jurisdiction_rows(KB), compare_columns=5)


def test_jurisdiction_rows_carry_their_source_date():
    for row in jurisdiction_rows(KB)[1:]:
        assert re.search(r"\((source dated \d{4}(-\d{2})?|sources undated)\)$", row[-1]), row[0]


GLOSSARY_TERM = re.compile(r"^([^\s:][^\n]*)\n  \S", re.M)
TERM_ROLE = re.compile(r"\{term\}`(?:[^`<]*<([^>]+)>|([^`]+))`")


def glossary_terms() -> list[str]:
    text = (REPO / "book" / "back" / "glossary.md").read_text(encoding="utf-8")
    body = text.split(":::{glossary}", 1)[1].split("\n:::", 1)[0]
    return GLOSSARY_TERM.findall(body)


def test_glossary_has_at_least_40_terms():
    assert len(glossary_terms()) >= 40


def test_every_glossary_term_is_used_in_the_text():
    used = set()
    for p in (REPO / "book").rglob("*.md"):
        if p.name == "glossary.md":
            continue
        for named, plain in TERM_ROLE.findall(p.read_text(encoding="utf-8")):
            used.add((named or plain).strip().lower())
    unused = [t for t in glossary_terms() if t.lower() not in used]
    assert unused == []
