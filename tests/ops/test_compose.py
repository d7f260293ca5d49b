"""The production shape in docker-compose.yml, Dockerfile and Caddyfile (read, not run: there is
no container engine in CI)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
SERVICES = COMPOSE["services"]
APP_SERVICES = [name for name, s in SERVICES.items() if "build" in s]


def test_no_password_is_written_into_the_files():
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    assert not re.search(r"postgres://\w+:[^@$]+@", text)  # no password in a URL
    assert SERVICES["db"]["environment"]["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")
    assert SERVICES["web"]["environment"]["DATABASE_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")
    assert SERVICES["web"]["environment"]["SECRET_KEY"].startswith("${SECRET_KEY:?")


def test_redis_keeps_queued_jobs_across_a_restart():
    command = " ".join(SERVICES["redis"]["command"])
    assert "--appendonly yes" in command
    assert any(v.endswith(":/data") for v in SERVICES["redis"]["volumes"])


def test_app_containers_do_not_run_as_root():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    users = re.findall(r"^USER\s+(\S+)", dockerfile, re.MULTILINE)
    assert users and users[-1].split(":")[0] not in {"root", "0"}
    for name in APP_SERVICES:
        assert SERVICES[name]["user"].split(":")[0] not in {"root", "0"}, name


def test_migrations_run_once_before_the_services_that_need_them():
    assert "migrate" in SERVICES["migrate"]["command"]
    assert SERVICES["migrate"]["restart"] == "no"
    for name in ("web", "worker", "beat", "backup"):
        depends = SERVICES[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully", name
        assert "migrate" not in str(SERVICES[name]["command"]), name


def test_health_checks_use_the_probes():
    assert "/healthz" in " ".join(SERVICES["web"]["healthcheck"]["test"])
    assert "readiness" in " ".join(SERVICES["beat"]["healthcheck"]["test"])
    assert "inspect ping" in " ".join(SERVICES["worker"]["healthcheck"]["test"])
    assert SERVICES["caddy"]["depends_on"]["web"]["condition"] == "service_healthy"


def test_a_tls_proxy_stands_in_front_and_keeps_internal_endpoints_inside():
    assert "web" not in [p for s in SERVICES.values() for p in s.get("ports", [])]
    assert "ports" not in SERVICES["web"]  # reachable through caddy only
    assert {"80:80", "443:443"} <= set(SERVICES["caddy"]["ports"])
    caddyfile = (ROOT / "Caddyfile").read_text(encoding="utf-8")
    assert re.search(r"@internal path /metrics .*/readyz", caddyfile)
    assert "respond @internal 404" in caddyfile
    assert "reverse_proxy web:8000" in caddyfile
    assert SERVICES["web"]["environment"]["TRUSTED_PROXY_COUNT"] == "${TRUSTED_PROXY_COUNT:-1}"


def test_a_backup_service_runs_every_night():
    assert SERVICES["backup"]["command"][:4] == ["python", "manage.py", "backup", "--nightly"]
    assert any(v.startswith("backups:") for v in SERVICES["backup"]["volumes"])
