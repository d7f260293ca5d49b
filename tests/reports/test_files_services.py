"""Building generated files: publish whole or not at all, retry-safe, scheduled once."""

from __future__ import annotations

import datetime
import os
import signal

import openpyxl
import pytest
from django.db import connections
from django.utils import translation
from django.utils.translation import gettext

from counting.months import previous_month
from organizations.models import AuditEntry
from reports.files import selectors, services
from reports.files.models import FileKind, FileStatus, GeneratedFile
from tests.reports.files_support import files_in, media, write_snapshots  # noqa: F401

LAST_MONTH = previous_month(datetime.date.today())


def test_a_requested_report_is_queued_after_commit_and_built(
    tree, editor_a, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as on_commit:
        record = services.file_request(
            user=editor_a,
            kind=FileKind.REPORT,
            node=tree.county_a,
            month=LAST_MONTH + datetime.timedelta(days=3),
        )
    assert len(on_commit) == 1 and record.status == FileStatus.QUEUED  # sent only on commit
    assert record.month == LAST_MONTH

    on_commit[0]()  # the commit: the task runs (in-process here, Celery's embedded mode)
    built = GeneratedFile.objects.get(pk=record.pk)

    assert built.status == FileStatus.DONE and built.progress == 100
    assert files_in(media) == [built.file_name]  # nothing half-written left beside it
    assert (
        openpyxl.load_workbook(built.path).worksheets[0]["A1"].value.startswith(tree.county_a.name)
    )
    assert list(selectors.file_list(user=editor_a).done()) == [built]


def test_building_again_a_finished_file_does_nothing(tree, editor_a, media):
    record = services.file_request(
        user=editor_a, kind=FileKind.REPORT, node=tree.county_a, month=LAST_MONTH
    )
    first = services.file_build(file_id=record.pk)
    assert services.file_build(file_id=record.pk) is None  # a redelivered task
    assert files_in(media) == [first.file_name]


def test_a_failed_build_leaves_no_file_in_the_list(tree, editor_a, media, monkeypatch):
    def half_then_fail(*, path, **kwargs):
        open(path, "wb").write(b"PK\x03\x04 half a workbook")
        raise RuntimeError("disk full")

    monkeypatch.setattr("reports.files.services.report_write", half_then_fail)
    record = services.file_request(
        user=editor_a, kind=FileKind.REPORT, node=tree.county_a, month=LAST_MONTH
    )
    services.file_build(file_id=record.pk)  # a failed build is a row, not an exception

    record.refresh_from_db()
    assert record.status == FileStatus.FAILED and "disk full" in record.error
    assert record.file_name == "" and files_in(media) == []
    assert not selectors.file_list(user=editor_a).done().exists()


def test_an_attempt_that_meets_a_passing_database_error_waits_for_the_next(
    tree, editor_a, media, monkeypatch
):
    from django.db import OperationalError

    def gone(**kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("reports.files.services.report_write", gone)
    record = services.file_request(
        user=editor_a, kind=FileKind.REPORT, node=tree.county_a, month=LAST_MONTH
    )
    services.file_build(file_id=record.pk)
    record.refresh_from_db()
    # Queued again, unsent (the sweeper sends it), never left running; the attempt counts.
    assert (record.status, record.attempts, record.sent_at) == (FileStatus.QUEUED, 1, None)
    assert record.lease_expires_at is None and files_in(media) == []


@pytest.mark.postgres  # the killed child needs a database it can reach on its own
@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_leaves_no_file_and_the_retry_publishes_it(
    tree, city_officer, media, monkeypatch
):
    record = services.file_request(user=city_officer, kind=FileKind.ROSTER, node=tree.city,
                                   enqueue=lambda pk: None)
    connections.close_all()  # the child must not share the parent's socket

    pid = os.fork()
    if pid == 0:  # the worker: write half a file, then die without any cleanup running

        def die(path, rows, **kwargs):
            open(path, "wb").write(b"PK\x03\x04 half a roster")
            os.kill(os.getpid(), signal.SIGKILL)

        monkeypatch.setattr("reports.files.roster_export.roster_write", die)
        services.file_build(file_id=record.pk)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL

    record.refresh_from_db()
    assert record.status == FileStatus.RUNNING and record.file_name == ""
    assert [name for name in files_in(media) if ".part-" not in name] == []
    assert not selectors.file_list(user=city_officer).done().exists()

    # The killed worker's lease lapses (renewed by nobody); the broker redelivers the task.
    GeneratedFile.objects.filter(pk=record.pk).update(
        lease_expires_at=record.created_at - datetime.timedelta(seconds=1))
    built = services.file_build(file_id=record.pk)
    assert built.status == FileStatus.DONE and files_in(media) == [built.file_name]


def test_a_roster_with_full_ids_is_audited_against_its_file(tree, city_officer, media):
    record = services.file_request(user=city_officer, kind=FileKind.ROSTER, node=tree.county_a)
    assert record.full_ids
    built = services.file_build(file_id=record.pk)
    entry = AuditEntry.objects.get(action="roster_export_full_ids")
    assert entry.object_type == "reports.generatedfile" and entry.object_id == str(built.pk)
    assert entry.user == city_officer and built.rows == 1


def test_an_outsider_cannot_request_a_file_of_another_county(tree, editor_a):
    from django.http import Http404

    with pytest.raises(Http404):
        services.file_request(user=editor_a, kind=FileKind.ROSTER, node=tree.county_b)
    assert not GeneratedFile.objects.exists()


def test_the_monthly_reports_are_scheduled_once_per_node(tree, media):
    first = services.monthly_reports_request(month=LAST_MONTH)
    rows = GeneratedFile.objects.filter(requested_by=None)
    assert {r.node for r in rows} == {tree.city, tree.county_a, tree.county_b}
    assert all(r.kind == FileKind.REPORT and r.month == LAST_MONTH for r in rows)
    for pk in first:
        services.file_build(file_id=pk)

    assert services.monthly_reports_request(month=LAST_MONTH) == []  # beat fired twice
    assert GeneratedFile.objects.filter(requested_by=None).count() == 3
    report = GeneratedFile.objects.get(node=tree.city)
    with translation.override("zh-hans"):
        by = gettext("scheduled build")
    assert by in openpyxl.load_workbook(report.path).worksheets[0]["A2"].value
