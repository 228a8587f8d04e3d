"""Figures from the knowledge base carry alt text generated from the same numbers."""

from __future__ import annotations

import pytest

from medmassage.knowledge import knowledge_base
from medmassage.plots import figure_html, forest_plot
from medmassage.render import effect_text


def test_forest_plot_alt_text_lists_every_plotted_result():
    findings = knowledge_base().findings_for(condition="low-back-pain")
    fig = forest_plot(findings, title="LBP")
    plotted = [f for f in findings if f.effect and f.effect.measure == "SMD" and f.effect.ci_low is not None]
    assert plotted, "the fixture needs SMD findings"
    assert f"Forest plot of {len(plotted)} results" in fig.alt
    for f in plotted:
        assert effect_text(f) in fig.alt
    assert fig.png.startswith(b"\x89PNG")
    html = fig._repr_html_()
    assert 'alt="LBP. Forest plot' in html and "<figcaption>LBP</figcaption>" in html


def test_forest_plot_refuses_nothing_to_plot():
    with pytest.raises(ValueError, match="no findings with an SMD"):
        forest_plot([], title="Empty")


def test_figure_needs_alt_text():
    import matplotlib.pyplot as plt

    fig, _ = plt.subplots()
    with pytest.raises(ValueError, match="alt text must not be empty"):
        figure_html(fig, alt="  ", caption="c")


def test_alt_text_is_escaped_in_html():
    import matplotlib.pyplot as plt

    fig, _ = plt.subplots()
    html = figure_html(fig, alt='a "quoted" <b>', caption="<c>")._repr_html_()
    assert 'alt="a &quot;quoted&quot; &lt;b&gt;"' in html and "&lt;c&gt;" in html


def test_legend_names_the_control_groups_the_source_used():
    """Before: the legend said 'vs inactive', read as 'no treatment', though the back pain review's
    inactive controls include sham therapy and waiting lists."""
    from medmassage.plots import legend_label

    findings = [
        f for f in knowledge_base().findings_for(condition="low-back-pain") if f.effect and f.effect.measure == "SMD"
    ]
    assert legend_label("inactive", findings) == "vs inactive controls (sham therapy, a waiting list or no treatment)"
    everything = [f for f in knowledge_base().findings.values() if f.effect is not None]
    # Across conditions the controls differ, so the legend names only the kind of comparison.
    assert legend_label("inactive", everything) == "vs inactive controls (kinds differ between results)"


def test_forest_plot_alt_text_names_the_control_groups():
    findings = knowledge_base().findings_for(condition="low-back-pain")
    alt = forest_plot(findings, title="LBP").alt
    assert "against inactive controls (sham therapy, a waiting list or no treatment)" in alt
    assert "against no treatment" not in alt


def test_dollar_signs_in_data_are_drawn_as_typed_not_as_mathtext():
    from medmassage.plots import certainty_overview

    findings = knowledge_base().findings_for(condition="low-back-pain")
    # An unbalanced '$\frac' makes matplotlib's mathtext raise; '$5$' would turn into italic maths.
    changed = [f.model_copy(update={"outcome": r"Cost $\frac{a$", "control": "care costing $5$"}) for f in findings]
    fig = forest_plot(changed, title=r"Price $\sqrt{x$")
    assert fig.png.startswith(b"\x89PNG") and r"Cost $\frac{a$" in fig.alt
    names = {c: c + r" $\alpha{$" for c in knowledge_base().conditions}
    assert certainty_overview(findings, names).png.startswith(b"\x89PNG")
