"""The heartbeat: beat sends it every minute, a worker runs it; /readyz reads both marks."""

from celery import shared_task

from ops.heartbeats import WORKER, heartbeat_record


@shared_task(name="ops.tasks.heartbeat", ignore_result=True, expires=120)
def heartbeat() -> None:
    heartbeat_record(WORKER)
