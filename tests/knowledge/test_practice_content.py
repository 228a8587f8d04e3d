"""The course's licensing data: what a licence does and does not allow, told completely.

Each test states one rule from a legal review of the course; each failed on the data before the
review's corrections (the docstring says what was wrong).
"""

from __future__ import annotations

import re

import pytest

from medmassage.knowledge import LegalStatus, knowledge_base
from medmassage.knowledge.models import CredentialKind

KB = knowledge_base()
J = KB.jurisdictions
C = KB.credentials


def text(record) -> str:
    return " ".join(str(v) for v in record.model_dump().values() if isinstance(v, str))


def test_no_place_is_called_unregulated_when_its_law_says_otherwise():
    """Before: 'Kansas, Minnesota and Wyoming have no state regulation' (Minnesota has chapter 146A)."""
    for record in [*J.values(), *C.values()]:
        assert not re.search(r"no (state )?regulation|no regulatory oversight|nothing to look up", text(record), re.I)
    assert "146A" in J["us-mn"].regulated and "Department of Health" in J["us-mn"].regulated


@pytest.mark.parametrize(
    ("jurisdiction", "excluded"),
    [
        ("us-nc", ["diagnosis", "chiropractic adjustive", "electrical stimulation", "ultrasound", "prescribing"]),
        (
            "us-pa",
            ["diagnosing or treating", "chiropractic manipulation", "mobilisation", "therapeutic exercise", "thrusts"],
        ),
        ("ca-on", ["diagnosis", "thrust"]),
        ("us-vt", ["diagnosing"]),
        ("us-mn", ["medical diagnosis"]),
    ],
)
def test_each_law_says_what_massage_practice_does_not_include(jurisdiction, excluded):
    """Before: nothing said what a licence does not allow."""
    for words in excluded:
        assert words in J[jurisdiction].scope, words


def test_north_carolina_licenses_the_practice_and_limits_descriptive_terms():
    nc = J["us-nc"]
    assert "not only the title" in nc.regulated and "misdemeanour" in nc.regulated
    assert "soft-tissue technique" in nc.protected_titles


def test_a_licence_does_not_oblige_insurers_to_pay():
    assert "insurers" in J["us-pa"].payment and "insurers" in J["us-nc"].payment
    us = J["us"].payment
    for fact in ("specific illness", "general health", "note", "Florida", "2013"):
        assert fact in us, fact


def test_germany_protects_the_title_two_years_then_a_placement():
    """Before: '2.5 years at a state-recognised school' and 'required to practise'."""
    assert "protects the title" in J["de"].regulated
    assert "Two years" in J["de"].training and "six-month" in J["de"].training
    title = C["masseur-de"]
    assert title.legal_status is LegalStatus.PROTECTS_TITLE and title.expires is False
    assert "prescription" in J["de"].payment and "lymphatic drainage" in J["de"].payment


def test_ontario_protects_the_title_not_the_practice():
    assert "not a controlled act" in J["ca-on"].regulated
    assert C["rmt-ontario"].legal_status is LegalStatus.PROTECTS_TITLE


def test_uk_has_two_accredited_registers_and_london_licensing():
    """Before: CNHC only, and no London special treatment licences."""
    assert "FHT" in J["uk"].regulated and "special treatment licence" in J["uk"].regulated
    for register in ("cnhc-registration", "fht-register"):
        assert (
            C[register].kind is CredentialKind.VOLUNTARY_REGISTER and C[register].legal_status is LegalStatus.VOLUNTARY
        )
    assert C["london-special-treatment-licence"].legal_status is LegalStatus.REQUIRED_LOCALLY


def test_places_without_a_state_licence_still_have_something_to_check():
    assert "CAMTC" in J["us-ca"].regulated and "certification" in J["us-ca"].regulated
    assert "Registration" in J["us-vt"].regulated and C["us-state-registration"].legal_status is LegalStatus.REQUIRED
    assert C["city-massage-licence"].legal_status is LegalStatus.REQUIRED_LOCALLY


def test_clt_and_clt_lana_are_different_credentials():
    """Before: every spelling of CLT meant CLT-LANA."""
    assert C["clt"].kind is CredentialKind.TRAINING_CERTIFICATE and C["clt-lana"].kind is CredentialKind.CERTIFICATION
    assert "LANA's exam" in C["clt"].does_not_show and "Canadian" in C["clt-lana"].shows


def test_lymphoedema_is_not_the_only_specialty_certificate():
    assert "Pain and Palliative Care" in C["ncbtmb-specialty"].name


def test_a_first_licence_shows_education_and_an_exam_not_renewal_rules():
    licence = C["us-state-licence"]
    assert "At first licensing" in licence.shows and "renewing" in licence.shows
    assert "not valid in another state" in licence.does_not_show
    assert C["mblex"].legal_status is LegalStatus.REQUIRED and "not itself a licence" in C["mblex"].does_not_show


def test_descriptive_titles_are_not_called_free_for_anyone_to_use():
    """Before: 'No: a name anyone may use', which is wrong in North Carolina (§ 90-623(c))."""
    titles = [c for c in C.values() if c.legal_status is LegalStatus.UNREGULATED]
    assert titles, "the data should still list descriptive titles"
    for title in titles:
        assert "anyone may use" not in title.legal_status.label
        assert "licensees" in title.legal_status.label


def test_a_state_licence_is_for_one_state_and_the_compact_is_not_assumed():
    """Before: 'not valid in another state', with no word on the interstate compact enacted in five states."""
    licence = C["us-state-licence"]
    assert "another state" in licence.does_not_show and "compact" in licence.does_not_show
    assert "massagecompact_two_states" in licence.sources
