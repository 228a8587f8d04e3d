"""Small HTML readers for the site tests, built on the standard library's parser."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path


@dataclass
class PageScan:
    images: list[dict[str, str | None]] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)  # src of <script src=...>
    stylesheets: list[str] = field(default_factory=list)
    has_math: bool = False
    text: list[str] = field(default_factory=list)


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scan = PageScan()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "img":
            self.scan.images.append(a)
        elif tag == "script" and a.get("src"):
            self.scan.scripts.append(a["src"] or "")
        elif tag == "link" and (a.get("rel") or "") == "stylesheet":
            self.scan.stylesheets.append(a.get("href") or "")
        classes = (a.get("class") or "").split()
        if "math" in classes or "MathJax" in classes:
            self.scan.has_math = True

    def handle_data(self, data: str) -> None:
        self.scan.text.append(data)


def scan(path: Path) -> PageScan:
    scanner = _Scanner()
    scanner.feed(path.read_text(encoding="utf-8"))
    return scanner.scan


def images_without_alt(path: Path) -> list[str]:
    """The src of every <img> whose alt text is missing or blank."""
    return [(img.get("src") or "")[:80] for img in scan(path).images if not (img.get("alt") or "").strip()]


#: External script hosts allowed, and when. Everything else must be served by the site itself.
ALLOWED_EXTERNAL_SCRIPTS = {
    # MathJax, only on pages that contain math.
    "mathjax": ("cdn.jsdelivr.net/npm/mathjax",),
}


def external_scripts(path: Path) -> list[str]:
    """Scripts loaded from another host when the page opens, minus those the rules allow."""
    page = scan(path)
    found = []
    for src in page.scripts:
        if not src.startswith(("http://", "https://", "//")):
            continue
        if page.has_math and any(host in src for host in ALLOWED_EXTERNAL_SCRIPTS["mathjax"]):
            continue
        found.append(src)
    return found


def content_pages(site: Path) -> list[Path]:
    """The book's own pages (not Sphinx's search and index pages, nor the root redirect)."""
    skip = {"search.html", "genindex.html", "index.html"}
    return sorted(p for p in site.rglob("*.html") if p.name not in skip and "_static" not in p.parts)
