# Newsstand: `make run` to try it, `make test` to check it. `make help` lists the rest.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
AXE := node_modules/.package-lock.json

.DEFAULT_GOAL := help
.PHONY: help run test lint format bench screenshots clean

help:  ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)  ## install, migrate, load the catalog, ingest and serve (PORT, NEWSSTAND_HOME)
	$(BIN)/newsstand up

test: $(STAMP) lint $(AXE)  ## install with dev extras, lint, run the whole suite (DATABASE_URL: on PostgreSQL)
	$(BIN)/pytest --cov --cov-report=term-missing:skip-covered

# axe-core for the browser tests' accessibility checks (package.json); they skip without npm.
$(AXE): package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund; \
	else echo "npm not found: the browser tests will skip their accessibility checks"; fi

lint: $(STAMP)  ## ruff lint and format check, as CI runs them
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)  ## apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP)  ## install the benchmark peers and run every benchmark (docs/benchmarks.md)
	$(BIN)/python -m pip install --quiet -e ".[dev,bench]"
	for script in bench/parse.py bench/extraction.py bench/ingest.py bench/stories.py bench/recommend.py bench/web.py; do \
		$(BIN)/python $$script || exit 1; \
	done

screenshots: $(STAMP)  ## a PNG of every page type at 390 and 1280 px into docs/screenshots/ (needs chromium)
	$(BIN)/python scripts/screenshots.py

clean:  ## remove the virtual environment, node_modules and local data (./var)
	rm -rf $(VENV) var node_modules .coverage .pytest_cache .ruff_cache
