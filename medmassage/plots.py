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
from dataclasses import dataclass
from typing import Any

# Figures are built with matplotlib's object API (no pyplot), so importing this module never
# changes the backend or the global figure state of a reader's live notebook.
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from PIL import Image

from .figure_format import FIGURE_MIME, figure_json
from .knowledge import Certainty, Comparison, Finding
from .render import compared_with_text, effect_text, when_text

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


def _plottable(findings: list[Finding]) -> list[Finding]:
    """Findings with a standardised mean difference and a full 95% CI."""
    return [f for f in findings if f.effect is not None and f.effect.measure == "SMD" and f.effect.ci_low is not None]


def _oriented(finding: Finding) -> tuple[float, float, float]:
    """Value and CI flipped where needed, so that right of zero always favours massage."""
    effect = finding.effect
    assert effect is not None and effect.ci_low is not None and effect.ci_high is not None
    sign = -1.0 if effect.favours_treatment_when == "negative" else 1.0
    low, high = sorted((sign * effect.ci_low, sign * effect.ci_high))
    return sign * effect.value, low, high


def _row_label(finding: Finding, names: dict[str, str] | None = None, short: bool = False) -> str:
    """'Pain, short term (at 10 weeks)' and the population: in full for alt text, shortened for a tick label."""
    when = when_text(finding).lower() if finding.follow_up or finding.time_point else "time not stated"
    label = f"{finding.outcome}, {when}"
    if finding.population:
        population = textwrap.shorten(finding.population, 60, placeholder="…") if short else finding.population
        label += f"\n({population})"
    return f"{names[finding.condition]}: {label}" if names else label


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def legend_label(comparison: str, findings: list[Finding]) -> str:
    """'vs inactive controls (sham therapy, a waiting list or no treatment)' when every plotted result of
    this kind names the same control group; otherwise the kind of comparison, which claims nothing more."""
    controls = {f.control for f in findings if f.comparison is not None and f.comparison.value == comparison}
    if len(controls) == 1 and None not in controls:
        return f"vs {controls.pop()}"
    return f"vs {Comparison(comparison).plural}"


def forest_plot(findings: list[Finding], title: str, condition_names: dict[str, str] | None = None) -> AccessibleFigure:
    """A forest-style plot of SMD findings with 95% CIs, coloured by comparison.

    Pass ``condition_names`` (id to name) to prefix each row with its condition,
    for plots that mix conditions.
    """
    rows = _plottable(findings)
    if not rows:
        raise ValueError("no findings with an SMD and a 95% CI to plot")
    fig = Figure(figsize=(8.5, 0.62 * len(rows) + 1.8), layout="constrained")
    ax = fig.subplots()
    for y, finding in enumerate(reversed(rows)):
        value, low, high = _oriented(finding)
        colour, marker = COMPARISON_STYLE[finding.comparison.value]
        ax.plot([low, high], [y, y], color=colour, linewidth=2)
        ax.plot(value, y, marker=marker, color=colour, markersize=8, linestyle="none")
    ax.axvline(0, color="#333333", linewidth=1, linestyle="--")
    # Data text is drawn as typed: parse_math=False, so a '$' is a dollar sign, never mathtext.
    labels = [_row_label(f, condition_names, short=True) for f in reversed(rows)]
    ax.set_yticks(range(len(rows)), labels, parse_math=False)
    ax.set_xlabel("Standardised mean difference (right of 0 favours the treatment tested)")
    ax.set_title(title, parse_math=False)
    used = sorted({f.comparison.value for f in rows})
    handles = [
        Line2D(
            [],
            [],
            color=COMPARISON_STYLE[c][0],
            marker=COMPARISON_STYLE[c][1],
            linestyle="-",
            label=legend_label(c, rows),
        )
        for c in used
    ]
    # Long control descriptions go one per line, so the legend never runs off the figure.
    columns = 1 if max(len(h.get_label()) for h in handles) > 45 else len(handles)
    legend = fig.legend(handles=handles, loc="outside lower center", ncols=columns, frameon=False, fontsize="small")
    for text in legend.get_texts():
        text.set_parse_math(False)
    ax.grid(axis="x", color="#dddddd")

    described = "; ".join(
        f"{_row_label(f)} against {_lower_first(compared_with_text(f))}: {effect_text(f)}" for f in rows
    )
    alt = (
        f"{title}. Forest plot of {len(rows)} results, each a dot with its 95% confidence interval, "
        f"drawn so that values right of zero favour the treatment tested. {described}."
    )
    return figure_html(fig, alt=alt, caption=title)


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
