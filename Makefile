# Kehoach — the two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
# make run/bench serve the demo on a development key; production sets DEBUG=0 and SECRET_KEY (README).
export DEBUG ?= 1
STAMP := $(VENV)/.installed

.PHONY: install run prod test lint bench system-deps messages migrate demo clean

## install: create .venv and install the project (quick when nothing changed)
install: $(STAMP) messages static/vendor/chart.umd.min.js

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

static/vendor/chart.umd.min.js:
	@bash scripts/vendor_chartjs.sh

messages: $(STAMP)
	@if [ -d locale ]; then $(PY) scripts/compile_messages.py; fi

## system-deps: Debian packages for PDF output and browser tests (apt-get, only when missing)
system-deps:
	@bash scripts/system_deps.sh

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

## run: install, migrate, load the demo data, serve with a Celery worker and beat (Ctrl-C stops all)
run: install
	@bash scripts/system_deps.sh --optional
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@bash scripts/serve.sh

## prod: gunicorn, a worker on default,fanout, one on pdf, and beat on DATABASE_URL / CELERY_BROKER_URL (README "Production")
prod: install
	DEBUG=0 bash scripts/serve.sh --prod

## lint: the direction of imports between apps (import-linter, contracts in pyproject.toml) and ruff's checks
lint: install
	$(VENV)/bin/lint-imports
	$(VENV)/bin/ruff check .

## test: the lint, then the whole suite, browser tests included
test: install system-deps lint
	KEHOACH_REQUIRE_TOOLS=1 $(PY) -m pytest $(PYTEST_ARGS)

## bench: the benchmarks (JSON on stdout)
bench: install
	$(PY) manage.py bench all --json

clean:
	rm -rf var .pytest_cache tests/artifacts
