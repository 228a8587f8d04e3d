"""The PDF edition (make pdf): read back with pypdf, a different PDF library from the pikepdf that
packs it. Every chapter is in its text and bookmarks, the contents' page numbers are right, every
figure is embedded, the quizzes and their answer key are there, and the site links to it."""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from medmassage.pdf import PDF_NAME, book_parts
from medmassage.quiz.bank import bank_paths, load_banks
from medmassage.quiz.static import prompt_text
from tests.book.htmlscan import content_pages
from tests.conftest import REPO

pytestmark = pytest.mark.browser

TITLE = re.compile(r"^# (.+)$", re.M)


@dataclass
class PdfBook:
    path: Path
    log: str
    text: list[str]  # per page
    outline: list  # pypdf's nested outline
    reader: object


def chapter_titles() -> list[tuple[str, str]]:
    """(docname, title) of every chapter, in the book's order, from the pages' own headings."""
    chapters = [doc for part in book_parts(REPO) for doc in part.chapters]
    return [(doc, TITLE.search((REPO / f"{doc}.md").read_text(encoding="utf-8")).group(1).strip()) for doc in chapters]


def squash(text: str) -> str:
    """Text to compare: extraction and line breaks change the spacing, Sphinx sets quotes curly,
    and Chromium's fonts join letters into ligatures (NFKC splits them)."""
    curly = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})
    return "".join(unicodedata.normalize("NFKC", text).translate(curly).split())


def bare(title: str) -> str:
    """A bookmark's title without its chapter number, squashed."""
    return squash(re.sub(r"^\d+\.\s+", "", title))


@pytest.fixture(scope="session")
def pdf_book(site, chromium_path) -> PdfBook:
    from pypdf import PdfReader

    proc = subprocess.run(
        [sys.executable, "-m", "medmassage.pdf", str(REPO)], capture_output=True, text=True, timeout=900, cwd=REPO
    )
    log = proc.stdout + proc.stderr
    if proc.returncode != 0:
        pytest.fail(f"make pdf failed:\n{log[-4000:]}")
    path = REPO / "_build" / "pdf" / PDF_NAME
    reader = PdfReader(path)
    return PdfBook(path, log, [page.extract_text() or "" for page in reader.pages], reader.outline, reader)


def top_chapters(book: PdfBook) -> list[tuple[str, int]]:
    """The bookmarks one level under the book's title: (title, page number)."""
    outline = book.outline
    assert outline[0].title == "Medical Massage: an evidence-based open course"
    assert isinstance(outline[1], list), "the chapters are bookmarks under the book's title"
    return [
        (entry.title, book.reader.get_destination_page_number(entry) + 1)
        for entry in outline[1]
        if not isinstance(entry, list)
    ]


def test_every_chapter_has_one_bookmark_in_the_books_order(pdf_book):
    bookmarks = [bare(title) for title, _ in top_chapters(pdf_book)]
    chapters = [bare(title) for _, title in chapter_titles()]
    assert [b for b in bookmarks if b in chapters] == chapters  # each once, in order
    for chapter in chapters:
        assert bookmarks.count(chapter) == 1, chapter


def test_text_has_every_chapter_title_and_the_not_medical_advice_notice(pdf_book):
    text = squash(" ".join(pdf_book.text))
    for _, title in chapter_titles():
        assert squash(title) in text, title
    assert squash("Education, not medical advice") in text
    assert squash("This book is education, not medical advice") in text


def test_the_contents_give_the_page_each_chapter_starts_on(pdf_book):
    contents = squash(pdf_book.text[0])
    assert contents.startswith(squash("Medical Massage: an evidence-based open course"))
    bookmarks = {bare(title): page for title, page in top_chapters(pdf_book)}
    for _, title in chapter_titles():
        page = bookmarks[squash(title)]
        assert f"{squash(title)}{page}" in contents, (title, page)
        assert squash(title) in squash(pdf_book.text[page - 1]), f"{title} does not start on page {page}"


