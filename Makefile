# PIM Dashboard. `make run` serves the site, `make test` runs the whole suite.
# Both need only Python 3.11: everything else is installed here, into .venv/.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
WORKERS ?= 2

# `make run` serves plain HTTP on loopback with the production settings: a secret
# kept in var/ and HTTPS-only cookies turned off (nothing else turns them off).
# E-mail (password reset links) goes to files in var/mail unless EMAIL_BACKEND says otherwise.
RUN_ENV = SECRET_KEY="$${SECRET_KEY:-$$(cat var/secret_key)}" HTTPS="$${HTTPS:-false}" \
	EMAIL_BACKEND="$${EMAIL_BACKEND:-django.core.mail.backends.filebased.EmailBackend}"
# The test suite runs the production settings too; pyproject.toml gives it a secret.

.PHONY: run test e2e bench backup restore lint format install install-dev migrate messages demo clean-venv

# The first install takes about a minute: say so, and let pip name each package as it goes.
$(VENV)/.installed: requirements.txt
	@echo "==> Installing the Python packages into $(VENV)/ (about a minute, only the first time)"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --progress-bar off --no-color -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

var/secret_key:
	mkdir -p var
	umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

# A migration creates the cache table; createcachetable stays for a database migrated
# before it, silent when the table is there.
migrate: $(VENV)/.installed var/secret_key
	@echo "==> Preparing the database"
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py createcachetable --verbosity 0

# gunicorn logs only warnings (and each request) here, so that the last line at the start
# says where the site is, where to sign in and how to stop it.
run: migrate
	@echo "==> Loading the PIM data"
	$(RUN_ENV) $(BIN)/python manage.py load_pim_data
	$(RUN_ENV) $(BIN)/python manage.py ensure_admin
	$(RUN_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@echo "PIM Dashboard: http://127.0.0.1:$(PORT)/ · sign in: http://127.0.0.1:$(PORT)/konto/login/ · admin site: http://127.0.0.1:$(PORT)/$${ADMIN_URL:-admin/} · Ctrl+C stops it"
	@$(RUN_ENV) exec $(BIN)/gunicorn --config gunicorn.conf.py --bind 127.0.0.1:$(PORT) --workers $(WORKERS) --log-level warning

# axe-core for the accessibility tests, from the npm registry (when npm is here).
node_modules/.installed: package.json package-lock.json
	if command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent && touch $@; fi

# The whole suite. The browser tests run when Debian's Chromium is installed
# (/usr/bin/chromium; .ci/run installs it) and are skipped, saying so, otherwise.
test: $(VENV)/.installed-dev node_modules/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	SECRET_KEY=makemigrations-check-only-not-a-real-secret-key $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

# Only the browser tests: the real site under gunicorn, in headless Chromium.
e2e: $(VENV)/.installed-dev node_modules/.installed
	$(BIN)/pytest -m e2e

# Every main page under load (wrk), pilot and national-scale data, cold and warm, for a
# visitor, ministry staff and a city editor; exports, imports and Lighthouse when their
# scripts are present; writes docs/benchmarks.md. Not part of `make test`.
# BENCH_SECONDS per wrk run; BENCH_ARGS e.g. --no-lighthouse, --datasets pilot.
BENCH_SECONDS ?= 5
BENCH_ARGS ?=
bench: $(VENV)/.installed-dev node_modules/.installed
	command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
	$(BIN)/python scripts/bench.py --duration $(BENCH_SECONDS) $(BENCH_ARGS)

# pg_dump of the database (DATABASE_URL's, or the embedded one) into var/backups/.
backup: $(VENV)/.installed var/secret_key
	$(RUN_ENV) $(BIN)/python manage.py dump_database

# Replace the database's contents with a backup: make restore FILE=var/backups/pim-....dump
restore: $(VENV)/.installed var/secret_key
	test -n "$(FILE)" || (echo "Give the backup: make restore FILE=var/backups/..." && exit 2)
	$(RUN_ENV) $(BIN)/python manage.py restore_database "$(FILE)"

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Regenerate the translation catalogues (needs GNU gettext); the compiled .mo
# files are committed so that `make run` needs no gettext.
messages: $(VENV)/.installed
	$(RUN_ENV) $(BIN)/python manage.py makemessages --locale pl --locale en --ignore '.venv/*' --ignore 'var/*'
	$(RUN_ENV) $(BIN)/python manage.py compilemessages --ignore '.venv/*'

demo: migrate
	$(RUN_ENV) $(BIN)/python manage.py generate_demo_data

clean-venv:
	rm -rf $(VENV)
