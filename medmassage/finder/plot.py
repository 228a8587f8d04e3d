"""The candidates as a figure: score against distance, coloured by the evidence behind each therapist.

The alt text and caption are generated from the same result as the picture, so
what a screen reader hears matches what is drawn. Colours and their order come
from :mod:`medmassage.plots` (colour-blind-safe), and each certainty level also
has its own marker shape, so the figure does not rely on colour alone.
"""

from __future__ import annotations

# matplotlib's object API only: importing this never changes a live notebook's backend.
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..knowledge import Certainty
from ..plots import CERTAINTY_COLOURS, AccessibleFigure, figure_html
from .find import FinderResult

MARKERS = {"high": "o", "moderate": "s", "low": "D", "very-low": "^", "not-rated": "v"}
LABELLED = 3  # the top three candidates are labelled with their rank
NO_EVIDENCE = "none"  # the 'evidence' value of a candidate whose approaches have no finding at all


def _styles() -> list[tuple[str, str, str]]:
    """(evidence label, colour, marker), most certain first, then 'no evidence'."""
    levels = sorted(Certainty, key=lambda c: -c.rank)
    return [(c.label, CERTAINTY_COLOURS[c.value], MARKERS[c.value]) for c in levels] + [(NO_EVIDENCE, "#ffffff", "X")]


def _order(label: str) -> int:
    return [style[0] for style in _styles()].index(label)


def _check(result: FinderResult) -> None:
    if not isinstance(result, FinderResult):
        raise TypeError(f"result: expected a FinderResult from find_therapists(), got {type(result).__name__}")
    if result.candidates.empty:
        raise ValueError(f"result: no candidates to plot (outcome {result.outcome!r}): {result.summary()}")


def title(result: FinderResult) -> str:
    return f"Candidate therapists for {result.patient.label}"


def plot_candidates(result: FinderResult, ax: Axes | None = None) -> Figure:
    """Scatter the candidates: distance (x) against score (y), one colour and marker per evidence level."""
    _check(result)
    if ax is None:
        fig = Figure(figsize=(7.5, 4.5), layout="constrained")
        ax = fig.subplots()
    else:
        fig = ax.figure
    candidates = result.candidates
    for label, colour, marker in _styles():
        rows = candidates[candidates["evidence"] == label]
        if rows.empty:
            continue
        ax.scatter(
            rows["distance_km"],
            rows["score"],
            color=colour,
            marker=marker,
            s=60,
            edgecolor="black",
            linewidth=0.5,
            label="No evidence" if label == NO_EVIDENCE else f"{label} certainty",
        )
    for _, row in candidates.head(LABELLED).iterrows():
        ax.annotate(f"#{row['rank']}", (row["distance_km"], row["score"]), textcoords="offset points", xytext=(6, 4))
    ax.axvline(result.patient.max_distance_km, color="#333333", linestyle="--", linewidth=1)
    ax.set_xlim(left=0, right=result.patient.max_distance_km * 1.05)
    ax.set_title(title(result))
    ax.set_xlabel(f"Distance (km); dashed line: the {result.patient.max_distance_km:g} km limit")
    ax.set_ylabel(f"Score (out of {result.weights.total:g} points)")
    ax.legend(title="Best evidence offered", fontsize="small", frameon=False)
    ax.grid(color="#dddddd")
    return fig


def describe_candidates(result: FinderResult) -> str:
    """Alt text: what the scatter plot shows, in words, from the same data."""
    _check(result)
    c = result.candidates
    levels = c["evidence"].value_counts()
    ordered = sorted(levels.index, key=_order)
    evidence = ", ".join(
        f"{levels[label]} with no evidence"
        if label == NO_EVIDENCE
        else f"{levels[label]} with {label.lower()}-certainty evidence"
        for label in ordered
    )
    top = c.iloc[0]
    return (
        f"{title(result)}. Scatter plot of {len(c)} candidate therapist{'s' * (len(c) != 1)}, "
        f"score (out of {result.weights.total:g}) against distance in km. "
        f"Scores range from {c['score'].min():g} to {c['score'].max():g}; "
        f"distances from {c['distance_km'].min():g} to {c['distance_km'].max():g} km, "
        f"all within the {result.patient.max_distance_km:g} km limit. By best evidence offered: {evidence}. "
        f"The top candidate, {top['name']}, scores {top['score']:g} at {top['distance_km']:g} km."
    )


def caption(result: FinderResult) -> str:
    """A figure caption: what is plotted and where the weights are explained."""
    return (
        f"Candidates for the scenario '{result.patient.id}': each point is a fictional therapist who passed "
        "triage, the standing check, the evidence match and the patient's limits. Higher is better; "
        "nearer is better. Colour and shape show the certainty of the best evidence for an approach they offer."
    )


def candidates_figure(result: FinderResult) -> AccessibleFigure:
    """The figure as a PNG with its generated alt text and caption (shows as <img alt=...> in notebooks)."""
    return figure_html(plot_candidates(result), alt=describe_candidates(result), caption=caption(result))
