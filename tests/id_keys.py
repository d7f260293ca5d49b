"""Throwaway resident-ID keys for a test run (loaded by pytest's `-p tests.id_keys`).

A pytest plugin, not a conftest: pytest-django reads the settings before any conftest runs,
and the settings refuse to start without keys when DEBUG is off (as the tests run). The keys
go into the environment, so the processes the tests start (the import reader, a Celery
worker, the dev server of the browser tests) share them. Set ID_ENCRYPTION_KEYS and
ID_HASH_KEY yourself to run the tests under given keys.
"""

from __future__ import annotations

import os

from unionreg.id_keys import ENCRYPTION_ENV, HASH_ENV, generate_keys

GENERATED = not (os.environ.get(ENCRYPTION_ENV) or os.environ.get(HASH_ENV))
if GENERATED:
    os.environ.update(generate_keys(key_id="test1"))


def pytest_report_header(config) -> str:
    if GENERATED:
        return "resident-ID keys: throwaway keys generated for this run (tests/id_keys.py)"
    return "resident-ID keys: from the environment"
