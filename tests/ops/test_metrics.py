"""/metrics: job rows by state and age, requests, tasks and the figures; internal callers only."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from counting.recount import counts_rebuild
from members.importing.models import ImportBatch, ImportStatus
from ops.metrics import figures_cache_clear
from reports.files.models import FileKind, FileStatus, GeneratedFile


@pytest.fixture(autouse=True)
def _fresh_figures():
    figures_cache_clear()
    yield
    figures_cache_clear()


def scrape(client, **extra) -> str:
    response = client.get("/metrics", **extra)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    return response.content.decode()


def value(text: str, name: str, **labels) -> float:
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))  # as the client writes them
    pattern = rf"^{re.escape(name)}{re.escape('{' + wanted + '}') if labels else ''} (\S+)$"
    found = re.search(pattern, text, re.MULTILINE)
    assert found, f"{name} {labels} not in metrics"
    return float(found.group(1))


def _file(node, status, age_minutes=0):
    record = GeneratedFile.objects.create(kind=FileKind.ROSTER, node=node, status=status)
    GeneratedFile.objects.filter(pk=record.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=age_minutes)
    )
    return record


def _import(node, status, age_minutes=0, **fields):
    created = timezone.now() - datetime.timedelta(minutes=age_minutes)
    return ImportBatch.objects.create(
        node=node,
        status=status,
        created_at=created,
        original_name="roster.xlsx",
        keep_until=created + datetime.timedelta(days=90),
        **fields,
    )


def test_it_exposes_job_rows_by_state_and_the_oldest_age(client, tree):
    _file(tree.city, FileStatus.QUEUED, age_minutes=30)
    _file(tree.city, FileStatus.QUEUED, age_minutes=5)
    _file(tree.city, FileStatus.RUNNING)
    _file(tree.county_a, FileStatus.FAILED)
    _file(tree.county_a, FileStatus.DONE)
    _import(tree.union_a, ImportStatus.PENDING, age_minutes=12)
    _import(tree.union_a, ImportStatus.COMMITTING)
    _import(tree.union_a, ImportStatus.FAILED)
    _import(
        tree.union_a,
        ImportStatus.COMMITTED,
        committed_new=300,
        committed_updated=100,
        commit_seconds=2.0,
        committed_at=timezone.now(),
        rows_total=400,
        validate_seconds=0.5,
    )

    text = scrape(client)
    assert value(text, "unionreg_jobs", kind="file", state="queued") == 2
    assert value(text, "unionreg_jobs", kind="file", state="running") == 1
    assert value(text, "unionreg_jobs", kind="file", state="failed") == 1
    assert value(text, "unionreg_jobs", kind="file", state="finished") == 1
    assert (
        30 * 60
        <= value(text, "unionreg_job_oldest_age_seconds", kind="file", state="queued")
        < 31 * 60
    )
    assert value(text, "unionreg_jobs", kind="import", state="queued") == 1
    assert value(text, "unionreg_jobs", kind="import", state="running") == 1
    assert value(text, "unionreg_jobs", kind="import", state="failed") == 1
    assert value(text, "unionreg_jobs_last_day", kind="import", state="failed") == 1
    assert (
        12 * 60
        <= value(text, "unionreg_job_oldest_age_seconds", kind="import", state="queued")
        < 13 * 60
    )
    assert value(text, "unionreg_import_rows_per_second", phase="commit") == 200
    assert value(text, "unionreg_import_rows_per_second", phase="validate") == 800


def test_it_exposes_zero_rows_for_watched_states_with_no_jobs(client, db):
    text = scrape(client)
    assert value(text, "unionreg_jobs", kind="file", state="failed") == 0
    assert value(text, "unionreg_job_oldest_age_seconds", kind="import", state="running") == 0


def test_it_exposes_the_federations_figures(client, tree):
    counts_rebuild(repair=True)
    text = scrape(client)
    assert value(text, "unionreg_members") == 2
    assert value(text, "unionreg_unions") == 2
    assert value(text, "unionreg_employers") == 2


def test_it_counts_requests_by_view_and_tasks_by_state(client_for, tree, city_officer):
    from ops.tasks import heartbeat

    client = client_for(city_officer)
    before = scrape(client)
    client.get("/dashboard/")
    heartbeat.delay()
    text = scrape(client)

    def requests(t):
        labels = {"view": "reports_dashboard", "method": "GET", "status": "200"}
        return (
            value(t, "unionreg_http_requests_total", **labels)
            if 'view="reports_dashboard"' in t
            else 0
        )

    assert requests(text) == requests(before) + 1
    assert (
        value(text, "unionreg_celery_tasks_total", task="ops.tasks.heartbeat", state="SUCCESS") >= 1
    )
    assert (
        'unionreg_http_request_duration_seconds_bucket{le="0.01",view="reports_dashboard"}' in text
    )
    assert "unionreg_http_request_db_queries_count" in text


def test_an_outsider_gets_404(client, db, settings):
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 404
    # Through the proxy: it connects from inside, but the client is outside.
    assert client.get("/metrics", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 404
    settings.METRICS_TOKEN = "scrape-token-for-tests"
    assert (
        client.get(
            "/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer wrong-token"
        ).status_code
        == 404
    )
    assert (
        client.get(
            "/metrics",
            REMOTE_ADDR="203.0.113.9",
            HTTP_AUTHORIZATION="Bearer scrape-token-for-tests",
        ).status_code
        == 200
    )


def test_an_allowed_network_may_scrape(client, db, settings):
    settings.METRICS_ALLOWED_CIDRS = ["10.0.0.0/8"]
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get("/metrics").status_code == 404  # loopback no longer listed
