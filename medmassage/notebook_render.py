"""The course's myst-nb render plugin: myst-nb's own renderer, with two changes.

- **A failing cell is a build warning** naming the page, the line of the cell and the error,
  in two lines. Pages run with ``allow_errors: true`` (``_config.yml``), so one failing cell
  doesn't hide the next problem; each error output is then reported here, and with ``-W`` the
  build fails. A cell tagged ``raises-exception`` is meant to show its error and is not reported.
- **No dead widget state.** When a notebook shows widgets, the executed notebook keeps their
  state, and myst-nb embeds it in the page for a widget manager loaded from a CDN. This book
  loads none (``nb_ipywidgets_js: {}``: nothing core may need a CDN, and quizzes publish a
  static face of their own), so the state is left out whenever no widget script is configured.

Registered in ``pyproject.toml`` (``myst_nb.renderers``) and chosen with ``nb_render_plugin: medmassage``.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from myst_nb.core.render import NbElementRenderer, strip_ansi


class CourseRenderer(NbElementRenderer):
    """myst-nb's renderer; reports failing cells, and embeds widget state only when it can be used."""

    def render_error(
        self, output: Any, cell_metadata: dict[str, Any], cell_index: int, source_line: int
    ) -> list[nodes.Element]:
        if "raises-exception" not in cell_metadata.get("tags", []):
            name, value = output.get("ename", "Error"), output.get("evalue", "")
            self.logger.warning(
                f"the cell at line {source_line} raised {name}: {strip_ansi(str(value))}",
                subtype="cell-error",
                line=source_line,
            )
        return super().render_error(output, cell_metadata, cell_index, source_line)

    def render_nb_finalise(self, metadata: dict) -> None:
        if not self.config.ipywidgets_js:
            return
        super().render_nb_finalise(metadata)
