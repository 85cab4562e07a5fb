# The README's commands. `make run` serves the demo; `make test` runs every check CI runs.
.DEFAULT_GOAL := help
SHELL := /bin/bash

# uv picks a Python >= 3.12 by itself when one is on PATH; pyenv's shims hide theirs, so point at it.
PY_FOUND := $(firstword $(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python3 $(HOME)/.pyenv/versions/3.12*/bin/python3))
ifneq ($(PY_FOUND),)
export UV_PYTHON ?= $(PY_FOUND)
endif
export UV_PYTHON_DOWNLOADS := never
UV := python3 -m uv
VENV := .venv
PY := $(VENV)/bin/python
# PostgreSQL for the second test run; the suite runs there whenever this server answers.
TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/postgres

.PHONY: help install run test lint check test-sqlite test-postgres bench messages browser-deps system-deps test-system-deps bench-pages bench-import bench-press bench-load bench-admin bench-nginx bench-schools-import fuzz

help:
	@echo "make run   install, migrate, load the demo data, serve on http://127.0.0.1:8000"
	@echo "make test  lint, checks, and the test suite on SQLite then PostgreSQL"

$(VENV)/.installed: pyproject.toml uv.lock
	@python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --user --quiet uv
	$(UV) sync --locked
	@touch $@

install: $(VENV)/.installed

# Debian packages, installed with apt-get when missing and this user may (root, or sudo without a
# password); otherwise the command to run is printed. Used as $(call apt_need,command:package ...).
define apt_need
	@need=""; for pair in $(1); do \
		cmd=$${pair%%:*}; pkg=$${pair#*:}; \
		if [ "$$cmd" = libharfbuzz-subset ]; then /sbin/ldconfig -p 2>/dev/null | grep -q "$$cmd" || need="$$need $$pkg"; \
		else command -v "$$cmd" >/dev/null 2>&1 || need="$$need $$pkg"; fi; \
	done; \
	if [ -n "$$need" ]; then \
		if [ "$$(id -u)" = 0 ]; then sudo=""; elif sudo -n true 2>/dev/null; then sudo="sudo"; \
		else echo "Missing Debian packages:$$need. Install them with: sudo apt-get install -y$$need"; exit 1; fi; \
		echo "Installing Debian packages:$$need"; \
		$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq$$need >/dev/null; \
	fi
endef

# The site: gettext (msgfmt) compiles the French strings. The tests: Chromium for the browser
# tests (browser downloads are impossible), npm for axe-core, HarfBuzz's subsetter for
# WeasyPrint's PDFs (without it WeasyPrint warns, and warnings fail the tests).
system-deps:
	$(call apt_need,msgfmt:gettext)

test-system-deps: system-deps
	$(call apt_need,chromium:chromium npm:npm libharfbuzz-subset:libharfbuzz-subset0)

# French interface strings: locale/fr/LC_MESSAGES/django.po compiled to the .mo Django reads.
messages: install system-deps
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

# axe-core for the accessibility checks of the browser tests, from the committed lock file.
AXE := tests/browser/node_modules/axe-core/axe.min.js
$(AXE): tests/browser/package.json tests/browser/package-lock.json | test-system-deps
	npm ci --prefix tests/browser --no-audit --no-fund --silent
	@touch $@

browser-deps: $(AXE)

# The server and the import worker share a cache on disk, so that an import the worker
# writes empties the server's cached pages (each would otherwise keep its own in memory).
run: export CACHE_URL ?= file://$(CURDIR)/.cache
run: install messages
	$(PY) manage.py migrate --no-input
	$(PY) manage.py loaddemo
	$(PY) manage.py ensure_admin
	@# The background-import worker runs beside the server and stops with it.
	$(PY) manage.py db_worker -v 0 & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(PY) manage.py runserver 127.0.0.1:8000

# ruff, and import-linter's layers contract (pyproject.toml): a module that imports a package
# above its own fails here.
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

check: install
	$(PY) -W error manage.py check --fail-level WARNING
	$(PY) -W error manage.py makemigrations --check --dry-run

test-sqlite: install messages browser-deps test-system-deps
	DATABASE_URL= $(VENV)/bin/pytest -q

test-postgres: install messages browser-deps test-system-deps
	DATABASE_URL=$(TEST_POSTGRES_URL) $(VENV)/bin/pytest -q

test: lint check
	@$(MAKE) --no-print-directory test-sqlite
	@ran="SQLite"; \
	if $(PY) -c "import psycopg, sys; psycopg.connect('$(TEST_POSTGRES_URL)'.replace('postgres://', 'postgresql://', 1), connect_timeout=3).close()" 2>/dev/null; then \
		$(MAKE) --no-print-directory test-postgres || exit 1; \
		ran="$$ran and PostgreSQL"; \
	elif [ -n "$$REQUIRE_POSTGRES" ]; then \
		echo "PostgreSQL is required (REQUIRE_POSTGRES) but not reachable at $(TEST_POSTGRES_URL)."; exit 1; \
	else \
		echo "PostgreSQL not reachable at $(TEST_POSTGRES_URL): suite ran on SQLite only."; \
	fi; \
	echo "Test suite passed on: $$ran"

# The long fuzzing run of the admin import (make test runs a short, fixed-seed one). A failure
# prints its seed: replay it with FUZZ_SEED=<seed> make fuzz.
FUZZ_SECONDS ?= 150
fuzz: install
	DATABASE_URL= FUZZ_SECONDS=$(FUZZ_SECONDS) $(VENV)/bin/pytest -q -s tests/reliability/test_fuzz_admin_import.py -k long_fuzzing

bench: bench-pages bench-import bench-press bench-load bench-admin bench-schools-import bench-nginx

# Page timings in-process and requests/s under gunicorn, with and without the page cache.
bench-pages: install messages
	$(PY) bench/pages.py

# Importing a full synthetic edition (~19,000 rows) against bulk_create of the same rows.
bench-import: install
	$(PY) bench/import.py

# Writing a press release (facts, EN/FR text), its public page and its PDF.
bench-press: install
	$(PY) bench/press.py

# The editors' admin lists, change page and autocomplete with ~1,200 institutions in 2 editions.
bench-admin: install
	$(PY) bench/admin.py

# The schools import through the admin (preview, confirm) at 5,000 and 10,000 rows: seconds, queries.
bench-schools-import: install
	$(PY) bench/schools_import.py

# gunicorn on PostgreSQL and Redis, ~50 clients for 2 minutes while full editions are imported.
bench-load: install messages
	$(PY) bench/load.py

# nginx (its cache on, nginx/bench.conf) in front of gunicorn, wrk for 30 s while an editor saves
# every 5 s: requests/s, latency percentiles, errors and how soon each change is public.
bench-nginx: install messages
	$(call apt_need,nginx:nginx wrk:wrk)
	$(PY) bench/nginx.py
