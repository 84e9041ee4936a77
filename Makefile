# The one list of commands. `make demo` runs the product; `make test` runs every test.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
GOVUK_STATIC := passport/static/govuk
CHROMIUM ?= /usr/bin/chromium

.PHONY: demo test test-fast bench lint serve worker migrate assets browser clean help

help:  ## List the commands
	@grep -E '^[a-z-]+:.*## ' Makefile | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# GOV.UK Frontend's compiled CSS asks for /assets/...; we serve it under /static/govuk/, so make those relative.
$(GOVUK_STATIC)/.built: node_modules/.installed
	rm -rf $(GOVUK_STATIC) && mkdir -p $(GOVUK_STATIC)
	cp -r node_modules/govuk-frontend/dist/govuk/assets $(GOVUK_STATIC)/assets
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js $(GOVUK_STATIC)/
	sed 's#url(/assets/#url(assets/#g' node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css \
		> $(GOVUK_STATIC)/govuk-frontend.min.css
	touch $@

assets: $(GOVUK_STATIC)/.built  ## Build front-end assets from the govuk-frontend npm package

# Browser tests drive Debian's chromium; install it when missing and we are allowed to.
browser:
	@test -x $(CHROMIUM) || { if [ "$$(id -u)" = 0 ]; then \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null); \
		else echo "Chromium is missing: install Debian's chromium package (browser tests will fail)"; fi; }

demo: $(BIN)/.installed assets  ## Create the venv, migrate SQLite, load demo data, serve on http://127.0.0.1:8000
	$(BIN)/passport demo

serve: $(BIN)/.installed assets  ## Serve the app on http://127.0.0.1:8000 (no demo data)
	$(BIN)/passport serve

worker: $(BIN)/.installed  ## Run the background worker
	$(BIN)/passport worker

migrate: $(BIN)/.installed
	$(BIN)/passport migrate

test: $(BIN)/.installed assets browser  ## Run the whole test suite (SQLite unless DATABASE_URL is set)
	$(BIN)/pytest -p no:cacheprovider

test-fast: $(BIN)/.installed assets  ## The suite without browser tests
	$(BIN)/pytest -p no:cacheprovider -m "not e2e"

bench: $(BIN)/.installed  ## Run the benchmarks (see docs/benchmarks.md)
	$(BIN)/passport bench search
	$(BIN)/passport bench matching
	$(BIN)/passport bench credentials
	$(BIN)/passport bench impact
	$(BIN)/passport bench callout

lint: $(BIN)/.installed  ## ruff, import-linter contracts and mypy
	$(BIN)/ruff check passport tests bench
	$(BIN)/lint-imports
	$(BIN)/mypy

clean:  ## Remove the venv, node modules, built assets and the SQLite database
	rm -rf $(VENV) node_modules $(GOVUK_STATIC) var
