# Newsroom: `make run` to try it, `make test` to check it. Both set everything up first.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# demo_admin prints the admin address from these.
export HOST PORT

# Settings from .env (see .env.example) reach every command make runs. Plain KEY=value lines,
# no quotes: make reads the file itself.
ifneq ($(wildcard .env),)
include .env
export $(shell sed -n 's/^[[:space:]]*\([A-Za-z_][A-Za-z0-9_]*\)=.*/\1/p' .env)
endif

.PHONY: help install run serve migrate demo worker test lint format check-migrations \
	browser-deps clean bench-email bench backup restore

help:
	@echo "make run     install, migrate, load the demo paper and serve it on http://$(HOST):$(PORT)/"
	@echo "make test    lint, check migrations and run the whole test suite against DATABASE_URL"
	@echo "make serve   serve without touching the database (HOST and PORT as for run)"
	@echo "make worker  run the task worker alone (photo renditions, email)"
	@echo "make format  apply ruff's fixes and formatting"
	@echo "make bench-email  send a digest to N=100000 subscribers into a local SMTP sink: msg/s, memory"
	@echo "make backup  back up the database and media files into var/backups/<UTC time>/ (prints it)"
	@echo "make restore BACKUP=var/backups/<...>  restore one into an empty database (FORCE=1 to replace)"
	@echo "make bench  seed a big paper (ARTICLES=100000 ...) into newsroom_bench, load it under gunicorn with wrk: bench/results.json"

# The stamp is rebuilt when pyproject.toml changes, so a pull that adds a dependency installs
# it. A .venv made by an older Python (a fresh machine's python3 may be 3.11) is replaced.
$(VENV)/.installed: pyproject.toml
	@python=$$(scripts/find-python); \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
		echo "Creating $(VENV) with $$python"; rm -rf $(VENV); "$$python" -m venv $(VENV); \
	fi
	@echo "Installing dependencies into $(VENV) (the first time takes a minute)..."
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $@

install: $(VENV)/.installed

migrate: install
	@mkdir -p var
	$(PY) manage.py migrate --no-input

# The demo paper only goes into an empty database, so `make run` never touches real work.
# One worker batch then runs whatever tasks are waiting (renditions queued by photo saves),
# so the first page view already has every picture.
demo: migrate
	$(PY) manage.py load_demo --if-empty
	@echo "Making the photos' renditions (log: var/worker.log)..."
	@$(PY) manage.py db_worker --batch --no-startup-delay --no-reload >>var/worker.log 2>&1
	$(PY) manage.py demo_admin

run: demo
	@scripts/serve $(HOST) $(PORT)

serve: install
	@scripts/serve $(HOST) $(PORT)

worker: install
	$(PY) manage.py db_worker

browser-deps:
	@scripts/ensure-chromium

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check-migrations: install
	@$(PY) manage.py makemigrations --check --dry-run || \
		{ echo "Models changed without a migration: run '$(PY) manage.py makemigrations'." >&2; exit 1; }

# pytest exits 5 when it collected no test; make treats that as a failure like any other.
test: install browser-deps lint check-migrations
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Scratch data only: a throwaway SQLite file under var/, or a test_ database beside DATABASE_URL's.
N ?= 100000
bench-email: install
	$(PY) scripts/bench_email.py --count $(N)

# Page benchmark (newsroom/bench/run.py): seeds PostgreSQL's newsroom_bench once (reused while
# the sizes stay the same), serves it with gunicorn, DEBUG off, and loads it with wrk.
ARTICLES ?= 100000
COMMENTS ?= 1000000
SUBSCRIBERS ?= 200000
PHOTOS ?= 5000
YEARS ?= 20
BENCH_ARGS ?=
bench: install
	scripts/bench --articles $(ARTICLES) --comments $(COMMENTS) --subscribers $(SUBSCRIBERS) \
		--photos $(PHOTOS) --years $(YEARS) $(BENCH_ARGS)

# Both act on DATABASE_URL and MEDIA_ROOT (newsroom/backups.py). A backup is a folder: the
# database, media.tar.gz and manifest.json with counts and checksums. Restore refuses a
# database that is not empty unless FORCE=1; stop the site first when replacing one.
backup: install
	@$(PY) manage.py backup

BACKUP ?=
FORCE ?=
restore: install
	@[ -n "$(BACKUP)" ] || { echo "Say which backup: make restore BACKUP=var/backups/<UTC time>" >&2; exit 1; }
	$(PY) manage.py restore "$(BACKUP)" $(if $(FORCE),--force)

clean:
	rm -rf $(VENV) var/static
