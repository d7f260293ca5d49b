"""The beat entry of the monthly reports, and the build through a real Celery worker."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings

from counting.months import previous_month
from reports.files.models import FileStatus, GeneratedFile
from reports.files.tasks import file_build, monthly_reports
from reports.services import snapshots_backfill
from tests.reports.files_support import files_in, media, write_snapshots  # noqa: F401
from unionreg.celery import app

LAST_MONTH = previous_month(datetime.date.today())


def test_the_beat_schedule_builds_last_months_reports_on_the_first():
    entry = settings.CELERY_BEAT_SCHEDULE["reports-monthly-files"]
    assert entry["task"] == monthly_reports.name == "reports.file_tasks.monthly_reports"
    schedule = entry["schedule"]
    assert schedule.day_of_month == {1} and schedule.hour == {2}
    # after the month's snapshot, which beat writes earlier that night
    snapshot = settings.CELERY_BEAT_SCHEDULE["reports-snapshot-month"]["schedule"]
    assert min(snapshot.hour) < min(schedule.hour)


def test_a_worker_process_knows_the_file_tasks():
    """A worker imports each app's tasks module only; the file tasks must register anyway."""
    code = (
        "import django; django.setup(); from unionreg.celery import app; "
        "app.loader.import_default_modules(); "
        "print(sorted(t for t in app.tasks if t.startswith('reports.file_tasks')))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "unionreg.settings"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=settings.BASE_DIR,
        check=True,
    )
    assert "reports.file_tasks.file_build" in done.stdout
    assert "reports.file_tasks.monthly_reports" in done.stdout


def test_a_build_that_meets_a_passing_database_error_is_retried_and_published(
    tree, editor_a, media, monkeypatch
):
    from django.db import OperationalError

    from reports.files import services
    from reports.files.models import FileKind

    real_write, calls = services.report_write, []

    def flaky_write(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real_write(**kwargs)

    monkeypatch.setattr("reports.files.services.report_write", flaky_write)
    write_snapshots(LAST_MONTH)
    record = services.file_request(
        user=editor_a, kind=FileKind.REPORT, node=tree.county_a, month=LAST_MONTH,
        enqueue=lambda pk: None,
    )
    assert file_build.apply(args=[record.pk]).get() == FileStatus.QUEUED  # to be sent again
    assert services.files_sweep().sent == [record.pk]  # the sweeper sends it (in-process here)
    record.refresh_from_db()
    assert len(calls) == 2 and record.status == FileStatus.DONE and record.attempts == 2
    assert files_in(media) == [record.file_name]


def _wait_done(count: int, timeout: float = 60) -> list[GeneratedFile]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = list(GeneratedFile.objects.all())
        if len(rows) == count and all(
            r.status in (FileStatus.DONE, FileStatus.FAILED) for r in rows
        ):
            return rows
        time.sleep(0.2)
    pytest.fail(f"files not built in {timeout} s: {[(r.pk, r.status) for r in rows]}")


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_the_scheduled_reports_are_built_by_a_real_worker(tree, media):
    snapshots_backfill(months=1, until=LAST_MONTH)
    app.control.purge()  # nothing left over from an earlier run on this Redis database
    with start_worker(app, perform_ping_check=False, shutdown_timeout=30):
        queued = monthly_reports.delay(LAST_MONTH.isoformat()).get(timeout=30)
        rows = _wait_done(3)

    assert len(queued) == 3
    assert {r.status for r in rows} == {FileStatus.DONE}
    assert {r.node_id for r in rows} == {tree.city.pk, tree.county_a.pk, tree.county_b.pk}
    assert sorted(files_in(media)) == sorted(r.file_name for r in rows)
