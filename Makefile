# RIES Atlas — the two commands of the README, plus benchmarks, data builds, the lock and the offline bundle.
#   make run             set up .venv from the lock and serve the app on http://localhost:8501 (bundled data)
#   make test            set up .venv from the lock with dev tools and run the whole suite (ruff + pytest, browser
#                        tests and the offline-bundle test included)
#   make check           the inner loop: ruff + the fast tests and doctests (no browser, no rebuild, nothing slow)
#   make bench           run the benchmark scripts in bench/ and write bench/results.md
#   make lock            re-resolve pyproject.toml into the locks (requirements.txt, requirements-dev.txt) with uv;
#                        versions already locked are kept where they still fit; `make lock UPGRADE=1` takes the newest
#   make offline-bundle  dist/ries-atlas-VERSION-offline.zip: the app and every wheel it needs for Linux x86-64 and
#                        Windows x64 (CPython 3.11) with install.sh / install.ps1 (installs with no network)

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501
# the locks carry a hash for every file and pin every dependency (pip refuses anything unpinned or unhashed)
PIP_LOCKED := $(PY) -m pip install --quiet --require-hashes
LOCK_FLAGS := --universal --python-version 3.11 --generate-hashes --no-strip-extras --custom-compile-command "make lock" \
              $(if $(UPGRADE),--upgrade)

.PHONY: run test check lint bench data boundaries indicators weights lock offline-bundle clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(PY)
	$(PIP_LOCKED) -r requirements.txt
	$(PY) -m pip check
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(PIP_LOCKED) -r requirements-dev.txt
	$(PY) -m pip check
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

lock: $(VENV)/.dev
	$(VENV)/bin/uv pip compile pyproject.toml $(LOCK_FLAGS) -o requirements.txt
	$(VENV)/bin/uv pip compile pyproject.toml $(LOCK_FLAGS) --extra dev --extra bench -c requirements.txt \
	    -o requirements-dev.txt

offline-bundle: $(VENV)/.dev
	$(PY) scripts/offline_bundle.py --out dist

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache tests/artifacts build dist
