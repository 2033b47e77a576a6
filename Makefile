# Two commands do all set-up: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin

.PHONY: install system-packages static lighthouse run test lint bench

# Reinstall only when requirements.txt changes.
$(VENV)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

# Debian packages the tests and benchmarks need (a browser, libraries, wrk): see scripts/system-packages.txt.
system-packages:
	scripts/install-system-packages

# Lighthouse from the npm registry, at the version tools/lighthouse/package-lock.json pins (Node.js
# and npm come with the machine); it runs Debian's Chromium. Reinstalled when the lock file changes.
LIGHTHOUSE := tools/lighthouse/node_modules/.installed
$(LIGHTHOUSE): tools/lighthouse/package-lock.json
	npm ci --prefix tools/lighthouse --no-audit --no-fund --loglevel=error
	touch $@

lighthouse: $(LIGHTHOUSE)

# Static files under content-hashed names, with gzip and brotli copies, in var/static (WhiteNoise
# serves them from there). The test suite also collects them when a static file has changed.
static: install
	$(BIN)/python manage.py collectstatic --noinput -v 0

run: static
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py runserver 127.0.0.1:8000

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The whole suite on SQLite, then the tests that touch the database on PostgreSQL when a server is
# reachable (scripts/test-on-postgres).
test: lint system-packages static lighthouse
	$(BIN)/python -m pytest
	scripts/test-on-postgres

# Engine throughput, HTTP latency under gunicorn on 127.0.0.1, and what the browser waits for
# (Chromium); not part of `make test`.
# Figures and how to read them: docs/performance.md.
bench: static system-packages lighthouse
	$(BIN)/python -m bench.engine
	$(BIN)/python -m bench.http
	$(BIN)/python -m bench.browser
	$(BIN)/python -m bench.lighthouse
