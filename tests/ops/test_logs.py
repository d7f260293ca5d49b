"""JSON log lines: one per request and per task, the request id carried into the tasks, and no
resident ID, mobile number or member name in any line."""

from __future__ import annotations

import json
import logging
from urllib.parse import quote

import pytest
from django.urls import reverse

from members.importing.models import ImportBatch
from ops.logs import PersonalDataFilter, file_handler
from tests import factories as f
from tests.members.import_support import import_media, row, upload, xlsx  # noqa: F401
from tests.reports.files_support import media  # noqa: F401

NAMES = ["欧阳测试", "司马记录", "诸葛导入"]
PHONES = ["13912345678", "15887654321", "18611112222"]


@pytest.fixture
def app_log(tmp_path):
    """The application's log lines of this test, written as production writes them."""
    path = tmp_path / "app.jsonl"
    handler = file_handler(path)
    root = logging.getLogger()
    root.addHandler(handler)
    yield lambda: [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    root.removeHandler(handler)
    handler.close()


@pytest.mark.usefixtures("import_media")
@pytest.mark.django_db(transaction=True)  # tasks start on commit, inside their request
def test_requests_and_tasks_leave_no_personal_data_in_the_logs(
    client_for, tree, editor_a, city_officer, app_log
):
    ids = [f.resident_id(9001 + i) for i in range(3)]
    client = client_for(editor_a)
    # a member added through the form
    response = client.post(
        reverse("member_create", args=[tree.union_a.pk]),
        {
            "name": NAMES[0],
            "resident_id": ids[0],
            "phone": PHONES[0],
            "employer": tree.employer_a.pk,
            "joined_on": "2025-03-01",
            "new_form_category": "",
            "eight_group": "",
        },
    )
    assert response.status_code == 302
    # searches by name, by full ID and by phone: the query string is what staff typed
    for q in (NAMES[0], ids[0], PHONES[0]):
        assert (
            client.get(reverse("union_detail", args=[tree.union_a.pk]), {"q": q}).status_code == 200
        )
    # a roster import (with one bad row) checked and committed through the wizard
    data = xlsx(
        [row(NAMES[1], ids[1], phone=PHONES[1]), row(NAMES[2], ids[2][:-1] + "0", phone=PHONES[2])]
    )
    client.post(f"/imports/into/{tree.union_a.pk}/", {"file": upload(data)})
    batch = ImportBatch.objects.get()
    assert batch.status == "validated"
    client.post(f"/imports/{batch.pk}/commit/", {"confirm": "on"})
    # an administrator's roster export with full IDs, built by the task the request enqueues
    admin = client_for(city_officer)
    response = admin.post(reverse("reports_file_request"), {"kind": "roster", "node": tree.city.pk})
    export_request_id = response["X-Request-ID"]

    lines = app_log()
    text = json.dumps(lines, ensure_ascii=False)
    names = [*NAMES, tree.member_a.name]
    for secret in [*ids, *PHONES, *names, *map(quote, names), tree.member_a.resident_id]:
        assert secret not in text, f"personal data in the logs: {secret}"
    batch.refresh_from_db()
    assert batch.status == "committed"

    requests = [line for line in lines if line["message"] == "request"]
    assert {"method", "path", "view", "status", "duration_ms", "db_queries", "request_id"} <= set(
        requests[0]
    )
    assert all("?" not in line["path"] for line in requests)
    tasks = {line["task"]: line for line in lines if line["message"] == "task"}
    assert {
        "members.tasks.import_validate_task",
        "members.tasks.import_commit_task",
        "reports.file_tasks.file_build",
    } <= set(tasks)
    assert tasks["reports.file_tasks.file_build"]["request_id"] == export_request_id
    assert tasks["reports.file_tasks.file_build"]["state"] == "SUCCESS"


def test_the_filter_scrubs_messages_arguments_extras_and_tracebacks():
    resident_id = f.resident_id(9100)
    record = logging.LogRecord(
        "x", logging.ERROR, __file__, 1, "member %s phone %s", (resident_id, "13800001111"), None
    )
    try:
        raise ValueError(f"duplicate key (resident_id)=({resident_id})")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    record.data = {"args": [resident_id], "phone": "+86 13800001111"}
    PersonalDataFilter().filter(record)
    rendered = logging.Formatter().format(record) + json.dumps(record.data)
    assert resident_id not in rendered and "13800001111" not in rendered
    assert "[resident-id]" in rendered and "[mobile]" in rendered
    assert "ValueError" in rendered  # the traceback is kept, scrubbed


def test_the_filter_keeps_a_request_extra_without_its_query_string(rf):
    resident_id = f.resident_id(9101)
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Bad Request", None, None)
    record.request = rf.get("/admin/members/member/", {"resident_id": resident_id, "q": "张三"})
    record.status_code = 400
    PersonalDataFilter().filter(record)
    assert record.request == "GET /admin/members/member/"
    assert record.status_code == 400


def test_the_filter_leaves_ordinary_numbers_alone():
    record = logging.LogRecord(
        "x",
        logging.INFO,
        __file__,
        1,
        "%s",
        (
            "took 123456789012 ns, batch 42, sha 0123456789abcdef0123456789abcdef, id 12345678901234567890",
        ),
        None,
    )
    PersonalDataFilter().filter(record)
    assert record.getMessage().startswith("took 123456789012 ns, batch 42, sha 0123456789abcdef")
    assert "12345678901234567890" in record.getMessage()  # 20 digits: not a resident ID


def test_each_response_carries_its_request_id_and_keeps_a_sane_one_from_the_proxy(client, db):
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID="proxy-id-0123456789")
    assert response["X-Request-ID"] == "proxy-id-0123456789"
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID="<script>" + "x" * 100)
    assert len(response["X-Request-ID"]) == 32 and response["X-Request-ID"].isalnum()


