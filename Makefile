# Two commands set everything up on a fresh machine with Python >= 3.11 and make:
#   make demo   validates the shipped maps, prints the top of the article's argument and
#               its verdict, draws it and makes a worksheet from it; the rest goes into
#               build/ (BUILD=DIR for another folder)
#   make test   runs ruff, mypy (strict) and the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
BUILD  ?= build
NODE   := $(VENV)/node
ESLINT := $(NODE)/node_modules/.bin/eslint

.PHONY: demo test lint weblint docs bench bench-decks clean

$(BIN)/argmap: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "argmap needs Python >= 3.11; set PYTHON=python3.11 (or newer)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

demo: $(BIN)/argmap
	@mkdir -p $(BUILD)
	@$(BIN)/argmap validate maps/*.yaml
	@$(BIN)/argmap show maps/iraq-militias.yaml --width 100 > $(BUILD)/tree.txt
	@$(BIN)/argmap show maps/iraq-militias.yaml --width 100 --depth 1
	@$(BIN)/argmap evaluate maps/iraq-militias.yaml > $(BUILD)/evaluation.txt
	@grep -E '^[12]\. |^ *Main conclusion' $(BUILD)/evaluation.txt
	@$(BIN)/argmap analyse maps/iraq-militias.yaml > $(BUILD)/analysis.txt
	@$(BIN)/argmap render maps/iraq-militias.yaml -o $(BUILD)/iraq-militias.svg --legend
	@$(BIN)/argmap render maps/iraq-militias.yaml -o $(BUILD)/iraq-militias.pdf --theme print
	@$(BIN)/argmap render maps/iraq-militias.yaml -o $(BUILD)/threat-slide.png --focus T5 --preset slide-16x9
	@$(BIN)/argmap frames maps/iraq-militias.yaml -o $(BUILD)/frames
	@$(BIN)/argmap exercise maps/iraq-militias.yaml --kind structure -o $(BUILD)/worksheet.pdf --answers $(BUILD)/answers.pdf --answers $(BUILD)/key.yaml
	@$(BIN)/argmap grade maps/classroom/student-1.yaml --key $(BUILD)/key.yaml --weights schemes=0 > $(BUILD)/grade.txt || true
	@head -n 1 $(BUILD)/grade.txt
	@echo "The rest is in $(BUILD)/: the whole tree (tree.txt), its evaluation (evaluation.txt), a critical"
	@echo "reader's warnings (analysis.txt) and the student's grade (grade.txt). Open $(BUILD)/iraq-militias.svg"
	@echo "in a browser; $(BUILD)/worksheet.pdf is a class worksheet, $(BUILD)/answers.pdf its key."

lint: $(BIN)/argmap
	$(BIN)/ruff check src tests bench docs
	$(BIN)/ruff format --check src tests bench docs
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
	ESLINT_JS=$(abspath $(NODE))/node_modules/@eslint/js $(ESLINT) --config eslint.config.js src/argmap/reader/ \
	  src/argmap/formats/argdown.js
	$(NODE)/node_modules/.bin/stylelint --config .stylelintrc.json --config-basedir $(NODE) "src/argmap/reader/*.css" \
	  "src/argmap/classroom/*.css"

test: lint
	$(BIN)/pytest

# The README's pictures, remade from the maps (tests/test_docs.py fails when one is stale).
docs: $(BIN)/argmap
	$(BIN)/python docs/images.py

bench: $(BIN)/argmap
	cd bench && ../$(BIN)/python suite.py

bench-decks: $(BIN)/argmap
	cd bench && ../$(BIN)/python decks.py

clean:
	rm -rf $(VENV) $(BUILD) src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
