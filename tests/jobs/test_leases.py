"""Leases of job rows, in-process: claims, the sweeper, bounded attempts, failures with a
reason and a retry button. The faults against a real worker are in test_faults.py."""

from __future__ import annotations

import datetime
import errno
import os
import time

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from common import jobs
from counting.months import previous_month
from members.importing import jobs as import_jobs
from members.importing import services as import_services
from members.importing.models import ImportBatch, ImportStatus
from reports import services as report_services
from reports.files import services
from reports.files.models import FileKind, FileStatus, GeneratedFile
from reports.models import MonthlySnapshot, RunStatus, SnapshotRun
from tests.jobs.support import assert_settled
from tests.members.import_support import row, upload, xlsx
from tests.reports.files_support import write_snapshots

LAST_MONTH = previous_month(datetime.date.today())
LAPSED = timezone.now() - datetime.timedelta(minutes=5)


def _roster(user, node) -> GeneratedFile:
    return services.file_request(user=user, kind=FileKind.ROSTER, node=node,
                                 enqueue=lambda pk: None)


def test_a_second_message_for_a_row_held_by_a_live_worker_does_nothing(tree, city_officer, media):
    record = _roster(city_officer, tree.city)
    assert jobs.claim(services.FILE_JOB, record.pk) == 1
    assert services.file_build(file_id=record.pk) is None  # the duplicate finds it taken
    record.refresh_from_db()
    assert (record.status, record.attempts) == (FileStatus.RUNNING, 1)


def test_the_sweeper_hands_a_lost_build_on_and_it_is_built(tree, city_officer, media):
    record = _roster(city_officer, tree.city)
    assert jobs.claim(services.FILE_JOB, record.pk) == 1  # and the worker died
    GeneratedFile.objects.filter(pk=record.pk).update(lease_expires_at=LAPSED)

    result = services.files_sweep()

    assert result.requeued == [record.pk] and result.sent == [record.pk]
    record.refresh_from_db()
    assert (record.status, record.attempts) == (FileStatus.DONE, 2)  # built in-process
    assert_settled(media)


def test_after_the_last_attempt_the_row_fails_with_a_reason_and_a_retry_button(
        tree, city_officer, media, client_for, django_capture_on_commit_callbacks):
    record = _roster(city_officer, tree.city)
    GeneratedFile.objects.filter(pk=record.pk).update(
        status=FileStatus.RUNNING, attempts=settings.JOB_MAX_ATTEMPTS, lease_expires_at=LAPSED)

    assert services.files_sweep().failed == [record.pk]

    record.refresh_from_db()
    assert (record.status, record.failure) == (FileStatus.FAILED, "worker_lost")
    page = client_for(city_officer).get(reverse("reports_files")).content.decode()
    assert "后台任务多次中断" in page
    assert reverse("reports_file_retry", args=[record.pk]) in page
    with django_capture_on_commit_callbacks(execute=True):
        client_for(city_officer).post(reverse("reports_file_retry", args=[record.pk]))
    record.refresh_from_db()
    assert (record.status, record.attempts) == (FileStatus.DONE, 1)  # fresh attempts, built
    assert_settled(media)


def test_an_outsider_cannot_retry_a_file(tree, city_officer, editor_a, media, client_for):
    record = _roster(city_officer, tree.city)
    GeneratedFile.objects.filter(pk=record.pk).update(status=FileStatus.FAILED)
    response = client_for(editor_a).post(reverse("reports_file_retry", args=[record.pk]))
    assert response.status_code == 404
    assert GeneratedFile.objects.get(pk=record.pk).status == FileStatus.FAILED


def test_a_files_folder_that_refuses_writes_fails_the_build_with_its_reason(
        tree, city_officer, media, client_for):
    # Root ignores permission bits; sysfs refuses new files even to root, as a folder mounted
    # read-only or owned by another user would.
    (media / "files").symlink_to("/sys/fs")
    record = _roster(city_officer, tree.city)
    built = services.file_build(file_id=record.pk)
    assert (built.status, built.failure, built.file_name) == (FileStatus.FAILED, "no_permission", "")
    page = client_for(city_officer).get(reverse("reports_files")).content.decode()
    assert "服务器无权写入文件目录" in page
    assert services.files_sweep_disk(grace_seconds=0) == []  # never follows the link