def test_the_run_scan_finds_ids_mobiles_and_cast_names_but_not_other_numbers(tmp_path):
    from tests.ops.log_scan import personal_data_in

    log = tmp_path / "app.jsonl"
    good = f.resident_id(9200)
    log.write_text(
        "\n".join(
            [
                '{"message": "request", "duration_ms": 12.5, "task_id": "7d1f0c2e-1a2b-4c3d-9e8f-001122334455"}',
                f'{{"message": "member {good}"}}',
                '{"message": "call 13812345678"}',
                '{"message": "added 张三"}',
                f'{{"message": "not an ID: {good[:-1]}{(int(good[-1]) + 1) % 10 if good[-1].isdigit() else 0}"}}',
                '{"runtime": 0.004216652000195609}',
            ]
        ),
        encoding="utf-8",
    )
    assert personal_data_in(log) == [(2, "resident ID"), (3, "mobile number"), (4, "member name")]


@pytest.mark.services
@pytest.mark.django_db(transaction=True)  # the worker thread has its own connection
def test_a_real_worker_logs_the_task_under_the_request_id_it_was_sent_with():
    from celery.contrib.testing.worker import start_worker

    from ops.context import request_id_var
    from ops.tasks import heartbeat
    from tests.conftest import app_log_path
    from unionreg.celery import app

    app.control.purge()
    # The test worker sets the root logger to its own level (ERROR by default).
    with start_worker(app, perform_ping_check=False, shutdown_timeout=30, loglevel="INFO"):
        token = request_id_var.set("req-0123456789abcdef")
        try:
            result = heartbeat.apply_async(ignore_result=False)
        finally:
            request_id_var.reset(token)  # the worker thread must get it from the message
        result.get(timeout=30)

    # The run's log (the worker sets logging up again, keeping only what settings.LOGGING has).
    lines = [json.loads(line) for line in app_log_path().read_text(encoding="utf-8").splitlines()]
    sent = [line for line in lines if line.get("request_id") == "req-0123456789abcdef"]
    assert [line["task"] for line in sent if line["message"] == "task"] == ["ops.tasks.heartbeat"]
