# Two commands set everything up on a fresh machine with Python >= 3.11 and make:
#   make demo   validates the shipped maps, prints the top of the article's argument and
#               its verdict, draws it and makes a worksheet from it; the rest goes into
#               build/ (BUILD=DIR for another folder)
#   make test   runs ruff, mypy (strict) and the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
BUILD  ?= build

.PHONY: demo test lint bench clean

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
	@$(BIN)/argmap frames maps/iraq-militias.yaml -o $(BUILD)/frames --hide-quotes
	@$(BIN)/argmap exercise maps/iraq-militias.yaml --kind structure -o $(BUILD)/worksheet.pdf --answers $(BUILD)/answers.pdf --answers $(BUILD)/key.yaml
	@$(BIN)/argmap grade maps/classroom/student-1.yaml --key $(BUILD)/key.yaml --weights schemes=0 > $(BUILD)/grade.txt || true
	@head -n 1 $(BUILD)/grade.txt
	@echo "The rest is in $(BUILD)/: the whole tree (tree.txt), its evaluation (evaluation.txt), a critical"
	@echo "reader's warnings (analysis.txt) and the student's grade (grade.txt). Open $(BUILD)/iraq-militias.svg"
	@echo "in a browser; $(BUILD)/worksheet.pdf is a class worksheet, $(BUILD)/answers.pdf its key."

lint: $(BIN)/argmap
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

bench: $(BIN)/argmap
	cd bench && ../$(BIN)/python suite.py

clean:
	rm -rf $(VENV) $(BUILD) src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
