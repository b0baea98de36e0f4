# Draagkracht task runner. Everything installs into .venv; nothing global.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DATA ?= data_samples
DB ?= build/draagkracht.duckdb
PORT ?= 8501

.PHONY: demo test install build lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

build: install
	$(BIN)/draagkracht run $(DATA) --db $(DB)

demo: build
	$(BIN)/draagkracht serve --db $(DB) --port $(PORT)

test: install
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: install
	$(BIN)/python benchmarks/bench_pipeline.py

clean:
	rm -rf build .pytest_cache
