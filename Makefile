# Two commands matter: `make run` (serve the demo) and `make test` (pass the tests).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
MANAGE := $(BIN)/python manage.py
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test install migrate demo worker beat replica bench bench-scale messages check check-deploy backup restore clean

$(STAMP): pyproject.toml package.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev]"
	$(BIN)/python -m unionreg.assets
	touch $(STAMP)

install: $(STAMP)

# The embedded default: SQLite and in-process Celery unless DATABASE_URL / REDIS_URL are set.
run: export DEBUG ?= 1
run: $(STAMP)
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) seed demo --if-empty
	$(MANAGE) runserver $(HOST):$(PORT)

test: export SECRET_KEY ?= test-only-secret-key
test: $(STAMP)
	$(BIN)/pytest

# Development: one worker on every queue (production runs one per queue: docker-compose.yml).
worker: $(STAMP)
	$(BIN)/celery -A unionreg worker -Q celery,imports,files,scheduled --loglevel=INFO

# A streaming read replica of the local PostgreSQL on port 5433 (ops/replica-up.sh; CI runs it).
replica:
	bash ops/replica-up.sh

beat: $(STAMP)
	$(BIN)/celery -A unionreg beat --loglevel=INFO

bench: export SECRET_KEY ?= bench-only-secret-key
bench: $(STAMP)
	$(BIN)/python -m bench

# The province data set (~26.7 million members) in its own database (PROVINCE_DATABASE_URL,
# default unionreg_province; about 25 GB): seeded if absent, then measured (docs/scaling.md).
bench-scale: export SECRET_KEY ?= bench-only-secret-key
bench-scale: $(STAMP)
	$(BIN)/python -m bench.scale

messages: $(STAMP)
	DEBUG=1 $(MANAGE) makemessages -l zh_Hans --no-obsolete --no-location -i ".venv/*" -i "node_modules/*" -i "var/*"
	DEBUG=1 $(MANAGE) compilemessages -l zh_Hans

check: $(STAMP)
	DEBUG=1 $(MANAGE) check
	DEBUG=1 $(MANAGE) makemigrations --check --dry-run

# `check --deploy` under the production environment docker-compose.yml gives the web service
# (same names, same values); any warning fails. The key is long and random-looking for the check only;
# the resident-ID keys are generated for the check (production brings its own).
NEWKEY := $(BIN)/python -c "import os,base64;print(base64.b64encode(os.urandom(32)).decode())"
check-deploy: $(STAMP)
	env -u DEBUG -u SECURE_COOKIES \
	  SECRET_KEY=check-deploy-only-7Qm2vX9pL4tR8wZ1nB6cY3hJ5kD0fG2sA7eU4iO9 \
	  ID_ENCRYPTION_KEYS=check1:$$($(NEWKEY)) ID_HASH_KEY=$$($(NEWKEY)) \
	  ALLOWED_HOSTS=localhost \
	  SECURE_SSL_REDIRECT=1 SECURE_PROXY_SSL_HEADER=1 \
	  SECURE_HSTS_SECONDS=31536000 SECURE_HSTS_INCLUDE_SUBDOMAINS=1 SECURE_HSTS_PRELOAD=0 \
	  SESSION_COOKIE_SECURE=1 CSRF_COOKIE_SECURE=1 TRUSTED_PROXY_COUNT=0 \
	  $(MANAGE) check --deploy --fail-level WARNING

# Backups (docs/operations.md): the database (pg_dump) and MEDIA_ROOT into BACKUP_DIR with a
# manifest of row counts and checksums; old ones pruned (BACKUP_KEEP_COUNT, BACKUP_KEEP_DAYS).
backup: $(STAMP)
	$(MANAGE) backup $(if $(BACKUP_DIR),--dest "$(BACKUP_DIR)")

# Into a NEW database (RESTORE_DB, default <database>_restore_<backup time>) and a new files folder,
# then `manage.py restore_check` there: row counts as in the manifest, the recount clean.
restore: $(STAMP)
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=var/backups/unionreg-<time> [RESTORE_DB=name]"; exit 2; }
	$(MANAGE) restore "$(BACKUP)" $(if $(RESTORE_DB),--database-name "$(RESTORE_DB)")

clean:
	rm -rf $(VENV) var node_modules static/vendor
