"""Celery's signals: the request id travels with a task, each task leaves one JSON log line and
its metrics, and worker and beat leave heartbeats that /readyz reads.

Connected in OpsConfig.ready(), so the web processes (which publish), the worker (which runs)
and beat (which schedules) all have them.
"""

from __future__ import annotations

import logging
import time

from celery.signals import (
    beat_embedded_init,
    beat_init,
    before_task_publish,
    setup_logging,
    task_postrun,
    task_prerun,
)
from django.conf import settings

from ops.context import current_request_id, request_id_var
from ops.heartbeats import BEAT, TASK_PREFIX, heartbeat_record
from ops.metrics import TASK_DURATION, TASKS

logger = logging.getLogger("unionreg.task")
HEADER = "request_id"
HEARTBEAT_TASK = "ops.tasks.heartbeat"
_running: dict[str, tuple[float, object]] = {}  # task id -> (start, context token)
_in_beat = {"yes": False}


def scheduled_task_names() -> set[str]:
    return {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}


def request_id_attach(headers: dict | None = None, **_) -> None:
    """On publishing (web or worker): the current request id goes into the message headers."""
    request_id = current_request_id()
    if request_id and headers is not None:
        headers.setdefault(HEADER, request_id)
    if _in_beat["yes"]:
        heartbeat_record(BEAT)  # beat publishes the heartbeat task every minute


def beat_started(**_) -> None:
    _in_beat["yes"] = True


def task_started(task_id: str = "", task=None, **_) -> None:
    """Bind the request id the message carried; in-process (eager) tasks keep the caller's."""
    request_id = getattr(task.request, HEADER, None) or current_request_id() or task_id
    _running[task_id] = (time.perf_counter(), request_id_var.set(request_id))


def task_finished(task_id: str = "", task=None, state: str | None = None, **_) -> None:
    started, token = _running.pop(task_id, (None, None))
    duration = time.perf_counter() - started if started is not None else 0.0
    state = state or "UNKNOWN"
    TASKS.labels(task.name, state).inc()
    TASK_DURATION.labels(task.name).observe(duration)
    logger.info(
        "task",
        extra={
            "task": task.name,
            "task_id": task_id,
            "state": state,
            "duration_ms": round(duration * 1000, 1),
            "retries": getattr(task.request, "retries", 0),
        },
    )
    if task.name != HEARTBEAT_TASK and task.name in scheduled_task_names():
        heartbeat_record(TASK_PREFIX + task.name, state)
    if token is not None:
        request_id_var.reset(token)


def logging_as_configured(**_) -> None:
    """Celery configures logging itself unless someone answers this signal: Django already
    did (settings.LOGGING: JSON, scrubbed), and Celery's set-up would replace those handlers."""


def connect() -> None:
    setup_logging.connect(logging_as_configured, weak=False, dispatch_uid="ops.logging")
    before_task_publish.connect(request_id_attach, weak=False, dispatch_uid="ops.request_id")
    beat_init.connect(beat_started, weak=False, dispatch_uid="ops.beat")
    beat_embedded_init.connect(beat_started, weak=False, dispatch_uid="ops.beat_embedded")
    task_prerun.connect(task_started, weak=False, dispatch_uid="ops.task_started")
    task_postrun.connect(task_finished, weak=False, dispatch_uid="ops.task_finished")
