"""Reactions to events of other apps."""

from __future__ import annotations

from reports.services import snapshots_backfill


def snapshots_after_seed(sender, data, **kwargs) -> None:
    """A freshly seeded data set gets a year of snapshots, so its dashboard has a trend."""
    snapshots_backfill(months=12)
