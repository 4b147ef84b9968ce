# Two commands for a new user: `make run` and `make test`. Everything else is a helper of those.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test lint bench load install messages clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) scripts/run_dev.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

test: install lint
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) scripts/check_deploy.py
	$(PY) scripts/check_messages.py
	scripts/check_compose.sh
	scripts/ensure_browser.sh
	scripts/ensure_axe.sh
	$(VENV)/bin/pytest -rs --screenshot only-on-failure --output test-results

bench: install
	$(PY) -m benchmarks

# Not part of `make test`: gunicorn with the production settings on PostgreSQL under 50 locust users for a
# minute (about 3 minutes in all), on 127.0.0.1 only. Starts PostgreSQL and Redis if they are down.
load: install
	$(PY) -m benchmarks.load

messages: install
	cd $(CURDIR) && $(PY) manage.py makemessages -l fi --ignore=.venv --ignore=var
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf var
