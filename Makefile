# Two commands matter: `make run` (serve the demo) and `make test` (pass the tests).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
MANAGE := $(BIN)/python manage.py
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test install migrate demo worker beat bench messages check clean

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

worker: $(STAMP)
	$(BIN)/celery -A unionreg worker --loglevel=INFO

beat: $(STAMP)
	$(BIN)/celery -A unionreg beat --loglevel=INFO

bench: export SECRET_KEY ?= bench-only-secret-key
bench: $(STAMP)
	$(BIN)/python -m bench

messages: $(STAMP)
	DEBUG=1 $(MANAGE) makemessages -l zh_Hans --no-obsolete --no-location -i ".venv/*" -i "node_modules/*" -i "var/*"
	DEBUG=1 $(MANAGE) compilemessages -l zh_Hans

check: $(STAMP)
	DEBUG=1 $(MANAGE) check
	DEBUG=1 $(MANAGE) makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var node_modules static/vendor
