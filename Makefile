# The README's two commands: `make run` and `make test`. Both set everything up and are idempotent.
VENV := .venv
PYTEST_ARGS ?=

.PHONY: run test test-embedded test-fast test-production install system-deps-run system-deps-test clean

$(VENV)/.installed: pyproject.toml
	test -x $(VENV)/bin/python || python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed

system-deps-run:
	scripts/system-deps.sh run

system-deps-test:
	scripts/system-deps.sh test

run: system-deps-run install
	scripts/run.sh

# The whole suite twice, side by side: on the embedded defaults (SQLite, local disk, SQLite queue; the
# tests that need PostgreSQL, Redis or the RGW use them for real) and on PostgreSQL + Redis + RGW.
# Each run's log is printed when it ends; either failing (or collecting no test) fails `make test`.
test: system-deps-test install
	scripts/test-all.sh $(PYTEST_ARGS)

# Only the embedded run.
test-embedded: system-deps-test install
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Local loop: skip the browser and slow end-to-end tests.
test-fast: install
	$(VENV)/bin/pytest -m "not browser and not slow" $(PYTEST_ARGS)

# Only the production run: every app on its own PostgreSQL schema, Redis queue and RGW bucket.
test-production: system-deps-test install
	scripts/test-production.sh $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) instance .pytest_cache
