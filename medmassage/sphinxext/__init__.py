"""The course's Sphinx extension: ``extra_extensions: [medmassage.sphinxext]`` in ``_config.yml``.

One module per job:

- :mod:`~.config`: the settings (``medmassage_*`` config values) and the theme settings they fill;
- :mod:`~.knowledge`: loads and validates the knowledge base when the build starts;
- :mod:`~.directives`: the directives that render it into pages (``{red-flags}``, ...);
- :mod:`~.quizzes`: the quiz directives (``{quiz-progress}``, ``{quiz-answer-key}``);
- :mod:`~.language`: warns on process language in pages ("in our sources");
- :mod:`~.pages`: per-page HTML adjustments (quiz assets, scripts, descriptions, ARIA);
- :mod:`~.launch`: launch buttons that open a real notebook, and downloads that install the package;
- :mod:`~.sitemap`: a complete sitemap after incremental builds;
- :mod:`~.icons`: icon fonts cut to the icons in use;
- :mod:`~.rebuild`: what must rebuild beyond edited pages (pages that warned, code and data);
- :mod:`~.compat`: the few private APIs still needed, each checked by a test.

Notebook outputs have their own myst-nb plugins, registered in ``pyproject.toml``: figures
(:mod:`medmassage.figure_output`), quizzes (:mod:`medmassage.quiz.sphinx_output`) and the
renderer (:mod:`medmassage.notebook_render`).
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from .. import __version__, figure_output
from . import compat, config, directives, icons, knowledge, language, launch, pages, quizzes, rebuild, sitemap


def setup(app: Sphinx) -> dict[str, Any]:
    config.add_config_values(app)
    app.connect("config-inited", config.configure)
    app.connect("config-inited", compat.declare_parallel_read_safe)
    app.connect("builder-inited", config.add_pdf_link)
    for module in (knowledge, directives, quizzes, language, pages, launch, sitemap, icons, rebuild):
        module.setup(app)
    figure_output.register(app)
    app.add_css_file("medmassage.css")
    # Reading keeps no state outside Sphinx's environment; writing keeps none at all (the
    # warning record lives in the main process, which is where Sphinx logs every warning).
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
