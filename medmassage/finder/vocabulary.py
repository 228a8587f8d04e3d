"""Turning the registry's free-text spellings into the knowledge base's ids.

Conditions, techniques, jurisdictions and credentials are recognised by the
ids and names in the course knowledge base (:func:`medmassage.knowledge.knowledge_base`),
so a new technique added there is recognised here without a code change. The
small alias tables below only add the abbreviations and variant spellings that
people type in real directories ("MLD", "C.L.T.", "orthopaedic"); every alias
points at a knowledge-base id, and a test checks that each one exists.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from ..knowledge import KnowledgeBase, knowledge_base

#: Variant spellings of technique names, beyond the ids and names in the knowledge base.
TECHNIQUE_ALIASES: dict[str, str] = {
    "swedish massage": "swedish",
    "classical massage": "swedish",
    "relaxation massage": "swedish",
    "trigger point": "trigger-point",
    "trigger point therapy": "trigger-point",
    "neuromuscular therapy": "trigger-point",
    "nmt": "trigger-point",
    "mfr": "myofascial-release",
    "mld": "manual-lymphatic-drainage",
    "lymphatic drainage": "manual-lymphatic-drainage",
    "orthopedic massage": "clinical-orthopedic",
    "orthopaedic massage": "clinical-orthopedic",
    "clinical massage": "clinical-orthopedic",
    "clinical orthopedic": "clinical-orthopedic",
    "chinese massage": "tuina",
    "tui na": "tuina",
}

#: Variant spellings of credentials, beyond the ids and names in the knowledge base.
#: "CLT" on its own is a training school's certificate; only "CLT-LANA" means LANA's exam was passed.
CREDENTIAL_ALIASES: dict[str, str] = {
    "clt": "clt",
    "c l t": "clt",
    "certified lymphedema therapist": "clt",
    "certified lymphoedema therapist": "clt",
    "lymphedema therapist certified": "clt",
    "lymphoedema therapist certified": "clt",
    "clt lana": "clt-lana",
    "certified lymphedema therapist lana": "clt-lana",
    "lmt": "us-state-licence",
    "licensed massage therapist": "us-state-licence",
    "state licence": "us-state-licence",
    "state license": "us-state-licence",
    "state registration": "us-state-registration",
    "registered with the state": "us-state-registration",
    "city licence": "city-massage-licence",
    "city license": "city-massage-licence",
    "board certified": "bctmb",
    "rmt": "rmt-ontario",
    "registered massage therapist": "rmt-ontario",
    "cnhc": "cnhc-registration",
    "cnhc registered": "cnhc-registration",
    "fht": "fht-register",
    "fht registered": "fht-register",
    "masseur": "masseur-de",
    "masseurin": "masseur-de",
    "association member": "au-association-membership",
    "association membership": "au-association-membership",
    "orthopaedic massage": "orthopedic-massage",
    "orthopedic massage therapist": "orthopedic-massage",
    "orthopaedic massage therapist": "orthopedic-massage",
    "medical massage therapist": "medical-massage-therapist",
    "medical massage practitioner": "medical-massage-therapist",
    "neuromuscular therapist": "neuromuscular-therapist",
    "myofascial therapist": "myofascial-therapist",
}

#: Variant spellings of jurisdictions, beyond the ids and names in the knowledge base.
JURISDICTION_ALIASES: dict[str, str] = {
    "usa": "us",
    "united states of america": "us",
    "ontario": "ca-on",
    "on": "ca-on",
    "ca on": "ca-on",
    "england": "uk",
    "great britain": "uk",
    "deutschland": "de",
    "germany": "de",
    "australia": "au",
}

#: Language names the registry uses, keyed by the codes and spellings people type.
LANGUAGE_ALIASES: dict[str, str] = {
    "en": "english",
    "eng": "english",
    "fr": "french",
    "francais": "french",
    "français": "french",
    "de": "german",
    "deutsch": "german",
    "es": "spanish",
    "espanol": "spanish",
    "español": "spanish",
    "zh": "mandarin",
    "chinese": "mandarin",
    "pl": "polish",
    "polski": "polish",
    "tr": "turkish",
    "vi": "vietnamese",
    "ar": "arabic",
    "pa": "punjabi",
}

#: Everyday symptom codes that scenarios may use and that are NOT warning signs.
#: Warning-sign codes are not listed here: they are the ``code`` of the knowledge
#: base's red flags (see :func:`medmassage.finder.triage.red_flag_index`).
COMMON_SYMPTOMS: dict[str, str] = {
    "back-pain": "pain in the lower back",
    "leg-pain-one-side": "pain spreading from the buttock down one leg",
    "neck-pain": "pain or stiffness in the neck",
    "shoulder-tension": "tight, tender shoulder muscles",
    "headache": "tension-type headaches",
    "widespread-pain": "pain in many parts of the body",
    "fatigue": "tiredness",
    "poor-sleep": "sleeping badly",
    "arm-swelling": "a swollen arm (lymphoedema already diagnosed)",
    "leg-swelling": "a swollen leg (lymphoedema already diagnosed)",
    "night-cramps": "painful calf cramps at night",
    "stress": "feeling stressed",
    "anxiety": "feeling anxious",
    "low-mood": "feeling low",
}


def key(text: str) -> str:
    """A spelling reduced to lower-case words: 'C.L.T.' -> 'c l t', 'Tui-Na' -> 'tui na'."""
    return " ".join(re.sub(r"[^0-9a-zà-ÿ]+", " ", text.lower()).split())


def _with_kb_names(records: Mapping[str, Any], aliases: dict[str, str]) -> dict[str, str]:
    """Aliases from the records' ids and names (and the parts of names in brackets), plus the extra table."""
    table: dict[str, str] = {}
    for record_id, record in records.items():
        table[key(record_id)] = record_id
        name = record.name
        table[key(name)] = record_id
        for part in re.split(r"[()]", name):
            if key(part):
                table.setdefault(key(part), record_id)
    for alias, record_id in aliases.items():
        table[key(alias)] = record_id
    return table


