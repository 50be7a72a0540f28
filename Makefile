# Everything a fresh machine needs is installed into .venv by these targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements-dev.txt layers/deps/requirements.txt | cksum | cut -d' ' -f1)
PORT ?= 3000
# What `make dev` holds (organizations, people, conversations, uploads) survives a restart here; `make reset` empties it.
STATE ?= .local-state
# The web console (console/): npm packages from the lock, built by Vite into console/dist.
CONSOLE := console
NPM_STAMP := $(CONSOLE)/node_modules/.installed-from-lock
CONSOLE_SOURCES := $(shell find $(CONSOLE)/src $(CONSOLE)/public -type f 2>/dev/null) \
	$(wildcard $(CONSOLE)/index.html $(CONSOLE)/vite.config.ts $(CONSOLE)/tsconfig.json)

.PHONY: install dev reset publish publish-stack-named test unit integration e2e browser lint bench build clean console console-check console-api screenshots

$(STAMP): requirements-dev.txt layers/deps/requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

$(NPM_STAMP): $(CONSOLE)/package-lock.json
	cd $(CONSOLE) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(CONSOLE)/dist/index.html: $(NPM_STAMP) $(CONSOLE_SOURCES)
	cd $(CONSOLE) && npx vite build --logLevel warn

# Builds the console when its sources are newer than the last build.
console: $(CONSOLE)/dist/index.html

# The console's own lint, type check, generated API types and unit tests.
console-check: $(NPM_STAMP)
	cd $(CONSOLE) && npm run -s api -- --check && npx eslint . && npx tsc --noEmit -p tsconfig.json && npx vitest run

# After an API change: the live /openapi.json becomes console/openapi.json, then the typed client.
console-api: install $(NPM_STAMP)
	$(BIN)/python -m local.openapi_snapshot $(CONSOLE)/openapi.json
	cd $(CONSOLE) && npm run -s api

# The stack serves console/dist; `vite build --watch` beside it rebuilds on every change under console/.
dev: install console
	cd $(CONSOLE) && npx vite build --watch --logLevel warn & watcher=$$!; \
	trap 'kill $$watcher 2>/dev/null' EXIT INT TERM; \
	PORT=$(PORT) $(BIN)/python -m local --state $(STATE)

# The next `make dev` starts with no organization, user or conversation.
reset:
	rm -rf $(STATE)

lint: install
	$(BIN)/cfn-lint template.yaml
	$(BIN)/ruff check --select F,E9 --quiet shared functions local deploy tests

test: install lint console-check console
	$(BIN)/python -m pytest -n 2 --dist loadfile

unit: install
	$(BIN)/python -m pytest tests/unit

integration: install
	$(BIN)/python -m pytest tests/integration

e2e: install
	$(BIN)/python -m pytest tests/e2e

browser: install console
	$(BIN)/python -m pytest tests/browser

# BENCH_ONLY=built,cost: only the cold imports from the built artifact and/or the cost model, into bench/results.json.
bench: install
	$(BIN)/python -m tests.bench

# The console's main screens (docs/screenshots/*.png) from a local stack with demo data, in /usr/bin/chromium.
screenshots: install console
	$(BIN)/python -m tests.browser.screenshots

# Needs a python3.12 on PATH (the Lambda runtime); e.g. PATH=/root/.pyenv/versions/3.12.1/bin:$$PATH
build:
	sam build

# After `sam deploy`: the built console and a config.json from the stack's outputs to its bucket, then a
# CloudFront invalidation (deploy/publish.py). AWS credentials and region as for the AWS CLI.
publish: publish-stack-named install console
	$(BIN)/python -m deploy.publish --stack $(STACK)

publish-stack-named:
	@test -n "$(STACK)" || { echo "usage: make publish STACK=<the stack name given to sam deploy>"; exit 2; }

clean:
	rm -rf $(VENV) .pytest_cache .aws-sam $(CONSOLE)/node_modules $(CONSOLE)/dist
