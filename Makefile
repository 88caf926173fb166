# The README's two commands: `make run` and `make test`. Both install what they need.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# Django 6.1 needs Python >= 3.12; machines often have an older `python3`, so look for one that fits.
PYTHON ?= $(shell for p in python3.13 python3.12 \
	/root/.pyenv/versions/3.13*/bin/python3.13 /root/.pyenv/versions/3.12*/bin/python3.12 \
	/usr/bin/python3.13 /usr/bin/python3.12 /usr/local/bin/python3.13 /usr/local/bin/python3.12; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; break; }; done)

.PHONY: run test lint format bench install messages

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python >= 3.12 not found; set PYTHON=/path/to/python3.12" >&2; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

messages: $(STAMP)
	$(PY) manage.py compilemessages --ignore=.venv -v 0

run: install messages
	$(PY) manage.py migrate --noinput -v 0
	$(PY) -m daphne -b 127.0.0.1 -p 8000 playground.asgi:application

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: install messages lint
	$(PY) -m pytest -q

bench: install messages
	@if [ -f engine/bench.py ]; then $(PY) -m engine.bench; fi
	$(PY) -m playground.bench
