"""The built "Your progress" and answer-key pages: every quiz, every answer, working links."""

from __future__ import annotations

import posixpath
import re
from html import unescape

from medmassage.quiz.bank import bank_paths, load_banks
from medmassage.quiz.links import label_index
from tests.book.htmlscan import scan

BANKS = load_banks(bank_paths())


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_the_progress_page_lists_every_quiz_with_a_link_to_its_chapter(site):
    docname = label_index()["progress"]
    html = (site / f"{docname}.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr data-quiz="([^"]+)" data-questions="([^"]+)"><th scope="row">(.*?)</th>', html, re.S)
    assert sorted(chapter for chapter, _, _ in rows) == sorted(BANKS)
    for chapter, questions, header in rows:
        bank = BANKS[chapter]
        assert questions.split() == [f"{q.id}:{q.version}" for q in bank.questions]
        href = re.search(r'href="([^"#]+)', header).group(1)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(docname), href))
        assert target == f"{label_index()[bank.label]}.html", chapter
    assert "in this browser only" in _text(html)


def test_the_answer_key_gives_every_quiz_and_every_right_answer(site):
    page = site / f"{label_index()['answer-key']}.html"
    # Sphinx sets straight quotes as curly ones in page text; the words must be the bank's.
    curly = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})
    text = " ".join(" ".join(scan(page).text).translate(curly).split())
    for bank in BANKS.values():
        assert bank.title in text
        for question in bank.questions:
            for i in question.correct_indexes:
                assert " ".join(question.options[i].text.split()) in text, question.id
            assert " ".join(question.explanation.split()) in text, question.id
