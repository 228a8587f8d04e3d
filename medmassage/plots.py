"""matplotlib figures drawn from the knowledge base.

Each figure comes with alt text generated from the same data, so the text a
screen reader hears always matches the picture. :func:`figure_html` bundles
the two for a notebook cell: it shows as an ``<img>`` with that alt text both
in a live kernel and on the static site (where :mod:`medmassage.figure_output`
publishes it as an image file).
"""

from __future__ import annotations

import base64
import html
import io
import struct
import textwrap
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

# Figures are built with matplotlib's object API (no pyplot), so importing this module never
# changes the backend or the global figure state of a reader's live notebook.
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import NullLocator
from PIL import Image

from .bottom_line import outcome_phrase
from .figure_format import FIGURE_MIME, figure_json
from .knowledge import Certainty, Comparison, Finding, FollowUp, KnowledgeBase, knowledge_base
from .render import compared_with_text, effect_text, lower_first, number, when_text

# Colours from the Okabe-Ito palette (safe for colour-blind readers); markers differ too.
COMPARISON_STYLE = {
    "inactive": ("#0072B2", "o"),
    "sham": ("#D55E00", "s"),
    "active": ("#009E73", "D"),
    "add-on": ("#CC79A7", "^"),
    "mixed": ("#000000", "v"),
}


@dataclass(frozen=True)
class AccessibleFigure:
    """A PNG with its alt text and caption; renders as a <figure> in HTML."""

    png: bytes
    alt: str
    caption: str

    @property
    def size(self) -> tuple[int, int]:
        """Width and height in pixels, read from the PNG header."""
        width, height = struct.unpack(">II", self.png[16:24])
        return width, height

    def _repr_html_(self) -> str:
        data = base64.b64encode(self.png).decode("ascii")
        width, height = self.size
        return (
            '<figure class="medmassage-figure">'
            f'<img src="data:image/png;base64,{data}" alt="{html.escape(self.alt)}" '
            f'width="{width}" height="{height}" style="max-width:100%;height:auto" />'
            f"<figcaption>{html.escape(self.caption)}</figcaption></figure>"
        )

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        """HTML for notebooks, plus the figure's own JSON for the website build to publish as a file."""
        return {"text/html": self._repr_html_(), FIGURE_MIME: figure_json(self.png, self.alt, self.caption, *self.size)}


def figure_html(fig: Figure, alt: str, caption: str) -> AccessibleFigure:
    """Render a matplotlib figure to PNG and pair it with alt text and a caption."""
    if not alt.strip():
        raise ValueError("alt text must not be empty")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    return AccessibleFigure(png=_palette_png(buffer.getvalue()), alt=alt, caption=caption)


def _palette_png(png: bytes) -> bytes:
    """The same picture with a 256-colour palette: charts use few colours, and the file is
    about 60% smaller (less to download on a phone). No dithering, so flat areas stay flat."""
    with Image.open(io.BytesIO(png)) as image:
        palette = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    palette.save(out, format="PNG", optimize=True)
    return out.getvalue()


RATIO_MEASURES = frozenset({"RR", "OR", "HR"})  # drawn on a log scale, where 1 means no difference
RATIO_TICKS = (0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20)
TICK_WIDTH = 34  # characters per line of a row label
MEASURE_NAMES = {
    "SMD": "Standardised mean difference (SMD)",
    "MD": "Mean difference",
    "RR": "Risk ratio (RR)",
    "OR": "Odds ratio (OR)",
    "HR": "Hazard ratio (HR)",
}


def _plottable(findings: list[Finding], measures: Collection[str] | None = None) -> list[Finding]:
    """Findings with a number and a full 95% CI (optionally only the named measures), grouped by
    comparison and then by time point, so related rows sit together."""
    rows = [
        f
        for f in findings
        if f.effect is not None and f.effect.ci_low is not None and (measures is None or f.effect.measure in measures)
    ]
    comparisons = list(Comparison)
    follow_ups = [None, *FollowUp]
    return sorted(
        rows, key=lambda f: (comparisons.index(f.comparison), follow_ups.index(f.follow_up))
    )  # sorted() is stable: the knowledge base's order within a group


def without_interval(findings: list[Finding]) -> list[Finding]:
    """Results with a number but no confidence interval: a plot could not show their precision."""
    return [f for f in findings if f.effect is not None and f.effect.ci_low is None]


@dataclass(frozen=True)
class Panel:
    """Results that share a scale: one measure (and, for mean differences, one unit and outcome)."""

    rows: list[Finding]
    label: str  # the x-axis label
    ratio: bool  # log scale, no difference at 1
    flipped: bool  # signs flipped so that right favours the treatment tested (mixed directions only)
    inverted: bool  # axis reversed, because lower values favour the treatment tested


