"""The knowledge base loads when valid, and each kind of bad entry fails with one clear message."""

from __future__ import annotations

import math
import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from medmassage.knowledge import KnowledgeBaseError, KnowledgeBaseErrors, load_knowledge_base
from medmassage.knowledge.loader import stale_reviews
from medmassage.paths import BIBLIOGRAPHY

REVIEW = {"last_reviewed": "2026-12", "searched": "reviews and guidelines"}
TECHNIQUES = {
    "techniques": [
        {"id": "swedish", "name": "Swedish", "description": "Strokes.", "source": "nccih_massage", "review": REVIEW}
    ]
}


PRACTICE = {
    "jurisdictions": [
        {
            "id": "us",
            "name": "United States",
            "regulated": "States",
            "protected_titles": "Varies",
            "training": "Varies",
            "scope": "Varies",
            "payment": "Not covered",
            "sources": ["fsmtb_consumer"],
            "source_date": "2024-03",
        }
    ],
    "credentials": [],
}


def finding(**changes):
    base = {
        "id": "demo-pain",
        "condition": "demo",
        "intervention": "Massage (various styles)",
        "source": "furlan2015massage",
        "design": "systematic-review",
        "trials": 7,
        "participants": 761,
        "comparison": "inactive",
        "outcome": "Pain",
        "effect": {
            "measure": "SMD",
            "value": -0.75,
            "ci_low": -0.9,
            "ci_high": -0.6,
            "favours_treatment_when": "negative",
        },
        "result": "reduces",
        "follow_up": "short-term",
        "certainty": "low",
        "rated_by": "grade",
        "certainty_basis": "Cochrane GRADE",
        "summary": "Massage reduced pain in the short term compared with no treatment.",
        "headline": True,
    }
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


def red_flag(**changes):
    base = {
        "sign": "Numbness around the genitals",
        "code": "saddle-numbness",
        "urgency": "emergency",
        "action": "Go to an emergency department now.",
        "sources": ["royalfree_ces"],
    }
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


def condition(**changes):
    base = {
        "id": "demo",
        "name": "Demo condition",
        "description": "A condition for tests.",
        "approaches": ["swedish"],
        "red_flags": [red_flag()],
        "see_a_doctor": ["If it gets worse."],
        "see_a_doctor_source": "nccih_massage",
        "review": REVIEW,
    }
    base.update(changes)
    return base


