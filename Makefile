# Two commands matter: `make play` and `make test`. Both create .venv on first use.
# `make play` installs only what playing needs; `make test` and `make lint` add the developer tools.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PLAY_STAMP := $(VENV)/.installed-play
DEV_STAMP := $(VENV)/.installed

.PHONY: play test lint format check bench wheel clean help

help:
	@echo "make play   - set up .venv on first use and start the game"
	@echo "make test   - set up .venv (with test tools) and run the whole suite"
	@echo "make lint   - ruff, ruff format --check, mypy and the layer contracts"
	@echo "make format - reformat the tree with ruff format"
	@echo "make check  - validate the base campaign"
	@echo "make bench  - run the speed benchmarks (ratios)"
	@echo "make wheel  - build a wheel into dist/"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(PLAY_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@touch $(PLAY_STAMP)

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,lint]'
	@touch $(DEV_STAMP) $(PLAY_STAMP)

play: $(PLAY_STAMP)
	$(BIN)/spring68

test: $(DEV_STAMP)
	$(BIN)/python -m pytest

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

format: $(DEV_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: $(PLAY_STAMP)
	$(BIN)/spring68 check

bench: $(DEV_STAMP)
	$(BIN)/python bench/run.py

wheel: $(DEV_STAMP)
	$(BIN)/python -m pip wheel --quiet --no-deps -w dist .

clean:
	rm -rf $(VENV) dist build *.egg-info .pytest_cache .mypy_cache .ruff_cache
