"""The knowledge base loads when valid, and each kind of bad entry fails with one clear message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from medmassage.knowledge import KnowledgeBaseError, load_knowledge_base
from medmassage.paths import BIBLIOGRAPHY

TECHNIQUES = {
    "techniques": [{"id": "swedish", "name": "Swedish", "description": "Strokes.", "source": "nccih_massage"}]
}


PRACTICE = {
    "jurisdictions": [
        {
            "id": "us",
            "name": "United States",
            "regulated": "States",
            "protected_titles": "Varies",
            "training": "Varies",
            "physician_prescription": "No",
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
        "follow_up": "short-term",
        "certainty": "low",
        "certainty_basis": "Cochrane GRADE",
        "summary": "Massage reduced pain in the short term compared with no treatment.",
    }
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


def condition(**changes):
    base = {
        "id": "demo",
        "name": "Demo condition",
        "description": "A condition for tests.",
        "approaches": ["swedish"],
        "red_flags": [{"sign": "A sign", "action": "See a doctor.", "source": "royalfree_ces"}],
        "see_a_doctor": ["If it gets worse."],
        "see_a_doctor_source": "nccih_massage",
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
    assert "Traceback" not in message and "\n" not in message


def test_duplicate_id_across_files(tmp_path):
    write_kb(tmp_path, [finding()])
    other = {"condition": condition(id="other"), "findings": [finding(condition="other")]}
    (tmp_path / "conditions" / "other.yaml").write_text(yaml.safe_dump(other), encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match=r"other\.yaml: id 'demo-pain': field 'id': duplicate id"):
        load(tmp_path)


def test_condition_red_flag_source_must_exist(tmp_path):
    cond = condition(red_flags=[{"sign": "S", "action": "A", "source": "ghost2001"}])
    with pytest.raises(
        KnowledgeBaseError, match=r"id 'demo': field 'red_flags\.0\.source': unknown source key 'ghost2001'"
    ):
        load(write_kb(tmp_path, [], cond))


def test_condition_id_must_match_file_name(tmp_path):
    with pytest.raises(KnowledgeBaseError, match=r"expected the id to match the file name 'misnamed'"):
        load(write_kb(tmp_path, [], condition(), name="misnamed"))


def test_invalid_yaml_names_the_file(tmp_path):
    write_kb(tmp_path, [finding()])
    (tmp_path / "conditions" / "demo.yaml").write_text("condition: [unclosed\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match=r"demo\.yaml: is not valid YAML"):
        load(tmp_path)


def test_practice_credential_needs_a_known_jurisdiction(tmp_path):
    write_kb(tmp_path, [finding()])
    credential = {
        "id": "lic",
        "name": "Licence",
        "kind": "licence",
        "issuer": "A board",
        "jurisdiction": "mars",
        "required": True,
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
