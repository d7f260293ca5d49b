"""Shared helpers of the statistics tests: the cast's tree with its counters built."""

from __future__ import annotations

import pytest

from counting.recount import counts_rebuild


def assert_counts_agree_with_recount() -> None:
    """The counters the services kept equal a fresh recount from the raw tables."""
    result = counts_rebuild(repair=False)
    assert result.differences == [], result.differences[:10]


@pytest.fixture
def counted(tree):
    """The cast's tree was built by factories (no services): build its counters once."""
    counts_rebuild(repair=True)
    assert_counts_agree_with_recount()
    return tree
