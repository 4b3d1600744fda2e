# Two commands set everything up on a fresh machine with Python 3.11:
#   make example   # install into .venv and extract an example shipped in the repo
#   make test      # install test tools (doccano venv, chromium) and run the tests
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DOCCANO_VENV := .venv-doccano
EXAMPLE := corpus/raw/albertslund-ebu-2024-03-18.txt

.PHONY: setup example test doccano-env chromium benchmark

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e ".[dev,trf]"
	touch $@

example: setup
	mkdir -p out
	$(BIN)/referat extract $(EXAMPLE) --output out/example.jsonl
	$(BIN)/python -c "import json; d=json.loads(open('out/example.jsonl').readline()); m=d['meeting']; print(m['body'], m['date'], m['start_time'], '|', len(m['participants']), 'present,', len(m['absent']), 'absent'); [print(f\"{i['number']:>3} {i['decision']['type']:<11} {i['title'][:55]:<55} {', '.join(e['label']+':'+e['text'] for e in i['entities'][:3])}\") for i in d['items']]; print('full output: out/example.jsonl')"

doccano-env: $(DOCCANO_VENV)/.installed

$(DOCCANO_VENV)/.installed:
	$(PYTHON) -m venv $(DOCCANO_VENV)
	$(DOCCANO_VENV)/bin/pip install -q "doccano==1.8.4" "marshmallow<4" "numpy<2"
	touch $@

chromium:
	@command -v chromium >/dev/null 2>&1 || (apt-get install -y -q chromium >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null)) || echo "chromium not installed: the render screenshot test will be skipped"

test: setup doccano-env chromium
	$(BIN)/python -m pytest -q

benchmark: setup
	$(BIN)/python benchmarks/run_all.py
