# Two commands on a fresh Debian machine with Python 3.11:
#   make book   set up .venv and build the book into _build/html
#   make test   set up .venv with the test tools and run every test
# Other targets: pdf, serve, bench, lint, lock, linkcheck, exercise, clean.

# `book/` is a folder, so every target that shares a name with a path must be phony.
.PHONY: book pdf test serve bench lint lock linkcheck exercise clean venv test-venv browser

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HTMLCS := _build/a11y-tools/node_modules/html_codesniffer/build/HTMLCS.js  # the second accessibility engine (below)

# --- environment -----------------------------------------------------------
$(BIN)/python:
	@tools/ensure-venv.sh $(PYTHON) $(VENV)

$(VENV)/.book-installed: $(BIN)/python requirements.txt constraints.txt pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

$(VENV)/.test-installed: $(VENV)/.book-installed requirements-test.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt -c constraints.txt
	@touch $@

venv: $(VENV)/.book-installed
test-venv: $(VENV)/.test-installed

browser:
	@tools/ensure-chromium.sh

# --- the book --------------------------------------------------------------
book: venv
	$(BIN)/python -m medmassage.quiz index
	$(BIN)/python -m medmassage.build .
	@echo "The site is in _build/html. Serve it with: make serve (http://localhost:$(PORT)/)"

# The whole book as one PDF (medmassage/pdf.py): Sphinx's single-page build, printed by Debian's
# Chromium through Playwright and packed by pikepdf (both test tools). Writes
# _build/pdf/medical-massage.pdf, and a copy into _build/html for the site's download link.
pdf: test-venv browser
	$(BIN)/python -m medmassage.quiz index
	$(BIN)/python -m medmassage.pdf .

serve:
	@test -f _build/html/index.html || { echo "No site yet: run make book first."; exit 1; }
	@echo "Serving _build/html at http://localhost:$(PORT)/ (Ctrl-C to stop)"
	$(PYTHON) -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

# --- checks ----------------------------------------------------------------
lint: test-venv
	$(BIN)/ruff check medmassage tests tools

test: test-venv browser lint $(HTMLCS)
	$(BIN)/python -m medmassage.knowledge
	$(BIN)/python -m pytest

# HTML_CodeSniffer (from npm), the site tests' second accessibility engine beside axe-core;
# like Lighthouse, it goes under _build/, never into the repository.
$(HTMLCS):
	npm install --prefix _build/a11y-tools --no-audit --no-fund --silent html_codesniffer@2.5.1

# Lighthouse (from npm) goes under _build/, never into the repository.
LIGHTHOUSE := _build/bench-tools/node_modules/.bin/lighthouse
$(LIGHTHOUSE):
	npm install --prefix _build/bench-tools --no-audit --no-fund --silent lighthouse@13.5.0

bench: test-venv browser $(LIGHTHOUSE)
	$(BIN)/python tools/bench.py

# External links, weekly in CI. Sphinx writes its report (output.txt, output.json) into the
# builder folder, so it goes to _linkcheck/_build/html, never into the deployed _build/html.
linkcheck: venv
	$(BIN)/jupyter-book build . --builder linkcheck --path-output _linkcheck

# Re-pin every dependency (needs the package index). Commit the changed files.
lock:
	tools/lock.sh

# --- exercises -------------------------------------------------------------
# Regenerate the exercise's student notebook and autograder from its master notebook with
# `otter assign`, which also runs every test, hidden ones included, against the solutions.
# The student notebook is committed (Binder and JupyterHub open it directly); dist/ is not.
EXERCISE := exercises/find-a-therapist
exercise: venv
	rm -rf $(EXERCISE)/dist
	cd $(EXERCISE) && $(CURDIR)/$(BIN)/otter assign master/find-a-therapist.ipynb dist
	cp $(EXERCISE)/dist/student/find-a-therapist.ipynb $(EXERCISE)/find-a-therapist.ipynb
	$(BIN)/python -m medmassage.finder.checks $(EXERCISE)/find-a-therapist.ipynb
	@echo "Student notebook: $(EXERCISE)/find-a-therapist.ipynb; autograder: $(EXERCISE)/dist/autograder/"

clean:
	rm -rf _build _linkcheck .pytest_cache .hypothesis
