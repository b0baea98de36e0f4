# Draagkracht task runner. Everything installs into .venv; nothing global.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DATA ?= data_samples/org_demo
DB ?= build/draagkracht.duckdb
PORT ?= 8501
# The tests run in two processes (pytest-xdist), one per core; TEST_WORKERS=0 runs them in one.
TEST_WORKERS ?= 2

.PHONY: demo demo-users test install build lint bench clean chromium

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

build: install
	$(BIN)/draagkracht run $(DATA) --db $(DB)

# Demo users, one per role (passwords documented in README; for the demo only).
demo-users: install
	$(BIN)/draagkracht users add hr --role hr --password hr-demo-2026 --replace --db $(DB)
	$(BIN)/draagkracht users add manager --role manager --department afd-01 \
		--password manager-demo-2026 --replace --db $(DB)
	$(BIN)/draagkracht users add consultant --role consultant \
		--password consultant-demo-2026 --replace --db $(DB)

demo: build demo-users
	$(BIN)/draagkracht serve --db $(DB) --port $(PORT)

# Browser tests drive Debian's Chromium (a browser download cannot work offline).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium; }

test: install chromium
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n $(TEST_WORKERS)

lint: install
	$(BIN)/ruff check .

bench: install
	$(BIN)/python benchmarks/bench_pipeline.py
	$(BIN)/python benchmarks/bench_dashboard.py

clean:
	rm -rf build .pytest_cache