def _scale_key(finding: Finding) -> tuple[str, str, str]:
    effect = finding.effect
    assert effect is not None
    if effect.measure == "SMD" or effect.measure in RATIO_MEASURES:
        return (effect.measure, "", "")
    return (effect.measure, effect.unit or "", finding.outcome)  # raw units compare only within one outcome


def panels(rows: list[Finding]) -> list[Panel]:
    """Split plotted rows into panels of one scale each, in order of first appearance."""
    groups: dict[tuple[str, str, str], list[Finding]] = {}
    for finding in rows:
        groups.setdefault(_scale_key(finding), []).append(finding)
    result = []
    for (measure, unit, outcome), group in groups.items():
        favour_low = {f.effect.favours_treatment_when in ("negative", "below-one") for f in group}
        ratio = measure in RATIO_MEASURES
        name = MEASURE_NAMES.get(measure, measure)
        label = name + (f", {unit}" if unit else "") + (f": {outcome}" if outcome else "")
        mixed = len(favour_low) > 1
        if ratio and mixed:
            raise ValueError(f"ratios that favour the treatment on both sides of 1 cannot share a panel ({measure})")
        low = favour_low == {True}
        null = "1" if ratio else "0"
        side = "signs flipped where lower is better, so " if mixed else ""
        label += f"\n({'log scale; ' if ratio else ''}{side}right of {null} favours the treatment tested)"
        result.append(Panel(group, label, ratio=ratio, flipped=mixed, inverted=low and not mixed))
    return result


def _plotted(finding: Finding, panel: Panel) -> tuple[float, float, float]:
    """Value and CI as drawn: flipped only in a mixed-direction panel."""
    if panel.flipped:
        return _oriented(finding)
    effect = finding.effect
    assert effect is not None and effect.ci_low is not None and effect.ci_high is not None
    return effect.value, effect.ci_low, effect.ci_high


def _oriented(finding: Finding) -> tuple[float, float, float]:
    """Value and CI flipped where needed, so that right of zero always favours massage."""
    effect = finding.effect
    assert effect is not None and effect.ci_low is not None and effect.ci_high is not None
    sign = -1.0 if effect.favours_treatment_when == "negative" else 1.0
    low, high = sorted((sign * effect.ci_low, sign * effect.ci_high))
    return sign * effect.value, low, high


def _row_label(finding: Finding, names: dict[str, str] | None = None) -> str:
    """The whole row in words, for alt text: what was tested, the outcome, when, and who."""
    when = when_text(finding).lower() if finding.follow_up or finding.time_point else "time not stated"
    label = f"{finding.intervention}: {lower_first(finding.outcome)}, {when}"
    if finding.population:
        label += f" ({finding.population})"
    return f"{names[finding.condition]}: {label}" if names else label


def _tick_label(finding: Finding, panel: Panel, names: dict[str, str] | None) -> str:
    """A short row label: the outcome and time, then what was tested if the panel's rows differ
    in that, else who took part."""
    when = when_text(finding).lower() if finding.follow_up or finding.time_point else "time not stated"
    outcome = outcome_phrase(finding.outcome)
    lead = f"{names[finding.condition]}: " if names else ""
    lines = textwrap.wrap(f"{lead}{outcome[:1].upper() + outcome[1:]}, {when}", TICK_WIDTH)
    if len({f.intervention for f in panel.rows}) > 1:
        detail = finding.intervention
    else:
        detail = f"({finding.population})" if finding.population else ""
    lines += textwrap.wrap(textwrap.shorten(detail, 2 * TICK_WIDTH - 4, placeholder="…"), TICK_WIDTH)
    return "\n".join(lines)


def _row_height(finding: Finding, panel: Panel, names: dict[str, str] | None) -> float:
    """Inches per row, so wrapped labels never overlap the next row."""
    return max(0.55, 0.18 * (_tick_label(finding, panel, names).count("\n") + 1) + 0.15)


def legend_label(comparison: str, findings: list[Finding]) -> str:
    """'vs inactive controls (sham therapy, a waiting list or no treatment)' when every plotted result of
    this kind names the same control group; otherwise the kind of comparison, which claims nothing more."""
    controls = {f.control for f in findings if f.comparison is not None and f.comparison.value == comparison}
    if len(controls) == 1 and None not in controls:
        return f"vs {controls.pop()}"
    return f"vs {Comparison(comparison).plural}"