def test_a_full_disk_and_a_lost_database_are_named():
    with pytest.raises(OSError) as full, open("/dev/full", "wb", buffering=0) as handle:
        handle.write(b"roster")
    assert full.value.errno == errno.ENOSPC
    assert jobs.failure_code(full.value) == "disk_full"
    from django.db import OperationalError

    assert jobs.failure_code(OperationalError("server closed the connection")) == "database"
    assert jobs.failure_code(OSError("Failed to save workbook: Permission denied (os error 13)")) \
        == "no_permission"


def test_a_row_deleted_during_its_build_leaves_no_file(tree, city_officer, media, monkeypatch):
    record = _roster(city_officer, tree.city)
    real = services._write

    def write_then_lose_the_row(record, path, name):
        rows = real(record, path, name)
        GeneratedFile.objects.filter(pk=record.pk).delete()  # a purge, an administrator
        return rows

    monkeypatch.setattr(services, "_write", write_then_lose_the_row)
    assert services.file_build(file_id=record.pk) is None
    assert list((media / "files").iterdir()) == []


def test_files_on_disk_with_no_live_row_are_swept_after_the_grace_period(
        tree, city_officer, media, caplog):
    record = services.file_build(file_id=_roster(city_officer, tree.city).pk)
    folder = media / "files"
    orphan, young = folder / "roster-1-2024-01-01-0123456789abcdef.xlsx", folder / "young.xlsx"
    part = folder / f"{record.file_name}.part-0123"
    upload_orphan = media / "imports" / "2024" / "01" / "abc.xlsx"
    upload_orphan.parent.mkdir(parents=True)
    for path in (orphan, young, part, upload_orphan):
        path.write_bytes(b"PK personal data")
    old = time.time() - 3600
    for path in (orphan, part, upload_orphan, record.path):
        os.utime(path, (old, old))

    removed = services.files_sweep_disk(grace_seconds=600)
    removed += import_jobs.import_files_sweep_disk(grace_seconds=600)

    assert sorted(removed) == sorted([orphan, part, upload_orphan])
    assert record.path.exists() and young.exists()
    assert "removed orphan file" in caplog.text


def test_beat_firing_twice_queues_each_scheduled_report_once(tree, media):
    write_snapshots(LAST_MONTH)
    sent = []
    first = services.monthly_reports_request(month=LAST_MONTH, enqueue=sent.append)
    second = services.monthly_reports_request(month=LAST_MONTH, enqueue=sent.append)
    assert len(first) == 3 and second == []
    for pk in first:
        services.file_build(file_id=pk)
        services.file_build(file_id=pk)  # a duplicate message
    assert GeneratedFile.objects.filter(status=FileStatus.DONE).count() == 3
    assert len(list((media / "files").iterdir())) == 3


def test_the_snapshot_of_a_month_is_written_once_however_often_beat_fires(counted):
    assert report_services.snapshot_month(month=LAST_MONTH) == 7
    ids = set(MonthlySnapshot.objects.values_list("pk", flat=True))
    assert report_services.snapshot_month(month=LAST_MONTH) == 7
    assert set(MonthlySnapshot.objects.values_list("pk", flat=True)) == ids  # not rewritten
    run = SnapshotRun.objects.get()
    assert (run.status, run.attempts, run.rows) == (RunStatus.DONE, 1, 7)


def test_a_lost_snapshot_run_is_sent_again_by_the_sweeper(counted):
    run = SnapshotRun.objects.create(month=LAST_MONTH, status=RunStatus.RUNNING, attempts=1,
                                     lease_expires_at=LAPSED)
    assert report_services.snapshots_sweep().sent == [run.pk]
    run.refresh_from_db()
    assert (run.status, run.attempts, run.rows) == (RunStatus.DONE, 2, 7)


def _batch(tree, editor_a) -> ImportBatch:
    return import_services.import_batch_create(
        node=tree.union_a, by=editor_a, upload=upload(xlsx([row("王五", "110101199003074758")])))


def test_a_lost_check_is_sent_again_and_a_spent_commit_fails_with_a_recheck_button(
        tree, editor_a, import_media, client_for):
    checking, committing = _batch(tree, editor_a), _batch(tree, editor_a)
    ImportBatch.objects.filter(pk=checking.pk).update(
        status=ImportStatus.VALIDATING, attempts=1, lease_expires_at=LAPSED)
    ImportBatch.objects.filter(pk=committing.pk).update(
        status=ImportStatus.COMMITTING, attempts=settings.JOB_MAX_ATTEMPTS,
        lease_expires_at=LAPSED)

    validate, commit = import_jobs.import_sweep()

    assert validate.sent == [checking.pk] and commit.failed == [committing.pk]
    assert ImportBatch.objects.get(pk=checking.pk).status == ImportStatus.VALIDATED
    committing.refresh_from_db()
    assert (committing.status, committing.problem["code"]) == (ImportStatus.FAILED, "worker_lost")
    page = client_for(editor_a).get(reverse("import_detail", args=[committing.pk]))
    assert reverse("import_recheck", args=[committing.pk]) in page.content.decode()


