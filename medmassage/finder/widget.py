"""An interactive finder: pick a scenario, move the sliders, see the ranking change.

It needs a live Python kernel (Binder, JupyterHub or a local Jupyter): on the
static site, widgets cannot run Python. Every change re-runs
:func:`~medmassage.finder.find_therapists`, so the table and the explanation
always match the library, red-flag triage included.
"""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets
import pandas as pd

from .find import NOT_ADVICE, FinderResult, find_therapists
from .rank import Weights
from .registry import validate_registry
from .scenarios import Patient

ANY_LANGUAGE = ""  # the language filter's value meaning "the patient's own languages"
HEADLINES = {"candidates": "Ranked candidates", "no-match": "Nobody qualifies", "see-a-doctor": "Red flag"}


class FinderWidget:
    """Scenario dropdown, distance and budget sliders and a language filter, with a ranked table and explanation.

    The controls are attributes (``scenario``, ``distance``, ``budget``, ``language``) and so are the
    outputs (``table``, ``explanation``), so a test or a learner can set a value and read the result.
    """

    def __init__(
        self,
        registry: pd.DataFrame,
        scenarios: Mapping[str, Patient],
        weights: Weights | None = None,
        top: int = 10,
    ) -> None:
        self.registry = validate_registry(registry)
        if not isinstance(scenarios, Mapping) or not scenarios:
            raise ValueError("scenarios: expected a non-empty mapping of scenario id to Patient (load_scenarios())")
        for key, patient in scenarios.items():
            if not isinstance(patient, Patient):
                raise TypeError(f"scenarios[{key!r}]: expected a Patient, got {type(patient).__name__}")
        self.scenarios = dict(scenarios)
        self.weights = weights or Weights()
        self.top = top
        self.result: FinderResult | None = None
        self._loading = False

        languages = sorted({lang for langs in self.registry["languages"] for lang in langs})
        self.scenario = widgets.Dropdown(
            options=[(p.label, key) for key, p in self.scenarios.items()], description="Scenario"
        )
        self.distance = widgets.IntSlider(min=1, max=60, step=1, description="Max km")
        self.budget = widgets.IntSlider(min=0, max=300, step=5, description="Budget")
        self.language = widgets.Dropdown(
            options=[("Patient's own", ANY_LANGUAGE)] + [(lang.capitalize(), lang) for lang in languages],
            description="Language",
        )
        self.table = widgets.HTML()
        self.explanation = widgets.HTML()
        for control in (self.distance, self.budget, self.language):
            control.observe(self.update, names="value")
        self.scenario.observe(self._load_scenario, names="value")
        self.box = widgets.VBox(
            [
                widgets.HBox([self.scenario, self.language]),
                widgets.HBox([self.distance, self.budget]),
                self.explanation,
                self.table,
            ]
        )
        self._load_scenario()

    def _load_scenario(self, change: Any = None) -> None:
        """Set the sliders to the chosen scenario's preferences, then update once."""
        patient = self.scenarios[self.scenario.value]
        self._loading = True
        try:
            self.distance.value = min(self.distance.max, round(patient.max_distance_km))
            self.budget.value = min(self.budget.max, round(patient.max_price))
            self.language.value = ANY_LANGUAGE
        finally:
            self._loading = False
        self.update()

    def patient(self) -> Patient:
        """The chosen scenario with the sliders' limits and the language filter applied."""
        base = self.scenarios[self.scenario.value]
        languages = (self.language.value,) if self.language.value else base.languages
        return dataclasses.replace(
            base, max_distance_km=self.distance.value, max_price=self.budget.value, languages=languages
        )

    def update(self, change: Any = None) -> None:
        """Re-run the finder and refresh the table and the explanation."""
        if self._loading:
            return
        self.result = find_therapists(self.registry, self.patient(), self.weights)
        result = self.result
        if result.outcome == "candidates":
            self.table.value = result.table(self.top).to_html(index=False, escape=True, border=0)
            text = result.explain_top()
        else:
            self.table.value = result.exclusion_table().to_html(index=False, escape=True, border=0)
            text = result.summary()
            if result.outcome == "see-a-doctor":
                text += f" {NOT_ADVICE}"
        headline = HEADLINES[result.outcome]
        self.explanation.value = f"<p><strong>{html.escape(headline)}.</strong> {html.escape(text)}</p>"

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.box._repr_mimebundle_(**kwargs)
