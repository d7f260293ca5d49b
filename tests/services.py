"""Real services for the tests that are about them: skip without, fail in CI (REQUIRE_SERVICES).

A test says what it needs by a marker; `pytest_runtest_setup` in tests/conftest.py checks it
before the test runs, so no test has to remember a call:

* `services`: Redis at REDIS_URL (tasks go through it to a real Celery worker);
* `e2e`: Debian's Chromium;
* `libreoffice`: LibreOffice Calc (soffice) for headless conversion;
* `postgres`: the test database is PostgreSQL;
* `cjk_font`: a Chinese font in POSTER_FONT_PATHS (fonts-noto-cjk) for the PNG/PDF posters.
* `replica`: a streaming replica of it (DATABASE_REPLICA_URL, `make replica`).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

CHROMIUM = Path("/usr/bin/chromium")


def _redis_problem() -> str | None:
    import redis

    if not settings.REDIS_URL:
        return "REDIS_URL is not set: tasks run eagerly in-process, no worker to test"
    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        return f"Redis at REDIS_URL is unreachable: {exc}"
    return None


def _chromium_problem() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)"
    return None


def _libreoffice_problem() -> str | None:
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        return "LibreOffice (soffice) is not installed: apt-get install libreoffice-calc"
    return None


def _postgres_problem() -> str | None:
    if connection.vendor != "postgresql":
        return "needs PostgreSQL (set DATABASE_URL to a postgres:// URL)"
    return None


def _cjk_font_problem() -> str | None:
    from members.joining.poster_font import PosterFontMissing, font_file

    try:
        font_file()
    except PosterFontMissing:
        return "no Chinese font in POSTER_FONT_PATHS: apt-get install fonts-noto-cjk"
    return None


def _replica_problem() -> str | None:
    if not settings.REPLICA_DATABASES:
        return "DATABASE_REPLICA_URL is not set: no read replica (make replica starts one)"
    return _postgres_problem()


CHECKS = {
    "services": _redis_problem,
    "e2e": _chromium_problem,
    "libreoffice": _libreoffice_problem,
    "postgres": _postgres_problem,
    "cjk_font": _cjk_font_problem,
    "replica": _replica_problem,
}


def require_marked_services(item: pytest.Item) -> None:
    """Skip the test (fail it under REQUIRE_SERVICES) when a service it is marked for is absent."""
    for marker, check in CHECKS.items():
        if item.get_closest_marker(marker) is None:
            continue
        problem = check()
        if problem is None:
            continue
        if settings.REQUIRE_SERVICES:
            pytest.fail(problem)
        pytest.skip(problem)
