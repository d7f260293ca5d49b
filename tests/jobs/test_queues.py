"""Tasks go to their queue (imports, files, scheduled, celery), read from the app's own routing
configuration; a worker on one queue leaves another queue's tasks alone."""

from __future__ import annotations

import time

import pytest
import redis
import yaml
from celery.contrib.testing.worker import start_worker
from django.conf import settings

from reports.files import services as file_services
from reports.files.models import FileKind, FileStatus, GeneratedFile
from unionreg.celery import app

QUEUES = [queue.name for queue in settings.CELERY_TASK_QUEUES]


def queue_of(task_name: str) -> str:
    return app.amqp.router.route({}, task_name)["queue"].name


def _our_tasks() -> list[str]:
    app.loader.import_default_modules()  # autodiscovery, as a worker does at start
    return sorted(name for name in app.tasks if not name.startswith("celery."))


INTENDED = [
    ("members.tasks.import_validate_task", "imports"),
    ("members.tasks.import_commit_task", "imports"),
    ("organizations.importing.tasks.register_import_validate_task", "imports"),
    ("organizations.importing.tasks.register_import_commit_task", "imports"),
    ("reports.file_tasks.file_build", "files"),
    ("reports.tasks.snapshot_month", "scheduled"),
    ("reports.tasks.recount", "scheduled"),
    ("reports.tasks.snapshots_sweep", "scheduled"),
    ("reports.tasks.totals_fold", "scheduled"),
    ("reports.file_tasks.monthly_reports", "scheduled"),
    ("reports.file_tasks.files_sweep", "scheduled"),
    ("reports.file_tasks.files_purge", "scheduled"),
    ("members.tasks.import_sweep_task", "scheduled"),
    ("organizations.importing.tasks.register_import_sweep_task", "scheduled"),
    ("members.tasks.import_files_purge_task", "scheduled"),
    ("members.joining.tasks.applications_expire_task", "scheduled"),
    ("ops.tasks.heartbeat", "scheduled"),
]


@pytest.mark.parametrize("task, queue", [*INTENDED, ("some.new.task", "celery")])
def test_each_task_goes_to_its_queue(task, queue):
    assert queue_of(task) == queue


def test_every_registered_task_has_an_intended_queue_above():
    # A new task is given its queue on purpose: here, and in CELERY_TASK_ROUTES if not `celery`.
    assert _our_tasks() == sorted(task for task, _ in INTENDED)


def test_every_beat_job_runs_on_the_scheduled_queue():
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert queue_of(entry["task"]) == "scheduled", entry["task"]


def test_a_worker_started_without_queues_consumes_them_all():
    # make worker names them all (-Q); the tests' workers rely on this default.
    assert set(QUEUES) == {"celery", "imports", "files", "scheduled"}
    assert set(app.amqp.queues.consume_from) == set(QUEUES)


def _waiting_in(queue: str) -> int:
    return redis.Redis.from_url(settings.REDIS_URL).llen(queue)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)  # the worker thread has its own connection
def test_a_worker_on_the_imports_queue_leaves_an_export_for_the_files_workers(
    tree, city_officer, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    app.control.purge()
    record = file_services.file_request(
        user=city_officer, kind=FileKind.ROSTER, node=tree.city, enqueue=lambda pk: None
    )
    try:
        with start_worker(app, queues=["imports"], perform_ping_check=False, shutdown_timeout=30):
            app.tasks["reports.file_tasks.file_build"].apply_async((record.pk,))
            # An import task sent after the export is done: the worker is consuming.
            app.tasks["members.tasks.import_validate_task"].apply_async(
                (0,), ignore_result=False
            ).get(timeout=60)
            assert _waiting_in("files") == 1  # the export's message, untouched
        assert GeneratedFile.objects.get(pk=record.pk).status == FileStatus.QUEUED

        with start_worker(app, queues=["files"], perform_ping_check=False, shutdown_timeout=30):
            deadline = time.monotonic() + 60
            while GeneratedFile.objects.get(pk=record.pk).status != FileStatus.DONE:
                assert time.monotonic() < deadline, "the files worker did not build the export"
                time.sleep(0.2)
    finally:
        app.amqp.queues.select(QUEUES)  # the app's workers consume every queue again


def test_docker_compose_runs_a_worker_per_queue_that_pings_itself():
    compose = yaml.safe_load((settings.BASE_DIR / "docker-compose.yml").read_text())
    workers = {
        name: service
        for name, service in compose["services"].items()
        if "celery -A unionreg worker" in service.get("command", "")
    }
    consumed = sorted(service["environment"]["WORKER_QUEUES"] for service in workers.values())
    assert consumed == sorted(QUEUES)
    for service in workers.values():
        assert '-Q "$$WORKER_QUEUES"' in service["command"]
        assert "inspect ping" in " ".join(service["healthcheck"]["test"])


def test_make_worker_consumes_every_queue():
    makefile = (settings.BASE_DIR / "Makefile").read_text()
    command = next(line for line in makefile.splitlines() if "celery -A unionreg worker" in line)
    assert sorted(command.split("-Q ", 1)[1].split()[0].split(",")) == sorted(QUEUES)
