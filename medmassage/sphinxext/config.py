"""The extension's settings (Sphinx config values) and the theme settings it fills in.

Set them under ``sphinx: config:`` in ``_config.yml``. Each value's rebuild kind follows Sphinx:
``"env"`` re-reads every page when it changes, ``"html"`` rewrites every page.
"""

from __future__ import annotations

import os
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from ..launch import HubAddressError, hub_address
from ..paths import STATIC_DIR, TEMPLATES_DIR

#: Fallback for ``medmassage_jupyterhub_url``: a class's hub differs per deployment, so CI or an
#: instructor can give it at build time without editing ``_config.yml``.
JUPYTERHUB_ENV = "MEDMASSAGE_JUPYTERHUB_URL"

#: (name, default, rebuild, types, what it does)
CONFIG_VALUES: list[tuple[str, Any, str, tuple[type, ...], str]] = [
    ("medmassage_review_max_age_days", 730, "env", (int,), "older evidence reviews are build warnings"),
    ("medmassage_knowledge_dir", "", "env", (str,), "the knowledge base's folder; empty: the course's own"),
    ("medmassage_jupyterhub_url", "", "html", (str,), f"the class JupyterHub; empty: ${JUPYTERHUB_ENV}, or none"),
    (
        "medmassage_site_description",
        "An open, evidence-based course on medical massage: what it can and cannot do for common "
        "conditions, how the techniques work, and how to find a therapist.",
        "html",
        (str,),
        "meta description of pages with none of their own (the index and search pages)",
    ),
    ("medmassage_cut_icons", True, "html", (bool,), "cut the theme's icon fonts to the icons in use"),
    # Set by the extension from the files themselves (medmassage.sphinxext.rebuild), not by hand.
    ("medmassage_inputs_digest", "", "env", (str,), "hash of the course's code and data the pages use"),
]


def add_config_values(app: Sphinx) -> None:
    for name, default, rebuild, types, _ in CONFIG_VALUES:
        app.add_config_value(name, default, rebuild, types)


def configure(app: Sphinx, config: Config) -> None:
    """``config-inited``: the course's static files, template overrides, favicon and hub button.

    Each setting gets a new value rather than a changed one: Sphinx's defaults are shared objects,
    so changing them in place would leak into the next build in the same process (tests, autobuild).
    """
    config.html_static_path = [*config.html_static_path, str(STATIC_DIR)]
    config.templates_path = [str(TEMPLATES_DIR), *config.templates_path]  # overrides extending the theme's
    # Without an icon, browsers request a missing /favicon.ico and log an error.
    config.html_favicon = str(STATIC_DIR / "favicon.svg")
    hub = (config.medmassage_jupyterhub_url or os.environ.get(JUPYTERHUB_ENV, "")).strip()
    if hub:
        try:
            hub = hub_address(hub)
        except HubAddressError as exc:
            raise ConfigError(f"medmassage_jupyterhub_url (or ${JUPYTERHUB_ENV}): {exc}") from None
        config.medmassage_jupyterhub_url = hub
        options = dict(config.html_theme_options)
        options["launch_buttons"] = {**options.get("launch_buttons", {}), "jupyterhub_url": hub}
        config.html_theme_options = options


#: The theme option (pydata-sphinx-theme's, so also sphinx-book-theme's) for templates at the foot of the menu.
SIDEBAR_END = "primary_sidebar_end"
PDF_LINK_TEMPLATE = "download-pdf.html"


def add_pdf_link(app: Sphinx) -> None:
    """``builder-inited``: "Download the book (PDF)" at the foot of the menu, after the theme's own templates.

    Set on the builder rather than in the config, and only for a theme that has the option: any other theme
    (the tests' "basic") would warn about an unsupported option, and the config stays as the book wrote it."""
    theme = getattr(app.builder, "theme", None)
    if theme is None:
        return
    defaults = theme.get_options()
    if SIDEBAR_END not in defaults:
        return
    current = app.builder.theme_options.get(SIDEBAR_END, defaults[SIDEBAR_END]) or []
    if isinstance(current, str):  # theme.conf gives a comma-separated string
        current = [name.strip() for name in current.split(",") if name.strip()]
    if PDF_LINK_TEMPLATE not in current:
        app.builder.theme_options = {**app.builder.theme_options, SIDEBAR_END: [*current, PDF_LINK_TEMPLATE]}
