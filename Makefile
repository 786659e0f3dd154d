# Bản Số: `make run` serves the platform with Lào Cai demo data; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# pytest-xdist processes for the suite: one per core of a small machine.
TEST_WORKERS ?= 2
export DJANGO_SETTINGS_MODULE := banso.settings

.PHONY: run test lint bench migrate translations espeak-ng mosquitto clean help

help:
	@echo "make run    set up and serve http://$(HOST):$(PORT) with Lào Cai demo data"
	@echo "make test   set up and run the checks and the whole test suite"
	@echo "make bench  run the benchmarks under bench/"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

gettext:
	@command -v msgfmt >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq gettext >/dev/null; \
	  else echo "GNU gettext (msgfmt) is missing: install the Debian package 'gettext'."; exit 1; fi; }

translations: gettext $(VENV)/.installed
	$(BIN)/python manage.py compilemessages --ignore=.venv -v0

migrate: translations
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py collectstatic --noinput -v0

run: migrate espeak-ng
	$(BIN)/python manage.py load_places
	$(BIN)/python manage.py seed_demo
	@HOST=$(HOST) PORT=$(PORT) BIN=$(BIN) scripts/serve.sh

chromium:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's chromium for the browser tests…"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "The browser tests need Debian's chromium: run 'sudo apt-get install chromium'."; exit 1; fi; }

# The default voice of the bulletins (banso.lingo.speech), which its tests run for real.
espeak-ng:
	@command -v espeak-ng >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's espeak-ng for the bulletins' speech…"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq espeak-ng >/dev/null; \
	  else echo "Speech needs Debian's espeak-ng: run 'sudo apt-get install espeak-ng'."; exit 1; fi; }

# The MQTT broker that the loudspeakers' publishing is tested against (.ci/run starts it).
mosquitto:
	@command -v mosquitto >/dev/null || test -x /usr/sbin/mosquitto || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's mosquitto for the loudspeakers' MQTT tests…"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mosquitto >/dev/null; \
	  else echo "The MQTT tests need Debian's mosquitto: run 'sudo apt-get install mosquitto'."; exit 1; fi; }

lint: $(VENV)/.installed-dev translations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run -v1

test: espeak-ng mosquitto lint chromium
	$(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

bench: $(VENV)/.installed-dev translations espeak-ng
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .mypy_cache
