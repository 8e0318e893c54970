# psyboost — `make run` serves the demo, `make test` runs the whole suite. Both start from a bare clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= psyboost.settings.dev
# The suite runs in one process per core (pytest-xdist); TEST_WORKERS=0 runs it in this process.
TEST_WORKERS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: install install-test run serve worker test test-only lint format browser-deps system-deps bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test system-deps

# System packages the tests need: Debian's Chromium drives the browser tests (Playwright never downloads a browser
# of its own); LibreOffice (writer, no GUI) converts the printed DOCX in tests/documents/test_docx_libreoffice.py.
# Installed only as root and only when missing.
system-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = "0" ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "warning: /usr/bin/chromium is missing; run 'sudo apt-get install chromium' for the browser tests"; \
		fi; \
	fi
	@if ! command -v soffice >/dev/null 2>&1; then \
		if [ "$$(id -u)" = "0" ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-writer-nogui >/dev/null; \
		else \
			echo "warning: soffice is missing; run 'sudo apt-get install libreoffice-writer-nogui' for the DOCX test"; \
		fi; \
	fi

browser-deps: system-deps

run: install
	$(BIN)/psyboost migrate --no-input
	$(BIN)/psyboost load-demo
	@echo "psyboost: http://$(HOST):$(PORT)/  (demo accounts: see README.md)"
	@$(BIN)/psyboost db_worker & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(BIN)/psyboost runserver $(HOST):$(PORT)

worker: install
	$(BIN)/psyboost db_worker

test: install-test
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports
	$(BIN)/psyboost makemigrations --check --dry-run >/dev/null || (echo "missing migrations" && exit 1)
	$(MAKE) --no-print-directory test-only

# The tests alone, without the lint and the migration check (the browser part of CI's PostgreSQL pass).
test-only: install-test
	$(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports
	$(BIN)/ruff format --check src tests bench

format: install-test
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

bench: install-test
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) var .pytest_cache
