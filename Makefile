# Thriving: `make help` lists the targets.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
DEMO_ENV := DEBUG=true
PYTEST_ARGS ?= -n auto

.DEFAULT_GOAL := help
.PHONY: help install assets demo serve test test-postgres lint bench worker clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

thriving/static/dist/.built: node_modules/.installed scripts/build-assets.mjs $(wildcard thriving/assets/scss/*.scss thriving/assets/js/*.js)
	npm run --silent build
	touch $@

install: $(VENV)/.installed thriving/static/dist/.built ## Create the virtual environment, install, build the front end

assets: thriving/static/dist/.built ## Build govuk-frontend, htmx and our styles into thriving/static/dist

demo: install ## Set up the embedded database with the demo localities and serve on 127.0.0.1:8000
	$(DEMO_ENV) $(PY) manage.py migrate --noinput
	$(DEMO_ENV) $(PY) manage.py demo
	$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:8000

# The browser journeys need Chromium: scripts/chromium.sh finds it, or installs Debian's or Playwright's.
CHROMIUM := THRIVING_CHROMIUM="$$(scripts/chromium.sh $(PY))" && export THRIVING_CHROMIUM &&

test: install ## Run the whole test suite (SQLite), browser journeys included
	$(CHROMIUM) $(PY) -m pytest $(PYTEST_ARGS)

test-postgres: install ## Run the whole test suite against PostgreSQL (DATABASE_URL, default a fresh local database)
	$(CHROMIUM) DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/thriving_$$(date +%s)_$$$$} $(PY) -m pytest --create-db $(PYTEST_ARGS)

# mypy checks every app's writes and reads: its services and queries, modules or packages.
TYPED := $$(find thriving -name tests -prune -o \( -name services -o -name queries -o -name services.py -o -name queries.py \) -print)

lint: install ## ruff, mypy over every services and queries module, and no missing migrations
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy $(TYPED)
	$(DEMO_ENV) $(PY) manage.py makemigrations --check --dry-run

worker: install ## Run the background task worker (needs TASKS_BACKEND=database)
	$(PY) manage.py db_worker

bench: install ## Run the benchmarks in bench/ and print their figures
	$(PY) -m bench

clean: ## Remove the virtual environment, node modules, built assets and the demo database
	rm -rf $(VENV) node_modules thriving/static/dist var
