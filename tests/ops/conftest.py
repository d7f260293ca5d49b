"""Helpers of the operations tests: a database alias that points at nothing, fresh heartbeats."""

from __future__ import annotations

import socket

import pytest
from django.db import connections
from django.db.utils import load_backend

from ops import health
from ops.heartbeats import BEAT, WORKER, heartbeat_record


def closed_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def unreachable_database(settings):
    """A real PostgreSQL connection on a closed port, an alias /readyz checks; removed afterwards.

    Registered as this thread's connection but not in DATABASES: the test case lets such
    dynamically created connections connect (it guards the configured aliases).
    """
    alias = "gone"
    settings_dict = {
        **connections["default"].settings_dict,
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "unionreg_nowhere",
        "HOST": "127.0.0.1",
        "PORT": str(closed_port()),
        "USER": "postgres",
        "PASSWORD": "",
        "OPTIONS": {"connect_timeout": 2},
        "CONN_MAX_AGE": 0,
    }
    connections[alias] = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias)
    settings.HEALTH_DATABASES = ["default", alias]
    yield alias
    connections[alias].close()
    del connections[alias]


@pytest.fixture
def with_worker(settings):
    """The deployed shape: tasks go to a worker (so its heartbeat is checked), Redis not checked."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.REDIS_URL = ""
    settings.HEALTH_MIN_FREE_MB = 0


@pytest.fixture
def beating(with_worker, db):
    heartbeat_record(WORKER)
    heartbeat_record(BEAT)


@pytest.fixture(autouse=True)
def _forget_migration_state():
    health._migrated_until.clear()
    yield
    health._migrated_until.clear()
