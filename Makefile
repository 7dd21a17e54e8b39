# Two commands: `make run` and `make test`. Everything they need is installed here.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PORT ?= 8000
# Links in invites and e-mails point where the app is served (an explicit PUBLIC_URL wins).
PUBLIC_URL ?= http://127.0.0.1:$(PORT)
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo "$(PYTHON) -m uv")
VENV := .venv
PY := $(VENV)/bin/python
export PYTHONPATH := $(CURDIR)/backend
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help run test tree-before install install-test migrate seed lint bench ci frontend chromium screenshots api-types

help:
	@echo "make run   - install, migrate, load programs and demo data, serve web + worker + beat"
	@echo "make test  - install what the tests need and run every suite"
	@echo "make bench - benchmarks (see docs/benchmarks.md)"

# uv itself comes from pip when the machine lacks it (then it runs as `python3 -m uv`).
install:
	@command -v uv >/dev/null 2>&1 || $(PYTHON) -m uv --version >/dev/null 2>&1 \
	  || $(PYTHON) -m pip install --quiet --user uv \
	  || $(PYTHON) -m pip install --quiet --user --break-system-packages uv
	$(UV) sync --locked --quiet
	@mkdir -p var/celery/queue var/celery/processed var/celery/control var/cache

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py load_programs
	$(PY) manage.py seed_demo

# The PWA: npm packages and a production build in frontend/dist (Django serves it at /).
frontend:
	cd frontend && npm install --no-audit --no-fund --loglevel=error && npm run build

# Debian's Chromium for the browser tests (Playwright cannot download its own here).
chromium:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] \
	  && { apt-get install -y -q chromium >/dev/null 2>&1 \
	       || { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }; } \
	  || echo "chromium missing and not root: install it to run tests/e2e"; }

run: seed frontend
	@$(PY) manage.py collectstatic --noinput >/dev/null
	@echo ""
	@echo "  HEP Tracker: http://127.0.0.1:$(PORT)/  (API docs: http://127.0.0.1:$(PORT)/api/v1/docs)"
	@echo "  Therapist: therapist@demo.example / demo-therapist"
	@echo "  Patients:  patient1@demo.example .. patient3@demo.example / demo-patient"
	@echo "  Clinic admin: admin@demo.example / demo-admin"
	@echo "  Other clinic's therapist: other@demo.example / demo-other"
	@echo "  Ctrl-C stops the web server, worker and scheduler."
	@echo ""
	PORT=$(PORT) PUBLIC_URL=$(PUBLIC_URL) $(VENV)/bin/honcho -f Procfile.dev start

install-test: install frontend chromium

lint: install
	$(VENV)/bin/ruff check backend tests bench
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/mypy backend

# The checkout's state before anything runs: `make test` must leave it as it found it.
tree-before:
	@mkdir -p var && { git status --porcelain 2>/dev/null || true; } > var/tree-before

test: tree-before install-test lint
	cd frontend && npx tsc --noEmit -p . && npx vitest run
	node bench/frontend_size.mjs
	REQUIRE_E2E=1 $(PY) -m pytest $(PYTEST_ARGS)
	@# What the install and the suites wrote must be ignored files only (lock files kept).
	@{ git status --porcelain 2>/dev/null || true; } | diff -u var/tree-before - \
	  || { echo "make test changed the checkout (above): fix the step that did"; exit 1; }

bench: install
	bash bench/run.sh

# Refresh docs/screenshots (the README's pictures) from the browser journey.
screenshots: install-test
	HEP_SCREENSHOTS=1 REQUIRE_E2E=1 $(PY) -m pytest tests/e2e -q

# The PWA's API types from the OpenAPI schema (frontend/src/lib/api/schema.d.ts, committed;
# tests/web/test_api_types.py fails when it is stale).
api-types: install
	cd frontend && npm install --no-audit --no-fund --loglevel=error && npm run api-types
