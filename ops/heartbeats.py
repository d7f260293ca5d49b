"""Writing and reading the heartbeats (ops.models.Heartbeat)."""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from ops.models import Heartbeat

logger = logging.getLogger(__name__)
WORKER = "worker"
BEAT = "beat"
TASK_PREFIX = "task:"


def heartbeat_record(name: str, state: str = "") -> None:
    """Note that `name` is alive now. Never raises: a heartbeat must not fail a task."""
    try:
        with transaction.atomic():  # a savepoint: a failure here leaves the caller's work intact
            Heartbeat.objects.update_or_create(
                name=name, defaults={"at": timezone.now(), "state": state[:20]}
            )
    except Exception as exc:  # the database may be the very thing that is down
        logger.warning("heartbeat %s not recorded: %s", name, type(exc).__name__)


def heartbeat_age(name: str) -> datetime.timedelta | None:
    at = Heartbeat.objects.filter(name=name).values_list("at", flat=True).first()
    return timezone.now() - at if at else None


def scheduled_task_runs() -> dict[str, dict]:
    """The last run of each beat-scheduled task: {task name: {"at": ISO time, "state": ...}}."""
    rows = Heartbeat.objects.filter(name__startswith=TASK_PREFIX).order_by("name")
    return {
        row.name[len(TASK_PREFIX) :]: {
            "at": row.at.isoformat(timespec="seconds"),
            "state": row.state,
        }
        for row in rows
    }
