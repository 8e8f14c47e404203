# Zhifa — two commands for a newcomer: `make run` and `make test`. Needs only Python 3.11+.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test install install-dev check lint format bench e2e-deps clean

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Zhifa needs Python 3.11 or newer (found %s)" % sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.base-installed: $(PY) requirements/base.lock pyproject.toml
	$(PIP) install --quiet -r requirements/base.lock
	$(PIP) install --quiet --no-deps -e .
	@touch $@

$(VENV)/.dev-installed: $(VENV)/.base-installed requirements/dev.lock
	$(PIP) install --quiet -r requirements/dev.lock
	@touch $@

install: $(VENV)/.base-installed

install-dev: $(VENV)/.dev-installed

## make run: install, migrate the SQLite database in var/, load the demo county, serve on :8000 with the worker
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py demo load --if-empty
	$(PY) manage.py serve --host $(HOST) --port $(PORT)

## make test: install what the tests need and run the whole suite (SQLite unless ZHIFA_DATABASE_URL is set)
test: install-dev
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) -m pytest -n 2 --dist loadgroup -q $(PYTEST_ARGS)

## make check: lint, format, types, migrations and the production deploy check
check: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(PY) manage.py makemigrations --check --dry-run
	ZHIFA_ENV=production ZHIFA_SECRET_KEY=check-only-$$(date +%s)-a-long-random-enough-secret-key-value ZHIFA_ALLOWED_HOSTS=zhifa.example.org \
	  $(PY) manage.py check --deploy --fail-level WARNING

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## make bench: benchmarks with synthetic data (see bench/README.md); never part of the test run
bench: install-dev
	$(PY) -m bench $(BENCH_ARGS)

## make e2e-deps: Debian's Chromium for the end-to-end tests (needs root; CI does this)
e2e-deps:
	apt-get update -qq && apt-get install -y -qq chromium >/dev/null

clean:
	rm -rf $(VENV) var
