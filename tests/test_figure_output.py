"""Figures reach the website as image files with alt text, size and lazy loading."""

from __future__ import annotations

import base64
import json
import struct
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from docutils import nodes
from matplotlib.figure import Figure

from medmassage.figure_format import FIGURE_MIME, FigureOutputError, parse_figure
from medmassage.figure_output import FigureRenderer, figure_image
from medmassage.plots import figure_html


def _figure(alt: str = "A line rising from left to right", caption: str = "Rising") -> object:
    fig = Figure(figsize=(4, 2))
    fig.subplots().plot([0, 1], [0, 1])
    return figure_html(fig, alt=alt, caption=caption)


def test_the_bundle_carries_html_for_notebooks_and_json_for_the_site():
    figure = _figure()
    bundle = figure._repr_mimebundle_()
    assert set(bundle) == {"text/html", FIGURE_MIME}
    spec = bundle[FIGURE_MIME]
    assert base64.b64decode(spec["png"]) == figure.png
    width, height = struct.unpack(">II", figure.png[16:24])
    assert (spec["width"], spec["height"]) == (width, height) == figure.size
    assert spec["alt"] == "A line rising from left to right" and spec["caption"] == "Rising"
    assert f'width="{width}" height="{height}"' in bundle["text/html"]
    json.dumps(spec)  # notebooks store it as JSON


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"alt": None}, "missing field(s) alt"),
        ({"png": None, "caption": None}, "missing field(s) png, caption"),
        ({"alt": "  "}, "'alt' must not be empty"),
        ({"width": 0}, "'width' must be a positive whole number"),
        ({"height": "300"}, "'height' must be a positive whole number"),
    ],
)
def test_a_bad_figure_output_is_named(change, message):
    spec = dict(_figure()._repr_mimebundle_()[FIGURE_MIME])
    for key, value in change.items():
        if value is None:
            del spec[key]
        else:
            spec[key] = value
    with pytest.raises(FigureOutputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_figure(spec)


def test_a_figure_output_must_be_an_object():
    with pytest.raises(FigureOutputError, match="expected a JSON object, got list"):
        parse_figure("[1, 2]")


@dataclass
class _FakeRenderer:
    """The two things the plugin uses from myst-nb's renderer."""

    written: dict[str, bytes] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def write_file(self, path: list[str], content: bytes, overwrite: bool = False, exists_ok: bool = False) -> str:
        self.written[path[0]] = content
        return f"/_build/jupyter_execute/{path[0]}"

    @property
    def logger(self):
        return SimpleNamespace(warning=lambda message, **_: self.warnings.append(message))


def _data(mime: str, content: object) -> SimpleNamespace:
    return SimpleNamespace(mime_type=mime, content=content, cell_index=3, line=12)


def test_the_plugin_writes_the_png_and_returns_a_sized_lazy_figure():
    figure = _figure()
    renderer = _FakeRenderer()
    result = FigureRenderer.handle_mime(renderer, _data(FIGURE_MIME, figure._repr_mimebundle_()[FIGURE_MIME]), False)
    assert result is not None and len(result) == 1
    (written,) = renderer.written.values()
    assert written == figure.png
    outer = result[0]
    assert isinstance(outer, nodes.figure) and "medmassage-figure" in outer["classes"]
    image = outer.next_node(figure_image)
    assert image["alt"] == figure.alt
    assert (image["width"], image["height"]) == tuple(str(n) for n in figure.size)
    assert "no-scaled-link" in image["classes"]
    assert outer.next_node(nodes.caption).astext() == figure.caption


def test_the_plugin_leaves_other_outputs_to_myst_nb():
    assert FigureRenderer.handle_mime(_FakeRenderer(), _data("text/html", "<p>hi</p>"), False) is None
    assert FigureRenderer.handle_mime(_FakeRenderer(), _data(FIGURE_MIME, {}), True) is None  # inline use


def test_the_plugin_warns_on_a_broken_figure_instead_of_crashing():
    renderer = _FakeRenderer()
    assert FigureRenderer.handle_mime(renderer, _data(FIGURE_MIME, {"png": ""}), False) == []
    assert renderer.warnings and "cell 3" in renderer.warnings[0] and "missing field(s)" in renderer.warnings[0]


def test_myst_nb_finds_the_plugin_and_prefers_it_to_the_html_in_html_builds():
    """Fails if the entry point in pyproject.toml is missing (the package must be installed)."""
    from myst_nb.core.render import get_mime_priority, load_mime_renders

    assert FigureRenderer in load_mime_renders()
    priority = get_mime_priority("html", [])
    assert priority.index(FIGURE_MIME) < priority.index("text/html")


def test_the_build_side_does_not_import_matplotlib():
    """The Sphinx extension loads figure_output on every build; matplotlib would add 0.6 s to each."""
    import subprocess
    import sys

    code = "import sys, medmassage.sphinxext; print('matplotlib' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"
