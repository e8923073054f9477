# Newsroom: `make run` to try it, `make test` to check it. Both set everything up first.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install run serve migrate demo test lint format browser-deps clean

help:
	@echo "make run    install, migrate, load the demo paper and serve it on http://$(HOST):$(PORT)/"
	@echo "make test   lint and run the whole test suite (DATABASE_URL picks the database)"

# The stamp is rebuilt when pyproject.toml changes, so a pull that adds a dependency installs it.
$(VENV)/.installed: pyproject.toml
	@python=$$(scripts/find-python) || exit 1; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then \
		echo "Creating $(VENV) with $$python"; rm -rf $(VENV); "$$python" -m venv $(VENV) || exit 1; \
	fi
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $@

install: $(VENV)/.installed

migrate: install
	@mkdir -p var
	$(PY) manage.py migrate --no-input

demo: migrate
	$(PY) manage.py load_demo --if-empty
	$(PY) manage.py demo_admin

run: demo
	@scripts/serve $(HOST) $(PORT)

serve: install
	@scripts/serve $(HOST) $(PORT)

browser-deps:
	@scripts/ensure-chromium

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: install browser-deps lint
	$(PY) manage.py makemigrations --check --dry-run > /dev/null || \
		(echo "Models changed without a migration: run 'manage.py makemigrations'." >&2; exit 1)
	$(VENV)/bin/pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) var/static