def write_kb(root: Path, findings: list[dict], cond: dict | None = None, name: str = "demo") -> Path:
    (root / "conditions").mkdir(parents=True, exist_ok=True)
    (root / "techniques.yaml").write_text(yaml.safe_dump(TECHNIQUES), encoding="utf-8")
    (root / "practice.yaml").write_text(yaml.safe_dump(PRACTICE), encoding="utf-8")
    data = {"condition": cond or condition(), "findings": findings}
    (root / "conditions" / f"{name}.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return root


def load(root: Path):
    return load_knowledge_base(root, BIBLIOGRAPHY)


def test_valid_fixture_loads(tmp_path):
    kb = load(write_kb(tmp_path, [finding()]))
    assert list(kb.findings) == ["demo-pain"]
    assert kb.findings["demo-pain"].effect.ci_low == -0.9
    assert kb.cited_keys() >= {"furlan2015massage", "royalfree_ces", "nccih_massage"}


def test_course_knowledge_base_loads():
    kb = load_knowledge_base()
    assert kb.findings and kb.conditions


@pytest.mark.parametrize(
    ("findings", "pattern"),
    [
        pytest.param(
            [finding(source="smith2099made")],
            r"demo\.yaml: id 'demo-pain': field 'source': unknown source key 'smith2099made'",
            id="unknown-source-key",
        ),
        pytest.param(
            [finding(comparison=None)],
            r"demo\.yaml: id 'demo-pain': field 'comparison': an effect needs a comparison",
            id="effect-without-comparison",
        ),
        pytest.param(
            [finding(certainty="medium")],
            r"demo\.yaml: id 'demo-pain': field 'certainty': Input should be .*'very-low'.* \(got 'medium'\)",
            id="unknown-certainty",
        ),
        pytest.param(
            [finding(), finding(outcome="Function")],
            r"demo\.yaml: id 'demo-pain': field 'id': duplicate id, already defined in .*demo\.yaml",
            id="duplicate-id",
        ),
        pytest.param(
            [finding(effect={"measure": "SMD", "value": -0.75, "ci_low": -0.9, "favours_treatment_when": "negative"})],
            r"id 'demo-pain': field 'effect\.ci_high': give both ci_low and ci_high",
            id="half-an-interval",
        ),
        pytest.param(
            [
                finding(
                    effect={
                        "measure": "SMD",
                        "value": 0.5,
                        "ci_low": -0.9,
                        "ci_high": -0.6,
                        "favours_treatment_when": "negative",
                    }
                )
            ],
            r"field 'effect\.value': expected ci_low <= value <= ci_high",
            id="value-outside-interval",
        ),
        pytest.param(
            [finding(condition="nowhere")],
            r"id 'demo-pain': field 'condition': unknown condition 'nowhere'",
            id="unknown-condition",
        ),
        pytest.param(
            [finding(technique="reiki")],
            r"id 'demo-pain': field 'technique': unknown technique 'reiki'",
            id="unknown-technique",
        ),
        pytest.param(
            [finding(colour="blue")],
            r"id 'demo-pain': field 'colour': Extra inputs are not permitted",
            id="unknown-field-is-not-dropped",
        ),
        pytest.param(
            [finding(summary=None)],
            r"id 'demo-pain': field 'summary': Field required",
            id="missing-field",
        ),
    ],
)
def test_invalid_finding_fails_naming_file_id_and_field(tmp_path, findings, pattern):
    with pytest.raises(KnowledgeBaseError) as caught:
        load(write_kb(tmp_path, findings))
    message = str(caught.value)
    assert re.search(pattern, message), message
    # One line per problem (a wrong reference may also leave its condition without a headline).
    for error in getattr(caught.value, "errors", [caught.value]):
        assert "Traceback" not in str(error) and "\n" not in str(error)


def test_duplicate_id_across_files(tmp_path):
    write_kb(tmp_path, [finding()])
    other = {"condition": condition(id="other"), "findings": [finding(condition="other")]}
    (tmp_path / "conditions" / "other.yaml").write_text(yaml.safe_dump(other), encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match=r"other\.yaml: id 'demo-pain': field 'id': duplicate id"):
        load(tmp_path)


def test_condition_red_flag_source_must_exist(tmp_path):
    cond = condition(red_flags=[red_flag(sources=["ghost2001"])])
    with pytest.raises(
        KnowledgeBaseError, match=r"id 'demo': field 'red_flags\.0\.sources\.0': unknown source key 'ghost2001'"
    ):
        load(write_kb(tmp_path, [finding()], cond))


def test_condition_id_must_match_file_name(tmp_path):
    with pytest.raises(KnowledgeBaseError, match=r"expected the id to match the file name 'misnamed'"):
        load(write_kb(tmp_path, [finding()], condition(), name="misnamed"))


def test_invalid_yaml_names_the_file(tmp_path):
    write_kb(tmp_path, [finding()])
    (tmp_path / "conditions" / "demo.yaml").write_text("condition: [unclosed\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match=r"demo\.yaml: line 2: not valid YAML"):
        load(tmp_path)


def test_practice_credential_needs_a_known_jurisdiction(tmp_path):
    write_kb(tmp_path, [finding()])
    credential = {
        "id": "lic",
        "name": "Licence",
        "kind": "licence",
        "issuer": "A board",
        "jurisdiction": "mars",
        "legal_status": "required",
        "expires": True,
        "shows": "s",
        "does_not_show": "d",
        "sources": ["fsmtb_consumer"],
    }
    practice = {**PRACTICE, "credentials": [credential]}
    (tmp_path / "practice.yaml").write_text(yaml.safe_dump(practice), encoding="utf-8")
    with pytest.raises(
        KnowledgeBaseError, match=r"practice\.yaml: id 'lic': field 'jurisdiction': unknown jurisdiction 'mars'"
    ):
        load(tmp_path)


def test_practice_source_date_is_a_date(tmp_path):
    write_kb(tmp_path, [finding()])
    practice = {**PRACTICE, "jurisdictions": [{**PRACTICE["jurisdictions"][0], "source_date": "recently"}]}
    (tmp_path / "practice.yaml").write_text(yaml.safe_dump(practice), encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match=r"id 'us': field 'source_date'"):
        load(tmp_path)


# --- red flags: every one says what to do and how fast, and carries a code and a source ---------------


@pytest.mark.parametrize(
    ("flag", "pattern"),
    [
        pytest.param(red_flag(urgency=None), r"field 'red_flags\.0\.urgency': Field required", id="no-urgency"),
        pytest.param(
            red_flag(urgency="urgent"),
            r"field 'red_flags\.0\.urgency': Input should be 'emergency', 'same-day' or 'soon'",
            id="unknown-urgency",
        ),
        pytest.param(red_flag(code=None), r"field 'red_flags\.0\.code': Field required", id="no-code"),
        pytest.param(red_flag(sign=""), r"field 'red_flags\.0\.sign': expected non-empty text", id="empty-sign"),
        pytest.param(
            red_flag(action="   "), r"field 'red_flags\.0\.action': expected non-empty text", id="blank-action"
        ),
        pytest.param(
            red_flag(sources=[]), r"field 'red_flags\.0\.sources': List should have at least 1 item", id="no-source"
        ),
        pytest.param(red_flag(sources=None), r"field 'red_flags\.0\.sources': Field required", id="missing-sources"),
        pytest.param(
            {**red_flag(sources=None), "source": "royalfree_ces"},
            r"field 'red_flags\.0\.s(ource|ources)': (Extra inputs are not permitted|Field required)",
            id="old-single-source-key",
        ),
    ],
)
def test_incomplete_red_flag_fails_naming_file_condition_and_field(tmp_path, flag, pattern):
    with pytest.raises(KnowledgeBaseError) as caught:
        load(write_kb(tmp_path, [finding()], condition(red_flags=[flag])))
    message = str(caught.value)
    assert re.search(r"conditions/demo\.yaml: id 'demo': " + pattern, message), message
    assert "\n" not in message


def test_repeated_red_flag_code_in_one_condition_fails(tmp_path):
    cond = condition(red_flags=[red_flag(), red_flag(sign="Another sign")])
    with pytest.raises(
        KnowledgeBaseError, match=r"field 'red_flags\.1\.code': code 'saddle-numbness' repeats red_flags\.0"
    ):
        load(write_kb(tmp_path, [finding()], cond))


def test_precaution_source_must_exist(tmp_path):
    cond = condition(
        precautions=[{"who": "People on anticoagulants", "advice": "Gentle only.", "sources": ["nobody2001"]}]
    )
    with pytest.raises(
        KnowledgeBaseError, match=r"field 'precautions\.0\.sources\.0': unknown source key 'nobody2001'"
    ):
        load(write_kb(tmp_path, [finding()], cond))


# --- numbers are real numbers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("effect", "field"),
    [
        ({"measure": "SMD", "value": math.nan, "favours_treatment_when": "negative"}, "value"),
        ({"measure": "SMD", "value": math.inf, "favours_treatment_when": "negative"}, "value"),
        (
            {
                "measure": "SMD",
                "value": -0.5,
                "ci_low": -math.inf,
                "ci_high": math.inf,
                "favours_treatment_when": "negative",
            },
            "ci_low",
        ),
    ],
    ids=["nan", "infinity", "infinite-interval"],
)
def test_non_finite_numbers_are_rejected(tmp_path, effect, field):
    with pytest.raises(
        KnowledgeBaseError, match=rf"id 'demo-pain': field 'effect\.{field}': Input should be a finite number"
    ):
        load(write_kb(tmp_path, [finding(effect=effect)]))


# --- headline results and the bottom line ----------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "pattern"),
    [
        ({"result": None}, r"field 'result': a headline result needs a result and a comparison"),
        (
            {"certainty": "not-rated", "rated_by": "none"},
            r"field 'headline': a headline result needs a certainty rating",
        ),
        ({"design": "guideline", "effect": None}, r"field 'headline': a guideline's advice is not a result"),
        ({"rated_by": "none"}, r"field 'rated_by': expected rated_by 'none' exactly when certainty is 'not-rated'"),
    ],
    ids=["no-result", "not-rated", "guideline", "rater-mismatch"],
)
def test_incoherent_headline_fails(tmp_path, changes, pattern):
    with pytest.raises(KnowledgeBaseError, match=pattern):
        load(write_kb(tmp_path, [finding(**changes)]))


