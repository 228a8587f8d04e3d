"""The package's copy of the book's labels and address (read by installed packages) is current."""

from __future__ import annotations

from medmassage.paths import BOOK_INDEX
from medmassage.quiz import links
from tests.conftest import REPO


def test_the_committed_book_index_matches_the_pages_and_config():
    committed = BOOK_INDEX.read_text(encoding="utf-8")
    assert committed == links.as_json(links.index_from_sources(REPO)), "run `make book` and commit book_index.json"


def test_a_new_label_makes_the_index_stale(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "_config.yml").write_text("html:\n  baseurl: https://example.invalid/\n", encoding="utf-8")
    (tmp_path / "book" / "page.md").write_text("(first)=\n# Page\n", encoding="utf-8")
    target = tmp_path / "index.json"
    assert links.refresh(tmp_path, target) is True
    assert links.refresh(tmp_path, target) is False
    (tmp_path / "book" / "page.md").write_text("(first)=\n# Page\n\n(second)=\n## More\n", encoding="utf-8")
    assert links.refresh(tmp_path, target) is True
    assert '"second": "book/page"' in target.read_text(encoding="utf-8")
