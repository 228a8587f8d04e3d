"""Shared fixtures: the built site, a way to build a faulty copy, and the browser."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pytest

from medmassage.chromium import CHROMIUM, CHROMIUM_ARGS
from medmassage.paths import BIBLIOGRAPHY

REPO = Path(__file__).resolve().parent.parent
SITE = REPO / "_build" / "html"


@dataclass
class BuildResult:
    returncode: int
    log: str
    html: Path


def run_build(root: Path, *extra: str) -> BuildResult:
    """Build the book at `root` exactly as `make book` does (preflight + strict build); never raises."""
    proc = subprocess.run(
        [sys.executable, "-m", "medmassage.build", str(root), *extra],
        capture_output=True,
        text=True,
        cwd=root,
        timeout=600,
    )
    return BuildResult(proc.returncode, proc.stdout + proc.stderr, root / "_build" / "html")


@pytest.fixture(scope="session")
def built_book() -> BuildResult:
    """The real book, built once per test session (execution results come from the cache)."""
    return run_build(REPO)


@pytest.fixture(scope="session")
def site(built_book: BuildResult) -> Path:
    if built_book.returncode != 0:
        pytest.fail(f"the book did not build:\n{built_book.log[-4000:]}")
    return built_book.html


@pytest.fixture
def book_copy(tmp_path: Path):
    """A minimal copy of the book (real config and bibliography) with pages we choose.

    Call it with {relative_path: text}; the toc lists the root page and those pages.
    """

    def make(pages: dict[str, str | None], toc: str | None = None) -> Path:
        root = tmp_path / "book-copy"
        (root / "book").mkdir(parents=True)
        # The real config, with the bibliography beside the pages: a `medmassage` folder in the copy
        # would shadow the course package for the build run there.
        config = (REPO / "_config.yml").read_text(encoding="utf-8")
        named = str(BIBLIOGRAPHY.relative_to(REPO))
        assert named in config
        (root / "_config.yml").write_text(config.replace(named, "book/references.bib"), encoding="utf-8")
        shutil.copy(BIBLIOGRAPHY, root / "book" / "references.bib")
        (root / "book" / "intro.md").write_text("# Intro\n\nA test root page.\n", encoding="utf-8")
        (root / "book" / "references.md").write_text("# References\n\n```{bibliography}\n```\n", encoding="utf-8")
        pages = {**pages, "book/references.md": None}
        for rel, text in pages.items():
            if text is None:
                continue
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        if toc is None:
            chapters = "".join(
                f"  - file: {Path(rel).with_suffix('').as_posix()}\n" for rel in pages if rel.endswith(".md")
            )
            toc = f"format: jb-book\nroot: book/intro\nchapters:\n{chapters}"
        (root / "_toc.yml").write_text(toc, encoding="utf-8")
        return root

    return make


def require_tool(path: Path, how_to_get: str) -> Path:
    """A tool the tests need from outside PyPI: skip without it, except under CI=true, where it must be there."""
    if not path.exists():
        message = f"{path} is missing: {how_to_get}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and {message}")
        pytest.skip(message)
    return path


def copy_checkout(dest: Path) -> Path:
    """The repository's files as a clone of this working tree has them (tracked, and new files that
    are not ignored), copied into ``dest``."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "-co", "--exclude-standard"], cwd=REPO, capture_output=True, text=True, check=True
    )
    for name in filter(None, listed.stdout.split("\0")):
        source = REPO / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    return dest


@pytest.fixture(scope="session")
def chromium_path() -> str:
    return str(require_tool(Path(CHROMIUM), "install it with `apt-get install chromium`"))


@pytest.fixture(scope="session")
def browser(chromium_path, tmp_path_factory):
    """One Chromium for the whole session (Playwright's sync API allows one running instance)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=chromium_path,
            args=CHROMIUM_ARGS,
            headless=True,
        )
        yield context
        context.close()


LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@pytest.fixture
def offline_page(browser):
    """A page whose requests to any host but localhost are blocked and recorded."""
    page = browser.new_page()
    page.blocked = []
    page.console_errors = []

    def route(r):
        if urlparse(r.request.url).hostname in LOCAL_HOSTS or r.request.url.startswith("data:"):
            r.continue_()
        else:
            page.blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda msg: page.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    yield page
    if urlparse(page.url).hostname in LOCAL_HOSTS:  # saved quiz answers must not leak into the next test
        page.evaluate("() => { try { localStorage.clear(); } catch (e) {} }")
    page.close()
