# Two commands do all the set-up on a fresh machine:
#   make train   train the chapter's model with live progress and a saved plot
#   make test    lint, unit tests and every notebook through nbval
# Both create .venv and install d2lite into it (editable, with the test extra) first.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install train test lint notebooks clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade --quiet "pip>=23"
	$(BIN)/python -m pip install -e ".[test]"
	touch $@

train: install
	$(BIN)/d2lite train softmax-concise

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# MPLBACKEND is cleared so notebook kernels keep the inline backend nbval compares.
test: lint
	env -u MPLBACKEND $(BIN)/python -m pytest

# Re-execute every notebook in place (outputs are what nbval compares); needs the notebooks extra.
notebooks: install
	$(BIN)/python -m pip install -e ".[test,notebooks]"
	env -u MPLBACKEND $(BIN)/python tools/execute_notebooks.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info
