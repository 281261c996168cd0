# `make run` and `make test` work on a fresh machine with nothing but Python 3.11+.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test test-store install clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,postgres]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/nhacviec run

test: $(STAMP)
	$(BIN)/python -m pytest -q

# The store/import tests alone (CI runs them again with DATABASE_URL on PostgreSQL).
test-store: $(STAMP)
	$(BIN)/python -m pytest -q -m store

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis
