"""Data text as literal MyST Markdown: what a contributor types is what a reader sees, never markup.

The book's boxes and tables are generated as MyST and parsed by Sphinx. MyST passes raw HTML through,
so a red flag's ``action`` reading ``<script>...</script>`` would run in the reader's browser, and a
backtick role or a ``:::`` fence in a field would be obeyed. Every data field is therefore plain
text: :func:`escape` backslash-escapes each character that Markdown, MyST or HTML could read as
syntax (CommonMark lets any ASCII punctuation be escaped this way), and collapses line breaks, so the
parser produces one text node and docutils escapes it again for HTML.

Markup the course itself writes (citations, references, emphasis around a label) is marked as
:class:`Markup`, which :func:`escape` leaves alone. No data field allows formatting of its own.
"""

from __future__ import annotations

import re

#: Characters with a meaning in CommonMark, MyST's extensions or HTML wherever they stand in a line.
_SYNTAX = re.compile(r"([\\`*_{}\[\]<>#+\-!|~$&:=^])")
#: '1.' or '1)' opening a line starts an ordered list.
_LIST_NUMBER = re.compile(r"^(\d+)([.)])")


class Markup(str):
    """MyST written by the course's code (a citation role, bold around a label): trusted, not escaped."""

    __slots__ = ()


def escape(text: str) -> Markup:
    """``text`` as MyST that renders exactly as ``text`` reads, on one line. Markup passes unchanged."""
    if isinstance(text, Markup):
        return text
    flat = " ".join(str(text).split())
    return Markup(_LIST_NUMBER.sub(r"\1\\\2", _SYNTAX.sub(r"\\\1", flat)))
