# Two commands set everything up on a fresh machine with Python >= 3.11 and make:
#   make demo   validates the shipped maps, draws the article's argument and makes a
#               worksheet from it, all into build/
#   make test   runs ruff, mypy (strict) and the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
NODE   := $(VENV)/node
ESLINT := $(NODE)/node_modules/.bin/eslint

.PHONY: demo test lint weblint bench clean

$(BIN)/argmap: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "argmap needs Python >= 3.11; set PYTHON=python3.11 (or newer)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

demo: $(BIN)/argmap
	$(BIN)/argmap validate maps/*.yaml
	$(BIN)/argmap show maps/iraq-militias.yaml
	$(BIN)/argmap evaluate maps/iraq-militias.yaml
	$(BIN)/argmap analyse maps/iraq-militias.yaml
	@mkdir -p build
	$(BIN)/argmap render maps/iraq-militias.yaml -o build/iraq-militias.svg --legend
	$(BIN)/argmap render maps/iraq-militias.yaml -o build/iraq-militias.pdf --theme print
	$(BIN)/argmap render maps/iraq-militias.yaml -o build/threat-slide.png --focus T5 --preset slide-16x9
	$(BIN)/argmap frames maps/iraq-militias.yaml -o build/frames --hide-quotes
	$(BIN)/argmap exercise maps/iraq-militias.yaml --kind structure -o build/worksheet.pdf --answers build/answers.pdf --answers build/key.yaml
	$(BIN)/argmap grade maps/classroom/student-1.yaml --key build/key.yaml --weights schemes=0 || true
	@echo "Diagrams are in build/: open build/iraq-militias.svg in a browser; build/worksheet.pdf is a class worksheet."

lint: $(BIN)/argmap
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory weblint; \
	else echo "ESLint and Stylelint skipped: npm is not installed (Debian: apt install npm)"; fi

# The reader's script and styles (package data) are linted as what they are, with ESLint
# and Stylelint from npm, installed into .venv/node.
$(ESLINT): Makefile
	npm install --silent --no-audit --no-fund --prefix $(NODE) eslint@9.9.1 @eslint/js@9.9.1 \
	  stylelint@16.8.1 stylelint-config-recommended@14.0.1
	@touch $@

weblint: $(ESLINT)
	ESLINT_JS=$(abspath $(NODE))/node_modules/@eslint/js $(ESLINT) --config eslint.config.js src/argmap/reader/
	$(NODE)/node_modules/.bin/stylelint --config .stylelintrc.json --config-basedir $(NODE) "src/argmap/reader/*.css"

test: lint
	$(BIN)/pytest

bench: $(BIN)/argmap
	cd bench && ../$(BIN)/python suite.py

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
