# Two commands from a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# make run is for a person at this machine: debug pages on, SQLite by default.
RUN_ENV := DEBUG=$${DEBUG:-1}

.PHONY: run test test-browser setup content editor loadtest bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the dependency list changes, so a second `make` is fast.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

setup: $(VENV)/.installed
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py load_content
	$(RUN_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0

run: setup
	$(RUN_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Tests build their own database; load_content is exercised by the tests themselves.
test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-browser: $(VENV)/.installed
	$(BIN)/python -m pytest -m browser $(PYTEST_ARGS)

# A bounded load on 127.0.0.1 only: 50 clients for 60 s against gunicorn (2 workers).
loadtest: $(VENV)/.installed
	$(BIN)/python scripts/loadtest.py

# Queries per page, uncached render time, cached guide vs static file throughput, bytes of a first visit:
# prints a table, writes bench-results.json. Same throwaway site and client as the load test (scripts/measure.py).
bench: $(VENV)/.installed
	$(BIN)/python scripts/bench.py

editor: setup
	$(RUN_ENV) $(BIN)/python manage.py create_editor

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache
