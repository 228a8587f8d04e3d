"""Condition chapters: required sections, and evidence boxes that show exactly the knowledge base's numbers."""

from __future__ import annotations

import re

import pytest
import yaml
from bs4 import BeautifulSoup

from medmassage.knowledge import knowledge_base
from medmassage.knowledge.bibliography import bibliography_keys
from medmassage.paths import BIBLIOGRAPHY
from medmassage.render import (
    EVIDENCE_COLUMNS,
    GUIDELINE_COLUMNS,
    RESULT_COLUMNS,
    evidence_rows,
    guideline_rows,
    result_rows,
)
from tests.book.tables import normalise, table_rows
from tests.conftest import REPO

KB = knowledge_base()
CONDITIONS = sorted(KB.conditions)
CITE = re.compile(r"\{cite(?::\w+)?\}`([^`]+)`")


def toc_files() -> set[str]:
    from sphinx_external_toc.parsing import parse_toc_yaml

    return set(parse_toc_yaml(REPO / "_toc.yml"))


def soup(site, condition_id: str) -> BeautifulSoup:
    return BeautifulSoup(
        (site / "book" / "conditions" / f"{condition_id}.html").read_text(encoding="utf-8"), "html.parser"
    )


@pytest.mark.parametrize("condition_id", CONDITIONS)
def test_every_condition_has_a_chapter_in_the_toc(condition_id):
    page = REPO / "book" / "conditions" / f"{condition_id}.md"
    assert page.is_file()
    assert f"book/conditions/{condition_id}" in toc_files()
    text = page.read_text(encoding="utf-8")
    assert f"```{{evidence-glance}} {condition_id}\n```" in text
    assert f"```{{red-flags}} {condition_id}\n```" in text


@pytest.mark.parametrize("condition_id", CONDITIONS)
def test_condition_page_has_the_required_sections(site, condition_id):
    page = soup(site, condition_id)
    assert page.select_one(".admonition.learning-objectives"), "learning objectives"
    assert page.select_one(".admonition.evidence-glance"), "evidence at a glance"
    assert page.select_one(".admonition.red-flags"), "red flags"
    assert page.select_one(".admonition.key-takeaways"), "key takeaways"
    # Headings read e.g. "5.3. Evidence at a glance#": drop the section number and the permalink sign.
    headings = {
        re.sub(r"^[\d.]+\s+", "", normalise(h.get_text(" ", strip=True)).rstrip("#").strip())
        for h in page.select("article h2")
    }
    for required in [
        "Evidence at a glance",
        "Safety, red flags and when to see a doctor",
        "Key takeaways",
        "Check your understanding",
    ]:
        assert required in headings, required


@pytest.mark.parametrize("condition_id", CONDITIONS)
def test_evidence_box_shows_the_knowledge_base_numbers(site, condition_id):
    box = soup(site, condition_id).select_one(".admonition.evidence-glance")
    findings = KB.findings_for(condition=condition_id)
    full = box.select_one("details.evidence-full")
    assert full is not None and not full.has_attr("open"), "the full table is folded"
    table = full.find("table")
    rows = table_rows(table)
    assert rows[0] == EVIDENCE_COLUMNS
    assert len(rows) - 1 == len(findings)
    expected = evidence_rows(findings)
    for shown, wanted, finding in zip(rows[1:], expected, findings, strict=True):
        # Every column but the last (the rendered citation) must match character for character.
        assert shown[:-1] == [normalise(cell) for cell in wanted[:-1]], finding.id
        assert shown[-1].strip("()[]"), f"{finding.id}: no citation shown"


@pytest.mark.parametrize("condition_id", CONDITIONS)
def test_evidence_box_shows_results_guidelines_and_gaps_apart(site, condition_id):
    box = soup(site, condition_id).select_one(".admonition.evidence-glance")
    findings = KB.findings_for(condition=condition_id)
    results = box.select_one("table.evidence-results")
    wanted = result_rows(findings)
    assert (results is not None) == bool(wanted)
    if wanted:
        shown = table_rows(results)
        assert shown[0] == RESULT_COLUMNS
        assert [row[:-1] for row in shown[1:]] == [[normalise(c) for c in row[:-1]] for row in wanted]
    guidelines = box.select_one("table.evidence-guidelines")
    wanted = guideline_rows(findings)
    assert (guidelines is not None) == bool(wanted)
    if wanted:
        shown = table_rows(guidelines)
        assert shown[0] == GUIDELINE_COLUMNS
        # The first column is the rendered citation of the guideline.
        assert [row[1:] for row in shown[1:]] == [[normalise(c) for c in row[1:]] for row in wanted]
    text = normalise(box.get_text(" ", strip=True))
    for gap in KB.conditions[condition_id].gaps:
        assert normalise(gap.text) in text
        assert text.find(normalise(gap.text)) < text.find("Every result in full"), "gaps come before the fold"


