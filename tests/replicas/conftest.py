from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache

from common.replicas import replicas_reset
from tests.replica_support import wait_until_replayed


@pytest.fixture
def replica(tree, city_officer):
    """The first replica alias, with the shared cast committed on the primary and replayed on
    the standby; no user marked as having just written; no replica marked down."""
    alias = settings.REPLICA_DATABASES[0]
    cache.clear()
    replicas_reset()
    wait_until_replayed(alias)
    yield alias
    replicas_reset()
