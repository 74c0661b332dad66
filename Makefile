# The two commands a newcomer needs: `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: serve test test-slow install install-dev lint clean browser-deps bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# The browser pages' assets (GraphiQL, React, map borders) at the versions package-lock.json pins.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# graphql-inspector for the schema-compatibility test, in a package of its own: it needs graphql 16,
# which the GraphiQL explorer plugin in the root package.json does not accept.
INSPECTOR := tests/protocol/inspector
$(INSPECTOR)/node_modules/.installed: $(INSPECTOR)/package.json $(INSPECTOR)/package-lock.json
	npm ci --prefix $(INSPECTOR) --no-audit --no-fund
	touch $@

# Debian's chromium for the browser test; Playwright never downloads a browser here.
browser-deps:
	test -x /usr/bin/chromium || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-liberation)

serve: install node_modules/.installed
	$(BIN)/eventgraph db upgrade
	$(BIN)/eventgraph seed --if-empty
	$(BIN)/eventgraph serve

lint: install-dev
	$(BIN)/ruff check api plugins tests bench
	$(BIN)/mypy

test: install-dev lint node_modules/.installed $(INSPECTOR)/node_modules/.installed
	$(BIN)/pytest -m "not slow"

# Crash, concurrency, browser and CLI-subprocess tests: minutes, not seconds. CI runs them after `make test`.
test-slow: install-dev node_modules/.installed $(INSPECTOR)/node_modules/.installed browser-deps
	$(BIN)/pytest -m slow || [ $$? -eq 5 ]

# The benchmarks of docs/benchmarks.md on 1,000,000 synthetic events: about 40 minutes on 2 cores.
# Peers (datasette-graphql, PostGraphile) are installed into bench/.cache/, never committed.
bench: install-dev
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	$(BIN)/python -m bench.query --keep
	$(BIN)/python -m bench.peers --keep
	$(BIN)/python -m bench.scale --keep
	$(BIN)/python -m bench.ingest
	$(BIN)/python -m bench.memory
	$(BIN)/python -m bench.datasets --drop

clean:
	rm -rf $(VENV) node_modules eventgraph.db