def test_evidence_box_check_catches_a_changed_number(site):
    # Proof the comparison above can fail: tamper with one number in a copy of a real box.
    condition_id = "low-back-pain"
    box = soup(site, condition_id).select_one(".admonition.evidence-glance details.evidence-full")
    cell = next(td for td in box.find_all("td") if "SMD" in td.get_text())
    cell.string = cell.get_text().replace("0.", "9.", 1)
    shown = table_rows(box.find("table"))[1:]
    wanted = [[normalise(c) for c in row[:-1]] for row in evidence_rows(KB.findings_for(condition=condition_id))]
    assert [row[:-1] for row in shown] != wanted


@pytest.mark.parametrize("condition_id", CONDITIONS)
def test_the_plot_or_its_absence_follows_the_bottom_line(site, condition_id):
    from medmassage.plots import AccessibleFigure, condition_figure

    page = soup(site, condition_id)
    after = page.select_one(".admonition.bottom-line").find_next(
        ["figure", "p"], class_=["medmassage-figure", "medmassage-no-plot"]
    )
    assert after is not None and after in page.select_one("article h2").find_all_previous(["figure", "p"])
    wanted = condition_figure(condition_id, KB)
    if isinstance(wanted, AccessibleFigure):
        assert after.name == "figure" and after.img["alt"] == wanted.alt
        assert (site / "book" / "conditions" / after.img["src"]).resolve().is_file()
    else:
        assert normalise(after.get_text()) == normalise(wanted.text)


def test_every_cited_key_is_in_the_bibliography():
    known = bibliography_keys(BIBLIOGRAPHY)
    unknown = {}
    for page in (REPO / "book").rglob("*.md"):
        for group in CITE.findall(page.read_text(encoding="utf-8")):
            for key in (k.strip() for k in group.split(",")):
                if key not in known:
                    unknown.setdefault(str(page.relative_to(REPO)), []).append(key)
    assert unknown == {}


DIRECTIVE = re.compile(r"```\{([\w-]+)\}[ \t]*([\w-]*)\n((?::[\w-]+:.*\n)*)```")


def keys_rendered_by(name: str, argument: str, options: dict[str, str]) -> set[str]:
    """The bibliography keys a knowledge-base directive cites on the page."""
    if name in ("evidence-glance", "red-flags", "bottom-line"):
        condition = KB.conditions[argument]
        keys = {f.source for f in KB.findings_for(condition=argument)}
        keys |= {key for flag in condition.red_flags for key in flag.sources}
        keys |= {key for item in [*condition.precautions, *condition.gaps] for key in item.sources}
        return keys | {condition.see_a_doctor_source}
    if name == "signs-by-urgency":
        return {key for c in KB.conditions.values() for flag in c.red_flags for key in flag.sources}
    if name == "evidence-table":
        findings = KB.findings_for(options.get("condition"), options.get("technique"), options.get("source"))
        return {f.source for f in findings}
    if name == "jurisdiction-table":
        return {key for j in KB.jurisdictions.values() for key in j.sources}
    if name == "credential-table":
        wanted = options.get("jurisdiction")
        return {k for c in KB.credentials.values() if wanted in (None, c.jurisdiction) for k in c.sources}
    return set()


def test_every_knowledge_base_source_is_cited_in_the_book():
    # Keys are cited by {cite} roles in the text or by the directives that render knowledge-base records.
    cited = set()
    for page in (REPO / "book").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        for group in CITE.findall(text):
            cited |= {k.strip() for k in group.split(",")}
        for name, argument, option_lines in DIRECTIVE.findall(text):
            options = dict(re.findall(r"^:([\w-]+):\s*(.*)$", option_lines, flags=re.M))
            cited |= keys_rendered_by(name, argument, options)
    assert KB.cited_keys() - cited == set()


