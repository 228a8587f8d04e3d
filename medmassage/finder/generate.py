"""Generate the synthetic therapist registry, ``medmassage/finder/data/therapists.csv``.

Every therapist is fictional: names are built from invented syllables, towns and US states
are invented, and licence and registration numbers are random. A fixed seed makes the file
reproducible, and a test checks that the committed CSV equals a fresh run.

The generator deliberately writes the problems a real directory has, so that
learners have something to clean (see :func:`medmassage.finder.clean_registry`):
inconsistent spellings of statuses, credentials, techniques and languages;
missing values; prices with currency symbols; impossible negative distances;
licences still marked active after their expiry date; licences from another state; a voluntary
register or certification where a licence is required; and duplicated rows.

Run ``python -m medmassage.finder.generate`` to rewrite the file.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from ..knowledge import knowledge_base
from .places import course_places, place_name
from .registry import COLUMN_NAMES, REGISTRY_CSV, SNAPSHOT_DATE
from .vocabulary import TECHNIQUE_ALIASES

SEED = 20260301
N_THERAPISTS = 300
N_DUPLICATES = 4

_FIRST_START = ["Ar", "Bel", "Cor", "Dav", "El", "Fen", "Gil", "Hal", "Is", "Jor", "Kal", "Lun", "Mir", "Nol", "Or"]
_FIRST_START += ["Pel", "Quin", "Ros", "Sel", "Tam", "Ul", "Vor", "Wen", "Yar", "Zel", "Brin", "Cael", "Dru", "Esk"]
_FIRST_END = ["a", "o", "in", "en", "is", "ar", "eth", "wyn", "ie", "ric", "ola", "ande", "ette", "ius", "ova"]
_LAST_START = ["Brack", "Dorn", "Fell", "Grim", "Hollow", "Marr", "Quill", "Thist", "Wend", "Yarrow", "Ember", "Lark"]
_LAST_START += ["Morrow", "Pebble", "Rook", "Sorrel", "Tansy", "Vetch", "Wicker", "Bramble", "Cinder", "Dapple"]
_LAST_END = ["wick", "stone", "mere", "vale", "thorn", "ford", "by", "holt", "combe", "ridge", "wold", "shaw"]

#: Fictional towns in each place (places.yaml); the patients of a place live in its first town.
TOWNS = {
    "us-calder": ["Larkmoor", "Pine Hollow"],
    "us-ostrey": ["East Quillby", "Ostrey Falls"],
    "us-wynne": ["Dry Fork", "Wynne Crossing"],
    "us-harlow": ["Harlow"],
    "ca-on": ["Maplewick", "Port Sorrel", "Tansy Falls"],
    "uk": ["Brackenford", "Little Dorncombe", "Wendle-on-Marr"],
    "de": ["Falkenmoor", "Lindenwald", "Osterbrück"],
    "au": ["Wattle Creek", "Banksia Bay", "Emu Ridge"],
}
#: How often each place is drawn.
PLACE_WEIGHTS = {
    "us-calder": 0.14,
    "us-ostrey": 0.10,
    "us-wynne": 0.09,
    "us-harlow": 0.07,
    "ca-on": 0.15,
    "uk": 0.15,
    "de": 0.15,
    "au": 0.15,
}
#: Languages spoken, with weights, by country (the first is the local language).
LANGUAGES = {
    "us": {"english": 1.0, "spanish": 0.3, "mandarin": 0.06, "vietnamese": 0.04},
    "ca-on": {"english": 1.0, "french": 0.35, "punjabi": 0.08, "mandarin": 0.08},
    "uk": {"english": 1.0, "polish": 0.12, "punjabi": 0.08, "arabic": 0.05},
    "de": {"german": 1.0, "english": 0.45, "turkish": 0.12, "arabic": 0.05},
    "au": {"english": 1.0, "mandarin": 0.12, "vietnamese": 0.08, "arabic": 0.05},
}
#: Price range of a 60-minute session, in local currency units, by country.
PRICES = {"us": (60, 160), "ca-on": (80, 150), "uk": (40, 90), "de": (30, 80), "au": (70, 130)}
CURRENCY = {"us": "$", "ca-on": "$", "uk": "£", "de": "€", "au": "$"}
#: How each kind of standing is written in the raw file (several spellings each), and its number prefix.
STANDING_SPELLINGS = {
    "us-state-licence": ["us-state-licence", "State massage therapy licence (US)", "LMT", "state licence"],
    "us-state-registration": ["us-state-registration", "state registration", "State registration"],
    "city-massage-licence": ["city-massage-licence", "city licence", "City licence"],
    "bctmb": ["bctmb", "BCTMB", "Board Certified"],
    "rmt-ontario": ["rmt-ontario", "RMT", "Registered Massage Therapist"],
    "cnhc-registration": ["cnhc-registration", "CNHC", "CNHC registered"],
    "fht-register": ["fht-register", "FHT", "FHT registered"],
    "masseur-de": ["masseur-de", "Masseur und medizinischer Bademeister", "Masseur"],
    "au-association-membership": ["au-association-membership", "association member", "Association member"],
}
NUMBER_PREFIX = {
    "us-state-licence": "LMT",
    "us-state-registration": "REG",
    "city-massage-licence": "CITY",
    "bctmb": "BC",
    "rmt-ontario": "RMT",
    "cnhc-registration": "CNHC",
    "fht-register": "FHT",
    "masseur-de": "MB",
    "au-association-membership": "AMT",
}
#: Standing that counts in one place but is held by some therapists who practise in another.
ELSEWHERE = {
    "us-calder": ("us-state-licence", "us-ostrey"),  # a licence from a neighbouring state does not count
    "us-ostrey": ("us-state-licence", "us-calder"),  # a Calder licence, where Ostrey requires registration
    "us-wynne": ("us-state-licence", "us-calder"),  # licensed in Calder, practising in Wynne
    "us-harlow": ("bctmb", "us"),  # board certified, but Harlow requires its own licence
    "ca-on": ("us-state-licence", "us-calder"),
    "uk": ("masseur-de", "de"),
    "de": ("cnhc-registration", "uk"),
    "au": ("cnhc-registration", "uk"),
}

#: How likely a therapist is to offer each technique (knowledge-base ids).
TECHNIQUE_WEIGHTS = {
    "swedish": 0.7,
    "trigger-point": 0.35,
    "myofascial-release": 0.35,
    "manual-lymphatic-drainage": 0.22,
    "clinical-orthopedic": 0.3,
    "tuina": 0.08,
}
#: Techniques and credentials that are NOT in the knowledge base, so cleaning must flag them.
OTHER_MODALITIES = ["hot stone", "reflexology", "aromatherapy massage", "cupping"]
OTHER_CREDENTIALS = ["Reiki Master", "Crystal Healing Diploma"]

_ACTIVE = ["active"] * 8 + ["Active", "ACTIVE", " active", "current"]
_EXPIRED = ["expired", "Expired", "lapsed"]
_NONE = ["none", "None", "no licence", ""]
_YES = ["yes"] * 5 + ["Yes", "Y", "TRUE"]
_NO = ["no"] * 5 + ["No", "N", "false"]


def _name(rng: random.Random) -> str:
    first = rng.choice(_FIRST_START) + rng.choice(_FIRST_END)
    last = rng.choice(_LAST_START) + rng.choice(_LAST_END)
    return f"{first} {last}"


def _spell(rng: random.Random, record_id: str, names: dict[str, str], extra: list[str]) -> str:
    """An id written as itself, its knowledge-base name, or a variant."""
    options = [record_id, names[record_id], *extra]
    return rng.choice(options)


def _maybe_missing(rng: random.Random, value: str, rate: float) -> str:
    return "" if rng.random() < rate else value


def _standing(rng: random.Random, place: str) -> dict[str, str]:
    """Most therapists hold the standing their place counts, active; some hold none, some hold
    another place's, some have let it lapse (a few still marked active), some lack a date or number."""
    places = course_places()
    kb = knowledge_base()
    accepted = places[place].accepts[rng.randrange(len(places[place].accepts))]
    roll = rng.random()
    if roll < 0.07:
        return {
            "standing": "",
            "standing_place": "",
            "standing_number": "",
            "standing_status": rng.choice(_NONE),
            "standing_expires": "",
        }
    credential, issued_by = (accepted.credential, accepted.issued_by) if roll > 0.15 else ELSEWHERE[place]
    number = f"{NUMBER_PREFIX[credential]}-{rng.randint(10000, 99999)}"
    expiring = kb.credentials[credential].expires is not False
    kind = rng.random()
    if not expiring:  # granted once: no expiry date, and nearly always active
        status, expires = (rng.choice(_ACTIVE), None) if kind > 0.04 else (rng.choice(_NONE), None)
    elif kind < 0.12:  # honestly marked expired
        status, expires = rng.choice(_EXPIRED), SNAPSHOT_DATE - timedelta(days=rng.randint(30, 900))
    elif kind < 0.21:  # still marked active, but expired: cleaning must catch it
        status, expires = rng.choice(_ACTIVE), SNAPSHOT_DATE - timedelta(days=rng.randint(1, 400))
    elif kind < 0.24:  # status missing
        status, expires = "", SNAPSHOT_DATE + timedelta(days=rng.randint(30, 700))
    else:
        status, expires = rng.choice(_ACTIVE), SNAPSHOT_DATE + timedelta(days=rng.randint(10, 1100))
    if expiring and rng.random() < 0.03:
        expires = None  # cannot be verified
    if rng.random() < 0.02:
        number = ""
    issuer_spellings = [issued_by, issued_by.upper(), place_name(issued_by)]
    return {
        "standing": rng.choice(STANDING_SPELLINGS[credential]),
        "standing_place": rng.choice([issued_by, issued_by, *issuer_spellings]),
        "standing_number": number,
        "standing_status": status,
        "standing_expires": expires.isoformat() if isinstance(expires, date) else "",
    }


def _therapist(rng: random.Random, number: int) -> dict[str, str]:
    kb = knowledge_base()
    technique_names = {t.id: t.name for t in kb.techniques.values()}
    condition_names = {c.id: c.name for c in kb.conditions.values()}
    place = rng.choices(sorted(PLACE_WEIGHTS), weights=[PLACE_WEIGHTS[p] for p in sorted(PLACE_WEIGHTS)])[0]
    country = course_places()[place].country
    standing = _standing(rng, place)

    # Techniques offered, spelled in several ways, sometimes with one the knowledge base does not cover.
    offered = [t for t, weight in TECHNIQUE_WEIGHTS.items() if rng.random() < weight] or ["swedish"]
    aliases = {t: [a for a, target in TECHNIQUE_ALIASES.items() if target == t] for t in TECHNIQUE_WEIGHTS}
    modalities = [_spell(rng, t, technique_names, aliases[t]) for t in offered]
    if rng.random() < 0.1:
        modalities.append(rng.choice(OTHER_MODALITIES))

    # Credentials and titles.
    credentials = []
    if "manual-lymphatic-drainage" in offered and rng.random() < 0.6:
        # CLT (a school's certificate) and CLT-LANA (LANA's exam passed too) are different credentials.
        credentials.append(rng.choice(["CLT-LANA", "clt lana", "CLT", "C.L.T.", "Certified Lymphedema Therapist"]))
    if country == "us" and standing["standing"] not in STANDING_SPELLINGS["bctmb"] and rng.random() < 0.3:
        credentials.append(rng.choice(["BCTMB", "Board Certified", "bctmb"]))
    if rng.random() < 0.1:
        credentials.append(rng.choice(["Medical Massage Therapist", "medical massage therapist"]))
    if "clinical-orthopedic" in offered and rng.random() < 0.25:
        credentials.append(rng.choice(["Orthopedic Massage", "orthopaedic massage therapist"]))
    if "trigger-point" in offered and rng.random() < 0.15:
        credentials.append("Neuromuscular Therapist")
    if "myofascial-release" in offered and rng.random() < 0.1:
        credentials.append("myofascial therapist")
    if rng.random() < 0.03:
        credentials.append(rng.choice(OTHER_CREDENTIALS))

    # Conditions the therapist lists experience with.
    likely = {
        "swedish": ["low-back-pain", "neck-pain", "stress-anxiety-depression", "chronic-pain", "fibromyalgia"],
        "trigger-point": ["neck-pain", "chronic-pain"],
        "myofascial-release": ["fibromyalgia", "low-back-pain", "chronic-pain"],
        "manual-lymphatic-drainage": ["lymphoedema"],
        "clinical-orthopedic": ["low-back-pain", "sciatica", "neck-pain"],
        "tuina": ["sciatica", "low-back-pain"],
    }
    pool = sorted({c for t in offered for c in likely[t]} | {"leg-cramps"})
    experience = rng.sample(pool, k=min(len(pool), rng.randint(1, 3)))
    conditions = [_spell(rng, c, condition_names, []) for c in experience]

    # Languages: the local one, sometimes others, spelled inconsistently.
    spoken = [lang for lang, weight in LANGUAGES[country].items() if rng.random() < weight]
    if country == "de" and "german" not in spoken:
        spoken.insert(0, "german")
    spelled = [rng.choice([lang, lang.capitalize(), lang.upper()]) for lang in spoken]

    low, high = PRICES[country]
    price = str(rng.randrange(low, high + 1, 5))
    if rng.random() < 0.07:
        price = rng.choice([f"{CURRENCY[country]}{price}", f"{price}.00", f"{price} {CURRENCY[country]}"])

    distance = f"{rng.triangular(0.3, 40, 6):.1f}"
    if rng.random() < 0.01:
        distance = f"-{distance}"

    return {
        "therapist_id": f"T{number:04d}",
        "name": _name(rng),
        "place": rng.choice([place, place, place, place_name(place)]),
        "town": rng.choice(TOWNS[place]),
        **standing,
        "credentials": "; ".join(credentials),
        "modalities": "; ".join(modalities),
        "conditions": "; ".join(conditions),
        "years_in_practice": _maybe_missing(rng, str(rng.randint(1, 35)), 0.05),
        "distance_km": _maybe_missing(rng, distance, 0.04),
        "languages": _maybe_missing(rng, "; ".join(spelled), 0.03),
        "price_per_session": _maybe_missing(rng, price, 0.04),
        "accepts_physician_referrals": _maybe_missing(rng, rng.choice(_YES if rng.random() < 0.6 else _NO), 0.03),
        "next_available_days": _maybe_missing(rng, str(rng.randint(0, 30)), 0.05),
    }


def generate_registry(n: int = N_THERAPISTS, seed: int = SEED, duplicates: int = N_DUPLICATES) -> pd.DataFrame:
    """The raw registry: ``n`` fictional therapists plus ``duplicates`` repeated rows, all cells text."""
    if n < 1:
        raise ValueError(f"n: expected at least 1 therapist, got {n}")
    rng = random.Random(seed)
    rows = [_therapist(rng, i + 1) for i in range(n)]
    for _ in range(min(duplicates, n)):
        copy = dict(rng.choice(rows))
        rows.insert(rng.randint(0, len(rows)), copy)
    return pd.DataFrame(rows, columns=list(COLUMN_NAMES))


def write_registry(path: Path = REGISTRY_CSV) -> Path:
    """Write the registry CSV (UTF-8, '\\n' line endings) and return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    generate_registry().to_csv(path, index=False, lineterminator="\n")
    return path


if __name__ == "__main__":  # pragma: no cover
    print(f"wrote {write_registry()}")
