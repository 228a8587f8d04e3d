"""Medical Massage: an evidence-based open course.

The package holds what the book's pages, quizzes and exercises share:

- :mod:`medmassage.knowledge`: the validated knowledge base (conditions,
  techniques, evidence findings) that every table, box and figure renders from;
- :mod:`medmassage.render`: turns knowledge-base records into MyST Markdown;
- :mod:`medmassage.plots`: matplotlib figures drawn from the knowledge base;
- :mod:`medmassage.sphinxext`: the Sphinx extension (directives, page adjustments, rebuilds).
"""

__version__ = "0.1.0"
