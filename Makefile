# Notice pipeline. `make run` converts raw/ into output/; `make test` runs the tests.
# Both create the virtual environment and install the project on first use.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
BYTECODE := $(VENV)/.bytecode
SOURCES := $(shell find pipeline -name '*.py' 2>/dev/null)
# Debian packages: OCR for scanned PDFs (run and tests); a browser and CJK fonts for the review-page test.
RUN_PACKAGES := tesseract-ocr tesseract-ocr-chi-sim
TEST_PACKAGES := $(RUN_PACKAGES) chromium fonts-noto-cjk
RULES := $(shell find rules -type f 2>/dev/null)
# `make eval` scores corpus/; CORPUS="DIR ..." adds folders of notices with gold from elsewhere.
CORPUS ?=
EVAL_DIRS := corpus $(CORPUS)
EVAL_OUT := eval-output
# Real published notices: the manifest and golds are in the repository, the texts are
# fetched into corpus/real/text/ (not tracked); eval-real scores those present.
REAL := corpus/real
REAL_OUT := eval-real-output

RAW := $(wildcard raw/*.txt raw/*.pdf raw/*.docx)
JSON := $(patsubst raw/%,output/%.json,$(basename $(RAW)))

.PHONY: all run test eval eval-real bench check-rules fixtures clean system-run system-test
.DELETE_ON_ERROR:

all: run

# Installs what is missing when this is a Debian machine and we may (root); otherwise says what to install.
define apt_install
	@missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "installing $$missing"; \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; } \
			|| echo "note: could not install $$missing; the tests that need them are skipped"; \
	else echo "note: install $$missing (apt-get) for scanned PDFs and the browser test"; fi
endef

system-run:
	$(call apt_install,$(RUN_PACKAGES))

system-test:
	$(call apt_install,$(TEST_PACKAGES))

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

# The pipeline's bytecode, compiled after each change as an installed package has it
# (an editable install has none): a process per document then skips compiling ~40 ms of source.
$(BYTECODE): $(SOURCES) | $(STAMP)
	$(PY) -m compileall -q pipeline
	touch $@

# One target per document: an unchanged input (and unchanged rules/) is not parsed again.
output/%.json: raw/%.txt $(RULES) | $(BYTECODE)
	$(PY) -m pipeline run "$<" --out output --no-tables
output/%.json: raw/%.pdf $(RULES) | $(BYTECODE)
	$(PY) -m pipeline run "$<" --out output --no-tables
output/%.json: raw/%.docx $(RULES) | $(BYTECODE)
	$(PY) -m pipeline run "$<" --out output --no-tables

# The tables cover every document in output/.
output/tasks.csv: $(JSON) | $(BYTECODE)
	$(PY) -m pipeline tables output

run: system-run $(BYTECODE) output/tasks.csv

test: system-test $(BYTECODE)
	$(PY) -m pytest

eval: $(BYTECODE)
	rm -rf $(EVAL_OUT)
	-$(PY) -m pipeline run $(foreach dir,$(EVAL_DIRS),$(wildcard $(dir)/*.txt)) --out $(EVAL_OUT) --no-tables
	$(PY) -m pipeline.evaluate --gold $(EVAL_DIRS) --pred $(EVAL_OUT)

eval-real: $(BYTECODE)
	rm -rf $(REAL_OUT)
	mkdir -p $(REAL_OUT)
	-$(if $(wildcard $(REAL)/text/*.txt),$(PY) -m pipeline run $(REAL)/text --out $(REAL_OUT) --no-tables --no-views)
	$(PY) -m pipeline.evaluate --gold $(REAL) --pred $(REAL_OUT) --manifest $(REAL)/manifest.csv --texts $(REAL)/text

bench: $(BYTECODE)
	$(PY) bench/bench.py

# The sample as Word, auto-numbered Word, PDF and scan, rebuilt from raw/ (committed; the tests need none of these tools).
FIXTURE_PACKAGES := libreoffice-writer-nogui poppler-utils fonts-noto-cjk
fixtures: $(STAMP)
	$(call apt_install,$(FIXTURE_PACKAGES))
	$(PY) -m pip install --quiet -e '.[fixtures]'
	$(PY) tests/fixtures/build.py

check-rules: $(STAMP)
	$(PY) -m pipeline check-rules rules

clean:
	rm -rf output $(EVAL_OUT) $(REAL_OUT)
