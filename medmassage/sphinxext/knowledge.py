"""The knowledge base for a build: loaded and validated once, shared by every directive.

It is loaded when the builder starts, so a bad entry stops the build before any page is read, with
one message per problem naming the file, the id and the field. It is the process's one copy
(:func:`medmassage.knowledge.loader.knowledge_base`), which the quiz banks check against too;
Sphinx's parallel readers are forked after loading, so they share it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError
from sphinx.util import logging

from ..knowledge import KnowledgeBase, KnowledgeBaseError, loader
from ..knowledge.bibliography import BibliographyError
from ..paths import KNOWLEDGE_DIR

logger = logging.getLogger(__name__)


def data_dir(config: Config) -> Path:
    """The knowledge base's folder: ``medmassage_knowledge_dir``, or the course's own."""
    return Path(config.medmassage_knowledge_dir or KNOWLEDGE_DIR)


def knowledge_base(config: Config) -> KnowledgeBase:
    """The validated knowledge base this build renders from."""
    return loader.knowledge_base(data_dir(config))


def load(app: Sphinx) -> None:
    """``builder-inited``: validate the knowledge base (stop on error); warn on stale reviews."""
    loader.forget_loaded()  # a long-lived process (sphinx-autobuild, tests) sees edited data
    try:
        kb = knowledge_base(app.config)
    except (KnowledgeBaseError, BibliographyError) as exc:
        raise ExtensionError(f"knowledge base: {exc}") from None
    for message in loader.stale_reviews(kb, date.today(), app.config.medmassage_review_max_age_days):
        logger.warning(message, type="medmassage", subtype="stale-review")


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", load)
