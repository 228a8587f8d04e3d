"""``make pdf``: the whole book as one PDF, from the same sources as the website.

Sphinx's single-page builder (``singlehtml``, through :mod:`medmassage.build`, so with the same
strict checks and the same execution cache) writes every chapter into one HTML page. Debian's
Chromium, driven by Playwright, prints that page with the book's print stylesheet
(``medmassage/static/medmassage.css``, ``@media print``): each chapter on a new page, page numbers
in the footer, and PDF bookmarks made from the headings (``outline=True``). Before printing, a
contents list with the book's parts is put on the title page; its page numbers come from a first
print's bookmarks (read with pikepdf, which also packs the file), so they are the pages the
chapters really start on.
Quizzes print as questions; the answer key is the book's last page. Nothing is downloaded.

    python -m medmassage.pdf [ROOT]    writes ROOT/_build/pdf/medical-massage.pdf, and a copy into
                                       ROOT/_build/html/ when the website has been built there
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .chromium import CHROMIUM, CHROMIUM_ARGS
from .datafiles import book_config

PDF_NAME = "medical-massage.pdf"  # the website's "Download the book (PDF)" link points here
FOOTER = (
    '<div style="font-size:8pt;width:100%;text-align:center;color:#333;">'
    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
)


@dataclass(frozen=True)
class Part:
    """A captioned part of the book's table of contents and its chapters (docnames)."""

    caption: str
    chapters: tuple[str, ...]


def book_parts(root: Path) -> list[Part]:
    """The parts and chapters of ``_toc.yml``, in order (the root page is the title page, not a chapter)."""
    from sphinx_external_toc.parsing import parse_toc_yaml

    site_map = parse_toc_yaml(root / "_toc.yml")
    return [
        Part(subtree.caption or "", tuple(str(item) for item in subtree.items))
        for subtree in site_map[site_map.root.docname].subtrees
    ]


# Runs in the printed page: the title page gets the edition note and a contents list (parts,
# chapter titles read from the page, and page numbers once known), images load now rather than
# lazily, and the theme's own per-page print title and contents go. Returns each chapter's title.
_PREPARE = """
({parts, pages, edition}) => {
  document.documentElement.classList.add("mm-whole-book");
  document.getElementById("jb-print-docs-body")?.remove();
  document.querySelectorAll("img[loading=lazy]").forEach((img) => { img.loading = "eager"; });
  const heading = (doc) => document.getElementById("document-" + doc)?.nextElementSibling?.querySelector("h1, h2");
  const text = (element) => {
    const copy = element.cloneNode(true);
    copy.querySelectorAll(".headerlink").forEach((a) => a.remove());
    return copy.textContent.replace(/\\s+/g, " ").trim();
  };
  document.querySelector(".mm-print-front")?.remove();
  const front = document.createElement("div");
  front.className = "mm-print-front";
  const note = document.createElement("p");
  note.className = "mm-print-edition";
  note.textContent = edition;
  const nav = document.createElement("nav");
  nav.className = "mm-print-toc";
  nav.setAttribute("aria-label", "Contents");
  const title = document.createElement("p");
  title.className = "mm-print-toc-title";
  title.textContent = "Contents";
  front.append(note, nav);
  nav.appendChild(title);
  const titles = {};
  for (const part of parts) {
    const caption = document.createElement("p");
    caption.className = "mm-print-toc-part";
    caption.textContent = part.caption;
    const list = document.createElement("ol");
    nav.append(caption, list);
    for (const doc of part.chapters) {
      const found = heading(doc);
      if (!found) { continue; }
      titles[doc] = text(found);
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = "#" + found.closest("section").id;
      link.textContent = titles[doc];
      const page = document.createElement("span");
      page.className = "mm-print-toc-page";
      page.textContent = pages[doc] ?? "";
      item.append(link, page);
      list.appendChild(item);
    }
  }
  const bookTitle = document.querySelector(".bd-article section > h1");
  bookTitle.after(front);
  return {titles, headings: [...document.querySelectorAll(".bd-article h1, .bd-article h2, .bd-article h3")].map(text)};
}
"""


def _edition_note(root: Path) -> str:
    address = (book_config(root).get("html") or {}).get("baseurl", "")
    where = f" The website, with working quizzes: {address}" if address else ""
    return f"This PDF edition was printed on {date.today().isoformat()} from the same sources as the website.{where}"


def _key(title: str) -> str:
    """A heading's text without spaces or the permalink sign: Chromium's bookmarks drop the space at
    each line break of a heading that wraps."""
    return "".join(title.removesuffix("#").split())


