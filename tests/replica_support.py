"""Read replicas in the tests: the aliases read the test database on the real standby."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connections

# For `django_db(databases=...)` of the tests that read a replica. Django does not flush them
# after a test: they are test mirrors (settings.py); the primary's flush reaches them.
WITH_REPLICAS = ["default", *settings.REPLICA_DATABASES]


@contextmanager
def replicas_follow_test_database() -> Iterator[None]:
    """A replica alias is a test mirror (settings.py), so Django neither creates nor flushes a
    database on the read-only standby; but Django's mirror is a copy of the primary's
    connection, which would prove nothing. Give it back its own settings (the real standby)
    with the test database's name: a dict shared by the connections of every thread."""
    names = {alias: connections.settings[alias]["NAME"] for alias in settings.REPLICA_DATABASES}
    for alias in names:
        connections[alias].close()
        connections[alias].settings_dict = connections.settings[alias]
        connections[alias].settings_dict["NAME"] = connections["default"].settings_dict["NAME"]
    try:
        yield
    finally:
        for alias, name in names.items():
            connections[alias].close()
            connections[alias].settings_dict["NAME"] = name


def wait_until_replayed(alias: str, timeout: float = 30) -> None:
    """Until the standby has replayed everything the primary has committed (bounded)."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        position = cursor.fetchone()[0]
    deadline = time.monotonic() + timeout
    while True:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [position])
            if cursor.fetchone()[0]:
                return
        if time.monotonic() > deadline:
            raise AssertionError(f"replica {alias} did not replay {position} in {timeout} s")
        time.sleep(0.05)