def _draw_panel(ax: Any, panel: Panel, names: dict[str, str] | None) -> None:
    rows = list(reversed(panel.rows))  # the first row at the top
    for y, finding in enumerate(rows):
        value, low, high = _plotted(finding, panel)
        colour, marker = COMPARISON_STYLE[finding.comparison.value]
        ax.plot([low, high], [y, y], color=colour, linewidth=2)
        ax.plot(value, y, marker=marker, color=colour, markersize=8, linestyle="none")
        # The certainty in words beside each row: a reader sees how sure to be without a legend.
        ax.annotate(
            finding.certainty.label,
            xy=(1.0, y),
            xycoords=("axes fraction", "data"),
            xytext=(8, 0),
            textcoords="offset points",
            va="center",
            fontsize="small",
        )
    # A faint line between comparison groups.
    for y in range(1, len(rows)):
        if rows[y].comparison != rows[y - 1].comparison:
            ax.axhline(y - 0.5, color="#bbbbbb", linewidth=0.8)
    ax.annotate(
        "Certainty",
        xy=(1.0, 1.0),
        xycoords="axes fraction",
        xytext=(8, 4),
        textcoords="offset points",
        fontsize="small",
        fontweight="bold",
        va="bottom",
    )
    ax.axvline(1 if panel.ratio else 0, color="#333333", linewidth=1, linestyle="--")
    if panel.ratio:
        ax.set_xscale("log")
        # Plain ticks (0.5, 1, 2), not powers of ten: readers compare ratios with 1.
        low = min(_plotted(f, panel)[1] for f in rows)
        high = max(_plotted(f, panel)[2] for f in rows)
        ticks = [t for t in RATIO_TICKS if low / 1.5 <= t <= high * 1.5]
        ax.set_xticks(ticks, [number(t) for t in ticks])
        ax.xaxis.set_minor_locator(NullLocator())
    if panel.inverted:
        ax.invert_xaxis()
    ax.set_ylim(-0.6, len(rows) - 0.4)
    # Data text is drawn as typed: parse_math=False, so a '$' is a dollar sign, never mathtext.
    ax.set_yticks(range(len(rows)), [_tick_label(f, panel, names) for f in rows], parse_math=False)
    ax.set_xlabel(panel.label, parse_math=False)
    ax.grid(axis="x", color="#dddddd")


def forest_plot(
    findings: list[Finding],
    title: str,
    condition_names: dict[str, str] | None = None,
    measures: Collection[str] | None = None,
) -> AccessibleFigure:
    """A forest plot of results with 95% CIs, coloured by comparison, with each row's certainty in words.

    Results on different scales get a panel each (SMDs together; a mean difference with its own unit
    and outcome; ratios on a log scale). Within a panel, rows are grouped by comparison and time point.
    Pass ``measures`` to plot only some (``{"SMD"}``), and ``condition_names`` (id to name) to prefix
    each row with its condition, for plots that mix conditions.
    """
    rows = _plottable(findings, measures)
    if not rows:
        raise ValueError("no findings with a number and a 95% CI to plot")
    groups = panels(rows)
    heights = [sum(_row_height(f, p, condition_names) for f in p.rows) + 1.1 for p in groups]
    # 7 inches wide, labels wrapped: on a phone the figure shrinks less, so its text stays larger.
    fig = Figure(figsize=(7.0, sum(heights) + 0.9), layout="constrained")
    axes = fig.subplots(len(groups), 1, height_ratios=heights, squeeze=False)[:, 0]
    for ax, panel in zip(axes, groups, strict=True):
        _draw_panel(ax, panel, condition_names)
    fig.suptitle(title, parse_math=False)
    used = [c for c in Comparison if any(f.comparison is c for f in rows)]
    handles = [
        Line2D(
            [],
            [],
            color=COMPARISON_STYLE[c.value][0],
            marker=COMPARISON_STYLE[c.value][1],
            label=legend_label(c.value, rows),
        )
        for c in used
    ]
    # Long control descriptions go one per line, so the legend never runs off the figure.
    columns = 1 if max(len(h.get_label()) for h in handles) > 45 else len(handles)
    legend = fig.legend(handles=handles, loc="outside lower center", ncols=columns, frameon=False, fontsize="small")
    for text in legend.get_texts():
        text.set_parse_math(False)
    return figure_html(fig, alt=_forest_alt(title, groups, condition_names), caption=title)


