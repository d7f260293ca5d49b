"""Reactions to events of other apps."""

from __future__ import annotations

from reports.services import snapshots_backfill


def snapshots_after_seed(sender, data, **kwargs) -> None:
    """A freshly seeded data set gets a year of snapshots, so its dashboard has a trend."""
    snapshots_backfill(months=12)


def demo_reports_after_seed(sender, data, **kwargs) -> None:
    """The demo shows what the 1st of a month looks like: the scheduled reports of its last
    month are waiting on the downloads page. (The benchmark's city builds its own.)"""
    if data.spec.name != "demo":
        return
    from reports.files.services import monthly_reports_request

    monthly_reports_request(month=data.spec.as_of)
