# Ansvarskarta: `make demo` and `make test` work on a fresh clone (Python >= 3.11).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DB     ?= demo.db

.PHONY: install demo test bench clean

$(BIN)/ansvar: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[prose,test]'
	touch $(BIN)/ansvar

install: $(BIN)/ansvar

demo: install
	rm -f $(DB) $(DB)-wal $(DB)-shm
	$(BIN)/ansvar --db $(DB) init
	$(BIN)/ansvar --db $(DB) ingest data/examples
	@for j in huddinge eksjo hassleholm vallentuna gislaved botkyrka jamtland-harjedalen sverige norrbacka; do \
	  $(BIN)/ansvar --db $(DB) who-owns integration --in $$j || exit 1; done
	$(BIN)/ansvar --db $(DB) gaps

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python bench/core.py

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache $(DB)
