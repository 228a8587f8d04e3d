"""The synthetic therapist registry: its columns, loading, cleaning and validation.

The raw file, ``medmassage/finder/data/therapists.csv``, is made by
:mod:`medmassage.finder.generate` and holds deliberate data-quality problems
(inconsistent spellings, missing values, expired licences still marked active,
duplicate rows). :func:`clean_registry` fixes what can be fixed and lists every
change or doubt in an *issues* table, so nothing is lost silently.
:func:`validate_registry` checks a cleaned registry before the finder uses it.
The data dictionary, in plain words, is ``medmassage/finder/data/README.md``.

A therapist's *standing* is what a client can check about them: a licence, a registration, a
city licence, a protected title, or membership of a voluntary register or association. These
are different things, so the standing is a knowledge-base credential id, and the place that
issued it is recorded beside it (a US state licence counts only in that state).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from ..knowledge import knowledge_base
from ..paths import EXERCISE_DATA_DIR
from . import vocabulary
from .csvfile import read_text_table
from .places import course_places

DATA_DIR = EXERCISE_DATA_DIR
REGISTRY_CSV = DATA_DIR / "therapists.csv"

#: The day the fictional registry was exported. Licences whose expiry date is before it
#: have expired. Fixed, so that cleaning gives the same answer on every day of the year.
SNAPSHOT_DATE = date(2026, 3, 1)

STANDING_STATUSES = ("active", "expired", "none")

#: The largest registry file :func:`load_registry` reads. The course's has 300 therapists in about
#: 100 kB; a file 200 times that size is a mistake (or an attack), not a registry.
MAX_REGISTRY_BYTES = 20_000_000


@dataclass(frozen=True)
class Column:
    """One column of the registry: its name, what a cleaned value looks like, and its meaning."""

    name: str
    kind: str  # text | place | credential | status | date | bool | number | list
    description: str


COLUMNS: tuple[Column, ...] = (
    Column("therapist_id", "text", "unique id, 'T' and four digits"),
    Column("name", "text", "fictional name made from invented syllables"),
    Column("place", "place", "where the therapist practises (a place id from places.yaml)"),
    Column("town", "text", "fictional town of the practice"),
    Column("standing", "credential", "licence, registration, title or register membership (a credential id)"),
    Column("standing_place", "place", "the place that issued the standing (a place or jurisdiction id)"),
    Column("standing_number", "text", "licence, registration or membership number (fictional)"),
    Column("standing_status", "status", "active, expired or none"),
    Column("standing_expires", "date", "expiry date of the standing; none for a title granted once"),
    Column("credentials", "list", "certifications and titles besides the standing (credential ids)"),
    Column("modalities", "list", "techniques offered, as knowledge-base technique ids"),
    Column("conditions", "list", "conditions the therapist lists experience with (knowledge-base ids)"),
    Column("years_in_practice", "number", "years in practice"),
    Column("distance_km", "number", "distance in km from the town centre where the scenario patients live"),
    Column("languages", "list", "languages spoken, lower case"),
    Column("price_per_session", "number", "price of a 60-minute session in local currency units"),
    Column("accepts_physician_referrals", "bool", "works with referrals and reports from doctors"),
    Column("next_available_days", "number", "days until the first free appointment (availability)"),
)
COLUMN_NAMES = tuple(c.name for c in COLUMNS)
KINDS = {c.name: c.kind for c in COLUMNS}

#: The columns :func:`medmassage.finder.find_therapists` reads.
FINDER_COLUMNS = tuple(c for c in COLUMN_NAMES if c not in ("town", "standing_number"))

ISSUE_COLUMNS = ("therapist_id", "field", "problem", "action", "raw_value")


class Cleaned(NamedTuple):
    """What :func:`clean_registry` returns: the cleaned registry and the list of issues found."""

    registry: pd.DataFrame
    issues: pd.DataFrame


def load_registry(path: Path | str = REGISTRY_CSV) -> pd.DataFrame:
    """The raw registry exactly as written: every cell a string, '' where the value is missing.

    The file must be UTF-8 CSV, at most :data:`MAX_REGISTRY_BYTES`, with a header naming each
    column of :data:`COLUMNS` once and every row as many fields as the header. Anything else raises
    ValueError with one line naming the file, the line and what was expected.
    """
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"registry file {path}: not found; run `python -m medmassage.finder.generate` to make it")
    return read_text_table(path, COLUMN_NAMES, what="registry file", row_name="therapist", max_bytes=MAX_REGISTRY_BYTES)


# --- cleaning ----------------------------------------------------------------------------

_STATUS_SPELLINGS = {
    "active": "active",
    "current": "active",
    "valid": "active",
    "expired": "expired",
    "lapsed": "expired",
    "none": "none",
    "no licence": "none",
    "unlicensed": "none",
}
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}


class _Issues:
    """Collects one row per problem found while cleaning."""

    def __init__(self) -> None:
        self.rows: list[dict[str, str]] = []

    def add(self, therapist_id: str, field: str, problem: str, action: str, raw: Any) -> None:
        self.rows.append(
            {"therapist_id": therapist_id, "field": field, "problem": problem, "action": action, "raw_value": str(raw)}
        )

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=list(ISSUE_COLUMNS))


def _split(raw: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;|]", raw) if part.strip()]


def _clean_list(tid: str, field: str, raw: str, kind: str | None, issues: _Issues) -> tuple[str, ...]:
    """A ';'-separated list normalised to ids (``kind`` given) or language names (``kind`` None)."""
    if not raw.strip():
        issues.add(tid, field, "missing value", "left empty", raw)
        return ()
    found: list[str] = []
    for part in _split(raw):
        value = vocabulary.language(part) if kind is None else vocabulary.lookup(kind, part)
        if value is None:
            issues.add(tid, field, f"'{part}' is not a {kind} in the course knowledge base", "dropped", part)
            continue
        plain = vocabulary.key(part) == value if kind is None else vocabulary.is_plain_spelling(kind, part, value)
        if not plain:
            issues.add(tid, field, "inconsistent spelling", f"written as '{value}'", part)
        if value not in found:
            found.append(value)
    return tuple(found)


#: Currency codes a price may carry ("45 EUR"), besides a currency symbol ("£45", "115 $").
CURRENCY_CODES = ("AUD", "CAD", "EUR", "GBP", "USD")
_AFFIXES = re.compile(r"(?P<before>[^\d\s.+-]*)\s*(?P<number>.*?)\s*(?P<after>[^\d\s.]*)")


def _is_currency(affix: str) -> bool:
    return affix.upper() in CURRENCY_CODES or (len(affix) == 1 and unicodedata.category(affix) == "Sc")


def _strip_currency(text: str) -> str:
    """The number without a currency symbol or code before or after it; other text is left for float() to refuse."""
    match = _AFFIXES.fullmatch(text)
    if match and all(not affix or _is_currency(affix) for affix in (match["before"], match["after"])):
        return match["number"]
    return text


def _number(tid: str, field: str, raw: str, issues: _Issues, strip_currency: bool = False) -> float:
    """A finite number >= 0 written with a decimal point, or NaN with an issue saying why."""
    text = raw.strip()
    if not text:
        issues.add(tid, field, "missing value", "left missing (NaN)", raw)
        return math.nan
    if "," in text:
        # '1,5' is 1.5 in much of Europe and '1,500' is 1500 in English: guessing would change the value.
        problem = "comma in a number: a decimal comma or a thousands separator cannot be told apart"
        issues.add(tid, field, problem, "left missing (NaN)", raw)
        return math.nan
    bare = _strip_currency(text) if strip_currency else text
    try:
        value = float(bare)
    except ValueError:
        issues.add(tid, field, "not a number", "left missing (NaN)", raw)
        return math.nan
    if "_" in bare:  # float() reads '1_000' as 1000, like Python source; a registry has no such digits
        issues.add(tid, field, "underscore in a number", "left missing (NaN)", raw)
        return math.nan
    if not math.isfinite(value):  # float() also reads 'nan', 'inf', 'infinity' and turns 1e309 into inf
        issues.add(tid, field, "not a finite number", "left missing (NaN)", raw)
        return math.nan
    if value < 0:
        issues.add(tid, field, "negative value is impossible", "left missing (NaN)", raw)
        return math.nan
    if bare != text:
        issues.add(tid, field, "currency symbol or code in a number", f"read as {bare}", raw)
    return value


def _flag(tid: str, field: str, raw: str, issues: _Issues) -> bool:
    word = raw.strip().lower()
    if word in _YES or word in _NO:
        if word not in ("yes", "no"):
            issues.add(tid, field, "inconsistent spelling", f"read as {'yes' if word in _YES else 'no'}", raw)
        return word in _YES
    problem = "missing value" if not word else "not yes or no"
    issues.add(tid, field, problem, "treated as no (cannot be confirmed)", raw)
    return False


def _place(tid: str, field: str, raw: str, issues: _Issues) -> str | None:
    """A place id (places.yaml) or knowledge-base jurisdiction id, from any of its spellings."""
    if not raw.strip():
        return None
    value = vocabulary.lookup_place(raw)
    if value is None:
        issues.add(tid, field, "unknown place", "left missing", raw)
    elif vocabulary.key(raw) != vocabulary.key(value):
        issues.add(tid, field, "inconsistent spelling", f"written as '{value}'", raw)
    return value


#: Credential kinds that can be a therapist's standing (a certification other than BCTMB cannot).
STANDING_KINDS = {"licence", "registration", "voluntary-register", "title"}


def _standing_credential(tid: str, raw: str, issues: _Issues) -> str | None:
    if not raw.strip():
        return None
    value = vocabulary.lookup("credential", raw)
    record = knowledge_base().credentials.get(value) if value else None
    if record is None or (record.kind.value not in STANDING_KINDS and value != "bctmb"):
        issues.add(tid, "standing", "not a licence, registration, title or register", "left missing", raw)
        return None
    if not vocabulary.is_plain_spelling("credential", raw, value):
        issues.add(tid, "standing", "inconsistent spelling", f"written as '{value}'", raw)
    return value


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_UNVERIFIABLE = "left missing: the finder cannot verify the standing (expiry unknown)"


def _date(raw: str) -> pd.Timestamp:
    """A YYYY-MM-DD date, or NaT. Only that form: fromisoformat alone also reads '20271231' and '2027-W52'."""
    text = raw.strip()
    if not _ISO_DATE.fullmatch(text):
        return pd.NaT
    try:
        return pd.Timestamp(date.fromisoformat(text))
    except ValueError:  # a month or day out of range, as in 2026-13-40
        return pd.NaT


def _standing(row: dict[str, str], snapshot: date, issues: _Issues) -> dict[str, Any]:
    """Standing, where it was issued, its number, status and expiry, checked against each other and the
    snapshot date. A credential granted once (a protected title) needs no expiry date."""
    tid = row["therapist_id"]
    raw_status = row["standing_status"]
    status = _STATUS_SPELLINGS.get(vocabulary.key(raw_status))
    if status is None:
        problem = "missing value" if not raw_status.strip() else "unrecognised status"
        issues.add(tid, "standing_status", problem, "treated as none (cannot be verified)", raw_status)
        status = "none"
    elif status != vocabulary.key(raw_status):
        issues.add(tid, "standing_status", "inconsistent spelling", f"written as '{status}'", raw_status)
    credential = _standing_credential(tid, row["standing"], issues)
    issued_by = _place(tid, "standing_place", row["standing_place"], issues)
    granted_once = credential is not None and knowledge_base().credentials[credential].expires is False
    raw_expires = row["standing_expires"]
    expires = _date(raw_expires)
    if pd.isna(expires) and raw_expires.strip():
        action = "left missing (a title granted once needs none)" if granted_once else _UNVERIFIABLE
        issues.add(tid, "standing_expires", "not a date (YYYY-MM-DD)", action, raw_expires)
    if status == "active":
        if credential is None:
            issues.add(tid, "standing_status", "active, but no known standing", "set to none (cannot be verified)", "")
            status = "none"
        elif issued_by is None:
            issues.add(tid, "standing_status", "active, but no known place", "set to none (cannot be verified)", "")
            status = "none"
        elif not row["standing_number"].strip():
            issues.add(tid, "standing_status", "active, but no number", "set to none (cannot be verified)", "")
            status = "none"
        elif not raw_expires.strip() and not granted_once:
            issues.add(tid, "standing_expires", "missing value", "kept: the finder cannot verify it", "")
        elif not pd.isna(expires) and expires.date() < snapshot:
            issues.add(
                tid,
                "standing_status",
                f"marked active, but expired on {expires.date().isoformat()}",
                "set to expired",
                raw_status,
            )
            status = "expired"
    return {
        "standing": credential,
        "standing_place": issued_by,
        "standing_number": row["standing_number"].strip() or None,
        "standing_status": status,
        "standing_expires": expires,
    }


def clean_registry(raw: pd.DataFrame, snapshot: date = SNAPSHOT_DATE) -> Cleaned:
    """Fix or flag every data-quality problem in a raw registry.

    Returns ``Cleaned(registry, issues)``; unpack it as ``registry, issues = clean_registry(raw)``.

    - spellings of statuses, places, credentials, techniques, conditions and
      languages become ids or lower-case names;
    - a standing marked active whose expiry date is before ``snapshot`` becomes expired;
    - an active standing with no number, or no known credential or place, becomes ``none``
      (it cannot be verified); a missing expiry date is flagged (a title granted once has none);
    - prices lose a currency symbol or code; numbers that are impossible (negative), not finite
      (``nan``, ``inf``) or ambiguous (``1,5``: a decimal comma or a thousands separator?) become NaN;
    - an expiry date that is not YYYY-MM-DD becomes NaT (the finder then cannot verify the standing);
    - missing yes/no answers become ``False`` (cannot be confirmed); other missing values stay missing;
    - a repeated ``therapist_id`` keeps its first row.

    Each change or doubt is one row of ``issues`` (therapist_id, field, problem, action, raw_value).
    """
    if not isinstance(raw, pd.DataFrame):
        raise TypeError(f"raw: expected a pandas DataFrame (from load_registry()), got {type(raw).__name__}")
    if raw.empty:
        raise ValueError("raw: the registry is empty (0 rows): expected at least one therapist")
    missing = [c for c in COLUMN_NAMES if c not in raw.columns]
    if missing:
        raise ValueError(f"raw: missing columns {', '.join(map(repr, missing))}: expected {', '.join(COLUMN_NAMES)}")
    issues = _Issues()
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for position, record in enumerate(raw[list(COLUMN_NAMES)].fillna("").astype(str).to_dict("records")):
        tid = record["therapist_id"].strip()
        if not tid:
            raise ValueError(f"raw: row {position + 1}: field 'therapist_id': missing; every therapist needs an id")
        if tid in seen:
            issues.add(tid, "therapist_id", "duplicate row", "removed (the first row is kept)", tid)
            continue
        seen.add(tid)
        practice = vocabulary.lookup_place(record["place"])
        if practice is not None and vocabulary.key(record["place"]) != vocabulary.key(practice):
            issues.add(tid, "place", "inconsistent spelling", f"written as '{practice}'", record["place"])
        if practice is None:
            raise ValueError(
                f"raw: therapist {tid}: field 'place': unknown place {record['place']!r}: "
                f"expected one of {', '.join(sorted(vocabulary.place_ids()))}"
            )
        rows.append(
            {
                "therapist_id": tid,
                "name": record["name"].strip(),
                "place": practice,
                "town": record["town"].strip(),
                **_standing(record, snapshot, issues),
                "credentials": _clean_list(tid, "credentials", record["credentials"], "credential", issues)
                if record["credentials"].strip()
                else (),
                "modalities": _clean_list(tid, "modalities", record["modalities"], "technique", issues),
                "conditions": _clean_list(tid, "conditions", record["conditions"], "condition", issues),
                "years_in_practice": _number(tid, "years_in_practice", record["years_in_practice"], issues),
                "distance_km": _number(tid, "distance_km", record["distance_km"], issues),
                "languages": _clean_list(tid, "languages", record["languages"], None, issues),
                "price_per_session": _number(
                    tid, "price_per_session", record["price_per_session"], issues, strip_currency=True
                ),
                "accepts_physician_referrals": _flag(
                    tid, "accepts_physician_referrals", record["accepts_physician_referrals"], issues
                ),
                "next_available_days": _number(tid, "next_available_days", record["next_available_days"], issues),
            }
        )
    registry = pd.DataFrame(rows, columns=list(COLUMN_NAMES))
    for column in COLUMN_NAMES:
        if KINDS[column] == "number":
            registry[column] = registry[column].astype("float64")
        elif KINDS[column] == "bool":
            registry[column] = registry[column].astype(bool)
        elif KINDS[column] == "date":
            registry[column] = pd.to_datetime(registry[column])
    return Cleaned(registry, issues.frame())


# --- validation ----------------------------------------------------------------------------


def _is_missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _first_bad(series: pd.Series, ok: Callable[[Any], bool]) -> tuple[str, Any] | None:
    for index, value in series.items():
        if not ok(value):
            return str(index), value
    return None


def validate_registry(registry: Any) -> pd.DataFrame:
    """Check a cleaned registry and return it; raise TypeError or ValueError naming the column otherwise."""
    if not isinstance(registry, pd.DataFrame):
        raise TypeError(f"registry: expected a pandas DataFrame (the cleaned registry), got {type(registry).__name__}")
    if len(registry) == 0:
        raise ValueError("registry: is empty (0 rows): expected at least one therapist")
    missing = [c for c in FINDER_COLUMNS if c not in registry.columns]
    if missing:
        raise ValueError(
            f"registry: missing columns {', '.join(map(repr, missing))}: expected the columns of a cleaned "
            "registry (see medmassage/finder/data/README.md); did you run clean_registry()?"
        )
    ids = registry["therapist_id"]
    duplicated = ids[ids.duplicated()]
    if not duplicated.empty:
        raise ValueError(f"registry column 'therapist_id': expected unique ids, got {duplicated.iloc[0]!r} twice")
    issuers = set(vocabulary.place_ids())
    places = set(course_places())
    credentials = set(knowledge_base().credentials)
    for column in FINDER_COLUMNS:
        kind = KINDS[column]
        series = registry[column]
        where = f"registry column {column!r}"
        if kind == "number":
            if not pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
                example = series.dropna().iloc[0] if series.notna().any() else None
                raise TypeError(f"{where}: expected numbers, got dtype {series.dtype} (e.g. {example!r})")
            # clean_registry never leaves an infinity, but a registry made by hand may have one.
            infinite = series[series.isin([math.inf, -math.inf])]
            if not infinite.empty:
                tid = registry.loc[infinite.index[0], "therapist_id"]
                raise ValueError(
                    f"{where}: expected finite numbers (NaN when missing), got {infinite.iloc[0]} for therapist {tid}"
                )
            negative = series[series < 0]
            if not negative.empty:
                tid = registry.loc[negative.index[0], "therapist_id"]
                raise ValueError(f"{where}: expected values >= 0, got {negative.iloc[0]} for therapist {tid}")
        elif kind == "bool":
            if not pd.api.types.is_bool_dtype(series):
                raise TypeError(f"{where}: expected True/False values, got dtype {series.dtype}")
        elif kind == "list":
            bad = _first_bad(series, lambda v: isinstance(v, tuple | list) and all(isinstance(x, str) for x in v))
            if bad:
                raise TypeError(
                    f"{where}: expected a list of strings in every row, got {type(bad[1]).__name__} "
                    f"({bad[1]!r}) in row {bad[0]}; run clean_registry() first"
                )
        elif kind == "status":
            bad = _first_bad(series, lambda v: v in STANDING_STATUSES)
            if bad:
                raise ValueError(f"{where}: expected one of {', '.join(STANDING_STATUSES)}, got {bad[1]!r}")
        elif kind in ("place", "credential"):
            allowed = {"place": places, "standing_place": issuers}.get(column, credentials)
            allow_missing = column != "place"

            def ok(value: Any, allowed: set[str] = allowed, allow_missing: bool = allow_missing) -> bool:
                return value in allowed or (allow_missing and _is_missing(value))

            bad = _first_bad(series, ok)
            if bad:
                raise ValueError(f"{where}: expected a {kind} id ({', '.join(sorted(allowed))}), got {bad[1]!r}")
        elif kind == "date":
            if not pd.api.types.is_datetime64_any_dtype(series):
                raise TypeError(f"{where}: expected dates (datetime64), got dtype {series.dtype}")
        elif kind == "text":
            bad = _first_bad(series, lambda v: isinstance(v, str) and bool(v.strip()))
            if bad:
                raise TypeError(f"{where}: expected non-empty text in every row, got {bad[1]!r} in row {bad[0]}")
    return registry
