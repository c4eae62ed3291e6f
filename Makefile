# Two commands matter: `make play` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: play test check bench wheel clean help

help:
	@echo "make play   - set up .venv on first use and start the game"
	@echo "make test   - set up .venv (with test tools) and run the whole suite"
	@echo "make check  - validate the base campaign"
	@echo "make bench  - run the speed benchmarks (ratios)"
	@echo "make wheel  - build a wheel into dist/"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

play: $(STAMP)
	$(BIN)/spring68

test: $(STAMP)
	$(BIN)/python -m pytest

check: $(STAMP)
	$(BIN)/spring68 check

bench: $(STAMP)
	$(BIN)/python bench/run.py

wheel: $(STAMP)
	$(BIN)/python -m pip wheel --quiet --no-deps -w dist .

clean:
	rm -rf $(VENV) dist build *.egg-info .pytest_cache
