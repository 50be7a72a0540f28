# Everything a fresh machine needs is installed into .venv by these targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements-dev.txt layers/deps/requirements.txt | cksum | cut -d' ' -f1)
PORT ?= 3000

.PHONY: install dev test unit integration e2e lint bench build clean

$(STAMP): requirements-dev.txt layers/deps/requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

dev: install
	PORT=$(PORT) $(BIN)/python -m local

lint: install
	$(BIN)/cfn-lint template.yaml
	$(BIN)/ruff check --select F,E9 --quiet shared functions local tests

test: install lint
	$(BIN)/python -m pytest -n 2 --dist loadfile

unit: install
	$(BIN)/python -m pytest tests/unit

integration: install
	$(BIN)/python -m pytest tests/integration

e2e: install
	$(BIN)/python -m pytest tests/e2e

bench: install
	$(BIN)/python -m tests.bench

# Needs a python3.12 on PATH (the Lambda runtime); e.g. PATH=/root/.pyenv/versions/3.12.1/bin:$$PATH
build:
	sam build

clean:
	rm -rf $(VENV) .pytest_cache .aws-sam