def test_every_figure_is_embedded_with_its_caption(pdf_book):
    figures = sorted((REPO / "_build" / "singlehtml" / "_images").glob("*.png"))
    assert figures, "the single-page build has no figures"
    images = [image for page in pdf_book.reader.pages for image in page.images]
    assert len(images) >= len(figures)
    assert all(image.image.width >= 300 for image in images), "an image is a placeholder, not a figure"
    captions = re.findall(r"Fig\. \d+\.\d+", " ".join(pdf_book.text))
    assert len(set(captions)) >= len(figures) - 1  # the exercise's scatter plot has no numbered caption


def test_each_quiz_prints_as_questions_and_the_answer_key_ends_the_book(pdf_book):
    banks = load_banks(bank_paths())
    text = squash(" ".join(pdf_book.text))
    key_page = dict(top_chapters(pdf_book))["Quiz answer key"]
    assert top_chapters(pdf_book)[-1][0] == "Quiz answer key"
    key_text = squash(" ".join(pdf_book.text[key_page - 1 :]))
    for bank in banks.values():
        for question in bank.questions:
            assert squash(prompt_text(question)) in text, question.id
            for i in question.correct_indexes:
                assert squash(question.options[i].text) in key_text, question.id
    assert "Check" not in {line.strip() for page in pdf_book.text for line in page.splitlines()}, "buttons print"


def test_the_site_links_every_page_to_the_pdf(pdf_book, site):
    assert (site / PDF_NAME).read_bytes() == pdf_book.path.read_bytes()
    for page in content_pages(site):
        html = page.read_text(encoding="utf-8")
        match = re.search(
            r'<nav class="mm-download-pdf" aria-label="[^"]+">\s*<a href="([^"]+)"[^>]*>Download the book \(PDF\)</a>',
            html,
        )
        assert match, page
        assert (page.parent / match.group(1)).resolve() == (site / PDF_NAME).resolve(), page


def test_the_build_reports_size_and_time(pdf_book):
    size = pdf_book.path.stat().st_size
    assert re.search(rf"{size:,} bytes .*single-page build \d+ s, print \d+ s", pdf_book.log), pdf_book.log[-500:]


A4_TEXT_WIDTH = 673  # CSS pixels between the PDF's 16 mm margins on A4 (210 mm wide)


def test_every_table_and_figure_fits_the_printed_page(pdf_book, browser):
    page = browser.new_page()
    try:
        page.set_viewport_size({"width": A4_TEXT_WIDTH, "height": 950})
        page.goto((REPO / "_build" / "singlehtml" / "whole-book.html").as_uri(), wait_until="load")
        page.emulate_media(media="print")
        too_wide = page.evaluate(
            """(width) => [...document.querySelectorAll(".bd-article table, .bd-article img, .bd-article pre")]
                .filter((el) => el.getBoundingClientRect().width > width + 1 || el.scrollWidth > el.clientWidth + 1)
                .map((el) => el.tagName + " " + (el.closest("section[id]")?.id ?? "") + " "
                     + Math.round(el.getBoundingClientRect().width) + "/" + el.scrollWidth)""",
            A4_TEXT_WIDTH,
        )
        assert too_wide == []
    finally:
        page.close()


def test_citations_and_the_bibliography_are_printed(pdf_book):
    references = dict(top_chapters(pdf_book))["References"]
    key = dict(top_chapters(pdf_book))["Quiz answer key"]
    before = squash(" ".join(pdf_book.text[: references - 1]))
    bibliography = squash(" ".join(pdf_book.text[references - 1 : key - 1]))
    assert squash("[Furlan et al., 2015]") in before  # a citation in a chapter
    assert squash("Massage for low-back pain") in bibliography  # its entry in the bibliography
    assert squash("Cochrane Database of Systematic Reviews") in bibliography


def test_without_chromium_the_pdf_build_says_what_to_install(tmp_path):
    """One line naming the missing browser and how to get it, and no traceback."""
    env = {"CHROMIUM_PATH": str(tmp_path / "no-chromium"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "medmassage.pdf", str(REPO)], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"error: the PDF is printed by Chromium, which is not at {tmp_path / 'no-chromium'}. "
        "Install it with `sudo apt-get install chromium`, or set CHROMIUM_PATH."
    ]
