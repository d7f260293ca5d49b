"""Real services for the tests that are about them: skip without, fail in CI (REQUIRE_SERVICES)."""

from __future__ import annotations

import pytest
from django.conf import settings


def missing_service(message: str) -> None:
    """A real service the test needs is not here: fail in CI (REQUIRE_SERVICES), else skip."""
    if settings.REQUIRE_SERVICES:
        pytest.fail(message)
    pytest.skip(message)


def redis_or_skip() -> None:
    """Skip with the reason when there is no Redis; fail instead where services are required."""
    import redis

    problem = None
    if not settings.REDIS_URL:
        problem = "REDIS_URL is not set: tasks run eagerly in-process, no worker to test"
    else:
        try:
            redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1).ping()
        except redis.RedisError as exc:
            problem = f"Redis at REDIS_URL is unreachable: {exc}"
    if problem:
        missing_service(problem)
