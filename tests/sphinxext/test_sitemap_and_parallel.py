"""The sitemap lists every page after an incremental build, and the extension works in parallel."""

from __future__ import annotations

import re

from tests.sphinxext.project import build, write_project

PAGES = {f"page{n}": f"# Page {n}\n\nText {n}.\n" for n in range(6)}
SITEMAP = {
    "extra_extensions": ["sphinx_sitemap"],
    "html_baseurl": "https://example.invalid/",
    "sitemap_url_scheme": "{link}",
}


def listed(built) -> set[str]:
    return set(re.findall(r"<loc>https://example.invalid/([^<]*)</loc>", (built.outdir / "sitemap.xml").read_text()))


def test_an_incremental_build_keeps_every_page_in_the_sitemap(tmp_path):
    root = write_project(tmp_path / "p", PAGES, **SITEMAP)
    full = listed(build(root))
    assert {f"page{n}.html" for n in range(6)} <= full
    (root / "page3.md").write_text("# Page 3\n\nEdited.\n", encoding="utf-8")
    assert listed(build(root)) == full
    assert listed(build(root)) == full  # and with nothing to write at all


def test_parallel_builds_match_serial_ones_and_still_record_warnings(tmp_path):
    pages = {**PAGES, "broken": "# Broken\n\nSee {ref}`nowhere`.\n", "flags": "# F\n\n```{red-flags} sciatica\n```\n"}
    serial = build(write_project(tmp_path / "serial", pages, **SITEMAP))
    parallel = build(write_project(tmp_path / "parallel", pages, **SITEMAP), parallel=2)
    assert "safe for parallel" not in parallel.warnings  # every extension declares it
    for built in (serial, parallel):
        assert "broken.md:3: WARNING: undefined label: 'nowhere'" in built.warnings
    assert listed(parallel) == listed(serial)
    assert parallel.html("flags").count("<li") == serial.html("flags").count("<li")
    again = build(tmp_path / "parallel", parallel=2)  # the recorded warning brings the page back
    assert "undefined label: 'nowhere'" in again.warnings
