"""`make bench`: measure the book build and the weight of its pages. Reports numbers; never fails on them.

Prints:
- cold build time (a fresh copy, empty execution cache) and no-change rebuild time;
- the page count;
- for each page, the gzipped bytes of the HTML, CSS, JS, images and fonts a browser loads
  (Chromium via Playwright, everything not on localhost blocked and listed);
- every external URL a page tried to load.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote, urlparse

REPO = Path(__file__).resolve().parent.parent
COPY_IGNORE = shutil.ignore_patterns(
    ".venv", "_build", "_linkcheck", ".git", ".pytest_cache", ".hypothesis", "__pycache__"
)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
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


def timed_build(root: Path) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "medmassage.build", str(root)], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"the build failed:\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}")
    return elapsed, proc.stdout


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


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


def weigh_pages(site: Path, pages: list[Path]) -> tuple[dict[str, dict[str, int]], dict[str, list[str]]]:
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
            page.wait_for_timeout(300)  # let late requests (fonts, lazy scripts) start
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


def main() -> None:
    if not Path(CHROMIUM).exists():
        sys.exit("make bench needs Debian's Chromium: apt-get install chromium")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "book"
        shutil.copytree(REPO, root, ignore=COPY_IGNORE)
        cold, _ = timed_build(root)
        rebuild, log = timed_build(root)
        site = root / "_build" / "html"
        pages = pages_of(site)
        weights, external, largest = weigh_pages(site, pages)

    print("== build ==")
    print(f"cold build:        {cold:6.2f} s  ({cold / len(pages):.2f} s per page)")
    print(f"no-change rebuild: {rebuild:6.2f} s  (notebooks executed on rebuild: {log.count('Executing')})")
    print(f"pages:             {len(pages)}")
    print("\n== page weight (gzipped bytes a browser loads) ==")
    cols = ["html", "css", "js", "img", "font", "total"]
    print(f"{'page':48} " + " ".join(f"{c:>9}" for c in cols))
    for rel, totals in weights.items():
        print(f"{rel:48} " + " ".join(f"{totals.get(c, 0):>9,}" for c in cols))
    mean = sum(t["total"] for t in weights.values()) / len(weights)
    print(f"{'mean':48} " + " " * 50 + f"{mean:>9,.0f}")
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


if __name__ == "__main__":
    main()
