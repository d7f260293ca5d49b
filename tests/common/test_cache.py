"""With the shared cache gone (Redis down), pages still answer: sessions fall back to the
database and the counters kept in the cache lapse instead of failing the request."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.urls import reverse

DOWN = {
    "default": {
        "BACKEND": "common.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing listens there
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


@pytest.fixture
def cache_down(settings):
    settings.CACHES = DOWN  # Django's setting_changed handler rebuilds the cache handlers
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    return caches["default"]


def test_the_unreachable_cache_answers_nothing_cached(cache_down):
    cache_down.set("k", 1)
    assert cache_down.get("k", "absent") == "absent"
    assert cache_down.add("k", 1) is False
    with pytest.raises(ValueError):
        cache_down.incr("k")


def test_signed_in_pages_and_the_api_work_while_the_cache_is_down(
    cache_down, client_for, city_officer, tree
):
    client = client_for(city_officer)
    assert client.get(reverse("reports_dashboard")).status_code == 200
    assert client.get(reverse("member-list")).status_code == 200
