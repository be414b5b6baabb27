# Maillage — two commands: `make demo` and `make test`.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Type-checked by mypy in `make test`: the whole package.
TYPED := src/maillage

# Django 6 needs Python >= 3.12: take the first suitable interpreter on PATH or under pyenv.
PYTHON ?= $(shell for p in python3.13 python3.12 python3 \
	$$HOME/.pyenv/versions/3.13*/bin/python3 $$HOME/.pyenv/versions/3.12*/bin/python3 \
	/root/.pyenv/versions/3.13*/bin/python3 /root/.pyenv/versions/3.12*/bin/python3; do \
	if [ -x "$$(command -v $$p 2>/dev/null)" ] && "$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	command -v $$p; break; fi; done)

.PHONY: demo test test-sqlite test-postgresql test-e2e lint messages translations clean

$(BIN)/python:
	@if [ -z "$(PYTHON)" ]; then \
		echo "Maillage needs Python 3.12 or newer (Django 6). Install it, e.g. 'apt-get install python3.12' or 'pyenv install 3.12', then run make again." >&2; \
		exit 1; fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(VENV)/.installed $@

# The .mo catalogues are build output: compiled before the app or the tests run.
translations: $(VENV)/.installed
	MAILLAGE_TESTING=1 $(BIN)/maillage compiletranslations

# The web server and the background worker together; Ctrl-C stops both.
demo: translations
	MAILLAGE_DEBUG=1 $(BIN)/maillage migrate --no-input
	MAILLAGE_DEBUG=1 $(BIN)/maillage demo
	@echo "Maillage is starting on http://$(HOST):$(PORT)/ with its background worker (Ctrl-C to stop)"
	@MAILLAGE_DEBUG=1 $(BIN)/maillage worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT; \
	MAILLAGE_DEBUG=1 $(BIN)/maillage runserver $(HOST):$(PORT)

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check src tests bench
	MAILLAGE_TESTING=1 $(BIN)/mypy $(TYPED)
	MAILLAGE_TESTING=1 $(BIN)/maillage makemigrations --check --dry-run
	$(BIN)/djlint src/maillage --lint
	$(BIN)/lint-imports --no-logo

test-sqlite: $(VENV)/.dev-installed translations
	@echo "=== Test suite on SQLite ==="
	MAILLAGE_TESTING=1 $(BIN)/python -m pytest -m "not e2e" -q

test-postgresql: $(VENV)/.dev-installed translations
	@echo "=== Test suite on PostgreSQL (throwaway cluster) ==="
	MAILLAGE_TESTING=1 $(BIN)/python tests/tools/pgcluster.py -- \
		$(BIN)/python -m pytest -m "not e2e and not pure" -q

test-e2e: $(VENV)/.dev-installed translations
	@echo "=== Browser tests in headless Chromium ==="
	MAILLAGE_TESTING=1 $(BIN)/python -m pytest -m e2e -q tests/e2e

test: lint test-sqlite test-postgresql test-e2e

messages: $(VENV)/.dev-installed
	cd src/maillage && MAILLAGE_TESTING=1 ../../$(BIN)/maillage makemessages -l fr --no-location
	MAILLAGE_TESTING=1 $(BIN)/maillage compiletranslations

clean:
	rm -rf $(VENV) var
