"""Readiness: can this deployment do its work right now? Each check answers a small dict.

A check never raises and never waits long: the proxy and the orchestrator call /readyz every
few seconds, and an answer that hangs is as bad as a wrong one.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable

from django.conf import settings
from django.db import connections
from django.db.migrations.executor import MigrationExecutor

from ops.heartbeats import BEAT, WORKER, heartbeat_age, scheduled_task_runs

# Alias → monotonic time until which "migrated" is trusted without loading the migration graph
# again (tens of milliseconds); only a positive answer is kept, and only briefly.
_migrated_until: dict[str, float] = {}
MIGRATED_TRUST_SECONDS = 300


def _failure(exc: BaseException) -> dict:
    return {"ok": False, "error": f"{type(exc).__name__}: {str(exc).strip()[:200]}"}


def _migrations_pending(alias: str) -> int:
    if _migrated_until.get(alias, 0) > time.monotonic():
        return 0
    executor = MigrationExecutor(connections[alias])
    pending = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    if not pending:
        _migrated_until[alias] = time.monotonic() + MIGRATED_TRUST_SECONDS
    return pending


def check_database(alias: str) -> dict:
    connection = connections[alias]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        pending = _migrations_pending(alias)
    except Exception as exc:
        if not connection.in_atomic_block:
            connection.close()  # the next probe connects afresh once the server is back
        return _failure(exc)
    if pending:
        return {"ok": False, "error": f"{pending} migrations not applied"}
    return {"ok": True}


def check_redis() -> dict:
    if not settings.REDIS_URL:
        return {"ok": True, "skipped": "REDIS_URL is not set: tasks run in-process"}
    import redis

    timeout = settings.HEALTH_REDIS_TIMEOUT
    client = redis.Redis.from_url(
        settings.REDIS_URL, socket_connect_timeout=timeout, socket_timeout=timeout
    )
    try:
        client.ping()
    except Exception as exc:
        return _failure(exc)
    finally:
        client.close()
    return {"ok": True}


def _heartbeat(name: str) -> dict:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {
            "ok": True,
            "skipped": "tasks run in-process (REDIS_URL is not set): no worker or beat",
        }
    try:
        age = heartbeat_age(name)
    except Exception as exc:
        return _failure(exc)
    limit = settings.HEALTH_HEARTBEAT_MAX_AGE
    if age is None:
        return {"ok": False, "error": f"no {name} heartbeat yet", "max_age_seconds": limit}
    seconds = int(age.total_seconds())
    return {"ok": seconds <= limit, "age_seconds": seconds, "max_age_seconds": limit}


def check_worker() -> dict:
    """A worker ran the heartbeat task recently (beat sends it every minute)."""
    return _heartbeat(WORKER)


def check_beat() -> dict:
    """Beat sent a task recently, and when each scheduled task last ran."""
    result = _heartbeat(BEAT)
    try:
        result["last_runs"] = scheduled_task_runs()
    except Exception:
        pass  # the database check says why
    return result


def check_disk() -> dict:
    usage = shutil.disk_usage(settings.VAR_DIR)
    free_mb = usage.free // (1024 * 1024)
    minimum = settings.HEALTH_MIN_FREE_MB
    return {"ok": free_mb >= minimum, "free_mb": free_mb, "min_free_mb": minimum}


def checks() -> dict[str, Callable[[], dict]]:
    found: dict[str, Callable[[], dict]] = {
        f"database:{alias}" if alias != "default" else "database": (
            lambda alias=alias: check_database(alias)
        )
        for alias in settings.HEALTH_DATABASES
    }
    found.update(redis=check_redis, worker=check_worker, beat=check_beat, disk=check_disk)
    return found


def readiness(only: list[str] | None = None) -> tuple[bool, dict[str, dict]]:
    """(all good, {check name: its answer}); `only` limits it to some checks (by name)."""
    results = {name: run() for name, run in checks().items() if not only or name in only}
    return all(r["ok"] for r in results.values()), results
