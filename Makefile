# The two commands a newcomer needs: `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: serve test test-slow install install-dev lint clean

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

serve: install
	$(BIN)/eventgraph db upgrade
	$(BIN)/eventgraph seed --if-empty
	$(BIN)/eventgraph serve

lint: install-dev
	$(BIN)/ruff check api plugins tests bench
	$(BIN)/mypy

test: install-dev lint
	$(BIN)/pytest -m "not slow"

# Crash, concurrency and browser tests: minutes, not seconds. CI runs them after `make test`.
test-slow: install-dev
	$(BIN)/pytest -m slow || [ $$? -eq 5 ]

clean:
	rm -rf $(VENV) node_modules eventgraph.db
