"""Faults against the real services: a Celery worker process (prefork), our own redis-server
on a free port (stopped and started here; the shared Redis is never touched), PostgreSQL.

The worker runs with a 3-second lease and a 1-second heartbeat, and honours failpoints: a job
pauses where the test wants to kill it. The sweeper runs in the test process, as beat would
run it every minute. Each test ends with every row done or failed and no file without a row.
"""

from __future__ import annotations

import datetime
import os
import shutil
import signal
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from counting.months import previous_month
from members.importing import jobs as import_jobs
from members.importing import services as import_services
from members.importing.models import ImportBatch, ImportStatus
from members.models import Member
from reports.files import services
from reports.files.models import FileKind, FileStatus, GeneratedFile
from reports.files.tasks import monthly_reports
from reports.models import MonthlySnapshot, RunStatus, SnapshotRun
from reports.tasks import snapshot_month
from tests import factories as f
from tests.jobs.rig import Failpoints, OwnRedis, Worker, wait_for
from tests.jobs.support import IMPORT_ENDED, assert_settled, broker_at
from tests.members.import_support import row, upload, xlsx
from unionreg.celery import app

pytestmark = [pytest.mark.services, pytest.mark.postgres,
              pytest.mark.django_db(transaction=True)]
LAST_MONTH = previous_month(datetime.date.today())


@dataclass
class Rig:
    redis: OwnRedis
    worker: Worker
    failpoints: Failpoints
    media: Path


@pytest.fixture(scope="module")
def rig(django_db_setup, django_db_blocker, tmp_path_factory):
    base = tmp_path_factory.mktemp("faults")
    media, failpoints = base / "media", base / "failpoints"
    media.mkdir()
    failpoints.mkdir()
    redis = OwnRedis(base)
    redis.start()
    db = connection.settings_dict  # the test database, which the worker must use too
    env = {
        **os.environ, "SECRET_KEY": "faults-only", "REDIS_URL": redis.url,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "DATABASE_REPLICA_URL": "",  # these tests are about leases: every read on the primary
        "MEDIA_ROOT": str(media), "JOB_FAILPOINTS_DIR": str(failpoints),
        "JOB_LEASE_SECONDS": "3", "JOB_HEARTBEAT_SECONDS": "1", "JOB_MAX_ATTEMPTS": "3",
    }
    worker = Worker(env, base / "worker.log")
    worker.start()
    previous = app.conf.broker_url
    broker_at(redis.url)
    yield Rig(redis, worker, Failpoints(failpoints), media)
    worker.kill()
    redis.stop()
    broker_at(previous)


@pytest.fixture(autouse=True)
def _clean_rig(rig, settings):
    settings.MEDIA_ROOT = rig.media
    settings.JOB_MAX_ATTEMPTS = 3
    yield
    rig.failpoints.clear()
    rig.redis.flush()  # no message of this test is left for the next one
    for path in rig.media.iterdir():
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


def _settled(rig: Rig) -> None:
    services.files_sweep_disk(grace_seconds=0)  # partial files of killed attempts
    assert_settled(rig.media)


def _file(pk: int) -> GeneratedFile:
    return GeneratedFile.objects.get(pk=pk)


def _batch(pk: int) -> ImportBatch:
    return ImportBatch.objects.get(pk=pk)


def _roster(user, node) -> GeneratedFile:
    return services.file_request(user=user, kind=FileKind.ROSTER, node=node)


def _checked_batch(tree, editor_a) -> ImportBatch:
    rows = [row("王五", f.resident_id()), row("赵六", f.resident_id())]
    batch = import_services.import_batch_create(node=tree.union_a, by=editor_a,
                                                upload=upload(xlsx(rows)))
    wait_for(lambda: _batch(batch.pk).status == ImportStatus.VALIDATED, timeout=30,
             what="the worker's check")
    return _batch(batch.pk)


def test_a_worker_child_killed_in_validation_is_handed_on(tree, editor_a, rig):
    rig.failpoints.arm("import.validate")
    batch = import_services.import_batch_create(
        node=tree.union_a, by=editor_a, upload=upload(xlsx([row("王五", f.resident_id())])))
    os.kill(rig.failpoints.hit("import.validate"), signal.SIGKILL)
    rig.failpoints.release("import.validate")

    wait_for(lambda: _batch(batch.pk).status in IMPORT_ENDED, timeout=30,
             sweep=import_jobs.import_sweep, what="the check to end")
    assert (_batch(batch.pk).status, _batch(batch.pk).attempts) == (ImportStatus.VALIDATED, 2)
    _settled(rig)


def test_a_worker_child_killed_in_the_commit_writes_each_member_once(tree, editor_a, rig):
    batch = _checked_batch(tree, editor_a)
    before = Member.objects.count()
    rig.failpoints.arm("import.commit")
    import_services.import_commit_request(batch=batch, by=editor_a, all_or_nothing=False)
    os.kill(rig.failpoints.hit("import.commit"), signal.SIGKILL)  # members written, uncommitted
    rig.failpoints.release("import.commit")

    wait_for(lambda: _batch(batch.pk).status in IMPORT_ENDED, timeout=30,
             sweep=import_jobs.import_sweep, what="the commit to end")
    assert (_batch(batch.pk).status, _batch(batch.pk).attempts) == (ImportStatus.COMMITTED, 2)
    assert Member.objects.count() == before + 2
    _settled(rig)


