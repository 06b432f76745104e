# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# The demo runs with DEBUG on and its own key; production sets SECRET_KEY itself.
DEMO_ENV := DEBUG=1 SECRET_KEY=$${SECRET_KEY:-demo-only-secret-key-not-for-production} ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost,$(HOST)}
# Tests run with DEBUG off, as in production, over plain HTTP with source static files.
TEST_ENV := SECRET_KEY=$${SECRET_KEY:-test-only-secret-key-not-for-production} HTTPS=0 STATIC_MANIFEST=0
PYTEST_ARGS ?=

.PHONY: demo test venv worker beat lint messages migrate clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	tools/ensure-cjk-font
	touch $@

venv: $(VENV)/.installed

migrate: venv
	$(DEMO_ENV) $(PY) manage.py migrate --noinput

demo: migrate
	$(DEMO_ENV) $(PY) manage.py seed_demo
	@echo "Serving on http://$(HOST):$(PORT)/ (users in README.md, password: $${DEMO_PASSWORD:-demo-pass-2026})"
	$(DEMO_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

test: venv
	$(PY) -m ruff check .
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS)

worker: venv
	$(DEMO_ENV) $(VENV)/bin/celery -A credit_mgmt worker --loglevel=INFO --concurrency=2

beat: venv
	$(DEMO_ENV) $(VENV)/bin/celery -A credit_mgmt beat --loglevel=INFO

lint: venv
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

# Refresh the message catalogues after changing user-visible strings, then
# translate locale/zh_Hans/LC_MESSAGES/django.po and run it again to compile.
messages: venv
	$(DEMO_ENV) $(PY) manage.py makemessages --locale zh_Hans --locale en --ignore '.venv/*' --no-obsolete
	$(DEMO_ENV) $(PY) manage.py compilemessages --ignore '.venv/*'

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache
