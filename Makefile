# Ansvarskarta: `make demo` and `make test` work on a fresh clone (Python >= 3.11).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DB     ?= demo.db

VENV312 ?= .venv312
BIN312  := $(VENV312)/bin
# falkordblite (embedded FalkorDB) needs Python >= 3.12: the first interpreter found of these
PYTHON312 ?= $(shell for p in python3.12 python3.13 $$HOME/.pyenv/versions/3.12*/bin/python3.12 \
	  $$HOME/.pyenv/versions/3.13*/bin/python3.13 /usr/bin/python3.12 /usr/bin/python3.13; do \
	  $$p -c 'import sys; assert sys.version_info >= (3, 12)' 2>/dev/null && { echo $$p; break; }; done)

# Packages with no wheel on the package index for Linux, which pip compiles from source:
# falkordblite (embedded FalkorDB: about 9 minutes on two cores) and PyICU (for
# followthemoney's normality). They are built once per machine into
# WHEELHOUSE, outside the clone, and every later install on the machine takes them from there.
WHEELHOUSE ?= $(HOME)/.cache/ansvarskarta/wheels
SOURCE_ONLY     := PyICU
SOURCE_ONLY_312 := PyICU 'falkordblite>=0.11'
# $(call wheels,BIN,PACKAGES): build (only the first time) or reuse the wheels of PACKAGES
wheels = mkdir -p $(WHEELHOUSE) && \
	$(1)/pip wheel -q --no-deps --find-links $(WHEELHOUSE) --wheel-dir $(WHEELHOUSE) $(2)

.PHONY: install install-graph demo lint test test-main test-graph bench bench-ingest bench-graph clean

$(BIN)/ansvar: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(call wheels,$(BIN),$(SOURCE_ONLY))
	$(BIN)/pip install -q --find-links $(WHEELHOUSE) -e '.[prose,test,lint,browse]'
	touch $(BIN)/ansvar

install: $(BIN)/ansvar

# a second venv on Python >= 3.12 for the Cypher store on embedded FalkorDB (falkordblite)
$(BIN312)/ansvar: pyproject.toml
	@test -n "$(PYTHON312)" || { echo "no Python >= 3.12 found: falkordblite needs it (set PYTHON312=...)"; exit 1; }
	test -x $(BIN312)/python || $(PYTHON312) -m venv $(VENV312)
	$(BIN312)/pip install -q --upgrade pip
	$(call wheels,$(BIN312),$(SOURCE_ONLY_312))
	$(BIN312)/pip install -q --find-links $(WHEELHOUSE) -e '.[graphdb]' 'pytest>=8' 'hypothesis>=6.100' 'httpx>=0.27'
	touch $(BIN312)/ansvar

install-graph: $(BIN312)/ansvar

# the demo loads the example descriptions and the fictional Norrbacka's texts (read by the
# extractor), shows what the extractor reads in one article, and asks who owns what
demo: install
	rm -f $(DB) $(DB)-wal $(DB)-shm
	$(BIN)/ansvar --db $(DB) init
	$(BIN)/ansvar --db $(DB) ingest data/examples
	$(BIN)/ansvar extract data/examples/norrbacka/posten-2023-09-02-integrationen.txt
	@for j in huddinge eksjo hassleholm vallentuna gislaved botkyrka jamtland-harjedalen sverige norrbacka; do \
	  $(BIN)/ansvar --db $(DB) who-owns integration --in $$j || exit 1; done
	$(BIN)/ansvar --db $(DB) who-owns refugee_reception --in norrbacka
	$(BIN)/ansvar --db $(DB) gaps --in norrbacka

# ruff (lint and format) and mypy, configured in pyproject.toml
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# the two venvs are installed side by side, then the main suite and the FalkorDB suite run
# side by side (each mostly waits on files, a browser or a database server): about half the time
test:
	$(MAKE) --no-print-directory -j2 --output-sync=target install install-graph
	$(MAKE) --no-print-directory -j2 --output-sync=target test-main test-graph

test-main: install
	$(BIN)/python -m pytest

# the store contract suite, push/pull and the Cypher export on FalkorDB (and on Neo4j when
# NEO4J_URI is set); the same suite runs on the embedded store in the main suite
GRAPH_TESTS := tests/test_store_contract.py tests/test_cypher_store.py tests/test_export_graphdb.py tests/test_pages_graphdb.py
test-graph: install-graph
	$(BIN312)/python -m pytest -p no:cacheprovider $(GRAPH_TESTS) graph/store/cypher

bench: install
	$(BIN)/python bench/core.py

bench-ingest: install
	$(BIN)/python bench/ingest.py

bench-graph: install-graph
	$(BIN312)/python bench/neo4j.py

clean:
	rm -rf $(VENV) $(VENV312) *.egg-info .pytest_cache $(DB)
