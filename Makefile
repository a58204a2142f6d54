# Newsstand: `make run` to try it, `make test` to check it. `make help` lists the rest.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help run test lint format bench clean

help:  ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)  ## install, migrate, load the catalog, ingest and serve (PORT, NEWSSTAND_HOME)
	$(BIN)/newsstand up

test: $(STAMP) lint  ## install with dev extras, lint, run the whole suite (DATABASE_URL: on PostgreSQL)
	$(BIN)/pytest --cov --cov-report=term-missing:skip-covered

lint: $(STAMP)  ## ruff lint and format check, as CI runs them
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)  ## apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP)  ## install the benchmark peers and run every benchmark (docs/benchmarks.md)
	$(BIN)/python -m pip install --quiet -e ".[dev,bench]"
	for script in bench/parse.py bench/extraction.py bench/ingest.py bench/stories_copies.py bench/stories_clusters.py bench/stories_scale.py bench/recommend.py; do \
		$(BIN)/python $$script || exit 1; \
	done

clean:  ## remove the virtual environment and local data (./var)
	rm -rf $(VENV) var .coverage .pytest_cache .ruff_cache
