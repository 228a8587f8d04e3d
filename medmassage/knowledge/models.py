"""Typed records of the knowledge base.

Each model checks what it can see on its own (types, allowed values, an
effect needing a comparison). Checks that need the whole base, such as
unknown source keys or duplicate ids, live in :mod:`.loader`.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from ..datafiles import FieldError

#: Ids are lower-case words joined by hyphens, so they are safe in URLs and anchors.
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


#: Control characters (other than tab and line breaks) and the bidirectional overrides that can make
#: text display differently from how it reads in the file.
_HIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("expected non-empty text")
    hidden = _HIDDEN.search(value)
    if hidden:
        raise ValueError(f"expected plain text, got the invisible control character U+{ord(hidden.group()):04X}")
    return value


def _plain_name(value: str) -> str:
    marks = sorted(set(value) & set("<>`{}[]|*_\\"))
    if marks:
        raise ValueError(f"expected a plain name, without the characters {' '.join(marks)}")
    return value


#: Text a reader will see: it must say something (an empty or blank string is an error). It is always
#: shown as plain text: Markdown or HTML in it appears literally (see :mod:`medmassage.myst_text`).
Text = Annotated[str, AfterValidator(_not_blank)]
#: A name that also appears inside a link's text, so it may not hold markup characters at all.
Name = Annotated[str, AfterValidator(_not_blank), AfterValidator(_plain_name)]
#: A number that is a real number: NaN and infinity are errors, not values to render.
Finite = Annotated[float, Field(allow_inf_nan=False)]
#: A list of bibliography keys, at least one.
Sources = Annotated[list[str], Field(min_length=1)]


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


class RatedBy(StrEnum):
    """Who gave a finding its certainty. A review's GRADE rating and this book's own judgement
    deserve different weight, so readers are told which it is."""

    GRADE = "grade"  # the review authors, with GRADE
    AUTHORS = "authors"  # the authors' own scale, not GRADE
    GUIDELINE = "guideline"  # a guideline panel's grading of the evidence
    BOOK = "book"  # this book's judgement, because the source gives no rating
    NONE = "none"  # not rated at all (certainty 'not-rated')

    @property
    def phrase(self) -> str:
        """Who rated it, for a sentence: '(low certainty; <phrase>)'."""
        return {
            "grade": "rated by the review authors with GRADE",
            "authors": "the authors' own rating, not GRADE",
            "guideline": "the guideline panel's rating of the evidence",
            "book": "this book's rating, because the source gives none",
            "none": "not rated",
        }[self.value]


class Result(StrEnum):
    """What a result found, in words a bottom-line sentence can use."""

    REDUCES = "reduces"  # less of something bad (pain, anxiety)
    IMPROVES = "improves"  # more of something good (function)
    NO_DIFFERENCE = "no-difference"  # little or no difference

    @property
    def favours_treatment(self) -> bool:
        return self is not Result.NO_DIFFERENCE

    def verb(self, third_person: bool) -> str:
        """The verb phrase before the outcome: 'reduces', or 'results in little to no difference in'."""
        return {
            "reduces": ("reduces", "reduce"),
            "improves": ("improves", "improve"),
            "no-difference": ("results in little to no difference in", "result in little to no difference in"),
        }[self.value][0 if third_person else 1]


class Urgency(StrEnum):
    """How fast a red flag needs medical help. Every red flag has one; the finder's triage reads it."""

    EMERGENCY = "emergency"
    SAME_DAY = "same-day"
    SOON = "soon"

    @property
    def instruction(self) -> str:
        """What to do, as a heading a reader can act on."""
        return {
            "emergency": (
                "Emergency: call 999 (UK) or 911 (US), or your local emergency number, "
                "or go to an emergency department now"
            ),
            "same-day": "Get medical help the same day",
            "soon": "See a doctor soon, before any massage",
        }[self.value]

    @property
    def label(self) -> str:
        """A short tag for each sign: 'Emergency', 'Same day', 'Soon'."""
        return {"emergency": "Emergency", "same-day": "Same day", "soon": "Soon"}[self.value]

    @property
    def rank(self) -> int:
        """Higher is more urgent."""
        return ["soon", "same-day", "emergency"].index(self.value)


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
    """What massage was compared with. A finding's ``control`` says exactly what, in the source's terms."""

    INACTIVE = "inactive"  # no treatment, wait list, usual care (some reviews also count sham here: see `control`)
    SHAM = "sham"  # a pretend treatment
    ACTIVE = "active"  # another real treatment
    ADD_ON = "add-on"  # a treatment plus massage, against that treatment alone
    MIXED = "mixed"  # a pooled result over different kinds of control group

    @property
    def label(self) -> str:
        return {
            "inactive": "No treatment, wait list or usual care",
            "sham": "Sham (pretend) treatment",
            "active": "Another active treatment",
            "add-on": "The same treatment without massage added",
            "mixed": "A mix of control groups",
        }[self.value]

    @property
    def plural(self) -> str:
        """Several results of this kind, whose control groups may differ (for a figure's legend)."""
        return {
            "inactive": "inactive controls (kinds differ between results)",
            "sham": "sham treatments",
            "active": "other active treatments",
            "add-on": "the same care without massage",
            "mixed": "mixed control groups",
        }[self.value]

    @property
    def phrase(self) -> str:
        """The comparison inside a sentence: 'compared with <phrase>'."""
        return {
            "inactive": "no treatment, a wait list or usual care",
            "sham": "a sham (pretend) treatment",
            "active": "other active treatments",
            "add-on": "the same care without massage",
            "mixed": "a mix of control groups",
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

    @property
    def phrase(self) -> str:
        """The time point inside a sentence."""
        return {
            "immediate": "straight after treatment",
            "short-term": "in the short term",
            "long-term": "in the long term",
        }[self.value]


class Effect(Record):
    """A number with its measure, and the 95% confidence interval where reported."""

    measure: Text = Field(description="SMD, MD, RR, percent or another named measure")
    value: Finite
    ci_low: Finite | None = None
    ci_high: Finite | None = None
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
    intervention: Text = Field(
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
    population: Text | None = None
    comparison: Comparison | None = None
    control: Text | None = Field(
        default=None,
        description="what the comparison group received, in the source's terms (a noun phrase: 'usual care')",
    )
    outcome: Text = Field(description="what was measured; a short noun phrase first, details in brackets after it")
    effect: Effect | None = None
    result: Result | None = Field(default=None, description="what was found, for bottom-line sentences")
    follow_up: FollowUp | None = None
    time_point: Text | None = Field(default=None, description="the exact time point, e.g. 'at 10 weeks'")
    certainty: Certainty
    rated_by: RatedBy = Field(description="who gave the certainty: grade, authors, guideline, book or none")
    certainty_basis: Text = Field(description="how the certainty was reached, in a few words")
    summary: Text = Field(min_length=20, description="one plain-language sentence")
    funding: Text | None = Field(default=None, description="funding or conflict of interest, where relevant")
    headline: bool = Field(
        default=False, description="true for the (at most three) results the condition's bottom line states"
    )
    subject: Text = Field(default="massage", description="what was tested, as the subject of a bottom-line sentence")

    @model_validator(mode="after")
    def _coherent(self) -> Finding:
        if self.effect is not None and self.comparison is None:
            raise FieldError("comparison", "an effect needs a comparison: inactive, sham, active, add-on or mixed")
        if self.control is not None and self.comparison is None:
            raise FieldError("comparison", "a control needs a comparison kind: inactive, sham, active, add-on or mixed")
        if (self.certainty is Certainty.NOT_RATED) != (self.rated_by is RatedBy.NONE):
            raise FieldError(
                "rated_by", "expected rated_by 'none' exactly when certainty is 'not-rated', and a rater otherwise"
            )
        if self.headline:
            missing = [name for name in ("result", "comparison") if getattr(self, name) is None]
            if missing:
                raise FieldError(missing[0], "a headline result needs a result and a comparison for its sentence")
            if self.certainty is Certainty.NOT_RATED:
                raise FieldError(
                    "headline", "a headline result needs a certainty rating: 'not-rated' cannot be phrased"
                )
            if self.design is Design.GUIDELINE:
                raise FieldError("headline", "a guideline's advice is not a result: bottom lines state results")
        return self


class RedFlag(Record):
    """A warning sign, what to do about it, and how fast. Every field is required: a red flag
    without an urgency or a code would leave a reader, or the finder's triage, without a warning."""

    sign: Text
    action: Text
    urgency: Urgency = Field(description="emergency, same-day or soon")
    code: str = Field(
        pattern=ID_PATTERN, description="machine-readable symptom code used by the therapist finder's triage"
    )
    sources: Sources


class Precaution(Record):
    """Advice that changes how (or whether) massage is given, but is not a warning sign of illness."""

    who: Text = Field(description="who or what it applies to, e.g. 'People who take blood-thinning medicine'")
    advice: Text
    sources: Sources


class Gap(Record):
    """Something the evidence does not yet tell us, stated plainly, with the source that shows the gap."""

    text: Text = Field(description="one plain sentence, e.g. 'No randomised trial has tested ...'")
    sources: Sources


class Review(Record):
    """When the evidence for a chapter was last reviewed, and what was searched."""

    last_reviewed: str = Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="YYYY-MM")
    searched: Text = Field(description="the kinds of sources searched, as a phrase after 'Sources searched:'")

    @property
    def month(self) -> date:
        """The first day of the review month."""
        year, month = self.last_reviewed.split("-")
        return date(int(year), int(month), 1)

    @property
    def month_year(self) -> str:
        """'December 2026'."""
        return f"{calendar.month_name[self.month.month]} {self.month.year}"


class Condition(Record):
    """A condition people seek massage for."""

    id: str = Field(pattern=ID_PATTERN)
    name: Name
    description: Text
    approaches: list[str] = Field(description="technique ids")
    red_flags: list[RedFlag] = Field(min_length=1)
    precautions: list[Precaution] = Field(default_factory=list)
    see_a_doctor: list[Text] = Field(min_length=1)
    see_a_doctor_source: str
    gaps: list[Gap] = Field(default_factory=list, description="what the evidence does not tell us")
    review: Review


class Technique(Record):
    """A massage technique or approach."""

    id: str = Field(pattern=ID_PATTERN)
    name: Text
    description: Text
    source: str
    review: Review


class Jurisdiction(Record):
    """How massage therapy is regulated in one country or state, as of a dated source."""

    id: str = Field(pattern=ID_PATTERN)
    name: Text
    regulated: Text = Field(description="what is regulated, and by whom")
    protected_titles: Text = Field(description="titles only registered or licensed people may use; 'none' if none")
    training: Text = Field(description="the training or exam required, where the law or regulator says")
    scope: Text = Field(
        description="what the law says massage practice does not include (diagnosis, manipulation ...), "
        "or that it is not known"
    )
    payment: Text = Field(
        description="who pays for massage, and what a doctor's prescription or note does and does not do"
    )
    sources: Sources
    source_date: str | None = Field(
        default=None,
        pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$",
        description="date of the newest dated source (YYYY[-MM[-DD]]); omit when the sources are undated",
    )


class CredentialKind(StrEnum):
    """What sort of credential it is."""

    LICENCE = "licence"
    REGISTRATION = "registration"
    VOLUNTARY_REGISTER = "voluntary-register"
    EXAM = "exam"
    CERTIFICATION = "certification"
    TRAINING_CERTIFICATE = "training-certificate"
    TITLE = "title"

    @property
    def label(self) -> str:
        return {
            "licence": "Licence",
            "registration": "Registration",
            "voluntary-register": "Voluntary register",
            "exam": "Exam",
            "certification": "Certification",
            "training-certificate": "Training certificate",
            "title": "Title",
        }[self.value]


class LegalStatus(StrEnum):
    """What the law says about holding a credential: a licence and a voluntary register are not alike."""

    REQUIRED = "required"  # the law requires it to practise massage for pay where it applies
    REQUIRED_LOCALLY = "required-locally"  # only some cities or boroughs require it
    PROTECTS_TITLE = "protects-title"  # needed to use a protected title, not (as far as is known) to give massage
    VOLUNTARY = "voluntary"  # nobody has to hold it
    UNREGULATED = "unregulated"  # nobody grants it; a state may still reserve such names for licensees

    @property
    def label(self) -> str:
        return {
            "required": "Required by law to practise, where it applies",
            "required-locally": "Required only where a city or borough requires it",
            "protects-title": "Needed to use a protected title",
            "voluntary": "Voluntary",
            "unregulated": "No: nobody grants it, though a state may reserve such terms for licensees",
        }[self.value]


class Credential(Record):
    """A licence, registration, exam, certification or title, and what it does and does not tell a patient."""

    id: str = Field(pattern=ID_PATTERN)
    name: Text
    kind: CredentialKind
    issuer: Text = Field(description="who grants it; 'nobody' for an unregulated title")
    jurisdiction: str = Field(pattern=ID_PATTERN)
    legal_status: LegalStatus = Field(
        description="required, required-locally, protects-title, voluntary or unregulated"
    )
    expires: bool | None = Field(
        description="true if it must be renewed; false if granted once (a title, an exam); null if not known"
    )
    shows: Text = Field(description="what holding it tells you")
    does_not_show: Text = Field(description="what it does not guarantee")
    sources: Sources
    source_date: str | None = Field(
        default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="as for Jurisdiction"
    )
