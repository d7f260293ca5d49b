"""/healthz and /readyz: 503 while the database, Redis or the worker is gone, 200 once back."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from ops.heartbeats import BEAT, WORKER, heartbeat_record
from ops.models import Heartbeat
from ops.tasks import heartbeat
from tests.ops.conftest import closed_port


def ready(client, **extra):
    response = client.get("/readyz", **extra)
    assert response["Content-Type"] == "application/json"
    return response.status_code, response.json()


def test_it_answers_healthz_without_login_or_database(client):
    response = client.get("/healthz")  # no db fixture: touching the database would fail
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_it_answers_probes_behind_https_redirect_and_for_any_host(client, settings, beating):
    # The container's own check calls http://127.0.0.1:8000/ with its own Host header.
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["registry.example.org"]
    assert client.get("/healthz", HTTP_HOST="web:8000").status_code == 200
    assert client.get("/readyz", HTTP_HOST="web:8000").status_code == 200
    assert (
        client.get("/accounts/login/", HTTP_HOST="web:8000").status_code == 400
    )  # others still checked


def test_it_is_ready_in_the_embedded_mode_and_says_what_it_skipped(client, db, settings):
    settings.HEALTH_MIN_FREE_MB = 0
    settings.REDIS_URL, settings.CELERY_TASK_ALWAYS_EAGER = "", True  # make run's default
    status, body = ready(client)
    assert status == 200, body
    assert body["status"] == "ok"
    assert body["checks"]["database"] == {"ok": True}
    assert "REDIS_URL" in body["checks"]["redis"]["skipped"]
    assert "in-process" in body["checks"]["worker"]["skipped"]


def test_it_is_not_ready_while_a_database_is_unreachable(
    client, beating, settings, unreachable_database
):
    status, body = ready(client)
    assert status == 503
    assert body["status"] == "fail"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["database:gone"]["ok"] is False
    assert "OperationalError" in body["checks"]["database:gone"]["error"]

    settings.HEALTH_DATABASES = ["default"]  # the database is back (configured away)
    status, body = ready(client)
    assert status == 200, body


def test_it_is_not_ready_while_redis_is_unreachable(client, beating, settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{closed_port()}/13"
    status, body = ready(client)
    assert status == 503
    assert body["checks"]["redis"]["ok"] is False
    assert "ConnectionError" in body["checks"]["redis"]["error"]


@pytest.mark.services
def test_it_is_ready_again_once_redis_answers(client, beating, settings):
    real_redis = settings.REDIS_URL or "redis://127.0.0.1:6379/13"
    settings.REDIS_URL = f"redis://127.0.0.1:{closed_port()}/13"
    assert ready(client)[0] == 503
    settings.REDIS_URL = real_redis
    status, body = ready(client)
    assert status == 200, body
    assert body["checks"]["redis"] == {"ok": True}


def test_it_is_not_ready_without_a_worker_heartbeat_and_ready_after_one(client, db, with_worker):
    Heartbeat.objects.create(name=BEAT, at=timezone.now())
    status, body = ready(client)
    assert status == 503
    assert body["checks"]["worker"]["ok"] is False
    assert "no worker heartbeat" in body["checks"]["worker"]["error"]

    heartbeat.delay()  # what beat sends every minute and a worker runs
    status, body = ready(client)
    assert status == 200, body
    assert body["checks"]["worker"]["ok"] is True


def test_it_is_not_ready_when_the_worker_heartbeat_is_old(client, beating):
    Heartbeat.objects.filter(name=WORKER).update(at=timezone.now() - datetime.timedelta(minutes=10))
    status, body = ready(client)
    assert status == 503
    assert body["checks"]["worker"]["age_seconds"] >= 600


def test_it_is_not_ready_without_beat(client, beating):
    Heartbeat.objects.filter(name=BEAT).delete()
    status, body = ready(client)
    assert status == 503
    assert body["checks"]["beat"]["ok"] is False


def test_it_records_when_each_scheduled_task_last_ran(client, beating, tree):
    from reports.tasks import recount

    recount.delay()
    status, body = ready(client)
    assert status == 200
    last = body["checks"]["beat"]["last_runs"]["reports.tasks.recount"]
    assert last["state"] == "SUCCESS"
    assert "ops.tasks.heartbeat" not in body["checks"]["beat"]["last_runs"]


def test_it_is_not_ready_when_the_files_disk_is_nearly_full(client, beating, settings):
    settings.HEALTH_MIN_FREE_MB = 10**9  # a petabyte: more than any disk here has free
    status, body = ready(client)
    assert status == 503
    assert body["checks"]["disk"]["ok"] is False
    settings.HEALTH_MIN_FREE_MB = 0
    assert ready(client)[0] == 200


def test_it_tells_an_outsider_only_the_status(client, beating, settings):
    response = client.get("/readyz", REMOTE_ADDR="203.0.113.9")
    assert response.json() == {"status": "ok"}
    via_proxy = client.get("/readyz", HTTP_X_FORWARDED_FOR="203.0.113.9")  # came through Caddy
    assert via_proxy.json() == {"status": "ok"}


def test_the_readiness_command_exits_1_when_a_check_fails(db, with_worker, capsys):
    from django.core.management import call_command

    with pytest.raises(SystemExit) as exit_:
        call_command("readiness", "--check", "beat")
    assert exit_.value.code == 1
    assert '"beat": {"ok": false' in capsys.readouterr().out
    heartbeat_record(BEAT)
    call_command("readiness", "--check", "beat")  # no exit: healthy
    assert '"status": "ok"' in capsys.readouterr().out