def finish(pdf_path: Path, headings: list[str]) -> dict[str, int]:
    """Give the bookmarks their headings' real text, pack the file (object streams), and return
    each bookmark's page number, by heading text."""
    import pikepdf

    by_key = {_key(text): text for text in headings}
    pages: dict[str, int] = {}
    with pikepdf.open(pdf_path, allow_overwriting_input=True) as pdf:
        index = {page.objgen: number for number, page in enumerate(pdf.pages, start=1)}
        with pdf.open_outline() as outline:
            stack = list(outline.root)
            while stack:
                item = stack.pop()
                stack.extend(item.children)
                text = by_key.get(_key(item.title))
                if text is None:  # a heading split across two pages is named twice
                    half = _key(item.title)[: len(_key(item.title)) // 2]
                    text = by_key.get(half, item.title)
                item.title = text
                destination = item.destination
                if isinstance(destination, pikepdf.Array) and len(destination):
                    pages.setdefault(text, index.get(destination[0].objgen, 0))
        pdf.save(pdf_path, object_stream_mode=pikepdf.ObjectStreamMode.generate, recompress_flate=True)
    return pages


def print_book(page_html: Path, out: Path, parts: list[Part], edition: str) -> None:
    """Print the single-page book to ``out`` twice: the second print has the contents' page numbers."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    spec = {"parts": [{"caption": p.caption, "chapters": list(p.chapters)} for p in parts], "edition": edition}
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, offline=True
        )
        try:
            page = context.new_page()
            page.goto(page_html.as_uri(), wait_until="load")
            page.emulate_media(media="print", color_scheme="light")
            page.evaluate("document.documentElement.dataset.theme = 'light'")
            pages: dict[str, int] = {}
            for _ in range(2):
                found = page.evaluate(_PREPARE, {**spec, "pages": pages})
                missing = [doc for part in parts for doc in part.chapters if doc not in found["titles"]]
                if missing:
                    raise SystemExit(f"error: no chapter heading found in {page_html} for: {', '.join(missing)}")
                try:
                    page.wait_for_function("[...document.images].every((img) => img.complete)")
                except PlaywrightTimeout:
                    waiting = page.evaluate("[...document.images].filter((img) => !img.complete).map((img) => img.src)")
                    raise SystemExit(f"error: images did not load within 30 s: {', '.join(waiting)}") from None
                page.pdf(
                    path=str(out),
                    format="A4",
                    margin={"top": "16mm", "bottom": "18mm", "left": "16mm", "right": "16mm"},
                    print_background=True,
                    display_header_footer=True,
                    header_template="<span></span>",
                    footer_template=FOOTER,
                    outline=True,  # PDF bookmarks from the headings
                    tagged=True,  # a structured PDF: screen readers and text extraction follow the headings
                )
                by_title = finish(out, found["headings"])
                pages = {doc: by_title[title] for doc, title in found["titles"].items() if title in by_title}
        finally:
            context.close()


def build_pdf(root: Path) -> Path:
    """Build the single page, print it, and put a copy beside the website. Returns the PDF's path."""
    from .build import build

    if not Path(CHROMIUM).is_file():
        raise SystemExit(
            f"error: the PDF is printed by Chromium, which is not at {CHROMIUM}. "
            "Install it with `sudo apt-get install chromium`, or set CHROMIUM_PATH."
        )
    started = time.monotonic()
    code = build(root, ["--builder", "singlehtml"])
    if code:
        raise SystemExit(code)
    built = time.monotonic()
    single = root / "_build" / "singlehtml"
    # Sphinx writes the page under the root document's name (book/intro.html) but makes its links to
    # _static/ and _images/ relative to the output folder, so it is printed from a copy there.
    page_html = single / "whole-book.html"
    shutil.copy2(single / f"{_root_docname(root)}.html", page_html)
    out_dir = root / "_build" / "pdf"
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / PDF_NAME
    print_book(page_html, out, book_parts(root), _edition_note(root))
    printed = time.monotonic()
    site = root / "_build" / "html"
    if (site / "index.html").is_file():
        shutil.copy2(out, site / PDF_NAME)
    size = out.stat().st_size
    print(
        f"{out.relative_to(root)}: {size:,} bytes ({size / 2**20:.1f} MiB); single-page build "
        f"{built - started:.0f} s, print {printed - built:.0f} s"
        + (f"; copied to {site.relative_to(root)}/" if (site / PDF_NAME).is_file() else "")
    )
    return out


def _root_docname(root: Path) -> str:
    from sphinx_external_toc.parsing import parse_toc_yaml

    return parse_toc_yaml(root / "_toc.yml").root.docname


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m medmassage.pdf", description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", default=".", type=Path, help="folder holding _config.yml and _toc.yml")
    args = parser.parse_args(argv)
    build_pdf(args.root.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["PDF_NAME", "Part", "book_parts", "build_pdf", "print_book"]
