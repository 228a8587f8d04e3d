"""What every export carries, as the HTML an LMS shows: each text of a question, and the link back to the book.

Bank text is untrusted, and LMS text fields are HTML, so every text is HTML-escaped here (the XML writers
then escape it again as XML): a prompt ``<script>`` shows as text. The checks refuse what no XML file can
carry, naming the question and field, before anything is written.
"""

from __future__ import annotations

import re
from html import escape
from urllib.parse import urlsplit

from ..links import label_index, section_href
from ..models import Bank, Question
from ..static import SectionLink, prompt_text

#: Characters XML 1.0 cannot hold in any form, not even as a character reference.
NOT_IN_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class Unexportable(ValueError):
    """A bank holds something an export cannot carry; the caller names the bank's file."""

    def __init__(self, chapter: str, question_id: str | None, field: str, message: str) -> None:
        super().__init__(message)
        self.chapter, self.question_id, self.field = chapter, question_id, field


class SiteAddressError(ValueError):
    """The book's address is not absolute, so the exports could not link back to it."""


def html_text(text: str) -> str:
    """Bank text as HTML that shows exactly that text. Line breaks become ``\\n``, as any XML reader makes them."""
    return escape(text.replace("\r\n", "\n").replace("\r", "\n"), quote=True)


def prompt_html(question: Question) -> str:
    """The prompt as the book shows it (with its "choose all that apply" hint)."""
    return f"<p>{html_text(prompt_text(question))}</p>"


def section_url(question: Question, base_url: str) -> str:
    return section_href(question.section, None, base_url)


def general_feedback_html(question: Question, base_url: str) -> str:
    """The explanation, then a link to the section of the book that teaches it."""
    link = SectionLink(question.section)
    return (
        f"<p>{html_text(question.explanation)}</p>"
        f'<p><a href="{html_text(section_url(question, base_url))}">{html_text(link.text)}</a></p>'
    )


def texts(bank: Bank) -> list[tuple[str | None, str, str]]:
    """Every free text of a bank, as (question id, field, text)."""
    found: list[tuple[str | None, str, str]] = [(None, "title", bank.title)]
    for question in bank.questions:
        found += [(question.id, "prompt", question.prompt), (question.id, "explanation", question.explanation)]
        for i, option in enumerate(question.options):
            found += [
                (question.id, f"options.{i}.text", option.text),
                (question.id, f"options.{i}.feedback", option.feedback),
            ]
    return found


def check_bank(bank: Bank) -> None:
    """Raise :class:`Unexportable` for the first text no XML file can hold, or a section the book lacks."""
    for question_id, field, text in texts(bank):
        bad = NOT_IN_XML.search(text)
        if bad:
            raise Unexportable(
                bank.chapter,
                question_id,
                field,
                f"contains the control character U+{ord(bad.group()):04X}, which XML cannot carry",
            )
    labels = label_index()
    for question in bank.questions:
        if question.section not in labels:
            raise Unexportable(
                bank.chapter,
                question.id,
                "section",
                f"no section labelled '{question.section}' in the book (broken link)",
            )


def check_site(base_url: str) -> None:
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SiteAddressError(
            f"the book's address {base_url!r} (html.baseurl in _config.yml) is not an absolute http(s) address, "
            "so the exported questions could not link back to the book"
        )
