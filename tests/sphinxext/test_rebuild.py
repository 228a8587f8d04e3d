"""What must rebuild beyond edited pages: pages that warned, and the course's code and data."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

from jupyter_cache import get_cache

from medmassage.sphinxext import rebuild
from tests.sphinxext.project import build, write_project

BROKEN = "# Broken\n\nSee {ref}`no-such-label`.\n"
FINE = "# Fine\n\nNothing to see.\n"


def test_a_page_that_warned_warns_again_on_an_unchanged_rebuild(tmp_path):
    root = write_project(tmp_path / "p", {"broken": BROKEN, "fine": FINE})
    first = build(root)
    assert "broken.md:3: WARNING: undefined label: 'no-such-label'" in first.warnings
    recorded = json.loads((Path(first.app.doctreedir) / rebuild.WARNED_PAGES_FILE).read_text())
    assert recorded == ["broken"]
    second = build(root)  # nothing edited
    assert "broken.md:3: WARNING: undefined label: 'no-such-label'" in second.warnings
    (root / "broken.md").write_text(FINE, encoding="utf-8")
    third = build(root)
    assert third.warnings == ""
    assert not (Path(third.app.doctreedir) / rebuild.WARNED_PAGES_FILE).exists()
    fourth = build(root)  # clean now: nothing is re-read
    assert fourth.app.env.all_docs and fourth.warnings == ""


def test_only_pages_that_warned_are_read_again(tmp_path):
    root = write_project(tmp_path / "p", {"broken": BROKEN, "fine": FINE})
    build(root)
    again = build(root)
    assert rebuild.pages_that_warned(again.app, again.app.env, set(), set(), set()) == ["broken"]


def test_page_of_understands_every_kind_of_location(tmp_path):
    root = write_project(tmp_path / "p", {"fine": FINE})
    env = build(root).app.env
    path = str(root / "fine.md")
    for location in ("fine", ("fine", 3), f"{path}:3", path):
        assert rebuild.page_of(env, location) == "fine", location
    assert rebuild.page_of(env, None) is None
    assert rebuild.page_of(env, "/elsewhere/config.yaml:4") is None


def test_the_inputs_digest_follows_the_data_and_not_the_folder(tmp_path):
    for name in ("a", "b"):
        (tmp_path / name / "book").mkdir(parents=True)
        (tmp_path / name / "book" / "references.bib").write_text("@misc{a,\n}\n", encoding="utf-8")
    assert rebuild.inputs_digest(tmp_path / "a") == rebuild.inputs_digest(tmp_path / "b")
    (tmp_path / "b" / "book" / "references.bib").write_text("@misc{b,\n}\n", encoding="utf-8")
    assert rebuild.inputs_digest(tmp_path / "a") != rebuild.inputs_digest(tmp_path / "b")


class _Config(SimpleNamespace):
    """Just the two settings the cache check reads."""

    def __contains__(self, name: str) -> bool:
        return hasattr(self, name)


def _fake_app(tmp_path: Path, digest: str) -> SimpleNamespace:
    config = _Config(medmassage_inputs_digest=digest, nb_execution_cache_path=str(tmp_path / "cache"))
    return SimpleNamespace(config=config, outdir=str(tmp_path / "_build" / "html"))


def _cache_with_one_notebook(path: Path, tmp_path: Path) -> None:
    import nbformat

    notebook = tmp_path / "page.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")]), notebook)
    get_cache(path).cache_notebook_file(notebook, check_validity=False)


def test_the_execution_cache_is_emptied_only_when_code_or_data_changed(tmp_path):
    cache = tmp_path / "cache"
    _cache_with_one_notebook(cache, tmp_path)
    rebuild.clear_stale_execution_cache(_fake_app(tmp_path, "v1"))  # no record yet: it may be stale
    assert get_cache(cache).list_cache_records() == []
    assert (cache / rebuild.INPUTS_RECORD).read_text() == "v1"
    _cache_with_one_notebook(cache, tmp_path)
    rebuild.clear_stale_execution_cache(_fake_app(tmp_path, "v1"))  # same inputs: kept
    assert len(get_cache(cache).list_cache_records()) == 1
    rebuild.clear_stale_execution_cache(_fake_app(tmp_path, "v2"))  # changed: emptied, new record
    assert get_cache(cache).list_cache_records() == []
    assert (cache / rebuild.INPUTS_RECORD).read_text() == "v2"


def test_the_digest_is_a_config_value_that_re_reads_every_page(tmp_path):
    root = write_project(tmp_path / "p", {"fine": FINE})
    app = build(root).app
    assert app.config.medmassage_inputs_digest == rebuild.inputs_digest(root)
    assert app.config.values["medmassage_inputs_digest"].rebuild == "env"


def test_the_digest_does_not_depend_on_where_the_folders_are(tmp_path):
    # A clone at /tmp/ci and a copy under /tmp/pytest-... list the same files in different orders.
    for folder in ("a/repo", "z/copy"):
        (tmp_path / folder / "data").mkdir(parents=True)
        (tmp_path / folder / "data" / "one.txt").write_text("1", encoding="utf-8")
    (tmp_path / "a" / "repo" / "pkg.py").write_text("x", encoding="utf-8")
    (tmp_path / "z" / "copy" / "pkg.py").write_text("x", encoding="utf-8")
    repo, copy = tmp_path / "a" / "repo", tmp_path / "z" / "copy"
    mixed = [repo / "pkg.py", copy / "data" / "one.txt"]  # package from one place, data from the other
    same = [copy / "pkg.py", copy / "data" / "one.txt"]
    assert rebuild.digest_of(mixed, (copy, repo)) == rebuild.digest_of(same, (copy, repo))
