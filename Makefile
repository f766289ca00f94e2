# Two commands on a fresh machine: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
ADMIN_USER ?= admin
ADMIN_PASSWORD ?= campaign-admin

.PHONY: run test system-packages setup install install-production clients migrate demo demo-reset admin serve worker lint format lock schema check-deploy smoke ci clean messages bench

run: setup demo admin serve

test: install clients system-packages
	$(BIN)/pytest $(PYTEST_ARGS)

# Debian packages the tests drive: chromium and its driver (browser tests), nginx (the nginx
# example is run on loopback), Varnish with vmod-xkey from varnish-modules (deploy/varnish.vcl
# is run on loopback). Each is a file the package installs (a shell pattern) and the package.
# Installed with apt-get when missing; quick when present.
SYSTEM_PACKAGES := /usr/bin/chromium:chromium /usr/bin/chromedriver:chromium-driver \
	/usr/sbin/nginx:nginx /usr/sbin/varnishd:varnish \
	/usr/lib/*/varnish/vmods/libvmod_xkey.so:varnish-modules
system-packages:
	@missing=""; for entry in $(SYSTEM_PACKAGES); do \
	  ls $${entry%%:*} >/dev/null 2>&1 || missing="$$missing $${entry#*:}"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing the Debian packages the tests need:$$missing"; \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo="sudo"; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing >/dev/null; \
	fi

setup: install migrate

# The virtual environment is rebuilt whenever the lock changes.
install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed: $(PYTHON) was not found."; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	touch $@

# A server's environment: the production lock only (no test or lint tools), as in the image.
install-production:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed: $(PYTHON) was not found (Debian: apt-get install python3.11 python3.11-venv)."; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.prod.lock

# The real GraphQL clients some tests drive (tests/clients), reinstalled whenever their lock changes.
CLIENTS := tests/clients
clients: $(CLIENTS)/node_modules/.installed

$(CLIENTS)/node_modules/.installed: $(CLIENTS)/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "Node.js and npm are needed for the tests of tests/clients."; exit 1; }
	npm ci --prefix $(CLIENTS) --no-audit --no-fund
	touch $@

# -v0: no line per migration; errors still show.
migrate: install
	$(PY) manage.py migrate --noinput -v0

# Adds what is missing of the demo and never changes a page that exists: editors' work is kept.
demo: migrate
	$(PY) manage.py load_demo

# Restores the demo pages to the demo content, overwriting editors' changes (asks first).
demo-reset: migrate
	$(PY) manage.py load_demo --reset

# The password is set only when given (`make run ADMIN_PASSWORD=...`): a password changed in the
# admin survives the next `make run`.
admin: migrate
	$(PY) manage.py ensure_admin --username "$(ADMIN_USER)" $(if $(filter command line environment,$(origin ADMIN_PASSWORD)),--password "$(ADMIN_PASSWORD)")

serve: install
	@echo ""
	@echo "  Admin:   http://$(HOST):$(PORT)/admin/   (user: $(ADMIN_USER), password: $(ADMIN_PASSWORD), unless changed in the admin)"
	@echo "  GraphQL: http://$(HOST):$(PORT)/graphql/"
	@echo ""
	@echo "  The background worker (webhooks, purges, renditions) runs beside the web server."
	@echo ""
	$(PY) manage.py set_site_address "$(HOST):$(PORT)"
	@export WAGTAILADMIN_BASE_URL="http://$(HOST):$(PORT)"; \
	$(PY) manage.py db_worker --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# The background task worker alone (for a second terminal, or when the web server runs elsewhere).
worker: install
	$(PY) manage.py db_worker

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/hadolint --failure-threshold style deploy/Dockerfile

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# After changing a message to editors: update the catalogues, translate new entries, compile.
# The apps with catalogues of their own (frontend_schema: the participation API's messages).
MESSAGE_APPS := campaign partners participation frontend_schema
messages: install
	for app in $(MESSAGE_APPS); do \
		(cd $$app && ../$(PY) ../manage.py makemessages -l de -l fr -l it --no-obsolete \
			--ignore "migrations/*" && ../$(PY) ../manage.py compilemessages) || exit 1; \
	done

# Regenerate requirements.lock after changing pyproject.toml, and requirements.prod.lock (the
# container image's: no dev extra) from it. The copy first makes uv keep the versions of
# requirements.lock, so the image runs exactly what the tests ran.
lock: install
	$(PY) -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --universal \
		--python-version 3.11 -o requirements.lock
	cp requirements.lock requirements.prod.lock
	$(BIN)/uv pip compile pyproject.toml --generate-hashes --universal \
		--python-version 3.11 -o requirements.prod.lock

schema: install
	$(PY) manage.py export_schema

check-deploy: install
	DJANGO_SETTINGS_MODULE=cms.settings.production \
	SECRET_KEY=$${SECRET_KEY:-ci-only-$$(head -c 48 /dev/urandom | od -An -tx1 | tr -d ' \n')} \
	ALLOWED_HOSTS=$${ALLOWED_HOSTS:-campaign.example.org} \
	DEFAULT_FROM_EMAIL=$${DEFAULT_FROM_EMAIL:-campaign@campaign.example.org} \
	$(PY) manage.py check --deploy --fail-level WARNING

# GraphQL against Wagtail's API v2 over HTTP on one gunicorn server (README, "Benchmark").
# BENCH_ARGS, for example "--full" (issue 10's data set) or "--clients 1,4 --duration 2";
# DATABASE_URL=postgres://... to run on PostgreSQL (default: SQLite in .bench/).
bench: install
	DJANGO_SETTINGS_MODULE=cms.settings.bench $(PY) manage.py bench $(BENCH_ARGS)

# The production stack (nginx, gunicorn, worker, PostgreSQL, Redis, S3) started on loopback and
# checked end to end; deploy/README.md, "Smoke test of the production stack". About 3 minutes.
smoke: install
	$(PY) deploy/smoke

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) db.sqlite3 media static .pytest_cache $(CLIENTS)/node_modules

publish-scheduled: install
	$(PY) manage.py publish_scheduled