def test_a_database_connection_dropped_during_the_commit_is_retried(tree, editor_a, rig):
    batch = _checked_batch(tree, editor_a)
    before = Member.objects.count()
    rig.failpoints.arm("import.commit")
    import_services.import_commit_request(batch=batch, by=editor_a, all_or_nothing=False)
    rig.failpoints.hit("import.commit")
    with connection.cursor() as cursor:  # what a PostgreSQL restart does to the worker
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
            "current_database() AND state LIKE 'idle in transaction%%' AND pid <> pg_backend_pid()")
        assert cursor.fetchall() == [(True,)]
    rig.failpoints.release("import.commit")

    wait_for(lambda: _batch(batch.pk).status in IMPORT_ENDED, timeout=30,
             sweep=import_jobs.import_sweep, what="the commit to end")
    assert (_batch(batch.pk).status, _batch(batch.pk).attempts) == (ImportStatus.COMMITTED, 2)
    assert Member.objects.count() == before + 2
    _settled(rig)


def test_an_export_that_kills_its_worker_each_time_fails_then_its_retry_builds_it(
        tree, city_officer, rig):
    rig.failpoints.arm("file.write")
    record = _roster(city_officer, tree.city)
    kills = 0

    def kill_each_attempt() -> bool:
        nonlocal kills
        services.files_sweep()
        pid = rig.failpoints.take_pid("file.write")
        if pid:
            os.kill(pid, signal.SIGKILL)
            kills += 1
        return _file(record.pk).status == FileStatus.FAILED

    wait_for(kill_each_attempt, timeout=40, what="the export to fail")
    failed = _file(record.pk)
    assert (kills, failed.attempts, failed.failure) == (3, 3, "worker_lost")
    assert not list((rig.media / "files").glob("*.xlsx"))  # only partial files, never listed

    rig.failpoints.release("file.write")
    services.file_retry(user=city_officer, record=failed)  # the button on the downloads page
    wait_for(lambda: _file(record.pk).status == FileStatus.DONE, timeout=30, what="the retry")
    _settled(rig)


def test_the_whole_worker_killed_mid_export_is_built_by_the_next(tree, city_officer, rig):
    rig.failpoints.arm("file.write")
    record = _roster(city_officer, tree.city)
    rig.failpoints.hit("file.write")
    rig.worker.kill()
    rig.failpoints.release("file.write")
    rig.worker.start()

    wait_for(lambda: _file(record.pk).status == FileStatus.DONE, timeout=30,
             sweep=services.files_sweep, what="the export to be built again")
    assert _file(record.pk).attempts == 2
    _settled(rig)


def test_redis_stopped_during_a_request_and_started_again(tree, city_officer, rig, client):
    client.force_login(city_officer)
    rig.redis.stop()
    try:
        started = time.monotonic()
        response = client.post(reverse("reports_file_request"),
                               {"kind": FileKind.ROSTER, "node": tree.city.pk}, follow=True)
        took = time.monotonic() - started
        dashboard = client.get(reverse("reports_dashboard"))
    finally:
        rig.redis.start()
    assert took < 3, took
    assert "后台服务暂不可用，已记录，稍后自动重试" in response.content.decode()
    assert dashboard.status_code == 200
    record = GeneratedFile.objects.get()
    assert (record.status, record.sent_at) == (FileStatus.QUEUED, None)

    wait_for(lambda: _file(record.pk).status == FileStatus.DONE, timeout=40,
             sweep=services.files_sweep, what="the waiting export to be sent and built")
    _settled(rig)


def test_a_files_folder_that_refuses_writes_fails_the_export(tree, city_officer, rig):
    (rig.media / "files").symlink_to("/sys/fs")  # refuses new files even to root
    record = _roster(city_officer, tree.city)
    wait_for(lambda: _file(record.pk).status in (FileStatus.DONE, FileStatus.FAILED),
             timeout=30, what="the export to end")
    assert (_file(record.pk).status, _file(record.pk).failure) == (FileStatus.FAILED,
                                                                   "no_permission")
    (rig.media / "files").unlink()
    _settled(rig)


def test_beat_firing_twice_writes_each_report_and_snapshot_once(tree, rig):
    for _firing in range(2):
        snapshot_month.delay(LAST_MONTH.isoformat())
    wait_for(lambda: SnapshotRun.objects.filter(status=RunStatus.DONE).exists(), timeout=30,
             what="the snapshot")
    for _firing in range(2):
        monthly_reports.delay(LAST_MONTH.isoformat())
    wait_for(lambda: GeneratedFile.objects.filter(status=FileStatus.DONE).count() == 3,
             timeout=30, what="three reports")
    time.sleep(0.5)  # a second firing's late work would show now

    assert SnapshotRun.objects.get().attempts == 1
    assert MonthlySnapshot.objects.filter(month=LAST_MONTH).count() == 7  # one per node
    assert GeneratedFile.objects.count() == 3
    assert len(list((rig.media / "files").iterdir())) == 3
    _settled(rig)


def test_a_row_deleted_while_its_file_is_built_leaves_no_file(tree, city_officer, rig):
    rig.failpoints.arm("file.write")
    record = _roster(city_officer, tree.city)
    rig.failpoints.hit("file.write")
    GeneratedFile.objects.filter(pk=record.pk).delete()
    rig.failpoints.release("file.write")

    wait_for(lambda: "row gone or taken over" in rig.worker.log.read_text(), timeout=20,
             what="the worker to drop the file")
    assert list((rig.media / "files").iterdir()) == []
    _settled(rig)
