"""The interactive finder responds to its controls; the figure's alt text comes from the same data."""

from __future__ import annotations

import html

import pytest

from medmassage import finder
from medmassage.finder.plot import candidates_figure, caption, describe_candidates, plot_candidates
from medmassage.finder.widget import FinderWidget
from medmassage.knowledge import Urgency


@pytest.fixture
def widget(registry, scenarios) -> FinderWidget:
    return FinderWidget(registry, scenarios)


def text(widget: FinderWidget) -> str:
    return html.unescape(widget.explanation.value)


def test_widget_starts_on_the_first_scenario_with_its_preferences(widget, scenarios):
    first = next(iter(scenarios.values()))
    assert widget.scenario.value == first.id
    assert (widget.distance.value, widget.budget.value) == (round(first.max_distance_km), round(first.max_price))
    assert widget.result.outcome == "candidates"
    assert "<table" in widget.table.value and widget.result.candidates.iloc[0]["name"] in widget.table.value
    assert text(widget).startswith("<p><strong>Ranked candidates.</strong> Top choice:")


def test_moving_the_distance_slider_updates_the_ranking(widget):
    before_table, before_n = widget.table.value, len(widget.result.candidates)
    widget.distance.value = 8
    assert widget.result.patient.max_distance_km == 8
    assert len(widget.result.candidates) < before_n
    assert widget.table.value != before_table
    assert (widget.result.candidates["distance_km"] <= 8).all()


def test_budget_slider_and_language_filter(widget):
    widget.budget.value = 5
    assert widget.result.outcome == "no-match" and "over-budget" in widget.result.exclusion_counts
    assert "over the budget" in widget.table.value
    assert "No therapist qualifies" in text(widget)
    widget.budget.value = 300
    widget.language.value = "french"
    assert widget.result.patient.languages == ("french",)
    assert all("french" in langs for langs in widget.result.candidates["languages"])


def test_choosing_a_red_flag_scenario_shows_see_a_doctor_and_no_list(widget, scenarios):
    widget.scenario.value = "tobin-calf-swelling"
    assert widget.distance.value == round(scenarios["tobin-calf-swelling"].max_distance_km)
    assert widget.result.outcome == "see-a-doctor"
    assert f"<strong>Red flag.</strong> {Urgency.SAME_DAY.instruction}" in text(widget) and finder.NOT_ADVICE in text(
        widget
    )
    assert "red flag" in widget.table.value and "Therapist" not in widget.table.value


def test_changing_scenario_updates_once(widget, monkeypatch):
    import medmassage.finder.widget as module

    calls = []
    original = module.find_therapists
    monkeypatch.setattr(module, "find_therapists", lambda *a, **k: calls.append(1) or original(*a, **k))
    widget.scenario.value = "faye-fibromyalgia"
    assert len(calls) == 1, "setting the sliders for a new scenario should not re-run the finder three times"


def test_widget_bad_input(registry):
    with pytest.raises(ValueError, match=r"^scenarios: expected a non-empty mapping"):
        FinderWidget(registry, {})
    with pytest.raises(TypeError, match=r"^scenarios\['x'\]: expected a Patient, got dict$"):
        FinderWidget(registry, {"x": {"id": "x"}})


def test_plot_matches_the_candidates(registry, scenarios):
    result = finder.find_therapists(registry, scenarios["ilsa-back-pain"])
    fig = plot_candidates(result)
    ax = fig.axes[0]
    points = sorted(tuple(p) for c in ax.collections for p in c.get_offsets().tolist())
    assert points == sorted(zip(result.candidates["distance_km"], result.candidates["score"], strict=True))
    assert ax.get_title() and ax.get_xlabel().startswith("Distance (km)") and ax.get_ylabel().startswith("Score")
    assert {t.get_text() for t in ax.get_legend().get_texts()} == {
        f"{e} certainty" for e in result.candidates["evidence"]
    }


def test_alt_text_and_caption_come_from_the_data(registry, scenarios):
    result = finder.find_therapists(registry, scenarios["ilsa-back-pain"])
    alt = describe_candidates(result)
    top = result.candidates.iloc[0]
    assert f"Scatter plot of {len(result.candidates)} candidate therapists" in alt
    assert f"The top candidate, {top['name']}, scores {top['score']:g}" in alt
    figure = candidates_figure(result)
    assert figure.png.startswith(b"\x89PNG") and figure.alt == alt and figure.caption == caption(result)
    assert f'alt="{html.escape(alt)}"' in figure._repr_html_()


def test_nothing_to_plot_says_why(registry, scenarios):
    result = finder.find_therapists(registry, scenarios["bram-back-pain-numbness"])
    with pytest.raises(
        ValueError, match=r"^result: no candidates to plot \(outcome 'see-a-doctor'\): Emergency: call 999"
    ):
        plot_candidates(result)
    with pytest.raises(TypeError, match=r"^result: expected a FinderResult"):
        plot_candidates(result.candidates)
