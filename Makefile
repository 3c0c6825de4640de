# Two commands matter: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
LOCK := requirements/lock.txt
RUNTIME_STAMP := $(VENV)/.runtime-installed
TEST_STAMP := $(VENV)/.test-installed
PYTEST_ARGS ?=
# Both cores: pytest-xdist (browser tests included: each worker has its own live
# server, database and chromium). Set here, not in addopts, so one file runs simply.
PYTEST_PARALLEL ?= -n auto
# .ci/pytest runs pytest and reports its exit 5 (no test collected) as the failure it is.
PYTEST = PYTHON_BIN=$(PY) bash .ci/pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS)

.PHONY: run test test-postgres lint messages compile-messages prepare lock clean bench system-packages chromium

$(VENV)/bin/python:
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(RUNTIME_STAMP): $(VENV)/bin/python pyproject.toml $(LOCK)
	$(PIP) install --quiet --constraint $(LOCK) --editable .
	touch $@

$(TEST_STAMP): $(RUNTIME_STAMP) pyproject.toml $(LOCK)
	$(PIP) install --quiet --constraint $(LOCK) --editable '.[test]'
	touch $@

# Debian packages: gettext compiles the catalogues; chromium runs the browser tests.
system-packages:
	@command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext >/dev/null)

compile-messages: $(RUNTIME_STAMP) system-packages
	@$(PY) manage.py compilemessages --ignore '.venv' --ignore 'var' -v 0

prepare: $(RUNTIME_STAMP) compile-messages
	$(PY) manage.py prepare_local

run: prepare
	$(PY) manage.py run

lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/mypy ipsp

# Debian's chromium for the browser tests (Playwright never downloads a browser).
chromium:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

test: $(TEST_STAMP) compile-messages chromium
	$(MAKE) --no-print-directory lint
	$(PYTEST)

# The same suite on PostgreSQL: DATABASE_URL, the server on 127.0.0.1:5432, or one
# that .ci/with-postgres installs and starts in a temporary directory.
test-postgres: $(TEST_STAMP) compile-messages chromium
	PYTHON_BIN=$(PY) bash .ci/with-postgres bash .ci/pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS)

# Extract every translatable string into each package's catalogue (needs gettext).
messages: $(RUNTIME_STAMP) system-packages
	$(PY) scripts/messages.py

# Re-resolve the pinned dependency set after changing pyproject.toml.
lock:
	rm -rf var/lockenv && $(PYTHON) -m venv var/lockenv
	var/lockenv/bin/pip install --quiet --upgrade pip
	var/lockenv/bin/pip install --quiet '.[test]'
	var/lockenv/bin/pip freeze --exclude ipsp | grep -v '^-e' > $(LOCK)
	rm -rf var/lockenv

bench: $(TEST_STAMP)
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) build *.egg-info
