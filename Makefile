# Two commands for a new user: `make run` and `make test`. Everything else is a helper of those.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# Two locks with hashes, both made by `make lock` from pyproject.toml: requirements/production.lock (what the
# Docker image installs) and requirements/development.lock (the same pins plus tests, lint and load tools).
LOCK := requirements/development.lock
STAMP := $(VENV)/.installed-$(shell cat $(LOCK) pyproject.toml | cksum | cut -d' ' -f1)
# Resolved from PyPI alone, whatever index or wheel folder the machine's pip configuration adds, so that the
# locks name nothing local and every hash is one PyPI serves.
COMPILE := env -u PIP_FIND_LINKS -u PIP_EXTRA_INDEX_URL PIP_CONFIG_FILE=/dev/null $(VENV)/bin/pip-compile --quiet \
	--generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links

.PHONY: run test lint bench load install lock messages clean

$(STAMP): $(LOCK) pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK)
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
	$(VENV)/bin/pytest -n auto --dist worksteal --durations=15 -rs --screenshot only-on-failure --output test-results

bench: install
	$(PY) -m benchmarks

# Not part of `make test`: gunicorn with the production settings on PostgreSQL under 50 locust users for a
# minute (about 3 minutes in all), on 127.0.0.1 only. Starts PostgreSQL and Redis if they are down.
load: install
	$(PY) -m benchmarks.load

# After a change of dependencies in pyproject.toml. The development lock is held to the production pins.
lock: install
	$(COMPILE) --output-file=requirements/production.lock pyproject.toml
	$(COMPILE) --extra=test --extra=load --constraint=requirements/production.lock \
		--output-file=requirements/development.lock pyproject.toml

messages: install
	cd $(CURDIR) && $(PY) manage.py makemessages -l fi --ignore=.venv --ignore=var
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf var
