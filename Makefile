# Notice pipeline. `make run` converts raw/ into output/; `make test` runs the tests.
# Both create the virtual environment and install the project on first use.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
RULES := $(shell find rules -type f 2>/dev/null)
# The shared development corpus and the project's own hard cases.
CORPUS ?= ../shared/corpus corpus
EVAL_OUT := eval-output

RAW := $(wildcard raw/*.txt raw/*.pdf raw/*.docx)
JSON := $(patsubst raw/%,output/%.json,$(basename $(RAW)))

.PHONY: all run test eval bench check-rules clean
.DELETE_ON_ERROR:

all: run

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

# One target per document: an unchanged input (and unchanged rules/) is not parsed again.
output/%.json: raw/%.txt $(RULES) | $(STAMP)
	$(PY) -m pipeline run "$<" --out output --no-tables
output/%.json: raw/%.pdf $(RULES) | $(STAMP)
	$(PY) -m pipeline run "$<" --out output --no-tables
output/%.json: raw/%.docx $(RULES) | $(STAMP)
	$(PY) -m pipeline run "$<" --out output --no-tables

# The tables cover every document in output/.
output/tasks.csv: $(JSON) | $(STAMP)
	$(PY) -m pipeline tables output

run: $(STAMP) output/tasks.csv

test: $(STAMP)
	$(PY) -m pytest

eval: $(STAMP)
	rm -rf $(EVAL_OUT)
	-$(PY) -m pipeline run $(foreach dir,$(CORPUS),$(wildcard $(dir)/*.txt)) --out $(EVAL_OUT) --no-tables
	$(PY) -m pipeline.evaluate --gold $(wildcard $(CORPUS)) --pred $(EVAL_OUT)

check-rules: $(STAMP)
	$(PY) -m pipeline check-rules rules

clean:
	rm -rf output $(EVAL_OUT)
