"""`make bench`: measure the book build and the weight of its pages. Reports numbers; never fails on them.

Prints:
- build times side by side with the official template (``jupyter-book create``), built in the
  same run, alternately, and the three ratios the course aims for: a no-change rebuild (at most
  1.3 times the template's), a one-page text edit (1.5 times) and a cold build per page (at most
  the template's per page). The book is built as ``make book`` does; the template plainly;
- the page count;
- for each page, the gzipped bytes of the HTML, CSS, JS, images and fonts a browser loads,
  lazy-loaded figures included (Chromium via Playwright, everything
  not on localhost blocked and listed), and the largest assets;
- every external URL a page tried to load;
- the gzipped size of the shared quiz script and styles (budget: 6 KB together);
- the PDF edition (``make pdf``): its size (aim: under 5 MB), pages and build time;
- Lighthouse scores for four page types: the median of a few runs, with the range.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote, urlparse

from medmassage.chromium import CHROMIUM, CHROMIUM_ARGS

REPO = Path(__file__).resolve().parent.parent
COPY_IGNORE = shutil.ignore_patterns(
    ".venv", "_build", "_linkcheck", ".git", ".pytest_cache", ".hypothesis", "__pycache__"
)
KINDS = {
    ".html": "html",
    ".css": "css",
    ".js": "js",
    ".png": "img",
    ".svg": "img",
    ".jpg": "img",
    ".gif": "img",
    ".ico": "img",
    ".woff": "font",
    ".woff2": "font",
    ".ttf": "font",
}


def _timed(command: list[str], cwd: Path) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, cwd=cwd)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"the build failed ({' '.join(command)}):\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}")
    return elapsed, proc.stdout


def timed_build(root: Path) -> tuple[float, str]:
    """The book, built as make book does."""
    return _timed([sys.executable, "-m", "medmassage.build", str(root)], root)


def timed_template_build(root: Path) -> tuple[float, str]:
    """The official template, built as its README says."""
    return _timed([str(Path(sys.executable).parent / "jupyter-book"), "build", str(root)], root)


EDITED_PAGE = {"book": "book/back/glossary.md", "template": "markdown.md"}  # text pages, no code cells
ROUNDS = 3  # medians of this many alternating runs


def compare_with_template(book: Path, template: Path) -> dict[str, dict[str, float]]:
    """Cold, no-change and one-page-edit times for both, run alternately so load affects both alike."""
    builders = {"book": (book, timed_build), "template": (template, timed_template_build)}
    times: dict[str, dict[str, list[float]]] = {name: defaultdict(list) for name in builders}
    for name, (root, run) in builders.items():
        times[name]["cold"].append(run(root)[0])
        times[name]["pages"].append(len(pages_of(root / "_build" / "html")))
    for round_number in range(ROUNDS):
        for name, (root, run) in builders.items():
            times[name]["no-change"].append(run(root)[0])
        for name, (root, run) in builders.items():
            page = root / EDITED_PAGE[name]
            page.write_text(page.read_text(encoding="utf-8") + f"\n\nEdit {round_number}.\n", encoding="utf-8")
            times[name]["one-page edit"].append(run(root)[0])
    return {name: {kind: statistics.median(values) for kind, values in kinds.items()} for name, kinds in times.items()}


def print_comparison(result: dict[str, dict[str, float]]) -> None:
    book, template = result["book"], result["template"]
    print(f"{'':22}{'book':>10}{'template':>10}{'ratio':>8}{'target':>9}")
    rows = [
        ("no-change rebuild", book["no-change"], template["no-change"], 1.3),
        ("one-page text edit", book["one-page edit"], template["one-page edit"], 1.5),
        ("cold build per page", book["cold"] / book["pages"], template["cold"] / template["pages"], 1.0),
    ]
    for label, ours, theirs, target in rows:
        ratio = ours / theirs
        verdict = "met" if ratio <= target else "over"
        print(f"{label:22}{ours:9.2f}s{theirs:9.2f}s{ratio:7.2f}x  <={target:.1f}x {verdict}")
    print(f"{'cold build':22}{book['cold']:9.2f}s{template['cold']:9.2f}s")
    print(f"{'pages':22}{book['pages']:10.0f}{template['pages']:10.0f}")
    print(f"(medians of {ROUNDS} alternating runs; cold builds start with an empty execution cache)")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class _GzipHandler(_QuietHandler):
    """Serves text assets gzip-compressed, as GitHub Pages does, so Lighthouse measures the book.

    It speaks HTTP/1.1, so the browser keeps connections open as it would with any real host
    (GitHub Pages serves HTTP/2). The standard library's default, HTTP/1.0, opens a new
    connection per file, which Lighthouse's network model charges a round trip each.
    """

    protocol_version = "HTTP/1.1"  # every response below sets Content-Length, as keep-alive needs

    COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants_gzip and path.is_file() and path.suffix in self.COMPRESSIBLE):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def pages_of(site: Path) -> list[Path]:
    skip = {"search.html", "genindex.html", "index.html"}
    return sorted(p for p in site.rglob("*.html") if p.name not in skip and "_static" not in p.parts)


def _recorder(site: Path, loaded: set[Path], outside: list[str]):
    """A Playwright route handler: serve localhost, note its files, block and list the rest."""

    def route(r) -> None:  # one parameter: Playwright passes (route, request) to two-parameter handlers
        url = urlparse(r.request.url)
        if url.hostname == "127.0.0.1":
            local = site / unquote(url.path).lstrip("/")
            if local.is_file():
                loaded.add(local)
            r.continue_()
        elif r.request.url.startswith("data:"):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    return route


LOAD_LAZY_IMAGES = """async () => {
  const images = Array.from(document.images);
  images.forEach(image => { image.loading = "eager"; });
  await Promise.all(images.map(image => image.complete ? null
    : new Promise(done => { image.addEventListener("load", done); image.addEventListener("error", done); })));
}"""


def weigh_pages(
    site: Path, pages: list[Path]
) -> tuple[dict[str, dict[str, int]], dict[str, list[str]], dict[str, int]]:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    weights: dict[str, dict[str, int]] = {}
    external: dict[str, list[str]] = {}
    largest: dict[str, int] = {}
    gz_cache: dict[Path, int] = {}

    def gz(path: Path) -> int:
        if path not in gz_cache:
            gz_cache[path] = len(gzip.compress(path.read_bytes(), 6))
        return gz_cache[path]

    with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        context = p.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for page_path in pages:
            rel = page_path.relative_to(site).as_posix()
            loaded: set[Path] = set()
            outside: list[str] = []

            page = context.new_page()
            page.route("**/*", _recorder(site, loaded, outside))
            page.goto(f"{base}/{rel}", wait_until="load")
            page.evaluate(LOAD_LAZY_IMAGES)  # count every figure: the weight of the whole page, read to the end
            page.wait_for_load_state("networkidle")
            page.close()
            totals: dict[str, int] = defaultdict(int)
            for path in loaded:
                totals[KINDS.get(path.suffix, "other")] += gz(path)
                largest[path.relative_to(site).as_posix()] = gz(path)
            totals["total"] = sum(totals.values())
            weights[rel] = dict(totals)
            external[rel] = sorted(set(outside))
        context.close()
    server.shutdown()
    return weights, external, largest


LIGHTHOUSE = REPO / "_build" / "bench-tools" / "node_modules" / ".bin" / "lighthouse"
LIGHTHOUSE_PAGES = {
    "intro": "book/intro.html",
    "condition chapter": "book/conditions/low-back-pain.html",
    "page with a quiz": "book/foundations/reading-the-evidence.html",
    "exercise page": "book/exercises/find-a-therapist.html",
}


LIGHTHOUSE_RUNS = 3  # scores vary from run to run on a busy machine; report the median and the range


def lighthouse_scores(site: Path) -> dict[str, dict[str, list[int]]]:
    """Lighthouse (mobile, default settings) for four page types, served with gzip on localhost.

    Returns, per page type and category, the scores of every run.
    """
    handler = functools.partial(_GzipHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    scores: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    try:
        for (kind, rel), _ in itertools.product(LIGHTHOUSE_PAGES.items(), range(LIGHTHOUSE_RUNS)):
            with tempfile.TemporaryDirectory() as profile:
                flags = " ".join([*CHROMIUM_ARGS, f"--user-data-dir={profile}"])
                proc = subprocess.run(
                    [
                        str(LIGHTHOUSE),
                        f"http://127.0.0.1:{server.server_port}/{rel}",
                        "--output=json",
                        "--output-path=stdout",
                        "--quiet",
                        f"--chrome-flags={flags}",
                        "--only-categories=performance,accessibility,best-practices,seo",
                    ],
                    capture_output=True,
                    text=True,
                    env=env,
                    timeout=180,
                )
            if proc.returncode != 0:
                print(f"lighthouse failed on {rel} (exit {proc.returncode}): {proc.stderr[-500:]}", file=sys.stderr)
                continue
            for name, category in json.loads(proc.stdout)["categories"].items():
                scores[kind][name].append(round((category["score"] or 0) * 100))
    finally:
        server.shutdown()
    return scores


QUIZ_ASSETS = ("quiz.js", "quiz.css")  # loaded by every page with a quiz or the progress table
QUIZ_BUDGET = 6 * 1024


def quiz_asset_sizes(site: Path) -> dict[str, int]:
    """Gzipped bytes of the shared quiz script and styles, as the site serves them."""
    return {name: len(gzip.compress((site / "_static" / name).read_bytes(), 6)) for name in QUIZ_ASSETS}


def pdf_edition(root: Path) -> tuple[int, int, float]:
    """Build the PDF edition of the copy at ``root`` as `make pdf` does: (bytes, pages, seconds)."""
    from pypdf import PdfReader

    from medmassage.pdf import build_pdf

    started = time.monotonic()
    path = build_pdf(root)
    seconds = time.monotonic() - started
    return path.stat().st_size, len(PdfReader(path).pages), seconds


def main() -> None:
    if not Path(CHROMIUM).exists():
        sys.exit("make bench needs Debian's Chromium: apt-get install chromium")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "book"
        shutil.copytree(REPO, root, ignore=COPY_IGNORE)
        template = Path(tmp) / "template"
        subprocess.run(
            [str(Path(sys.executable).parent / "jupyter-book"), "create", str(template)],
            check=True,
            capture_output=True,
        )
        comparison = compare_with_template(root, template)
        _, log = timed_build(root)
        site = root / "_build" / "html"
        pages = pages_of(site)
        weights, external, largest = weigh_pages(site, pages)
        lighthouse = lighthouse_scores(site) if LIGHTHOUSE.exists() else None
        quiz_assets = quiz_asset_sizes(site)
        pdf_bytes, pdf_pages, pdf_seconds = pdf_edition(root)

    print("== build, side by side with the official template ==")
    print_comparison(comparison)
    print(f"notebooks executed by a no-change rebuild: {log.count('Executing notebook')}")
    print("\n== page weight (gzipped bytes a browser loads) ==")
    cols = ["html", "css", "js", "img", "font", "total"]
    print(f"{'page':48} " + " ".join(f"{c:>9}" for c in cols))
    for rel, totals in weights.items():
        print(f"{rel:48} " + " ".join(f"{totals.get(c, 0):>9,}" for c in cols))
    mean = sum(t["total"] for t in weights.values()) / len(weights)
    print(f"{'mean':48} " + " " * 50 + f"{mean:>9,.0f}")
    median = statistics.median(t["total"] for t in weights.values())
    print(f"{'median':48} " + " " * 50 + f"{median:>9,.0f}")
    print("\n== largest assets (gzipped bytes) ==")
    for name, size in sorted(largest.items(), key=lambda item: -item[1])[:8]:
        print(f"{size:>9,}  {name}")
    print("\n== external URLs pages tried to load (blocked while measuring) ==")
    any_external = False
    for rel, urls in external.items():
        for url in urls:
            any_external = True
            print(f"{rel}: {url}")
    if not any_external:
        print("none")
    print("\n== shared quiz script and styles (gzipped bytes) ==")
    for name, size in quiz_assets.items():
        print(f"{size:>9,}  {name}")
    total = sum(quiz_assets.values())
    print(f"{total:>9,}  together: {total / QUIZ_BUDGET:.0%} of the {QUIZ_BUDGET:,}-byte budget")
    print("\n== PDF edition (make pdf) ==")
    print(f"{pdf_bytes:,} bytes ({pdf_bytes / 1e6:.1f} MB; aim under 5 MB), {pdf_pages} pages, in {pdf_seconds:.0f} s")
    print("\n== Lighthouse (mobile; site served with gzip) ==")
    if lighthouse is None:
        print(f"skipped: {LIGHTHOUSE} is missing (make bench installs it with npm)")
    else:
        print(f"median of {LIGHTHOUSE_RUNS} runs per page, with the range in brackets")
        for kind in LIGHTHOUSE_PAGES:
            result = lighthouse.get(kind)
            if not result:
                print(f"{kind:20} no successful run")
                continue
            print(
                f"{kind:20} "
                + "  ".join(
                    f"{name} {statistics.median(runs):g} [{min(runs)}-{max(runs)}]" for name, runs in result.items()
                )
            )


if __name__ == "__main__":
    main()