def test_at_most_three_headlines_per_condition(tmp_path):
    findings = [finding(id=f"demo-{n}") for n in range(4)]
    with pytest.raises(KnowledgeBaseError, match=r"id 'demo-3': field 'headline': .*at most three"):
        load(write_kb(tmp_path, findings))


def test_a_bottom_line_without_massage_results_needs_a_gap(tmp_path):
    stretching = finding(tests_massage=False, intervention="Stretching (not massage)")
    with pytest.raises(KnowledgeBaseError, match=r"id 'demo': field 'gaps': no headline result tests massage itself"):
        load(write_kb(tmp_path, [stretching]))
    cond = condition(gaps=[{"text": "No trial of massage was found.", "sources": ["hawke2021nondrug"]}])
    assert load(write_kb(tmp_path, [stretching], cond)).conditions["demo"].gaps


# --- reader-facing text, and review dates -------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "phrase"),
    [
        ({"summary": "No interval was seen in our sources for this result."}, "summary", "our sources"),
        ({"certainty_basis": "Low, as recorded in the course fact sheet"}, "certainty_basis", "course fact sheet"),
        (
            {"population": "Adults (the course's source search found no more)"},
            "population",
            "the course's source search",
        ),
    ],
)
def test_process_language_is_rejected_naming_the_field(tmp_path, changes, field, phrase):
    with pytest.raises(
        KnowledgeBaseError, match=rf"id 'demo-pain': field '{field}': reader-facing text says '{phrase}'"
    ):
        load(write_kb(tmp_path, [finding(**changes)]))


