"""Typed records of the knowledge base.

Each model checks what it can see on its own (types, allowed values, an
effect needing a comparison). Checks that need the whole base, such as
unknown source keys or duplicate ids, live in :mod:`.loader`.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..datafiles import FieldError

#: Ids are lower-case words joined by hyphens, so they are safe in URLs and anchors.
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


class Record(BaseModel):
    """Base for every record: unknown fields are errors, not silently dropped."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class Certainty(StrEnum):
    """How sure we can be of a finding, in GRADE's four levels plus 'not rated'."""

    HIGH = "high"
    MODERATE = "moderate"
    LOW = "low"
    VERY_LOW = "very-low"
    NOT_RATED = "not-rated"

    @property
    def label(self) -> str:
        return {
            "high": "High",
            "moderate": "Moderate",
            "low": "Low",
            "very-low": "Very low",
            "not-rated": "Not rated",
        }[self.value]

    @property
    def rank(self) -> int:
        """Higher is more certain; 'not rated' sorts below 'very low'."""
        order = ["not-rated", "very-low", "low", "moderate", "high"]
        return order.index(self.value)


class Design(StrEnum):
    """What kind of study a finding comes from."""

    SYSTEMATIC_REVIEW = "systematic-review"
    RCT = "rct"
    GUIDELINE = "guideline"
    OBSERVATIONAL = "observational"
    CASE_REPORT = "case-report"

    @property
    def label(self) -> str:
        return {
            "systematic-review": "Systematic review",
            "rct": "Randomised controlled trial",
            "guideline": "Clinical guideline",
            "observational": "Observational study",
            "case-report": "Case report",
        }[self.value]


class Comparison(StrEnum):
    """What massage was compared with."""

    INACTIVE = "inactive"  # no treatment, wait list, usual care
    SHAM = "sham"  # a pretend treatment
    ACTIVE = "active"  # another real treatment
    ADD_ON = "add-on"  # a treatment plus massage, against that treatment alone

    @property
    def label(self) -> str:
        return {
            "inactive": "No treatment, wait list or usual care",
            "sham": "Sham (pretend) treatment",
            "active": "Another active treatment",
            "add-on": "The same treatment without massage added",
        }[self.value]


class FollowUp(StrEnum):
    """When the outcome was measured."""

    IMMEDIATE = "immediate"  # straight after a session or course
    SHORT_TERM = "short-term"  # up to about 3 months
    LONG_TERM = "long-term"  # beyond about 3 months

    @property
    def label(self) -> str:
        return {
            "immediate": "Immediately after treatment",
            "short-term": "Short term",
            "long-term": "Long term",
        }[self.value]


class Effect(Record):
    """A number with its measure, and the 95% confidence interval where reported."""

    measure: str = Field(description="SMD, MD, RR, percent or another named measure")
    value: float
    ci_low: float | None = None
    ci_high: float | None = None
    unit: str | None = Field(default=None, description="for mean differences, e.g. 'cm on a 10 cm scale'")
    favours_treatment_when: str = Field(
        pattern=r"^(negative|positive|above-one|below-one)$",
        description="which side of 'no effect' favours the treatment tested (usually massage)",
    )

    @model_validator(mode="after")
    def _interval_is_whole_and_ordered(self) -> Effect:
        if (self.ci_low is None) != (self.ci_high is None):
            raise FieldError(
                "ci_high" if self.ci_high is None else "ci_low", "give both ci_low and ci_high, or neither"
            )
        if self.ci_low is not None and not (self.ci_low <= self.value <= self.ci_high):
            raise FieldError(
                "value", f"expected ci_low <= value <= ci_high, got {self.ci_low} <= {self.value} <= {self.ci_high}"
            )
        return self

    @property
    def null_value(self) -> float:
        """The value meaning 'no difference': 0 for differences, 1 for ratios."""
        return 1.0 if self.favours_treatment_when in ("above-one", "below-one") else 0.0


class Finding(Record):
    """One result from one source: the unit every evidence table is built from."""

    id: str = Field(pattern=ID_PATTERN)
    condition: str = Field(pattern=ID_PATTERN)
    technique: str | None = Field(default=None, pattern=ID_PATTERN)
    intervention: str = Field(
        description="what was actually tested, e.g. 'Massage (various styles)' or 'Calf stretching (not massage)'"
    )
    tests_massage: bool = Field(
        default=True,
        description="false when what was tested is not massage itself (e.g. stretching, physiotherapy in general)",
    )
    source: str
    design: Design
    trials: int | None = Field(default=None, ge=1)
    participants: int | None = Field(default=None, ge=1)
    population: str | None = None
    comparison: Comparison | None = None
    outcome: str
    effect: Effect | None = None
    follow_up: FollowUp | None = None
    certainty: Certainty
    certainty_basis: str = Field(description="who rated it and how, e.g. 'Cochrane GRADE'")
    summary: str = Field(min_length=20, description="one plain-language sentence")
    funding: str | None = Field(default=None, description="funding or conflict of interest, where relevant")

    @model_validator(mode="after")
    def _effect_needs_comparison(self) -> Finding:
        if self.effect is not None and self.comparison is None:
            raise FieldError("comparison", "an effect needs a comparison: inactive, sham, active or add-on")
        return self


class RedFlag(Record):
    """A warning sign, and what to do about it."""

    sign: str
    action: str
    source: str
    code: str | None = Field(
        default=None,
        pattern=ID_PATTERN,
        description="machine-readable symptom code used by the therapist finder's triage",
    )


class Condition(Record):
    """A condition people seek massage for."""

    id: str = Field(pattern=ID_PATTERN)
    name: str
    description: str
    approaches: list[str] = Field(description="technique ids")
    red_flags: list[RedFlag] = Field(min_length=1)
    see_a_doctor: list[str] = Field(min_length=1)
    see_a_doctor_source: str


class Technique(Record):
    """A massage technique or approach."""

    id: str = Field(pattern=ID_PATTERN)
    name: str
    description: str
    source: str


class Jurisdiction(Record):
    """How massage therapy is regulated in one country or state, as of a dated source."""

    id: str = Field(pattern=ID_PATTERN)
    name: str
    regulated: str = Field(description="what is regulated, and by whom")
    protected_titles: str = Field(description="titles only registered or licensed people may use; 'none' if none")
    training: str = Field(description="the training or exam required, where the sources say")
    physician_prescription: str = Field(
        description="whether doctors prescribe massage there, as far as the sources say"
    )
    sources: list[str] = Field(min_length=1)
    source_date: str | None = Field(
        default=None,
        pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$",
        description="date of the newest dated source (YYYY[-MM[-DD]]); omit when the sources are undated",
    )


class CredentialKind(StrEnum):
    """What sort of credential it is."""

    LICENCE = "licence"
    EXAM = "exam"
    CERTIFICATION = "certification"
    REGISTRATION = "registration"
    TITLE = "title"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Credential(Record):
    """A licence, exam, certification or title, and what it does and does not tell a patient."""

    id: str = Field(pattern=ID_PATTERN)
    name: str
    kind: CredentialKind
    issuer: str = Field(description="who grants it; 'nobody' for an unregulated title")
    jurisdiction: str = Field(pattern=ID_PATTERN)
    required: bool = Field(description="true if the law requires it to practise; false if voluntary or unregulated")
    shows: str = Field(description="what holding it tells you")
    does_not_show: str = Field(description="what it does not guarantee")
    sources: list[str] = Field(min_length=1)
    source_date: str | None = Field(
        default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="as for Jurisdiction"
    )
