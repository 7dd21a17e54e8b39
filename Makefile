# Two commands: `make run` and `make test`. Everything they need is installed here.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PORT ?= 8000
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo "$(PYTHON) -m uv")
VENV := .venv
PY := $(VENV)/bin/python
export PYTHONPATH := $(CURDIR)/backend
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help run test install install-test migrate seed lint bench ci

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

run: seed
	@$(PY) manage.py collectstatic --noinput >/dev/null
	@echo ""
	@echo "  HEP Tracker: http://127.0.0.1:$(PORT)/  (API docs: http://127.0.0.1:$(PORT)/api/v1/docs)"
	@echo "  Therapist: therapist@demo.example / demo-therapist"
	@echo "  Patients:  patient1@demo.example .. patient3@demo.example / demo-patient"
	@echo "  Other clinic's therapist: other@demo.example / demo-other"
	@echo "  Ctrl-C stops the web server, worker and scheduler."
	@echo ""
	PORT=$(PORT) $(VENV)/bin/honcho -f Procfile.dev start

install-test: install

lint: install
	$(VENV)/bin/ruff check backend tests bench

test: install-test lint
	$(PY) -m pytest $(PYTEST_ARGS)

bench: install
	bash bench/run.sh