def test_condition_chapters_stay_within_the_word_budget():
    for condition_id in CONDITIONS:
        text = (REPO / "book" / "conditions" / f"{condition_id}.md").read_text(encoding="utf-8")
        body = re.sub(r"^---\n.*?\n---\n", "", text, flags=re.S)
        body = re.sub(r"```.*?```", "", body, flags=re.S)
        body = re.sub(r"\{cite:\w+\}`[^`]+`|^:::.*$|^:\w+:.*$|<!--.*?-->", "", body, flags=re.M)
        words = len(re.findall(r"[A-Za-z][A-Za-z'’-]*", body))
        assert 1200 <= words <= 2600, f"{condition_id}: {words} words"


def test_front_matter_has_a_description():
    for condition_id in CONDITIONS:
        text = (REPO / "book" / "conditions" / f"{condition_id}.md").read_text(encoding="utf-8")
        front = yaml.safe_load(text.split("---")[1])
        assert 20 <= len(front["description"]) <= 160, condition_id


# --- bottom lines, review dates and red flags on the built pages ------------------------------------


@pytest.mark.parametrize("condition_id", CONDITIONS)
def test_condition_page_opens_with_its_generated_bottom_line(site, condition_id):
    from medmassage.bottom_line import sentences

    page = soup(site, condition_id)
    box = page.select_one(".admonition.bottom-line")
    assert box is not None
    # It comes right after the learning objectives, before the chapter's first section heading.
    assert page.select_one(".admonition.learning-objectives").find_next(class_="bottom-line") is box
    assert page.select_one("article h2") in box.find_all_next("h2")
    text = normalise(box.get_text(" ", strip=True))
    for sentence in sentences(KB, condition_id):
        assert normalise(sentence) in text, sentence
    assert f"Evidence last reviewed: {KB.conditions[condition_id].review.month_year}." in text


@pytest.mark.parametrize("condition_id", CONDITIONS)
def test_red_flag_box_shows_every_sign_under_its_urgency(site, condition_id):
    box = soup(site, condition_id).select_one(".admonition.red-flags")
    text = normalise(box.get_text(" ", strip=True))
    condition = KB.conditions[condition_id]
    # Most urgent first (emergency, same day, soon), then the precautions and when to see a doctor.
    urgencies = sorted({f.urgency for f in condition.red_flags}, key=lambda u: -u.rank)
    bounds = [text.find(normalise(u.instruction) + ":") for u in urgencies]
    bounds.append(text.find("When to see a doctor:"))
    assert -1 not in bounds and bounds == sorted(bounds)
    for flag in condition.red_flags:
        n = urgencies.index(flag.urgency)
        sign = text.find(normalise(flag.sign), bounds[n])
        assert bounds[n] < sign < bounds[n + 1], f"{flag.code} is not under '{flag.urgency.instruction}'"
    for precaution in condition.precautions:
        assert normalise(precaution.who) in text and text.find(normalise(precaution.who)) > text.find(
            "Precautions before massage"
        )


def test_red_flag_check_catches_a_missing_sign(site):
    # Proof the check above can fail: drop one sign from a copy of a real box.
    box = soup(site, "neck-pain").select_one(".admonition.red-flags")
    first = next(li for li in box.find_all("li") if "double vision" in li.get_text())
    first.decompose()
    text = normalise(box.get_text(" ", strip=True))
    assert normalise(KB.conditions["neck-pain"].red_flags[0].sign) not in text


CHECKED_PARTS = ("foundations", "conditions", "techniques", "practice")


def test_every_chapter_says_how_it_was_checked(site):
    pages = [p for part in CHECKED_PARTS for p in sorted((site / "book" / part).glob("*.html"))]
    assert len(pages) >= 20
    missing = []
    for page in pages:
        note = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one(".admonition.how-checked")
        if note is None or not re.search(r"Evidence last reviewed: [A-Z][a-z]+ \d{4}\.", note.get_text()):
            missing.append(page.name)
    assert missing == []


def test_no_process_language_anywhere_on_the_site(site):
    from medmassage.wording import process_phrases

    found = {}
    for page in sorted(site.rglob("*.html")):
        body = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("article")
        if body is not None and process_phrases(body.get_text(" ")):
            found[str(page.relative_to(site))] = process_phrases(body.get_text(" "))
    assert found == {}


def test_safety_chapter_lists_every_red_flag_by_urgency(site):
    page = BeautifulSoup((site / "book" / "foundations" / "safety.html").read_text(encoding="utf-8"), "html.parser")
    box = page.select_one(".admonition.signs-by-urgency")
    assert box is not None
    text = normalise(box.get_text(" ", strip=True))
    for condition in KB.conditions.values():
        for flag in condition.red_flags:
            assert normalise(flag.sign) in text, (condition.id, flag.code)