def test_a_check_that_meets_a_full_disk_ends_failed_with_the_reason(
        tree, editor_a, import_media, client_for, monkeypatch):
    batch = _batch(tree, editor_a)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(import_jobs, "write_plan", full)
    batch = import_jobs.import_validate(batch_id=batch.pk)
    assert (batch.status, batch.problem) == (
        ImportStatus.FAILED, {"code": "job_failed", "params": {"reason": "disk_full"}})
    assert batch.lease_expires_at is None
    page = client_for(editor_a).get(reverse("import_detail", args=[batch.pk])).content.decode()
    assert "服务器磁盘已满" in page


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_unreachable_requests_answer_at_once_and_rows_wait(
        tree, city_officer, editor_a, media, client_for):
    """Port 9 (discard) on loopback: nothing listens, the connection is refused."""
    from tests.jobs.support import broker_at
    from unionreg.celery import app

    previous = app.conf.broker_url
    app.conf.task_always_eager = False
    broker_at("redis://127.0.0.1:9/0")
    try:
        client = client_for(city_officer)
        started = time.monotonic()
        response = client.post(reverse("reports_file_request"),
                               {"kind": FileKind.ROSTER, "node": tree.city.pk}, follow=True)
        took = time.monotonic() - started
        dashboard = client.get(reverse("reports_dashboard"))
    finally:
        broker_at(previous)
        app.conf.task_always_eager = True
    assert took < 3, took
    assert "后台服务暂不可用，已记录，稍后自动重试" in response.content.decode()
    assert dashboard.status_code == 200  # pages that send nothing do not notice
    record = GeneratedFile.objects.get()
    assert (record.status, record.sent_at) == (FileStatus.QUEUED, None)

    assert services.files_sweep().sent == [record.pk]  # the broker is back (in-process here)
    assert GeneratedFile.objects.get().status == FileStatus.DONE
    assert_settled(media)


def test_the_celery_settings_bound_every_wait():
    from members.importing.tasks import import_commit_task, import_validate_task
    from reports.files.tasks import file_build

    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    hard_limits = [hard for _soft, hard in settings.JOB_TIME_LIMITS.values()]
    assert options["visibility_timeout"] > max(hard_limits)
    assert options["socket_connect_timeout"] <= 3 and settings.CELERY_BROKER_CONNECTION_TIMEOUT <= 3
    assert settings.CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS["retry_policy"]["max_retries"] <= 1
    assert settings.CELERY_WORKER_MAX_MEMORY_PER_CHILD > 0
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    for task in (file_build, import_validate_task, import_commit_task):
        assert task.acks_late and task.reject_on_worker_lost and task.ignore_result
        assert 0 < task.soft_time_limit < task.time_limit
    beat = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    for sweeper in ("reports.file_tasks.files_sweep", "members.tasks.import_sweep_task",
                    "reports.tasks.snapshots_sweep"):
        assert beat[sweeper] == 60.0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_renews_a_held_lease_and_notices_a_lost_one(tree, city_officer, media):
    record = _roster(city_officer, tree.city)
    attempt = jobs.claim(services.FILE_JOB, record.pk)
    GeneratedFile.objects.filter(pk=record.pk).update(lease_expires_at=LAPSED)
    assert jobs.renew(services.FILE_JOB, record.pk, attempt)
    assert GeneratedFile.objects.get(pk=record.pk).lease_expires_at > timezone.now()
    # The sweeper took it for dead and another worker claimed it: this one has lost it.
    GeneratedFile.objects.filter(pk=record.pk).update(attempts=attempt + 1)
    assert not jobs.renew(services.FILE_JOB, record.pk, attempt)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_connection_the_database_dropped_is_replaced_before_the_next_request(db):
    """What a PostgreSQL restart does to every idle gunicorn worker's connection."""
    from django.db import close_old_connections, connection, connections

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()
    close_old_connections()  # what Django does as each request starts
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