def _forest_alt(title: str, groups: list[Panel], names: dict[str, str] | None) -> str:
    """Every plotted result in words: what, against what, the number with its interval, and the certainty."""
    count = sum(len(p.rows) for p in groups)
    layout = f"in {len(groups)} panels, one per scale" if len(groups) > 1 else "on one scale"
    described = "; ".join(
        f"{_row_label(f, names)} against {lower_first(compared_with_text(f))}: {effect_text(f)}, "
        f"{f.certainty.label.lower()} certainty"
        for p in groups
        for f in p.rows
    )
    return (
        f"{title}. Forest plot of {count} result{'s' if count > 1 else ''} {layout}, each a marker with its 95% "
        f"confidence interval, drawn so that values right of the dashed no-difference line favour the "
        f"treatment tested. {described}."
    )


@dataclass(frozen=True)
class NoPlot:
    """What stands in place of a condition's plot when no result has a number with an interval."""

    text: str

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {"text/html": f'<p class="medmassage-no-plot">{html.escape(self.text)}</p>', "text/plain": self.text}


def condition_figure(condition_id: str, kb: KnowledgeBase | None = None) -> AccessibleFigure | NoPlot:
    """A condition page's picture of its evidence: every result about massage itself that has a
    number and a 95% CI, or a sentence saying there is none (and why) in place of the plot."""
    kb = kb or knowledge_base()
    name = kb.conditions[condition_id].name.lower()
    about_massage = [f for f in kb.findings_for(condition=condition_id) if f.tests_massage]
    rows = _plottable(about_massage)
    bare = len(without_interval(about_massage))
    bare_note = (
        f"{bare} more number{'s' if bare > 1 else ''} without a confidence interval "
        f"{'are' if bare > 1 else 'is'} in the tables below, because a plot could not show how precise "
        f"{'they are' if bare > 1 else 'it is'}."
        if bare
        else ""
    )
    if not rows:
        reason = (
            "none of its numbers comes with a 95% confidence interval."
            if bare
            else "no study of massage itself reported a number for it."
        )
        return NoPlot(
            f"There is no plot for {name}: {reason} What the studies found is in the tables under "
            "Evidence at a glance, below."
        )
    title = f"Massage for {name}: results with 95% confidence intervals"
    figure = forest_plot(about_massage, title=title)
    if bare_note:
        figure = AccessibleFigure(png=figure.png, alt=f"{figure.alt} {bare_note}", caption=f"{title}. {bare_note}")
    return figure


CERTAINTY_COLOURS = {
    "high": "#009E73",
    "moderate": "#56B4E9",
    "low": "#E69F00",
    "very-low": "#D55E00",
    "not-rated": "#999999",
}


def certainty_overview(findings: list[Finding], condition_names: dict[str, str]) -> AccessibleFigure:
    """Stacked bars: how many results about massage itself reach each certainty level, per condition."""
    about_massage = [f for f in findings if f.tests_massage]
    # Every level from high to not rated, except 'high' when no result reaches it (so far, none does).
    levels = sorted(Certainty, key=lambda c: -c.rank)
    if not any(f.certainty is Certainty.HIGH for f in about_massage):
        levels.remove(Certainty.HIGH)
    conditions = list(condition_names)
    counts = {c: {lvl: 0 for lvl in levels} for c in conditions}
    for f in about_massage:
        counts[f.condition][f.certainty] += 1
    fig = Figure(figsize=(8.5, 0.5 * len(conditions) + 2.0), layout="constrained")
    ax = fig.subplots()
    left = [0] * len(conditions)
    for level in levels:
        widths = [counts[c][level] for c in conditions]
        ax.barh(
            range(len(conditions)),
            widths,
            left=left,
            color=CERTAINTY_COLOURS[level.value],
            label=level.label,
            edgecolor="white",
            hatch="//" if level is Certainty.NOT_RATED else None,
        )
        left = [a + b for a, b in zip(left, widths, strict=True)]
    ax.set_yticks(range(len(conditions)), [condition_names[c] for c in conditions], parse_math=False)
    ax.invert_yaxis()
    ax.set_xlabel("Number of results in the course knowledge base (massage itself only)")
    ax.set_title("How certain is the evidence? Results by condition and certainty")
    fig.legend(loc="outside lower center", ncols=len(levels), frameon=False, fontsize="small", title="Certainty")
    ax.xaxis.get_major_locator().set_params(integer=True)
    parts = []
    for c in conditions:
        present = [f"{counts[c][lvl]} {lvl.label.lower()}" for lvl in levels if counts[c][lvl]]
        parts.append(f"{condition_names[c]}: " + (", ".join(present) if present else "no results about massage itself"))
    alt = (
        "Stacked bar chart of the certainty of results about massage itself, one bar per condition. "
        + "; ".join(parts)
        + "."
    )
    return figure_html(fig, alt=alt, caption="Certainty of the evidence by condition (course knowledge base)")
