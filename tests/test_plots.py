"""Figures from the knowledge base carry alt text generated from the same numbers."""

from __future__ import annotations

import dataclasses

import pytest

from medmassage.knowledge import knowledge_base
from medmassage.plots import figure_html, forest_plot
from medmassage.render import effect_text


def test_forest_plot_alt_text_lists_every_plotted_result_with_its_certainty():
    findings = knowledge_base().findings_for(condition="low-back-pain")
    fig = forest_plot(findings, title="LBP")
    plotted = [f for f in findings if f.effect and f.effect.ci_low is not None]
    assert {f.effect.measure for f in plotted} == {"SMD", "MD"}, "the fixture needs two measures"
    assert f"Forest plot of {len(plotted)} results in 3 panels, one per scale" in fig.alt
    for f in plotted:
        assert f"{effect_text(f)}, {f.certainty.label.lower()} certainty" in fig.alt
    assert "\n" not in fig.alt
    assert fig.png.startswith(b"\x89PNG")
    html = fig._repr_html_()
    assert 'alt="LBP. Forest plot' in html and "<figcaption>LBP</figcaption>" in html


def test_forest_plot_can_keep_to_one_measure():
    findings = knowledge_base().findings_for(condition="low-back-pain")
    smd = [f for f in findings if f.effect and f.effect.measure == "SMD" and f.effect.ci_low is not None]
    alt = forest_plot(findings, title="LBP", measures={"SMD"}).alt
    assert f"Forest plot of {len(smd)} results on one scale" in alt and "MD −2.9" not in alt


def test_forest_plot_refuses_nothing_to_plot():
    with pytest.raises(ValueError, match="no findings with a number and a 95% CI"):
        forest_plot([], title="Empty")


def test_panels_keep_scales_apart_and_rows_grouped_by_comparison_then_time():
    from medmassage.plots import _plottable, panels

    rows = _plottable(knowledge_base().findings_for(condition="low-back-pain"))
    groups = panels(rows)
    # SMDs share a panel; each raw-unit outcome (Roland points, 0-10 bothersomeness) gets its own.
    assert [len(p.rows) for p in groups] == [5, 2, 2]
    assert "Roland" in groups[1].label and "bothersome" in groups[2].label
    smd = groups[0].rows
    order = [(f.comparison.value, f.follow_up.value) for f in smd]
    assert order == sorted(order, key=lambda pair: ["inactive", "sham", "active", "add-on", "mixed"].index(pair[0]))
    assert [f.follow_up.value for f in smd if f.comparison.value == "active"] == ["short-term", "long-term"]
    # Every back pain result favours lower values: true numbers, axis reversed, never sign-flipped.
    assert all(p.inverted and not p.flipped for p in groups)


def test_a_panel_mixing_directions_flips_signs_and_says_so():
    from medmassage.plots import _plottable, panels

    every = _plottable([f for f in knowledge_base().findings.values() if f.tests_massage], {"SMD"})
    (panel,) = panels(every)
    assert panel.flipped and not panel.inverted
    assert "signs flipped where lower is better" in panel.label


def test_ratios_go_on_a_log_scale_reversed_when_below_one_favours_the_treatment():
    from medmassage.plots import _plottable, panels

    rows = _plottable(knowledge_base().findings_for(condition="lymphoedema"))
    ratio = next(p for p in panels(rows) if p.ratio)
    assert ratio.inverted and "log scale" in ratio.label and "right of 1" in ratio.label


def test_rows_that_differ_only_in_what_was_tested_are_labelled_apart():
    from medmassage.plots import _plottable, _tick_label, panels

    roland = panels(_plottable(knowledge_base().findings_for(condition="low-back-pain")))[1]
    labels = [_tick_label(f, roland, None) for f in roland.rows]
    assert len(set(labels)) == 2 and "Relaxation" in labels[0] and "Structural" in labels[1]


def test_each_condition_gets_a_plot_or_says_why_not():
    from medmassage.plots import AccessibleFigure, NoPlot, condition_figure

    kb = knowledge_base()
    plotted = {c for c in kb.conditions if isinstance(condition_figure(c), AccessibleFigure)}
    assert plotted == {"low-back-pain", "fibromyalgia", "lymphoedema"}
    chronic = condition_figure("chronic-pain")
    assert isinstance(chronic, NoPlot) and "none of its numbers comes with a 95% confidence interval" in chronic.text
    sciatica = condition_figure("sciatica")  # its one number is for physiotherapy, not massage
    assert isinstance(sciatica, NoPlot) and "no study of massage itself reported a number" in sciatica.text


def test_the_no_plot_sentence_is_escaped():
    from medmassage.plots import condition_figure

    kb = knowledge_base()
    renamed = kb.conditions["sciatica"].model_copy(update={"name": 'Sciatica & "friends"'})
    hostile = dataclasses.replace(kb, conditions={**kb.conditions, "sciatica": renamed})
    html = condition_figure("sciatica", hostile)._repr_mimebundle_()["text/html"]
    assert "sciatica &amp; &quot;friends&quot;" in html and '"friends"' not in html


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
    assert fig.png.startswith(b"\x89PNG") and r"cost $\frac{a$" in fig.alt
    names = {c: c + r" $\alpha{$" for c in knowledge_base().conditions}
    assert certainty_overview(findings, names).png.startswith(b"\x89PNG")
