"""The extension's settings, and every private API it relies on (so an upgrade that breaks one fails here)."""

from __future__ import annotations

from importlib.metadata import version
from multiprocessing.managers import BaseProxy

import pytest
from sphinx.errors import ConfigError

from medmassage.sphinxext import compat
from medmassage.sphinxext.config import CONFIG_VALUES, JUPYTERHUB_ENV
from tests.sphinxext.project import build, write_project

PAGE = {"page": "# Page\n\nText.\n"}


def test_every_setting_is_a_registered_config_value(tmp_path):
    app = build(write_project(tmp_path / "p", PAGE)).app
    for name, _default, rebuild, _types, _doc in CONFIG_VALUES:
        assert name in app.config.values, name
        assert app.config.values[name].rebuild == rebuild, name


@pytest.mark.parametrize("how", ["config", "environment"])
def test_the_jupyterhub_address_reaches_the_launch_buttons(tmp_path, monkeypatch, how):
    if how == "config":
        overrides = {"medmassage_jupyterhub_url": "https://hub.example.invalid"}
    else:
        monkeypatch.setenv(JUPYTERHUB_ENV, "https://hub.example.invalid")
        overrides = {}
    app = build(write_project(tmp_path / "p", PAGE), **overrides).app
    assert app.config.html_theme_options["launch_buttons"]["jupyterhub_url"] == "https://hub.example.invalid"


def test_a_pasted_hub_page_becomes_the_hub_address(tmp_path):
    app = build(
        write_project(tmp_path / "p", PAGE), medmassage_jupyterhub_url="https://example.edu/jupyter/hub/home"
    ).app
    assert app.config.html_theme_options["launch_buttons"]["jupyterhub_url"] == "https://example.edu/jupyter"


def test_a_hub_address_that_is_not_one_stops_the_build_with_a_clear_message(tmp_path):
    with pytest.raises(ConfigError, match=r"medmassage_jupyterhub_url .*expected the hub's web address"):
        build(write_project(tmp_path / "p", PAGE), medmassage_jupyterhub_url="hub.example.edu")


def test_without_a_hub_there_is_no_hub_button(tmp_path, monkeypatch):
    monkeypatch.delenv(JUPYTERHUB_ENV, raising=False)
    app = build(write_project(tmp_path / "p", PAGE)).app
    assert "jupyterhub_url" not in app.config.html_theme_options.get("launch_buttons", {})


def test_the_checked_versions_are_the_installed_ones():
    for package, checked in compat.CHECKED_ON.items():
        assert version(package) == checked, f"{package} changed: re-check medmassage/sphinxext/compat.py"


def test_with_defer_copies_a_sphinx_script_asset():
    from sphinx.builders.html._assets import _JavaScript

    script = _JavaScript("x.js", priority=300, id="s")
    deferred = compat.with_defer(script)
    assert type(deferred) is _JavaScript
    assert (deferred.filename, deferred.priority, deferred.attributes) == ("x.js", 300, {"id": "s", "defer": "defer"})


def test_sitemap_queue_is_the_queue_sphinx_sitemap_writes_from(tmp_path):
    root = write_project(tmp_path / "p", PAGE, extra_extensions=["sphinx_sitemap"], html_baseurl="https://e.invalid/")
    app = build(root).app
    links = compat.sitemap_queue(app)
    assert isinstance(links, BaseProxy)  # a multiprocessing queue that parallel writers share
    assert {"get_nowait", "put"} <= set(links._exposed_)
    assert "page.html" in (app.outdir / "sitemap.xml").read_text()


def test_image_uri_and_template_filters_use_the_builder_as_sphinx_does(tmp_path):
    app = build(write_project(tmp_path / "p", PAGE)).app
    assert isinstance(app.builder.images, dict)
    app.builder.images["src/figure.png"] = "figure1.png"
    assert compat.image_uri(app.builder, "src/figure.png") == "figure1.png"
    assert "without_scripts" in app.builder.templates.environment.filters


def test_undeclared_extensions_are_declared_parallel_safe_at_the_checked_version(tmp_path):
    root = write_project(tmp_path / "p", PAGE, extra_extensions=list(compat.PARALLEL_READ_SAFE_UNDECLARED))
    app = build(root, parallel=2).app
    for name in compat.PARALLEL_READ_SAFE_UNDECLARED:
        assert app.extensions[name].parallel_read_safe is True
    assert app.is_parallel_allowed("read")
