import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_lookup_counters():
    """The per-user lookup counters live in the cache, which outlives a test's transaction
    (and user ids repeat between tests)."""
    cache.clear()
    yield
    cache.clear()