def test_review_month_is_validated(tmp_path):
    cond = condition(review={"last_reviewed": "2026-13", "searched": "reviews"})
    with pytest.raises(KnowledgeBaseError, match=r"id 'demo': field 'review\.last_reviewed'"):
        load(write_kb(tmp_path, [finding()], cond))


def test_reviews_older_than_two_years_are_reported(tmp_path):
    kb = load(write_kb(tmp_path, [finding()], condition(review={"last_reviewed": "2024-11", "searched": "reviews"})))
    stale = stale_reviews(kb, date(2026, 12, 2))
    assert len(stale) == 1
    assert re.search(r"conditions/demo\.yaml: id 'demo': field 'review\.last_reviewed': .*November 2024", stale[0])
    assert stale_reviews(kb, date(2026, 10, 1)) == []  # 700 days: within two years
    assert stale_reviews(kb, date(2026, 10, 1), max_age_days=30)  # the limit is a setting


def test_the_course_reviews_are_current():
    # Fails the day a review passes two years, with the same message the build prints.
    assert stale_reviews(load_knowledge_base(), date.today()) == []


# --- untrusted files: nothing is silently changed, every bad file is reported ------------------


def _demo_file(root: Path) -> Path:
    return root / "conditions" / "demo.yaml"


def test_a_repeated_key_in_a_finding_is_refused_not_kept_last(tmp_path):
    write_kb(tmp_path, [finding(certainty="very-low")])
    path = _demo_file(tmp_path)
    # YAML would keep the last value: "very low" would silently become "high".
    path.write_text(
        path.read_text(encoding="utf-8").replace("certainty: very-low\n", "certainty: very-low\n  certainty: high\n")
    )
    with pytest.raises(KnowledgeBaseError) as caught:
        load(tmp_path)
    message = str(caught.value)
    assert re.search(r"demo\.yaml: line \d+: duplicate key 'certainty' \(first given on line \d+\)", message)
    assert "\n" not in message