def _build_tables(kb: KnowledgeBase) -> dict[str, dict[str, str]]:
    return {
        "technique": _with_kb_names(kb.techniques, TECHNIQUE_ALIASES),
        "credential": _with_kb_names(kb.credentials, CREDENTIAL_ALIASES),
        "jurisdiction": _with_kb_names(kb.jurisdictions, JURISDICTION_ALIASES),
        "condition": _with_kb_names(kb.conditions, {}),
    }


@lru_cache(maxsize=1)
def _course_tables() -> dict[str, dict[str, str]]:
    return _build_tables(knowledge_base())


def lookup(kind: str, text: str, kb: KnowledgeBase | None = None) -> str | None:
    """The knowledge-base id that ``text`` spells, or None if it is not recognised.

    ``kind`` is one of 'technique', 'credential', 'jurisdiction', 'condition'. Without
    ``kb``, the course's knowledge base is used.
    """
    tables = _course_tables() if kb is None else _build_tables(kb)
    return tables[kind].get(key(text))


def is_plain_spelling(kind: str, text: str, record_id: str, kb: KnowledgeBase | None = None) -> bool:
    """True when ``text`` is the id or the knowledge-base name of ``record_id``, give or take case and punctuation.

    Anything else that :func:`lookup` recognises (an abbreviation, a variant) is an inconsistent spelling.
    """
    kb = kb or knowledge_base()
    records = {
        "technique": kb.techniques,
        "credential": kb.credentials,
        "jurisdiction": kb.jurisdictions,
        "condition": kb.conditions,
    }[kind]
    return key(text) in {key(record_id), key(records[record_id].name)}


#: Variant spellings of places, beyond the ids and names in places.yaml and the knowledge base.
PLACE_ALIASES: dict[str, str] = {
    "calder": "us-calder",
    "ostrey": "us-ostrey",
    "wynne": "us-wynne",
    "harlow": "us-harlow",
    "harlow city": "us-harlow",
    **{alias: target for alias, target in JURISDICTION_ALIASES.items() if target != "ca-on"},
    "ontario": "ca-on",
    "on": "ca-on",
    "ca on": "ca-on",
}


@lru_cache(maxsize=1)
def _place_table() -> dict[str, str]:
    from .places import course_places

    places = course_places()
    table = _with_kb_names(knowledge_base().jurisdictions, {})
    table.update(_with_kb_names(places, {}))
    for alias, place_id in PLACE_ALIASES.items():
        table[key(alias)] = place_id
    return table


def place_ids() -> list[str]:
    """Every id a place column may hold: the exercise's places and the knowledge base's jurisdictions."""
    from .places import course_places

    return sorted(set(course_places()) | set(knowledge_base().jurisdictions))


def lookup_place(text: str) -> str | None:
    """The place (or jurisdiction) id that ``text`` spells: 'CALDER' -> 'us-calder', 'Ontario' -> 'ca-on'."""
    return _place_table().get(key(text))


def language(text: str) -> str:
    """A language name in lower case: 'EN' -> 'english', ' Français ' -> 'french'."""
    word = key(text)
    return LANGUAGE_ALIASES.get(word, word)
