"""The API's tests: JSON clients per member of the cast, signed in by session or token."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.test import Client

from organizations.models import Role
from tests import factories as f


@pytest.fixture(autouse=True)
def _fresh_counters():
    """Throttle and lookup counters live in the cache, which outlives a test's transaction
    (and user ids repeat between tests)."""
    cache.clear()
    yield
    cache.clear()


class Api:
    """A JSON client: `api.get(url)`, `api.post(url, body, version=3)`."""

    def __init__(self, client: Client, **headers):
        self.client, self.headers = client, headers

    def _headers(self, version):
        extra = dict(self.headers)
        if version is not None:
            extra["HTTP_IF_MATCH"] = version if isinstance(version, str) else f'"{version}"'
        return extra

    def get(self, url, params=None, **headers):
        return self.client.get(url, params or {}, **{**self.headers, **headers})

    def post(self, url, body=None, version=None):
        return self.client.post(url, json.dumps(body or {}), content_type="application/json",
                                **self._headers(version))

    def patch(self, url, body=None, version=None):
        return self.client.patch(url, json.dumps(body or {}), content_type="application/json",
                                 **self._headers(version))


@pytest.fixture
def api_for():
    def signed_in(user) -> Api:
        client = Client()
        client.force_login(user)
        return Api(client)

    return signed_in


@pytest.fixture
def viewer_b(tree):
    """County B's viewer: sees union B, and nothing of county A."""
    return f.staff("viewer_b", tree.county_b, Role.VIEWER)