def test_a_second_findings_list_is_refused_not_dropping_the_first(tmp_path):
    write_kb(tmp_path, [finding()])
    path = _demo_file(tmp_path)
    path.write_text(path.read_text(encoding="utf-8") + "findings: []\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match=r"demo\.yaml: line \d+: duplicate key 'findings'"):
        load(tmp_path)


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        pytest.param(b"condition: &c {id: demo}\nfindings: []\n", r"line 1: anchor '&c'", id="anchor"),
        pytest.param(
            b"a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n",
            r"line 1: anchor '&a': aliases and anchors are not allowed",
            id="alias-bomb",
        ),
        pytest.param(b"condition:\n  name: Caf\xe9\n", r"line 2: not UTF-8 text \(byte 0xe9\)", id="latin-1"),
        pytest.param(b"condition: " + b"[" * 30 + b"]" * 30 + b"\n", r"line 1: nested more than 20", id="deep"),
        pytest.param(b"condition: !!python/object/apply:os.system [ls]\n", r"line 1: not valid YAML", id="python-tag"),
    ],
)
def test_unsafe_yaml_is_refused_with_its_line(tmp_path, text, pattern):
    write_kb(tmp_path, [finding()])
    _demo_file(tmp_path).write_bytes(text)
    with pytest.raises(KnowledgeBaseError) as caught:
        load(tmp_path)
    assert re.search(r"conditions/demo\.yaml: " + pattern, str(caught.value)), str(caught.value)
    assert "\n" not in str(caught.value)


def test_an_oversized_file_is_refused(tmp_path):
    write_kb(tmp_path, [finding()])
    path = _demo_file(tmp_path)
    path.write_text(path.read_text(encoding="utf-8") + "#" * 1_000_001 + "\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match=r"demo\.yaml: is 1,00\d,\d+ bytes, over the limit of 1,000,000"):
        load(tmp_path)


def test_every_bad_file_is_reported_in_one_run(tmp_path):
    write_kb(tmp_path, [finding()])
    write_kb(tmp_path, [finding(id="other-pain", condition="other", certainty="sure")], condition(id="other"), "other")
    (tmp_path / "techniques.yaml").write_bytes(b"techniques: [\n")
    with pytest.raises(KnowledgeBaseErrors) as caught:
        load(tmp_path)
    lines = [str(error) for error in caught.value.errors]
    assert len(lines) == 2, lines
    assert re.search(r"techniques\.yaml: line 2: not valid YAML", lines[0])
    assert re.search(r"other\.yaml: id 'other-pain': field 'certainty'", lines[1])
    assert str(caught.value) == "\n".join(lines)


HIDDEN = "expected plain text, got the invisible control character"


@pytest.mark.parametrize(
    ("changes", "field", "pattern"),
    [
        ({"name": "Back <b>pain</b>"}, "name", "expected a plain name, without the characters < >"),
        ({"name": "Back pain `x`"}, "name", "expected a plain name, without the characters `"),
        ({"description": "Hidden \u202e text"}, "description", f"{HIDDEN} U\\+202E"),
        ({"description": "Bell \x07"}, "description", f"{HIDDEN} U\\+0007"),
    ],
)
def test_condition_text_is_plain(tmp_path, changes, field, pattern):
    write_kb(tmp_path, [finding()], condition(**changes))
    with pytest.raises(KnowledgeBaseError, match=rf"id 'demo': field '{field}': {pattern}"):
        load(tmp_path)


def test_cited_keys_must_be_plain_keys(tmp_path, monkeypatch):
    from medmassage.knowledge import loader

    # A key that exists in some bibliography but would close the citation role early.
    monkeypatch.setattr(loader, "bibliography_keys", lambda path: frozenset({"nccih_massage", "royalfree_ces", "a`b"}))
    write_kb(tmp_path, [finding(source="a`b")])
    with pytest.raises(KnowledgeBaseError, match=r"field 'source': unknown source key 'a`b'"):
        load(tmp_path)
