# RIES Atlas — the two commands of the README, plus benchmarks and data builds.
#   make run    set up .venv and serve the app on http://localhost:8501 (bundled data)
#   make test   set up .venv with dev tools and run the whole suite (ruff + pytest, browser tests included)
#   make check  the inner loop: ruff + the fast tests and doctests (no browser, no rebuild, nothing marked slow)
#   make bench  run the benchmark scripts in bench/ and write bench/results.md

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501

.PHONY: run test check lint bench data boundaries indicators weights clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt requirements-nodeps.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -r requirements-nodeps.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt requirements-bench.txt $(VENV)/.runtime
	$(PY) -m pip install --quiet -r requirements-dev.txt -r requirements-bench.txt
	touch $@

run: $(VENV)/.runtime
	$(PY) -m ui.serve --server.port $(PORT)

lint: $(VENV)/.dev
	$(PY) -m ruff check .

test: lint
	$(PY) -m pytest

check: lint
	$(PY) -m pytest -q -m "not browser and not slow"

bench: $(VENV)/.dev
	$(PY) -m bench

boundaries: $(VENV)/.dev
	$(PY) -m geo.build

indicators: $(VENV)/.dev
	$(PY) scripts/build_indicators.py

weights: $(VENV)/.dev
	$(PY) scripts/build_weights.py

data: boundaries indicators weights

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache tests/artifacts
